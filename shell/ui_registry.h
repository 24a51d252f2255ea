// Names the widgets end-to-end tests and integrators click: after drawing a widget the views call
// markItem("form.name"), and the automation API reports where each named widget was last drawn.
#pragma once
#include "core/json.h"

#include <string>

namespace crm::shell {

// Records the rectangle of the last ImGui item under `name` (for the frame being built).
void markItem(const char* name);
// Called at the start of each frame: the previous frame's marks become the published ones.
void beginUiFrame();
// {"name": {"x", "y", "w", "h"}} in framebuffer pixels, for the last complete frame.
core::Json publishedItems();

} // namespace crm::shell

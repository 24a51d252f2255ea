// Light and dark themes, scaled for the font size and the screen's pixel density. Every pixel is filled
// about once: the canvas is cleared to the window colour (the main window draws no background of its own),
// the navigation and content panels are filled with panelBackground(), and child windows inside them are
// transparent — each extra full-screen fill costs a software GPU (SwiftShader) milliseconds per frame.
#pragma once
#include <imgui.h>

namespace crm::shell {

void applyTheme(bool dark, float pixelScale);
ImVec4 panelBackground();

} // namespace crm::shell

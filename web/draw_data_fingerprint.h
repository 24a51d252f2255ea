// A fingerprint of one frame's ImGui draw data (vertices, indices, draw commands, display size), so the
// frame loop can skip the GL work when a frame would paint exactly what the canvas already shows: under a
// software GPU (SwiftShader) an idle redraw costs tens of milliseconds of CPU that syncing and typing need.
#pragma once
#include <cstdint>

struct ImDrawData;

namespace crm::web {

std::uint64_t drawDataFingerprint(const ImDrawData& data);

}  // namespace crm::web

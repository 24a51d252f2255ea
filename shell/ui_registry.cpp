// Widget rectangles of the last complete frame, by name.
#include "shell/ui_registry.h"

#include <imgui.h>

namespace crm::shell {
namespace {
core::Json g_building = core::Json::object();
core::Json g_published = core::Json::object();
} // namespace

void markItem(const char* name) {
    ImVec2 min = ImGui::GetItemRectMin();
    ImVec2 max = ImGui::GetItemRectMax();
    g_building[name] = {{"x", min.x}, {"y", min.y}, {"w", max.x - min.x}, {"h", max.y - min.y}};
}

void beginUiFrame() {
    g_published = std::move(g_building);
    g_building = core::Json::object();
}

core::Json publishedItems() { return g_published; }

} // namespace crm::shell

// Widget rectangles of the last complete frame, by name. A frame notes plain rectangles (it marks every visible
// row); the JSON is built only when asked for.
#include "shell/ui_registry.h"

#include <imgui.h>

#include <utility>
#include <vector>

namespace crm::shell {
namespace {
struct Mark {
    std::string name;
    ImVec2 min, max;
};
std::vector<Mark> g_building, g_published;  // in drawing order; a name marked again: the later one counts
} // namespace

void markItem(const char* name) {
    g_building.push_back(Mark{name, ImGui::GetItemRectMin(), ImGui::GetItemRectMax()});
}

void beginUiFrame() {
    std::swap(g_published, g_building);
    g_building.clear();  // keeps its capacity
}

core::Json publishedItems() {
    core::Json items = core::Json::object();
    for (const Mark& m : g_published)
        items[m.name] = {{"x", m.min.x}, {"y", m.min.y}, {"w", m.max.x - m.min.x}, {"h", m.max.y - m.min.y}};
    return items;
}

} // namespace crm::shell

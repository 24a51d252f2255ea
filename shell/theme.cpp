// Colours and spacing of the light/dark themes.
#include "shell/theme.h"

#include <imgui.h>

namespace crm::shell {
namespace {
ImVec4 g_panel{0, 0, 0, 0};
} // namespace

ImVec4 panelBackground() { return g_panel; }

void applyTheme(bool dark, float pixelScale) {
    ImGuiStyle style;
    if (dark) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    style.WindowRounding = 0.0f;
    style.ChildRounding = 4.0f;
    style.FrameRounding = 4.0f;
    style.PopupRounding = 4.0f;
    style.GrabRounding = 4.0f;
    style.TabRounding = 4.0f;
    style.FramePadding = ImVec2(8, 5);
    style.ItemSpacing = ImVec2(8, 7);
    style.CellPadding = ImVec2(8, 4);
    style.WindowPadding = ImVec2(12, 12);
    style.ScrollbarSize = 14.0f;
    style.FrameBorderSize = 1.0f;
    style.SelectableTextAlign = ImVec2(0.0f, 0.5f);
    ImVec4* c = style.Colors;
    const ImVec4 accent = dark ? ImVec4(0.30f, 0.56f, 0.92f, 1.0f) : ImVec4(0.11f, 0.42f, 0.80f, 1.0f);
    c[ImGuiCol_Button] = ImVec4(accent.x, accent.y, accent.z, 0.14f);
    c[ImGuiCol_ButtonHovered] = ImVec4(accent.x, accent.y, accent.z, 0.28f);
    c[ImGuiCol_ButtonActive] = ImVec4(accent.x, accent.y, accent.z, 0.42f);
    c[ImGuiCol_Header] = ImVec4(accent.x, accent.y, accent.z, 0.18f);
    c[ImGuiCol_HeaderHovered] = ImVec4(accent.x, accent.y, accent.z, 0.26f);
    c[ImGuiCol_HeaderActive] = ImVec4(accent.x, accent.y, accent.z, 0.36f);
    c[ImGuiCol_CheckMark] = accent;
    c[ImGuiCol_SliderGrab] = accent;
    if (!dark) {
        c[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.965f, 0.97f, 1.0f);
        g_panel = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
        c[ImGuiCol_FrameBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
        c[ImGuiCol_Border] = ImVec4(0.82f, 0.84f, 0.87f, 1.0f);
        c[ImGuiCol_TableHeaderBg] = ImVec4(0.92f, 0.93f, 0.95f, 1.0f);
        c[ImGuiCol_TableRowBgAlt] = ImVec4(0.97f, 0.975f, 0.98f, 1.0f);
    }
    if (dark) g_panel = c[ImGuiCol_ChildBg];
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);  // children inside a panel: the panel's fill shows through
    style.ScaleAllSizes(pixelScale);
    ImGui::GetStyle() = style;
}

} // namespace crm::shell

// View helpers: labels, form rows, messages, banners, status-bar progress.
#include "shell/widgets.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"

#include <algorithm>

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {

std::string label(const char* key) { return std::string(core::tr(key)) + "###" + key; }

bool formTextRow(const char* key, std::string* value, const char* name, const char* hint, bool multiline) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(core::tr(key));
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-FLT_MIN);
    std::string id = std::string("##") + key;
    bool changed;
    if (multiline) {
        changed = ImGui::InputTextMultiline(id.c_str(), value, ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 3.5f));
    } else if (hint) {
        changed = ImGui::InputTextWithHint(id.c_str(), hint, value);
    } else {
        changed = ImGui::InputText(id.c_str(), value);
    }
    markItem(name);
    return changed;
}

void errorText(const std::string& message) {
    if (message.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.80f, 0.12f, 0.12f, 1.0f));
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
}

bool banner(const char* id, BannerTone tone, const char* message, const char* name, const char* buttonKey) {
    struct Colours {
        ImVec4 background, text;
    };
    static const Colours kTones[] = {
        {ImVec4(0.87f, 0.93f, 1.0f, 1), ImVec4(0.05f, 0.2f, 0.45f, 1)},    // Info
        {ImVec4(1.0f, 0.95f, 0.80f, 1), ImVec4(0.45f, 0.28f, 0.0f, 1)},    // Notice
        {ImVec4(0.90f, 0.96f, 0.90f, 1), ImVec4(0.1f, 0.3f, 0.12f, 1)},    // Success
        {ImVec4(0.99f, 0.93f, 0.90f, 1), ImVec4(0.55f, 0.10f, 0.05f, 1)},  // Problem
    };
    const Colours& colours = kTones[static_cast<int>(tone)];
    const ImGuiStyle& style = ImGui::GetStyle();
    const std::string button = buttonKey ? label(buttonKey) : std::string();
    const float buttonWidth =
        buttonKey ? ImGui::CalcTextSize(button.c_str(), nullptr, true).x + style.FramePadding.x * 2 + style.ItemSpacing.x : 0;
    const float textWidth = std::max(ImGui::GetFontSize() * 8,
                                     ImGui::GetContentRegionAvail().x - buttonWidth - style.WindowPadding.x * 2);
    const float textHeight = ImGui::CalcTextSize(message, nullptr, false, textWidth).y;
    const float height = std::max(textHeight, ImGui::GetFrameHeight()) + style.WindowPadding.y * 2 + style.FramePadding.y * 2;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colours.background);
    ImGui::PushStyleColor(ImGuiCol_Text, colours.text);
    ImGui::BeginChild(id, ImVec2(0, height), true, ImGuiWindowFlags_NoScrollbar);
    ImGui::SetCursorPosY(ImGui::GetCursorPosY() + style.FramePadding.y);
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + textWidth);
    ImGui::TextUnformatted(message);
    ImGui::PopTextWrapPos();
    if (name) markItem(name);
    bool clicked = false;
    if (buttonKey) {
        ImGui::SameLine();
        clicked = ImGui::SmallButton(button.c_str());
        markItem(buttonKey);
    }
    ImGui::EndChild();
    ImGui::PopStyleColor(2);
    return clicked;
}

void statusProgress(float fraction, const char* text, float minEms) {
    const float fit = ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 4;
    ImGui::ProgressBar(fraction, ImVec2(std::max(ImGui::GetFontSize() * minEms, fit), 0), text);
}

} // namespace crm::shell

// View helpers: labels, form rows, messages, status-bar progress.
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

void statusProgress(float fraction, const char* text, float minEms) {
    const float fit = ImGui::CalcTextSize(text).x + ImGui::GetStyle().FramePadding.x * 4;
    ImGui::ProgressBar(fraction, ImVec2(std::max(ImGui::GetFontSize() * minEms, fit), 0), text);
}

} // namespace crm::shell

// Settings → satisfaction surveys: the low-score threshold that offers a complaint (settings:surveys) and the
// days after a repair order or a closed complaint when a survey falls due (settings:followup). The numbers are
// typed here and checked by core when saved (SurveyService::saveRules); a refusal is shown in words.
#include "core/app/i18n.h"
#include "shell/surveys_view.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::tr;

namespace {
void numberRow(const char* key, int* value) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextWrapped("%s", tr(key));
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputInt((std::string("##") + key).c_str(), value, 0, 0, ImGuiInputTextFlags_AutoSelectAll);  // typed, no step buttons
    markItem(key);
}
}  // namespace

void SurveysView::drawSettings() {
    if (!m_rulesLoaded) m_rules = m_surveys.rules(), m_rulesLoaded = true;
    ImGui::Spacing();
    const bool open = ImGui::CollapsingHeader(label("settings.surveys").c_str());
    markItem("settings.surveys");
    if (!open) return;
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", tr("settings.surveys_help"));
    ImGui::PopTextWrapPos();
    if (ImGui::BeginTable("survey_rules", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 16.0f);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        numberRow("settings.survey_low10", &m_rules.threshold.lowOn10);
        numberRow("settings.survey_low5", &m_rules.threshold.lowOn5);
        numberRow("settings.survey_due", &m_rules.dueDays);
        numberRow("settings.survey_window", &m_rules.windowDays);
        ImGui::EndTable();
    }
    if (ImGui::Button(label("settings.save_surveys").c_str())) {
        core::WriteResult r = m_surveys.saveRules(m_rules);
        m_rulesError = !r.ok();
        m_rulesMessage = r.ok() ? "settings.surveys_saved" : r.error->reason;  // a key: worded in the language shown
    }
    markItem("settings.save_surveys");
    if (!m_rulesMessage.empty()) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        if (m_rulesError) errorText(tr(m_rulesMessage));
        else ImGui::TextUnformatted(tr(m_rulesMessage));
        markItem(m_rulesError ? "settings.surveys_refused" : "settings.surveys_saved");
    }
}

}  // namespace crm::shell

// FollowupForm: the follow-up fields and their save (see followup_form.h).
#include "shell/followup_form.h"

#include "core/app/i18n.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::tr;
using namespace file_ui;

void FollowupForm::reset() {
    m_input = {};
    m_error.clear();
}

bool FollowupForm::drawFields(const char* tableId, const std::string& nextHint) {
    if (!beginForm(tableId, 6.0f)) return false;
    labelCell("field.channel");
    radioChoice(&m_input.channel, kChannels, std::size(kChannels), "channel", "fu.channel");
    labelCell("field.content");
    ImGui::SetNextItemWidth(-FLT_MIN);
    if (m_focusContent) {
        ImGui::SetKeyboardFocusHere();
        m_focusContent = false;
    }
    bool enter = ImGui::InputText("##fu_content", &m_input.content, ImGuiInputTextFlags_EnterReturnsTrue);
    markItem("fu.content");
    labelCell("field.outcome");
    radioChoice(&m_input.outcome, kOutcomes, std::size(kOutcomes), "outcome", "fu.outcome");
    labelCell("field.next_date");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    ImGui::InputTextWithHint("##fu_next", nextHint.empty() ? "YYYY-MM-DD" : nextHint.c_str(), &m_input.nextDate);
    markItem("fu.next");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("file.next_hint"));
    ImGui::EndTable();
    return enter;
}

bool FollowupForm::save(core::CustomerFiles& files, const std::string& customerId, const core::CivilDate& today,
                        const std::string& user) {
    m_error.clear();
    core::RecordDraft draft = core::followupDraft(m_input, today, user);
    if (!draft.ok()) {
        m_error = problemsText(draft.problems);
        return false;
    }
    core::WriteResult result = files.saveRelated(draft.doc, customerId, user);
    if (!result.ok()) {
        m_error = writeError(result);
        return false;
    }
    reset();
    return true;
}

}  // namespace crm::shell

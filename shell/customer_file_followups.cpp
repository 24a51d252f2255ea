// Customer file, follow-ups tab: the customer's open reminders (choose one to resolve), the follow-up form
// (FollowupForm, shell/customer_file_widgets.h) and the follow-ups recorded so far (the `followup` description's list).
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "core/app/classification_text.h"
#include "core/records/typed_input.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::tr;
using namespace file_ui;

void CustomerFileView::saveFollowup() {
    std::string resolves = m_resolving ? core::reminderKey(*m_resolving) : std::string();
    if (m_followup.save(m_files, m_id, today(), m_user(), resolves)) m_resolving.reset();
}

void CustomerFileView::drawFollowups() {
    // Open reminders of this customer: pick one to resolve with the follow-up below.
    std::vector<core::Reminder> reminders = m_classes.remindersOf(m_id);
    core::CivilDate now = today();
    if (!reminders.empty()) {
        ImGui::TextUnformatted(tr("file.open_reminders"));
        for (const core::Reminder& r : reminders) {
            std::string key = core::reminderKey(r);
            bool chosen = m_resolving && core::reminderKey(*m_resolving) == key;
            std::string text = r.dueDate.toString() + "  " + core::reminderKindText(r.kind) + " · " + core::reminderDetailText(r);
            if (r.dueDate < now) text += std::string("  ") + tr("agenda.overdue_tag");
            if (ImGui::RadioButton((text + "##" + key).c_str(), chosen)) {
                m_resolving = r;
                std::string& content = m_followup.content();
                if (core::trimmedText(content).empty()) content = std::string(core::reminderKindText(r.kind)) + " · " + core::reminderDetailText(r);
                m_followup.focusContent();
            }
            markItem(("file.reminder." + std::string(core::reminderKindKey(r.kind))).c_str());
        }
        ImGui::Spacing();
    }
    sectionTitle(tr(m_resolving ? "file.record_resolving" : "file.record_followup"));
    std::optional<core::CivilDate> next = m_classes.nextFollowupOf(m_id);
    bool enter = m_followup.drawFields(next ? next->toString() : std::string());
    if (enter) saveFollowup();
    m_followup.drawIssues();
    if (ImGui::Button(label("file.save_followup").c_str())) saveFollowup();
    markItem("fu.save");
    if (m_resolving) {
        ImGui::SameLine();
        if (ImGui::Button(label("file.not_resolving").c_str())) m_resolving.reset();
    }
    ImGui::Spacing();
    if (m_followups.empty()) {
        ImGui::TextDisabled("%s", tr("file.no_followups"));
        return;
    }
    m_followupTable.draw("followups", m_followups);
}

}  // namespace crm::shell

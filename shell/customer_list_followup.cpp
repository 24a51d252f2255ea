// The customer list's quick follow-up: a row's button opens a popup with the follow-up form (channel,
// content, outcome, next date) for that customer, saved without opening the customer file.
#include "shell/customer_list_view.h"

#include "core/app/i18n.h"
#include "shell/customer_file_widgets.h"
#include "shell/shortcuts.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::tr;

void CustomerListView::openQuickFollowup(const core::CustomerRow& row) {
    m_quickId = row.id;
    m_quickName = row.name;
    m_quickForm.reset();
    m_quickForm.focusContent();
    m_openQuick = true;  // opened outside the table, where the popup's id is looked up
}

void CustomerListView::drawQuickFollowup() {
    if (m_openQuick) {
        ImGui::OpenPopup("###quick_followup");
        m_openQuick = false;
    }
    std::string title = std::string(tr("list.quick_followup_title")) + " · " + m_quickName + "###quick_followup";
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(ImGui::GetFontSize() * 36, 0), ImGuiCond_Appearing);
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_NoSavedSettings)) return;
    std::optional<core::CivilDate> next = m_classes.nextFollowupOf(m_quickId);
    bool enter = m_quickForm.drawFields(next ? next->toString() : std::string());
    m_quickForm.drawIssues();
    ImGui::Spacing();
    const ImVec2 buttonSize(ImGui::GetFontSize() * 6, 0);
    bool save =
        ImGui::Button(label("file.save_followup").c_str(), buttonSize) || enter || shortcutPressed(Shortcut::Save);
    markItem("quickfu.save");
    ImGui::SameLine();
    if (ImGui::Button(label("form.cancel").c_str(), buttonSize) || shortcutPressed(Shortcut::Close))
        ImGui::CloseCurrentPopup();
    markItem("quickfu.cancel");
    if (save) {
        core::CivilDate today = core::chinaToday(m_session.clock().nowMs());
        if (m_quickForm.save(m_files, m_quickId, today, m_user())) ImGui::CloseCurrentPopup();
    }
    ImGui::EndPopup();
}

}  // namespace crm::shell

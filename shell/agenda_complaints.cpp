// The agenda's escalations (AgendaView::drawComplaintEscalations): the overdue complaints the user owns, or
// all of them for the service manager, red, most overdue first; a click opens the complaint form.
#include "shell/agenda_view.h"

#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "shell/complaint_widgets.h"
#include "shell/ui_registry.h"

#include <imgui.h>

#include <cstdio>

namespace crm::shell {
using core::tr;

void AgendaView::drawComplaintEscalations() {
    if (!m_complaintBoard || !m_user) return;
    std::vector<const core::ComplaintCard*> items = m_complaintBoard->escalationsFor(m_user());
    if (items.empty()) return;
    const ImVec4 red = deadlineColor(core::DeadlineState::Overdue);
    std::string title = std::string(tr("agenda.complaints")) + " (" + std::to_string(items.size()) + ")";
    ImGui::TextColored(red, "%s", title.c_str());
    markItem("agenda.complaints");
    ImGui::Separator();
    constexpr size_t kShown = 20;
    for (size_t i = 0; i < items.size() && i < kShown; ++i) {
        const core::ComplaintCard& c = *items[i];
        char text[512];
        std::snprintf(text, sizeof text, tr("agenda.complaint_item"), c.customerName.c_str(),
                      tr(std::string("complaint.stage.") + c.stage), timeLeftText(c).c_str(),
                      c.owner.empty() ? tr("complaints.unassigned") : core::userText(c.owner).c_str());
        ImGui::PushStyleColor(ImGuiCol_Text, red);
        if (ImGui::Selectable((std::string(text) + "##" + c.id).c_str()) && m_openComplaint) m_openComplaint(c.id);
        ImGui::PopStyleColor();
        markItem(("agenda.complaint." + c.id).c_str());
    }
    if (items.size() > kShown) ImGui::TextDisabled("+ %d", int(items.size() - kShown));
    ImGui::Spacing();
}

}  // namespace crm::shell

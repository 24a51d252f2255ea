// Agenda: three buckets of reminders as tables, each row opening the customer to record the follow-up.
#include "shell/agenda_view.h"

#include "core/app/i18n.h"
#include "core/app/classification_text.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::tr;

namespace {
constexpr size_t kFirstRows = 50;  // per bucket until "show all"
}

void AgendaView::draw() {
    // The file is shown here only when it was opened from the agenda (it may be open in Customers too).
    if (m_file.isOpen() && m_file.customerId() == m_openedId) {
        m_file.draw();
        return;
    }
    m_openedId.clear();
    const core::AgendaEntries& agenda = m_classes.agendaEntries();
    ImGui::TextUnformatted(tr("agenda.title"));
    ImGui::SameLine();
    ImGui::TextDisabled(tr("agenda.summary"), static_cast<int>(agenda.overdue.size()), static_cast<int>(agenda.today.size()),
                        static_cast<int>(agenda.thisWeek.size()));
    markItem("agenda.summary");
    ImGui::TextDisabled("%s", tr("agenda.hint"));
    ImGui::Spacing();
    ImGui::BeginChild("agenda_body", ImVec2(0, 0), false);
    drawComplaintEscalations();
    drawBucket("agenda.overdue", agenda.overdue, "overdue", ImVec4(0.78f, 0.18f, 0.15f, 1));
    drawBucket("agenda.today", agenda.today, "today", ImVec4(0.80f, 0.50f, 0.05f, 1));
    drawBucket("agenda.week", agenda.thisWeek, "week", ImVec4(0.20f, 0.45f, 0.75f, 1));
    ImGui::EndChild();
}

void AgendaView::drawBucket(const char* titleKey, const std::vector<core::AgendaEntry>& reminders, const char* bucket,
                            ImVec4 color) {
    int slot = bucket[0] == 'o' ? 0 : bucket[0] == 't' ? 1 : 2;
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    std::string title = std::string(tr(titleKey)) + " (" + std::to_string(reminders.size()) + ")";
    ImGui::TextUnformatted(title.c_str());
    ImGui::PopStyleColor();
    markItem((std::string("agenda.") + bucket).c_str());
    ImGui::Separator();
    if (reminders.empty()) {
        ImGui::TextDisabled("%s", tr("agenda.none"));
        ImGui::Spacing();
        return;
    }
    std::string id = std::string("agenda_") + bucket;
    size_t shown = m_showAll[slot] ? reminders.size() : std::min(reminders.size(), kFirstRows);
    if (ImGui::BeginTable(id.c_str(), 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                              ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("col.due"), 0, 0.8f);
        ImGui::TableSetupColumn(tr("col.name"), 0, 1.0f);
        ImGui::TableSetupColumn(tr("col.reminder"), 0, 0.8f);
        ImGui::TableSetupColumn(tr("col.detail"), 0, 1.8f);
        ImGui::TableSetupColumn(tr("col.phone"), 0, 1.0f);
        ImGui::TableHeadersRow();
        ImGuiListClipper clipper;
        clipper.Begin(static_cast<int>(shown));
        while (clipper.Step()) {
            for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
                const core::Reminder r = m_classes.reminderOf(reminders[size_t(i)]);  // the rows drawn only
                const core::CustomerRow* row = m_session.customers().find(r.customerId);
                std::string name = row ? row->name : r.customerId;
                ImGui::PushID(i);
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (ImGui::Selectable("##r", false, ImGuiSelectableFlags_SpanAllColumns)) {
                    m_file.openForReminder(r);
                    m_openedId = r.customerId;
                }
                ImGui::SameLine(0, 0);
                ImGui::TextUnformatted(r.dueDate.toString().c_str());
                markItem(("agenda.row." + name + "." + std::string(core::reminderKindKey(r.kind))).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(name.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(core::reminderKindText(r.kind));
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(core::reminderDetailText(r).c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(row ? row->phone.c_str() : "");
                ImGui::PopID();
            }
        }
        ImGui::EndTable();
    }
    if (shown < reminders.size()) {
        std::string more = std::string(tr("agenda.show_all")) + " (" + std::to_string(reminders.size()) + ")##" + bucket;
        if (ImGui::SmallButton(more.c_str())) m_showAll[slot] = true;
    }
    ImGui::Spacing();
}

} // namespace crm::shell

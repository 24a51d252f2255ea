// The Complaints section's summary (ComplaintsView::drawSummary): counts by cause category, root cause and
// responsible department as bars, average working hours per stage, the on-time share and recurrence.
#include "shell/complaints_view.h"

#include "core/app/classification_service.h"
#include "core/app/i18n.h"
#include "shell/complaint_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <algorithm>
#include <cstdio>
#include <imgui.h>

namespace crm::shell {
using core::tr;

namespace {
// One bar a value, longest first, the count beside it; `field` translates enum values.
void drawCounts(const char* titleKey, const std::map<std::string, int>& counts, const char* field, const char* name) {
    ImGui::TextUnformatted(tr(titleKey));
    markItem(name);
    if (counts.empty()) {
        ImGui::TextDisabled("%s", tr("complaints.summary.none"));
        return;
    }
    std::vector<std::pair<std::string, int>> rows(counts.begin(), counts.end());
    std::stable_sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    const int top = rows.front().second;
    for (const auto& [value, n] : rows) {
        std::string text = field ? complaintOption(field, value) : value;
        ImGui::TextUnformatted(text.c_str());
        ImGui::SameLine(ImGui::GetFontSize() * 11);
        char count[16];
        std::snprintf(count, sizeof count, "%d", n);
        ImGui::ProgressBar(float(n) / float(top), ImVec2(ImGui::GetFontSize() * 12, 0), count);
    }
}
}  // namespace

void ComplaintsView::drawSummary() {
    for (int days : {30, 90, 365}) {
        if (ImGui::RadioButton(label(("complaints.summary." + std::to_string(days)).c_str()).c_str(), m_summaryDays == days))
            m_summaryDays = days;
        markItem(("complaints.summary." + std::to_string(days)).c_str());
        ImGui::SameLine();
    }
    ImGui::NewLine();
    // Computed in the background (core/app/complaint_summary_job.h): the last finished summary is shown while a
    // new one is tallied, and a line with the progress while there is none for the period chosen yet.
    const core::CivilDate today = core::chinaToday(m_session.clock().nowMs());
    m_summaryJob.request(today.addDays(1 - m_summaryDays), today);
    if (!m_summaryJob.answersRequest()) {
        ImGui::ProgressBar(float(m_summaryJob.progress()), ImVec2(ImGui::GetFontSize() * 16, 0), tr("complaints.summary.busy"));
        markItem("complaints.summary.busy");
    }
    if (!m_summaryJob.summary()) return;
    const core::ComplaintSummary& s = *m_summaryJob.summary();
    ImGui::BeginChild("summary", ImVec2(0, 0), false);
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("complaints.summary.total"), s.total);
    ImGui::TextUnformatted(buf);
    markItem("complaints.summary.total");
    std::snprintf(buf, sizeof buf, tr("complaints.summary.on_time"), s.onTimeShare() * 100.0, s.deadlinesMet, s.deadlinesJudged);
    ImGui::TextColored(deadlineColor(s.onTimeShare() >= 0.9 ? core::DeadlineState::Ok : s.onTimeShare() >= 0.7
                                                                  ? core::DeadlineState::Warning
                                                                  : core::DeadlineState::Overdue),
                       "%s", buf);
    markItem("complaints.summary.on_time");
    std::snprintf(buf, sizeof buf, tr("complaints.summary.recurrence"), s.recurringCustomer, s.recurringVehicle);
    ImGui::TextUnformatted(buf);
    markItem("complaints.summary.recurrence");
    ImGui::Separator();
    if (ImGui::BeginTable("summary_columns", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        drawCounts("complaints.summary.by_category", s.byCategory, "category", "complaints.summary.by_category");
        ImGui::Spacing();
        drawCounts("complaints.summary.by_department", s.byDepartment, "department", "complaints.summary.by_department");
        ImGui::Spacing();
        ImGui::TextUnformatted(tr("complaints.summary.stage_time"));
        for (size_t i = 0; i < s.avgStageHours.size(); ++i) {
            ImGui::TextUnformatted(tr(std::string("complaint.stage.") + core::kComplaintStageKeys[i + 1]));
            ImGui::SameLine(ImGui::GetFontSize() * 11);
            std::snprintf(buf, sizeof buf, tr("complaints.hours"), s.avgStageHours[i]);
            ImGui::Text("%s  (n = %d)", buf, s.stageSamples[i]);
        }
        ImGui::TableNextColumn();
        drawCounts("complaints.summary.by_root_cause", s.byRootCause, nullptr, "complaints.summary.by_root_cause");
        ImGui::EndTable();
    }
    ImGui::EndChild();
}

}  // namespace crm::shell

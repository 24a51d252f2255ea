// Composition tables with share bars, computed from the customer list rows.
#include "shell/reports_view.h"

#include "core/app/i18n.h"

#include <algorithm>
#include <imgui.h>
#include <map>

namespace crm::shell {
using core::tr;

namespace {
void drawBreakdown(const char* titleKey, const std::map<std::string, int>& counts, int total) {
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(titleKey));
    ImGui::Separator();
    std::vector<std::pair<std::string, int>> rows(counts.begin(), counts.end());
    std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.second > b.second; });
    if (!ImGui::BeginTable(titleKey, 3, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("k", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8);
    ImGui::TableSetupColumn("n", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 4);
    ImGui::TableSetupColumn("bar", ImGuiTableColumnFlags_WidthStretch);
    for (auto& [key, n] : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(key.empty() ? tr("reports.unset") : key.c_str());
        ImGui::TableNextColumn();
        ImGui::Text("%d", n);
        ImGui::TableNextColumn();
        float share = total ? float(n) / float(total) : 0.0f;
        char text[32];
        std::snprintf(text, sizeof text, "%.1f%%", share * 100.0f);
        ImGui::ProgressBar(share, ImVec2(-FLT_MIN, 0), text);
    }
    ImGui::EndTable();
}
} // namespace

void ReportsView::draw() {
    ImGui::TextWrapped("%s", tr("reports.intro"));
    if (m_seenSeq != m_session.store().updateSeq()) {
        m_seenSeq = m_session.store().updateSeq();
        m_byRegion.clear();
        m_byGender.clear();
        m_bySource.clear();
        const auto& rows = m_session.customers().view("", core::CustomerColumn::Name, true);
        for (const core::CustomerRow* row : rows) {
            ++m_byRegion[row->region];
            ++m_byGender[row->gender];
            ++m_bySource[row->source];
        }
        m_total = static_cast<int>(rows.size());
    }
    std::map<std::string, int> byGender;  // keys translated at draw time: the language may change
    for (auto& [g, n] : m_byGender) byGender[g == "male" ? tr("gender.male") : g == "female" ? tr("gender.female") : ""] += n;
    ImGui::TextDisabled(tr("customers.count"), m_total);
    drawBreakdown("reports.by_region", m_byRegion, m_total);
    drawBreakdown("reports.by_gender", byGender, m_total);
    drawBreakdown("reports.by_source", m_bySource, m_total);
}

} // namespace crm::shell

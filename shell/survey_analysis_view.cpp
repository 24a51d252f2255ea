// Surveys section, "Analysis": period, indicator, grouping and k chosen above; the finished numbers of
// SurveyService (computed in steps by the frame loop, never here) drawn as tables and shell/charts:
// indicators (table + histogram), NPS and composite, trend (line), cross-tab (bars + test in words), key
// drivers (bars), correlation heat map, clusters (bars of means; a button shows a cluster's customers in the
// customer list) and advisors.
#include "core/app/i18n.h"
#include "shell/charts.h"
#include "shell/surveys_view.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <imgui.h>

namespace crm::shell {
using core::tr;

namespace {
std::string indicatorName(size_t i) { return tr(std::string("indicator.") + core::kSurveyIndicators[i]); }

std::string fmt(const char* format, double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

// A group's shown name: value classes and loyalty types translated, an empty group "unset".
std::string groupName(core::GroupBy by, const std::string& key) {
    if (key.empty()) return tr("reports.unset");
    if (by == core::GroupBy::ValueClass) return tr("class." + std::string(1, char(std::tolower(key[0]))));
    if (by == core::GroupBy::Loyalty) return tr("loyalty." + key);
    if (by == core::GroupBy::Channel) return tr("survey.channel." + key);
    return key;
}

void heading(const char* key) {
    ImGui::Spacing();
    ImGui::TextUnformatted(tr(key));
    markItem(key);
    ImGui::Separator();
}
}  // namespace

void SurveysView::requestAnalysis() {
    core::AnalysisRequest r;
    const int months[] = {3, 6, 12, 0};
    core::CivilDate today = m_surveys.today();
    if (months[m_period]) r.fromDay = int32_t(today.addMonths(-months[m_period]).toDays());
    r.toDay = int32_t(today.toDays());
    r.indicator = size_t(m_indicator);
    r.by = core::GroupBy(m_by);
    r.k = m_k;
    m_surveys.request(r);
    m_requested = true;
}

void SurveysView::drawControls() {
    bool changed = false;
    const char* periods[] = {"surveys.period.3", "surveys.period.6", "surveys.period.12", "surveys.period.all"};
    float w = ImGui::GetFontSize() * 9;
    // Each control's name before it (ImGui puts a widget's own label after it).
    auto caption = [](const char* key) {
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr(key));
        ImGui::SameLine();
    };
    caption("surveys.period");
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##period", tr(periods[m_period]))) {
        for (int i = 0; i < 4; ++i)
            if (ImGui::Selectable(tr(periods[i]), i == m_period)) m_period = i, changed = true;
        ImGui::EndCombo();
    }
    markItem("analysis.period");
    ImGui::SameLine(0, ImGui::GetFontSize());
    caption("surveys.indicator");
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##indicator", indicatorName(size_t(m_indicator)).c_str())) {
        for (size_t i = 0; i < core::kIndicatorCount; ++i)
            if (ImGui::Selectable(indicatorName(i).c_str(), int(i) == m_indicator)) m_indicator = int(i), changed = true;
        ImGui::EndCombo();
    }
    markItem("analysis.indicator");
    ImGui::SameLine(0, ImGui::GetFontSize());
    caption("surveys.by");
    ImGui::SetNextItemWidth(w);
    if (ImGui::BeginCombo("##by", tr(std::string("surveys.by.") + core::kGroupByKeys[size_t(m_by)]))) {
        for (size_t i = 0; i < core::kGroupByKeys.size(); ++i) {
            if (ImGui::Selectable(tr(std::string("surveys.by.") + core::kGroupByKeys[i]), int(i) == m_by)) m_by = int(i), changed = true;
            markItem((std::string("analysis.by.") + core::kGroupByKeys[i]).c_str());
        }
        ImGui::EndCombo();
    }
    markItem("analysis.by");
    ImGui::SameLine(0, ImGui::GetFontSize());
    caption("surveys.k");
    ImGui::SetNextItemWidth(w * 0.7f);
    if (ImGui::SliderInt("##k", &m_k, 2, 6)) changed = true;
    markItem("analysis.k");
    if (changed || !m_requested) requestAnalysis();
}

void SurveysView::drawAnalysis() {
    drawControls();
    if (m_surveys.busy()) {
        ImGui::ProgressBar(float(m_surveys.progress()), ImVec2(ImGui::GetFontSize() * 16, 0), tr("surveys.computing"));
        markItem("analysis.busy");
    }
    const std::optional<core::SurveyAnalysis>& analysis = m_surveys.analysis();
    if (!analysis) return;
    const core::SurveyAnalysis& a = *analysis;
    ImGui::BeginChild("analysis_body", ImVec2(0, 0), false);
    ImGui::Text(tr("surveys.summary"), core::countText("surveys.n_answers", long(a.answers)).c_str(),
                core::countText("surveys.n_customers", long(a.customers)).c_str());
    markItem("analysis.summary");
    if (a.answers == 0) {
        ImGui::TextDisabled("%s", tr("surveys.no_answers"));
        ImGui::EndChild();
        return;
    }
    drawIndicators(a);
    drawCrossTab(a);
    drawCorrelations(a);
    drawClusters(a);
    drawAdvisors(a);
    ImGui::EndChild();
}

void SurveysView::drawIndicators(const core::SurveyAnalysis& a) {
    heading("analysis.indicators");
    if (ImGui::BeginTable("indicators", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp)) {
        for (const char* key : {"surveys.col.indicator", "surveys.col.n", "surveys.col.mean", "surveys.col.median", "surveys.col.sd",
                                "surveys.col.top2"})
            ImGui::TableSetupColumn(tr(key));
        ImGui::TableHeadersRow();
        for (const core::IndicatorStats& s : a.indicators) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::Text("%s (%d–%d)", indicatorName(s.indicator).c_str(), s.scale.lo, s.scale.hi);
            ImGui::TableNextColumn();
            ImGui::Text("%d", int(s.summary.n));
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", s.summary.mean);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f", s.summary.median);
            ImGui::TableNextColumn();
            ImGui::Text("%.2f", s.summary.sd);
            ImGui::TableNextColumn();
            ImGui::Text("%.1f%%", s.topTwoBox * 100);
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::Text(tr("surveys.nps_line"), a.nps.score, int(a.nps.promoters), int(a.nps.passives), int(a.nps.detractors));
    markItem("analysis.nps");
    if (!std::isnan(a.composite)) ImGui::Text(tr("surveys.composite_line"), a.composite);
    if (const core::IndicatorStats* s = a.stats(size_t(m_indicator))) {
        heading("analysis.distribution");
        std::vector<std::string> labels;
        for (int v = s->scale.lo; v <= s->scale.hi; ++v) labels.push_back(std::to_string(v));
        ImGui::TextDisabled("%s", indicatorName(s->indicator).c_str());
        charts::histogram("chart.histogram", labels, s->histogram);
        heading("analysis.trend");
        std::vector<std::string> months;
        std::vector<double> means;
        for (const core::MonthPoint& p : a.trend) months.push_back(p.month), means.push_back(p.mean);
        charts::line("chart.trend", months, means, s->scale.lo, s->scale.hi);
    }
}

void SurveysView::drawCrossTab(const core::SurveyAnalysis& a) {
    heading("analysis.crosstab");
    const core::IndicatorStats* s = a.stats(size_t(m_indicator));
    if (!s) return;
    std::vector<charts::Bar> bars;
    for (const core::GroupRow& g : a.groups)
        bars.push_back({groupName(a.by, g.key) + " (n=" + std::to_string(g.n) + ")", g.mean, fmt("%.2f", g.mean)});
    charts::bars("chart.crosstab", bars, s->scale.lo, s->scale.hi);
    if (ImGui::BeginTable("crosstab", 5, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp)) {
        for (const char* key : {"surveys.col.group", "surveys.col.n", "surveys.col.low", "surveys.col.middle", "surveys.col.top2"})
            ImGui::TableSetupColumn(tr(key));
        ImGui::TableHeadersRow();
        for (const core::GroupRow& g : a.groups) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(groupName(a.by, g.key).c_str());
            for (size_t v : {g.n, g.boxes[0], g.boxes[1], g.boxes[2]}) {
                ImGui::TableNextColumn();
                ImGui::Text("%d", int(v));
            }
        }
        ImGui::EndTable();
    }
    const core::ChiSquare& t = a.crossTab;
    if (!t.valid) ImGui::TextDisabled("%s", tr("surveys.test_none"));
    else ImGui::TextWrapped(tr(t.pValue < 0.05 ? "surveys.test_differs" : "surveys.test_same"), t.chi2, t.dof, t.pValue, t.cramersV);
    markItem("analysis.test");
}

void SurveysView::drawCorrelations(const core::SurveyAnalysis& a) {
    heading("analysis.drivers");
    std::vector<charts::Bar> bars;
    for (auto& [i, rho] : a.drivers) bars.push_back({indicatorName(i), rho, ""});
    charts::bars("chart.drivers", bars, -1, 1, "%.2f");
    heading("analysis.matrix");
    std::vector<std::string> names, heads;
    for (size_t i : a.matrixIndicators) {
        names.push_back(indicatorName(i));
        heads.push_back(tr(std::string("indicator.short.") + core::kSurveyIndicators[i]));
    }
    charts::heatMap("chart.heatmap", names, a.matrix, heads);
}

void SurveysView::drawClusters(const core::SurveyAnalysis& a) {
    heading("analysis.clusters");
    for (size_t c = 0; c < a.clusters.size(); ++c) {
        const core::Cluster& cluster = a.clusters[c];
        ImGui::PushID(int(c));
        std::string title = core::countText("surveys.cluster_title", long(c + 1)) + " — " +
                            core::countText("surveys.n_customers", long(cluster.size));
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(title.c_str());
        ImGui::SameLine();
        // The cluster as a filter of the customer list (a chip there names it and removes it).
        if (ImGui::SmallButton(label("surveys.show_customers").c_str()) && m_showCustomers)
            m_showCustomers(m_surveys.clusterSubset(c));
        markItem(("analysis.cluster." + std::to_string(c + 1)).c_str());
        std::vector<charts::Bar> bars;
        for (size_t i : a.clusterIndicators) bars.push_back({indicatorName(i), cluster.means[i], fmt("%.0f", cluster.means[i])});
        charts::bars(("chart.cluster." + std::to_string(c + 1)).c_str(), bars, 0, 100, "%.0f");
        ImGui::PopID();
    }
}

void SurveysView::drawAdvisors(const core::SurveyAnalysis& a) {
    heading("analysis.advisors");
    if (ImGui::BeginTable("advisors", 6, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingStretchProp)) {
        for (const char* key : {"surveys.col.advisor", "surveys.col.n", "surveys.col.overall10", "surveys.col.advisor10",
                                "surveys.col.orders", "surveys.col.per100"})
            ImGui::TableSetupColumn(tr(key));
        ImGui::TableHeadersRow();
        for (const core::AdvisorRow& r : a.advisors) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(r.advisor.c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%d", int(r.n));
            for (double v : {r.overall, r.advisorScore}) {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(std::isnan(v) ? "—" : fmt("%.2f", v).c_str());
            }
            ImGui::TableNextColumn();
            ImGui::Text("%d / %d", int(r.repairOrders), int(r.complaints));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(std::isnan(r.complaintsPer100) ? "—" : fmt("%.1f", r.complaintsPer100).c_str());
        }
        ImGui::EndTable();
    }
    std::vector<charts::Bar> bars;
    for (const core::AdvisorRow& r : a.advisors)
        if (!std::isnan(r.overall)) bars.push_back({r.advisor, r.overall, ""});
    charts::bars("chart.advisors", bars, 0, 10, "%.2f");
}

}  // namespace crm::shell

// Survey analysis (see survey_analysis.h): the table, the request, the stepped run and the JSON answer.
//
// Sections: table · request · run (groups, select, describe, cross-tab, correlate, clusters, advisors) · JSON
#include "core/app/survey_analysis.h"

#include "core/domain/civil_date.h"

#include <algorithm>
#include <limits>
#include <map>
#include <stdexcept>
#include <tuple>

namespace crm::core {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string str(const Json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

ScoreScale scoreScaleOf(QuestionKind kind) {
    switch (kind) {
    case QuestionKind::Scale5: return ScoreScale::OneToFive;
    case QuestionKind::Scale10: return ScoreScale::OneToTen;
    case QuestionKind::Scale0To10: return ScoreScale::ZeroToTen;
    default: return ScoreScale::None;
    }
}

int32_t dayOf(const std::string& text, int32_t fallback) {
    std::optional<CivilDate> d = CivilDate::parse(text);
    return d ? int32_t(d->toDays()) : fallback;
}

Json number(double v) { return std::isnan(v) ? Json(nullptr) : Json(v); }

// Groups of the customer (value class, region, loyalty) rather than of the answer (advisor, model, channel).
bool isCustomerGroup(GroupBy by) { return by == GroupBy::ValueClass || by == GroupBy::Region || by == GroupBy::Loyalty; }
// Where a customer group sits in SurveyAnalysisRun's per-customer triple.
size_t customerSlot(GroupBy by) { return by == GroupBy::ValueClass ? 0 : by == GroupBy::Region ? 1 : 2; }
}  // namespace

ScaleRange rangeOf(ScoreScale s) {
    switch (s) {
    case ScoreScale::OneToTen: return {1, 10};
    case ScoreScale::ZeroToTen: return {0, 10};
    default: return {1, 5};
    }
}

std::optional<GroupBy> groupByOf(std::string_view key) {
    for (size_t i = 0; i < kGroupByKeys.size(); ++i) {
        if (key == kGroupByKeys[i]) return GroupBy(i);
    }
    return std::nullopt;
}

// ---- table ----
uint32_t SurveyTable::customerIndex(const std::string& id) {
    auto [it, added] = m_customerIndex.try_emplace(id, uint32_t(customers.size()));
    if (added) customers.push_back(id);
    return it->second;
}

uint16_t SurveyTable::intern(const std::string& name) {
    if (name.empty()) return 0;
    auto [it, added] = m_nameIndex.try_emplace(name, uint16_t(names.size()));
    if (added) names.push_back(name);
    return it->second;
}

void SurveyTable::clear() { *this = SurveyTable(); }

void addSurveyRow(SurveyTable& table, const std::string& customerId, const Json& survey,
                  const std::unordered_map<std::string, SurveyTemplate>& templates,
                  const std::function<RepairOrderInfo(const std::string&)>& repairOrder) {
    SurveyRow row;
    row.score.fill(float(kNaN));
    auto tpl = templates.find(str(survey, "template_id"));
    const Json answers = survey.value("answers", Json::object());
    if (tpl != templates.end() && answers.is_object() && !answers.empty()) {
        const Json scores = surveyScores(tpl->second, answers);
        for (const SurveyQuestion& q : tpl->second.questions) {
            auto i = indicatorIndex(q.indicator);
            if (!i || !scores.contains(q.indicator)) continue;
            row.score[*i] = scores[q.indicator].get<float>();
            row.scale[*i] = scoreScaleOf(q.kind);
        }
    } else if (auto scores = survey.find("scores"); scores != survey.end() && scores->is_object()) {
        for (auto it = scores->begin(); it != scores->end(); ++it) {
            auto i = indicatorIndex(it.key());
            if (!i || !it->is_number()) continue;
            row.score[*i] = it->get<float>();
            row.scale[*i] = *i == kNpsIndicator ? ScoreScale::ZeroToTen : ScoreScale::OneToFive;
        }
    }
    std::string advisor = str(survey, "advisor"), model;
    if (std::string ro = str(survey, "service_record_id"); !ro.empty() && repairOrder) {
        RepairOrderInfo info = repairOrder(ro);
        if (advisor.empty()) advisor = info.advisor;
        model = info.model;
    }
    row.customer = table.customerIndex(customerId);
    row.day = dayOf(str(survey, "date"), 0);
    row.advisor = table.intern(advisor);
    row.model = table.intern(model);
    row.channel = table.intern(str(survey, "channel"));
    table.rows.push_back(row);
}

// ---- request ----
AnalysisRequest AnalysisRequest::fromJson(const Json& arg) {
    AnalysisRequest r;
    if (arg.is_null()) return r;
    if (!arg.is_object()) throw std::invalid_argument("surveys.analyze expects {from, to, indicator, by, k, filter}");
    auto day = [&](const char* key, int32_t fallback) {
        std::string text = str(arg, key);
        if (text.empty()) return fallback;
        std::optional<CivilDate> d = CivilDate::parse(text);
        if (!d) throw std::invalid_argument(std::string(key) + " must be a date YYYY-MM-DD");
        return int32_t(d->toDays());
    };
    r.fromDay = day("from", r.fromDay);
    r.toDay = day("to", r.toDay);
    if (std::string key = str(arg, "indicator"); !key.empty()) {
        auto i = indicatorIndex(key);
        if (!i) throw std::invalid_argument("unknown indicator " + key);
        r.indicator = *i;
    }
    if (std::string key = str(arg, "by"); !key.empty()) {
        auto by = groupByOf(key);
        if (!by) throw std::invalid_argument("unknown grouping " + key);
        r.by = *by;
    }
    if (arg.contains("k")) {
        if (!arg["k"].is_number_integer() || arg["k"].get<int>() < 2 || arg["k"].get<int>() > 6)
            throw std::invalid_argument("k must be an integer 2..6");
        r.k = arg["k"].get<int>();
    }
    if (auto f = arg.find("filter"); f != arg.end() && f->is_object()) {
        for (auto it = f->begin(); it != f->end(); ++it) {
            auto by = groupByOf(it.key());
            if (!by || !it->is_string()) throw std::invalid_argument("bad filter " + it.key());
            r.filter.push_back({*by, it->get<std::string>()});
        }
    }
    return r;
}

// ---- run ----
SurveyAnalysisRun::SurveyAnalysisRun(const SurveyTable& table, AnalysisRequest request, GroupsOf groupsOf)
    : m_table(table), m_request(std::move(request)), m_groupsOf(std::move(groupsOf)) {
    m_result.k = m_request.k;
    m_result.by = m_request.by;
    m_result.trendIndicator = m_request.indicator;
}

double SurveyAnalysisRun::progress() const {
    if (m_phase == Phase::Done) return 1;
    return std::min(0.95, double(int(m_phase)) / double(int(Phase::Done)));
}

uint16_t SurveyAnalysisRun::groupId(const SurveyRow& row, GroupBy by) const {
    if (isCustomerGroup(by)) return m_customerGroups[row.customer][customerSlot(by)];
    return by == GroupBy::Advisor ? row.advisor : by == GroupBy::Model ? row.model : row.channel;
}

const std::string& SurveyAnalysisRun::groupName(GroupBy by, uint16_t id) const {
    return isCustomerGroup(by) ? m_groupNames[id] : m_table.names[id];
}

bool SurveyAnalysisRun::step(size_t rowsPerStep) {
    switch (m_phase) {
    case Phase::Groups: {  // each customer's groups, looked up once and interned
        size_t end = std::min(m_table.customers.size(), m_next + rowsPerStep / 4 + 1);
        m_customerGroups.resize(m_table.customers.size());
        auto intern = [this](const std::string& name) {
            if (name.empty()) return uint16_t(0);
            auto [it, added] = m_groupIndex.try_emplace(name, uint16_t(m_groupNames.size()));
            if (added) m_groupNames.push_back(name);
            return it->second;
        };
        for (; m_next < end; ++m_next) {
            CustomerGroups g = m_groupsOf ? m_groupsOf(m_table.customers[m_next]) : CustomerGroups{};
            m_customerGroups[m_next] = {intern(g.valueClass), intern(g.region), intern(g.loyalty)};
        }
        if (m_next == m_table.customers.size()) {
            for (const auto& [by, value] : m_request.filter) {
                int32_t id = -1;
                const std::vector<std::string>& names = isCustomerGroup(by) ? m_groupNames : m_table.names;
                if (auto it = std::find(names.begin(), names.end(), value); it != names.end()) id = int32_t(it - names.begin());
                m_filterIds.push_back({by, id});
            }
            m_phase = Phase::Select, m_next = 0;
        }
        break;
    }
    case Phase::Select: select(rowsPerStep); break;
    case Phase::Describe:
        if (m_next < kIndicatorCount) {
            describeIndicator(m_next++);
        } else {
            describe();
            m_phase = Phase::CrossTab;
        }
        break;
    case Phase::CrossTab: crossTabulate(); m_phase = Phase::Correlate; break;
    case Phase::Correlate:
        if (correlate()) m_phase = Phase::ClusterPoints;
        break;
    case Phase::ClusterPoints: clusterPoints(); m_phase = Phase::Clustering; break;
    case Phase::Clustering:
        if (!m_kmeans || m_kmeans->step(rowsPerStep / 2)) {
            if (m_kmeans) {
                const KMeansResult& km = m_kmeans->result();
                m_result.clusters.resize(km.centroids.size());
                m_result.clusterCustomers.resize(km.centroids.size());
                for (size_t c = 0; c < km.centroids.size(); ++c) {
                    Cluster& cluster = m_result.clusters[c];
                    cluster.means.fill(kNaN);
                    cluster.size = km.sizes[c];
                    m_result.clusterCustomers[c].reserve(km.sizes[c]);
                    for (size_t d = 0; d < m_result.clusterIndicators.size(); ++d)
                        cluster.means[m_result.clusterIndicators[d]] = km.centroids[c][d];
                }
                for (size_t p = 0; p < km.assignment.size(); ++p)
                    m_result.clusterCustomers[size_t(km.assignment[p])].push_back(m_table.customers[m_pointCustomer[p]]);
            }
            m_phase = Phase::Advisors;
        }
        break;
    case Phase::Advisors: advisors(); m_phase = Phase::Done; break;
    case Phase::Done: break;
    }
    return m_phase == Phase::Done;
}

// Rows in the period and the filter; their scores as columns, each on its scale (converted in describe()).
void SurveyAnalysisRun::select(size_t budget) {
    size_t end = std::min(m_table.rows.size(), m_next + budget);
    for (; m_next < end; ++m_next) {
        const SurveyRow& row = m_table.rows[m_next];
        if (row.day < m_request.fromDay || row.day > m_request.toDay) continue;
        bool keep = true;
        for (const auto& [by, id] : m_filterIds) keep = keep && int32_t(groupId(row, by)) == id;
        if (!keep) continue;
        m_selected.push_back(uint32_t(m_next));
    }
    if (m_next == m_table.rows.size()) m_phase = Phase::Describe, m_next = 0;
}

// The scale of an indicator is the one most of its answers use; answers on another scale are mapped onto it
// linearly (a 1–10 answer of 10 is a 5 on 1–5). One indicator a step.
void SurveyAnalysisRun::describeIndicator(size_t i) {
    const std::vector<uint32_t>& rows = m_selected;
    if (i == 0) {
        m_result.answers = rows.size();
        std::vector<char> seen(m_table.customers.size(), 0);
        for (uint32_t r : rows) {
            if (!seen[m_table.rows[r].customer]) seen[m_table.rows[r].customer] = 1, ++m_result.customers;
        }
    }
    std::array<size_t, 4> uses{};
    for (uint32_t r : rows) ++uses[size_t(m_table.rows[r].scale[i])];
    size_t best = 1;
    for (size_t sc = 2; sc < 4; ++sc) best = uses[sc] > uses[best] ? sc : best;
    if (uses[1] + uses[2] + uses[3] == 0 && i == kNpsIndicator) best = 3;
    m_scale[i] = rangeOf(ScoreScale(best));
    ScaleRange to = m_scale[i];
    std::vector<double>& column = m_columns[i];
    column.resize(rows.size());
    std::vector<double> present;
    present.reserve(rows.size());
    for (size_t k = 0; k < rows.size(); ++k) {
        const SurveyRow& row = m_table.rows[rows[k]];
        double v = row.score[i];
        if (row.scale[i] == ScoreScale::None || std::isnan(v)) {
            column[k] = kNaN;
            continue;
        }
        ScaleRange from = rangeOf(row.scale[i]);
        if (from.lo != to.lo || from.hi != to.hi) v = to.lo + (v - from.lo) * (to.hi - to.lo) / (from.hi - from.lo);
        column[k] = v;
        present.push_back(v);
    }
    if (present.empty()) return;
    IndicatorStats s;
    s.indicator = i;
    s.scale = to;
    s.summary = {present.size(), mean(present), 0, sampleSd(present)};
    s.histogram = integerHistogram(present, to.lo, to.hi);
    s.topTwoBox = shareAtLeast(present, to.hi - 1);
    if (i == kNpsIndicator) m_result.nps = netPromoterScore(present);
    s.summary.median = median(std::move(present));  // summarize() without copying 100,000 values
    m_result.indicators.push_back(std::move(s));
}

// After the indicators: the composite and the trend.
void SurveyAnalysisRun::describe() {
    const std::vector<uint32_t>& rows = m_selected;
    // Composite: the weighted indicators' means on 0..100.
    std::vector<double> scores(kIndicatorCount, kNaN), weights(m_table.weights.begin(), m_table.weights.end());
    for (const IndicatorStats& s : m_result.indicators)
        scores[s.indicator] = toPercentScale(s.summary.mean, s.scale.lo, s.scale.hi);
    m_result.composite = weightedComposite(scores, weights);
    // Trend of the chosen indicator: monthlyTrend over each month's first date (weighted by its n), so the
    // 100,000 answers are summed per month (a vector over the months spanned) rather than handed over one
    // string each.
    const std::vector<double>& column = m_columns[m_request.indicator];
    std::vector<int32_t> monthOf(rows.size(), INT32_MIN);  // year * 12 + month − 1
    int32_t first = INT32_MAX, last = INT32_MIN;
    for (size_t k = 0; k < rows.size(); ++k) {
        if (std::isnan(column[k])) continue;
        CivilDate d = CivilDate::fromDays(m_table.rows[rows[k]].day);
        monthOf[k] = d.year * 12 + d.month - 1;
        first = std::min(first, monthOf[k]), last = std::max(last, monthOf[k]);
    }
    if (first > last) return;
    std::vector<std::pair<size_t, double>> byMonth(size_t(last - first) + 1);  // (n, sum)
    for (size_t k = 0; k < rows.size(); ++k) {
        if (monthOf[k] == INT32_MIN) continue;
        auto& m = byMonth[size_t(monthOf[k] - first)];
        ++m.first;
        m.second += column[k];
    }
    for (size_t i = 0; i < byMonth.size(); ++i) {
        const auto& [n, sum] = byMonth[i];
        if (n == 0) continue;
        const int32_t key = first + int32_t(i);
        MonthPoint p = monthlyTrend({CivilDate{key / 12, key % 12 + 1, 1}.toString()}, {sum / double(n)})[0];
        p.n = n;
        m_result.trend.push_back(p);
    }
}

// The chosen indicator by group: n, mean and the low / middle / top-2-box counts, tested for independence.
void SurveyAnalysisRun::crossTabulate() {
    const size_t i = m_request.indicator;
    const ScaleRange scale = m_scale[i];
    const double low = scale.hi == 5 ? m_request.settings.lowOn5 : m_request.settings.lowOn10;
    const GroupBy by = m_request.by;
    std::vector<GroupRow> groups(isCustomerGroup(by) ? m_groupNames.size() : m_table.names.size());
    std::vector<double> sums(groups.size(), 0.0);
    for (size_t k = 0; k < m_selected.size(); ++k) {
        double v = m_columns[i][k];
        if (std::isnan(v)) continue;
        const uint16_t id = groupId(m_table.rows[m_selected[k]], by);
        GroupRow& g = groups[id];
        ++g.n;
        sums[id] += v;
        ++g.boxes[v <= low ? 0 : v >= scale.hi - 1 ? 2 : 1];
    }
    // In name order (as the χ² table always was), then shown largest first.
    std::vector<uint16_t> order;
    for (size_t id = 0; id < groups.size(); ++id) {
        if (groups[id].n) order.push_back(uint16_t(id));
    }
    std::sort(order.begin(), order.end(), [&](uint16_t a, uint16_t b) { return groupName(by, a) < groupName(by, b); });
    std::vector<std::vector<double>> table;
    for (uint16_t id : order) {
        GroupRow& g = groups[id];
        g.key = groupName(by, id);
        g.mean = sums[id] / double(g.n);
        m_result.groups.push_back(g);
        table.push_back({double(g.boxes[0]), double(g.boxes[1]), double(g.boxes[2])});
    }
    std::sort(m_result.groups.begin(), m_result.groups.end(), [](const GroupRow& a, const GroupRow& b) { return a.n > b.n; });
    m_result.crossTab = chiSquareTest(table);
}

bool SurveyAnalysisRun::correlate() {
    if (!m_spearman) {  // the columns are lent to the run, not copied (100,000 values each)
        for (const IndicatorStats& s : m_result.indicators) {
            m_result.matrixIndicators.push_back(s.indicator);
            m_matrixColumns.push_back(std::move(m_columns[s.indicator]));
        }
        m_spearman.emplace(m_matrixColumns);
    }
    if (!m_spearman->step()) return false;
    m_result.matrix = m_spearman->takeResult();
    for (size_t j = 0; j < m_matrixColumns.size(); ++j) m_columns[m_result.matrixIndicators[j]] = std::move(m_matrixColumns[j]);
    const size_t dims = m_matrixColumns.size();
    m_matrixColumns.clear();
    m_spearman.reset();
    auto overall = std::find(m_result.matrixIndicators.begin(), m_result.matrixIndicators.end(), kOverallIndicator);
    if (overall == m_result.matrixIndicators.end()) return true;
    size_t o = size_t(overall - m_result.matrixIndicators.begin());
    for (size_t j = 0; j < dims; ++j) {
        size_t ind = m_result.matrixIndicators[j];
        if (ind == kOverallIndicator || ind == kNpsIndicator || std::isnan(m_result.matrix[o][j])) continue;
        m_result.drivers.push_back({ind, m_result.matrix[o][j]});
    }
    std::sort(m_result.drivers.begin(), m_result.drivers.end(),
              [](auto& a, auto& b) { return std::fabs(a.second) > std::fabs(b.second); });
    return true;
}

// One point per customer: the mean of each indicator on 0..100 (overall and NPS excluded: the clusters are
// of the factors); a customer who skipped an indicator gets its overall mean there.
void SurveyAnalysisRun::clusterPoints() {
    for (const IndicatorStats& s : m_result.indicators) {
        if (s.indicator != kOverallIndicator && s.indicator != kNpsIndicator) m_result.clusterIndicators.push_back(s.indicator);
    }
    const size_t dims = m_result.clusterIndicators.size();
    if (dims == 0 || m_selected.empty()) return;
    std::vector<int32_t> pointOf(m_table.customers.size(), -1);
    std::vector<double> sums;      // points × dims
    std::vector<uint32_t> counts;  // points × dims
    for (size_t k = 0; k < m_selected.size(); ++k) {
        uint32_t c = m_table.rows[m_selected[k]].customer;
        if (pointOf[c] < 0) {
            pointOf[c] = int32_t(m_pointCustomer.size());
            m_pointCustomer.push_back(c);
            sums.resize(sums.size() + dims, 0.0);
            counts.resize(counts.size() + dims, 0);
        }
        const size_t at = size_t(pointOf[c]) * dims;
        for (size_t d = 0; d < dims; ++d) {
            double v = m_columns[m_result.clusterIndicators[d]][k];
            if (std::isnan(v)) continue;
            sums[at + d] += v;
            ++counts[at + d];
        }
    }
    std::vector<const IndicatorStats*> stats(dims);
    for (size_t d = 0; d < dims; ++d) stats[d] = m_result.stats(m_result.clusterIndicators[d]);
    m_points.resize(m_pointCustomer.size());
    for (size_t p = 0; p < m_points.size(); ++p) {
        m_points[p].resize(dims);
        for (size_t d = 0; d < dims; ++d) {
            const IndicatorStats* s = stats[d];
            double v = counts[p * dims + d] ? sums[p * dims + d] / counts[p * dims + d] : s->summary.mean;
            m_points[p][d] = toPercentScale(v, s->scale.lo, s->scale.hi);
        }
    }
    m_kmeans.emplace(m_points, m_request.k);
}

void SurveyAnalysisRun::advisors() {
    struct Acc {
        size_t n = 0, overallN = 0, advisorN = 0, repairOrders = 0, complaints = 0;
        double overall = 0, advisor = 0;  // sums on 0..10
    };
    std::vector<Acc> acc(m_table.names.size());  // by interned advisor
    constexpr size_t kAdvisorIndicator = 6;
    static_assert(std::string_view(kSurveyIndicators[kAdvisorIndicator]) == "advisor");
    for (size_t k = 0; k < m_selected.size(); ++k) {
        const SurveyRow& row = m_table.rows[m_selected[k]];
        if (!row.advisor) continue;
        Acc& a = acc[row.advisor];
        ++a.n;
        for (auto [ind, sum, n] : {std::tuple{kOverallIndicator, &a.overall, &a.overallN},
                                   std::tuple{kAdvisorIndicator, &a.advisor, &a.advisorN}}) {
            double v = m_columns[ind][k];
            if (!std::isnan(v)) *sum += toPercentScale(v, m_scale[ind].lo, m_scale[ind].hi) / 10, ++*n;
        }
    }
    // Repair orders and complaints in the period, of the customers (and advisor, model) the filter keeps; a
    // channel filter is about answers only.
    auto kept = [&](const AdvisorEvent& e) {
        for (const auto& [by, id] : m_filterIds) {
            int32_t value = isCustomerGroup(by) ? (e.customer == UINT32_MAX ? 0 : m_customerGroups[e.customer][customerSlot(by)])
                            : by == GroupBy::Advisor ? e.advisor
                            : by == GroupBy::Model   ? e.model
                                                     : id;  // channel
            if (value != id) return false;
        }
        return true;
    };
    for (const AdvisorEvent& e : m_table.events) {
        if (!e.advisor || e.day < m_request.fromDay || e.day > m_request.toDay || !kept(e)) continue;
        ++(e.complaint ? acc[e.advisor].complaints : acc[e.advisor].repairOrders);
    }
    for (size_t advisor = 1; advisor < acc.size(); ++advisor) {
        const Acc& a = acc[advisor];
        if (!a.n && !a.repairOrders && !a.complaints) continue;
        AdvisorRow row;
        row.advisor = m_table.names[advisor];
        row.n = a.n;
        row.overall = a.overallN ? a.overall / double(a.overallN) : kNaN;
        row.advisorScore = a.advisorN ? a.advisor / double(a.advisorN) : kNaN;
        row.repairOrders = a.repairOrders;
        row.complaints = a.complaints;
        row.complaintsPer100 = a.repairOrders ? 100.0 * double(a.complaints) / double(a.repairOrders) : kNaN;
        m_result.advisors.push_back(std::move(row));
    }
    std::sort(m_result.advisors.begin(), m_result.advisors.end(), [](const AdvisorRow& a, const AdvisorRow& b) {
        return a.n != b.n ? a.n > b.n : a.advisor < b.advisor;
    });
}

SurveyAnalysis analyzeSurveys(const SurveyTable& table, const AnalysisRequest& request,
                              const SurveyAnalysisRun::GroupsOf& groupsOf) {
    SurveyAnalysisRun run(table, request, groupsOf);
    while (!run.step(SIZE_MAX / 4)) {
    }
    return run.takeResult();
}

// ---- JSON ----
const IndicatorStats* SurveyAnalysis::stats(size_t indicator) const {
    for (const IndicatorStats& s : indicators) {
        if (s.indicator == indicator) return &s;
    }
    return nullptr;
}

Json SurveyAnalysis::toJson() const {
    Json out = {{"answers", answers}, {"customers", customers}, {"composite", number(composite)}};
    Json ind = Json::array();
    for (const IndicatorStats& s : indicators) {
        ind.push_back({{"indicator", kSurveyIndicators[s.indicator]},
                       {"scale", {s.scale.lo, s.scale.hi}},
                       {"n", s.summary.n},
                       {"mean", s.summary.mean},
                       {"median", s.summary.median},
                       {"sd", s.summary.sd},
                       {"histogram", s.histogram},
                       {"topTwoBox", s.topTwoBox}});
    }
    out["indicators"] = ind;
    out["nps"] = {{"n", nps.n}, {"promoters", nps.promoters}, {"passives", nps.passives},
                  {"detractors", nps.detractors}, {"score", nps.score}};
    Json trendJson = Json::array();
    for (const MonthPoint& p : trend) trendJson.push_back({{"month", p.month}, {"n", p.n}, {"mean", p.mean}});
    out["trend"] = {{"indicator", kSurveyIndicators[trendIndicator]}, {"months", trendJson}};
    Json groupJson = Json::array();
    for (const GroupRow& g : groups)
        groupJson.push_back({{"group", g.key}, {"n", g.n}, {"mean", g.mean}, {"low", g.boxes[0]}, {"middle", g.boxes[1]}, {"top", g.boxes[2]}});
    out["crossTab"] = {{"indicator", kSurveyIndicators[trendIndicator]},
                       {"by", kGroupByKeys[size_t(by)]},
                       {"groups", groupJson},
                       {"chi2", crossTab.chi2},
                       {"dof", crossTab.dof},
                       {"pValue", crossTab.pValue},
                       {"cramersV", crossTab.cramersV},
                       {"valid", crossTab.valid},
                       {"significant", crossTab.valid && crossTab.pValue < 0.05}};
    Json driverJson = Json::array();
    for (auto& [i, rho] : drivers) driverJson.push_back({{"indicator", kSurveyIndicators[i]}, {"rho", rho}});
    out["drivers"] = driverJson;
    Json names = Json::array(), rows = Json::array();
    for (size_t i : matrixIndicators) names.push_back(kSurveyIndicators[i]);
    for (const auto& r : matrix) {
        Json row = Json::array();
        for (double v : r) row.push_back(number(v));
        rows.push_back(row);
    }
    out["correlation"] = {{"indicators", names}, {"matrix", rows}};
    Json clusterJson = Json::array();
    for (size_t c = 0; c < clusters.size(); ++c) {
        Json means = Json::object();
        for (size_t i : clusterIndicators) means[kSurveyIndicators[i]] = number(clusters[c].means[i]);
        Json ids = c < clusterCustomers.size() ? Json(clusterCustomers[c]) : Json::array();
        clusterJson.push_back({{"size", clusters[c].size}, {"means", means}, {"customers", std::move(ids)}});
    }
    out["clusters"] = {{"k", k}, {"clusters", clusterJson}};
    Json advisorJson = Json::array();
    for (const AdvisorRow& a : advisors) {
        advisorJson.push_back({{"advisor", a.advisor}, {"n", a.n}, {"overall", number(a.overall)},
                               {"advisorScore", number(a.advisorScore)}, {"repairOrders", a.repairOrders},
                               {"complaints", a.complaints}, {"complaintsPer100", number(a.complaintsPer100)}});
    }
    out["advisors"] = advisorJson;
    return out;
}

}  // namespace crm::core

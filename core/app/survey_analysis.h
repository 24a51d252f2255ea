// Survey analysis (满意度分析): the answers of a period and a customer filter turned into the numbers the
// analysis screen and crm.surveys.analyze show — per indicator n / mean / median / SD / histogram /
// top-2-box, NPS, the weighted composite index, the monthly trend, a cross-tab of one indicator by a
// customer group with a chi-square test, key drivers (Spearman with the overall score), the correlation
// matrix, k-means clusters of customers and per-advisor scores with complaints per 100 repair orders.
//
// SurveyTable is the compact form of every answer (gathered from the store in steps); SurveyAnalysisRun
// computes one SurveyAnalysis from it in bounded steps, so the frame loop never waits for it.
#pragma once
#include "core/domain/statistics.h"
#include "core/domain/surveys.h"
#include "core/json.h"

#include <array>
#include <cmath>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::core {

// Scale of a stored score: 0 none, 1: 1–5, 2: 1–10, 3: 0–10.
enum class ScoreScale : uint8_t { None, OneToFive, OneToTen, ZeroToTen };
ScaleRange rangeOf(ScoreScale s);

// The customer groups a cross-tab or a filter uses.
enum class GroupBy { ValueClass, Region, Advisor, Model, Loyalty, Channel };
inline constexpr std::array<const char*, 6> kGroupByKeys = {"value_class", "region", "advisor", "model", "loyalty",
                                                            "channel"};
std::optional<GroupBy> groupByOf(std::string_view key);

struct SurveyRow {
    uint32_t customer = 0;  // index into SurveyTable::customers
    int32_t day = 0;        // days since 1970-01-01
    uint16_t advisor = 0, model = 0, channel = 0;  // interned (0: unknown)
    std::array<float, kIndicatorCount> score;      // NaN: not answered
    std::array<ScoreScale, kIndicatorCount> scale{};
};

// A customer's groups, looked up once per analysis (region from the customer, class and loyalty derived).
struct CustomerGroups {
    std::string valueClass, region, loyalty;
};

// One repair order or complaint, for the per-advisor rates.
struct AdvisorEvent {
    int32_t day = 0;
    uint16_t advisor = 0;
    bool complaint = false;                 // false: a repair order
    uint32_t customer = UINT32_MAX;         // index into SurveyTable::customers (UINT32_MAX: unknown)
    uint16_t model = 0;                     // interned vehicle model (0: unknown)
};

struct SurveyTable {
    std::vector<SurveyRow> rows;
    std::vector<std::string> customers;  // ids
    std::vector<std::string> names = {""};  // interned advisors, models, channels (0 = unknown)
    std::vector<AdvisorEvent> events;
    std::array<double, kIndicatorCount> weights{};  // of the most used template (percent)

    uint32_t customerIndex(const std::string& id);
    uint16_t intern(const std::string& name);
    void clear();

private:
    std::unordered_map<std::string, uint32_t> m_customerIndex;
    std::unordered_map<std::string, uint16_t> m_nameIndex;
};

struct AnalysisRequest {
    int32_t fromDay = INT32_MIN, toDay = INT32_MAX;  // inclusive
    size_t indicator = kOverallIndicator;           // of the cross-tab and the trend
    GroupBy by = GroupBy::Advisor;
    int k = 4;  // clusters, 2..6
    // Only customers / answers of these groups (empty: all).
    std::vector<std::pair<GroupBy, std::string>> filter;
    SurveySettings settings;  // the low-score threshold splits the cross-tab's columns
    // From crm.surveys.analyze's {from, to, indicator, by, k, filter: {region: "..", …}}; throws
    // std::invalid_argument with the reason on a bad value.
    static AnalysisRequest fromJson(const Json& arg);
};

struct IndicatorStats {
    size_t indicator = 0;
    ScaleRange scale;
    Summary summary;
    std::vector<size_t> histogram;  // counts of scale.lo .. scale.hi
    double topTwoBox = 0;           // share of the two highest points
};

struct GroupRow {
    std::string key;
    size_t n = 0;
    double mean = 0;
    std::array<size_t, 3> boxes{};  // low (<= threshold), middle, top-2-box
};

struct Cluster {
    size_t size = 0;
    std::array<double, kIndicatorCount> means;  // 0..100, NaN for indicators not clustered on
};

struct AdvisorRow {
    std::string advisor;
    size_t n = 0;
    double overall = NAN, advisorScore = NAN;  // means on 0..10
    size_t repairOrders = 0, complaints = 0;
    double complaintsPer100 = NAN;
};

struct SurveyAnalysis {
    size_t answers = 0, customers = 0;
    std::vector<IndicatorStats> indicators;  // only indicators with answers, in indicator order
    Nps nps;
    double composite = NAN;  // 0..100
    size_t trendIndicator = kOverallIndicator;
    std::vector<MonthPoint> trend;
    GroupBy by = GroupBy::Advisor;
    std::vector<GroupRow> groups;
    ChiSquare crossTab;
    std::vector<std::pair<size_t, double>> drivers;  // (indicator, rho with overall), strongest first
    std::vector<size_t> matrixIndicators;
    std::vector<std::vector<double>> matrix;  // Spearman between matrixIndicators
    int k = 0;
    std::vector<size_t> clusterIndicators;
    std::vector<Cluster> clusters;
    std::vector<std::vector<std::string>> clusterCustomers;  // customer ids of each cluster
    std::vector<AdvisorRow> advisors;

    const IndicatorStats* stats(size_t indicator) const;
    Json toJson() const;
};

// The analysis in steps: each step() does a bounded amount of work (about `rowsPerStep` rows' worth).
class SurveyAnalysisRun {
public:
    using GroupsOf = std::function<CustomerGroups(const std::string& customerId)>;
    SurveyAnalysisRun(const SurveyTable& table, AnalysisRequest request, GroupsOf groupsOf);
    static constexpr size_t kRowsPerStep = 20000;
    bool step(size_t rowsPerStep = kRowsPerStep);  // true when finished
    bool done() const { return m_phase == Phase::Done; }
    const SurveyAnalysis& result() const { return m_result; }
    SurveyAnalysis takeResult() { return std::move(m_result); }  // once done
    double progress() const;  // 0..1

private:
    enum class Phase { Groups, Select, Describe, CrossTab, Correlate, ClusterPoints, Clustering, Advisors, Done };
    // A row's group as a number: customer groups index m_groupNames, the others SurveyTable::names.
    uint16_t groupId(const SurveyRow& row, GroupBy by) const;
    const std::string& groupName(GroupBy by, uint16_t id) const;
    void select(size_t budget);
    void describeIndicator(size_t indicator);
    void describe();
    void crossTabulate();
    bool correlate();  // one step of the Spearman matrix; true when finished
    void clusterPoints();
    void advisors();

    const SurveyTable& m_table;
    AnalysisRequest m_request;
    GroupsOf m_groupsOf;
    Phase m_phase = Phase::Groups;
    size_t m_next = 0;
    std::vector<std::array<uint16_t, 3>> m_customerGroups;  // per table customer: value class, region, loyalty
    std::vector<std::string> m_groupNames = {""};          // their interned names
    std::unordered_map<std::string, uint16_t> m_groupIndex;
    std::vector<std::pair<GroupBy, int32_t>> m_filterIds;  // the request's filter (−1: a value nobody has)
    std::vector<uint32_t> m_selected;      // rows in the period and filter
    std::array<ScaleRange, kIndicatorCount> m_scale{};
    std::array<std::vector<double>, kIndicatorCount> m_columns;  // values on m_scale, NaN when missing
    std::vector<std::vector<double>> m_points;
    std::vector<uint32_t> m_pointCustomer;
    std::vector<std::vector<double>> m_matrixColumns;  // m_columns lent to the Spearman run, then given back
    std::optional<SpearmanMatrixRun> m_spearman;
    std::optional<KMeansRun> m_kmeans;
    SurveyAnalysis m_result;
};

// One full analysis at once (tests, the automation API).
SurveyAnalysis analyzeSurveys(const SurveyTable& table, const AnalysisRequest& request,
                              const SurveyAnalysisRun::GroupsOf& groupsOf);

// Adds one survey document's answer to the table (scores on their questions' scales; a survey without a
// template is read as 1–5, NPS 0–10). `templates` by id; `advisorOf` gives the repair order's advisor and
// vehicle model when the survey does not name them.
struct RepairOrderInfo {
    std::string advisor, model;
};
void addSurveyRow(SurveyTable& table, const std::string& customerId, const Json& survey,
                  const std::unordered_map<std::string, SurveyTemplate>& templates,
                  const std::function<RepairOrderInfo(const std::string& serviceRecordId)>& repairOrder);

}  // namespace crm::core

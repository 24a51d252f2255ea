// Demo satisfaction surveys: two templates (after-sales and sales) and answers with believable structure —
// each customer has a general mood, each advisor a quality that drives the advisor, service-quality and
// overall scores, NPS follows the overall score — so every chart of the analysis screen shows something.
#pragma once
#include "core/app/survey_analysis.h"
#include "core/domain/civil_date.h"
#include "core/json.h"

#include <cstdint>
#include <vector>

namespace crm::core {

inline constexpr const char* kDemoAfterSalesTemplateId = "survey_template:demo-aftersales";
inline constexpr const char* kDemoSalesTemplateId = "survey_template:demo-sales";

// The demo's survey templates (written once, with customer 0).
std::vector<Json> demoSurveyTemplates();
// Surveys of one customer, given the customer's documents generated so far (its repair orders): about two
// in three repair orders get a survey a few days later, by phone mostly. Depends only on (seed, the docs).
std::vector<Json> demoSurveys(uint64_t seed, const std::string& customerId, const std::vector<Json>& customerDocs,
                              const CivilDate& today);

// For the benchmark: an answer table of `answers` after-sales surveys over `customers` customers (the same
// score model, spread over the two years before `today`), with 8 advisors and 12 models, and each
// customer's groups (value class, region, loyalty) for SurveyAnalysisRun.
struct DemoSurveyTable {
    SurveyTable table;
    std::vector<CustomerGroups> groups;  // by customer index
};
DemoSurveyTable demoSurveyTable(size_t answers, size_t customers, const CivilDate& today, uint64_t seed = 17);

}  // namespace crm::core

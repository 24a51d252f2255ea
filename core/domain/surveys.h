// Satisfaction surveys (满意度调查): the indicators, a template's questions and weights, the per-indicator
// scores of one set of answers, the low-score threshold that offers a complaint, and that complaint's draft.
// Documents: survey_template {name, active, questions: [{id, text, kind, indicator, options}], weights:
// {indicator: percent}} and survey {template_id, customer_id, vehicle_id, service_record_id, complaint_id,
// channel, date, advisor, answers: {question id: value}, scores: {indicator: score}}.
#pragma once
#include "core/json.h"
#include "core/records/field_issue.h"

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

// The indicators, in display order: the seed's five, the after-sales service factors, overall and NPS.
inline constexpr std::array<const char*, 12> kSurveyIndicators = {
    "product_quality", "service", "price",   "delivery",        "after_sales", "booking",
    "advisor",         "facility", "pickup", "service_quality", "overall",     "nps"};
constexpr size_t kIndicatorCount = kSurveyIndicators.size();
constexpr size_t kOverallIndicator = 10;
constexpr size_t kNpsIndicator = 11;
std::optional<size_t> indicatorIndex(std::string_view key);

enum class QuestionKind { Scale5, Scale10, Scale0To10, Single, Multiple, Text };
std::optional<QuestionKind> questionKindOf(std::string_view key);  // "scale5", "scale10", "scale0_10", "single", …
std::string_view questionKindKey(QuestionKind kind);
bool isScale(QuestionKind kind);
struct ScaleRange {
    int lo = 1, hi = 5;
};
ScaleRange scaleOf(QuestionKind kind);  // 1–5, 1–10, 0–10 (choices and text: 1–5, unused)

struct SurveyQuestion {
    std::string id;
    std::string text;
    QuestionKind kind = QuestionKind::Scale5;
    std::string indicator;  // one of kSurveyIndicators ("" for a question that feeds none)
    std::vector<std::string> options;
};

struct SurveyTemplate {
    std::string id;
    std::string name;
    std::vector<SurveyQuestion> questions;
    std::array<double, kIndicatorCount> weights{};  // percent, summing to 100 over the weighted indicators
};
SurveyTemplate parseSurveyTemplate(const std::string& id, const Json& doc);

// survey_template rule: every question has an id, a known kind and a known indicator; the weights are known
// indicators, none negative, summing to 100% ("survey.error.weights_sum").
void surveyTemplateRule(const Json& doc, FieldIssues& out);
// survey rule: each answer is a number, a string or a list of strings; numbers lie within 0..10.
void surveyAnswersRule(const Json& doc, FieldIssues& out);

// The per-indicator scores of `answers` ({question id: value}): the mean of the indicator's scale answers,
// on that question's own scale. Indicators without a scale answer are absent.
Json surveyScores(const SurveyTemplate& tpl, const Json& answers);

// The low-score threshold (settings:surveys, synced): an answer at or below it offers a complaint.
inline constexpr const char* kSurveySettingsId = "settings:surveys";
struct SurveySettings {
    int lowOn10 = 6;      // on 0–10 and 1–10 scales
    int lowOn5 = 2;       // on 1–5 (the agenda's "survey due" days are FollowupSettings::surveyDueDays)
    Json toJson() const;
    static SurveySettings fromJson(const Json& json);  // missing or mistyped fields keep their defaults
};
// settings rule for the survey rules: on settings:surveys, low_on_10 a whole number 0..9 and low_on_5 1..4
// ("settings.error.survey_low10" / "…_low5"); on settings:followup, survey_window_days 1..3650 and
// survey_due_days 0..365 and at most the window ("settings.error.survey_window" / "…_due").
void surveySettingsRule(const Json& doc, FieldIssues& out);
bool isLowScore(QuestionKind kind, double value, const SurveySettings& settings);
// The questions answered at or below the threshold, in template order.
std::vector<const SurveyQuestion*> lowAnswers(const SurveyTemplate& tpl, const Json& answers, const SurveySettings& settings);

// The complaint a low survey offers: a `complaint` at stage "received", with customer_id, vehicle_id,
// service_record_id and survey_id from the survey, the channel it was taken by, and a matter listing the
// low answers ("question: value/max"), `receivedAt` as its time. Empty when no answer is low.
std::optional<Json> complaintDraftFromSurvey(const Json& survey, const std::string& surveyId, const SurveyTemplate& tpl,
                                             const SurveySettings& settings, const std::string& receivedAt);

}  // namespace crm::core

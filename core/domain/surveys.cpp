// Survey templates, scores, the low-score threshold and the complaint draft (see surveys.h).
#include "core/domain/surveys.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace crm::core {
namespace {
struct KindName {
    QuestionKind kind;
    const char* key;
};
constexpr KindName kKinds[] = {{QuestionKind::Scale5, "scale5"},   {QuestionKind::Scale10, "scale10"},
                               {QuestionKind::Scale0To10, "scale0_10"}, {QuestionKind::Single, "single"},
                               {QuestionKind::Multiple, "multiple"}, {QuestionKind::Text, "text"}};

std::string str(const Json& doc, const char* key) {
    auto it = doc.find(key);
    return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string formatNumber(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

int intOr(const Json& json, const char* key, int fallback) {
    auto it = json.find(key);
    return it != json.end() && it->is_number_integer() ? it->get<int>() : fallback;
}
}  // namespace

std::optional<size_t> indicatorIndex(std::string_view key) {
    for (size_t i = 0; i < kIndicatorCount; ++i) {
        if (key == kSurveyIndicators[i]) return i;
    }
    return std::nullopt;
}

std::optional<QuestionKind> questionKindOf(std::string_view key) {
    for (const KindName& k : kKinds) {
        if (key == k.key) return k.kind;
    }
    return std::nullopt;
}

std::string_view questionKindKey(QuestionKind kind) {
    for (const KindName& k : kKinds) {
        if (k.kind == kind) return k.key;
    }
    return "text";
}

bool isScale(QuestionKind kind) {
    return kind == QuestionKind::Scale5 || kind == QuestionKind::Scale10 || kind == QuestionKind::Scale0To10;
}

ScaleRange scaleOf(QuestionKind kind) {
    switch (kind) {
    case QuestionKind::Scale10: return {1, 10};
    case QuestionKind::Scale0To10: return {0, 10};
    default: return {1, 5};
    }
}

SurveyTemplate parseSurveyTemplate(const std::string& id, const Json& doc) {
    SurveyTemplate t;
    t.id = id;
    t.name = str(doc, "name");
    auto questions = doc.find("questions");
    if (questions != doc.end() && questions->is_array()) {
        for (const Json& q : *questions) {
            if (!q.is_object()) continue;
            SurveyQuestion question;
            question.id = str(q, "id");
            question.text = str(q, "text");
            question.kind = questionKindOf(str(q, "kind")).value_or(QuestionKind::Text);
            question.indicator = str(q, "indicator");
            if (auto o = q.find("options"); o != q.end() && o->is_array()) {
                for (const Json& option : *o)
                    if (option.is_string()) question.options.push_back(option.get<std::string>());
            }
            t.questions.push_back(std::move(question));
        }
    }
    auto weights = doc.find("weights");
    if (weights != doc.end() && weights->is_object()) {
        for (auto it = weights->begin(); it != weights->end(); ++it) {
            if (auto i = indicatorIndex(it.key()); i && it->is_number()) t.weights[*i] = it->get<double>();
        }
    }
    return t;
}

void surveyTemplateRule(const Json& doc, FieldIssues& out) {
    auto questions = doc.find("questions");
    if (questions != doc.end()) {
        bool bad = !questions->is_array();
        for (const Json& q : *questions) {
            bad = bad || !q.is_object() || str(q, "id").empty() || !questionKindOf(str(q, "kind")) ||
                  (!str(q, "indicator").empty() && !indicatorIndex(str(q, "indicator")));
        }
        if (bad) out.push_back({"questions", "survey.error.question"});
    }
    auto weights = doc.find("weights");
    if (weights == doc.end()) return;
    double total = 0;
    bool bad = !weights->is_object();
    if (!bad) {
        for (auto it = weights->begin(); !bad && it != weights->end(); ++it) {
            bad = !indicatorIndex(it.key()) || !it->is_number() || it->get<double>() < 0;
            if (!bad) total += it->get<double>();
        }
    }
    if (bad || std::fabs(total - 100) > 1e-6) out.push_back({"weights", "survey.error.weights_sum"});
}

void surveySettingsRule(const Json& doc, FieldIssues& out) {
    auto id = doc.find("_id");
    if (id == doc.end() || !id->is_string()) return;
    // A present field that is not a whole number within lo..hi; absent fields keep their defaults.
    auto outside = [&](const char* key, long lo, long hi) {
        auto it = doc.find(key);
        if (it == doc.end()) return false;
        if (!it->is_number_integer()) return true;
        long v = it->get<long>();
        return v < lo || v > hi;
    };
    if (*id == kSurveySettingsId) {
        if (outside("low_on_10", 0, 9)) out.push_back({"low_on_10", "settings.error.survey_low10"});
        if (outside("low_on_5", 1, 4)) out.push_back({"low_on_5", "settings.error.survey_low5"});
    } else if (*id == "settings:followup") {
        if (outside("survey_window_days", 1, 3650)) {
            out.push_back({"survey_window_days", "settings.error.survey_window"});
        } else {
            long window = doc.value("survey_window_days", 30L);
            if (outside("survey_due_days", 0, std::min(365L, window)))
                out.push_back({"survey_due_days", "settings.error.survey_due"});
        }
    }
}

void surveyAnswersRule(const Json& doc, FieldIssues& out) {
    auto answers = doc.find("answers");
    if (answers == doc.end()) return;
    bool bad = !answers->is_object();
    if (!bad) {
        for (const Json& v : *answers) {
            if (v.is_number()) bad = bad || v.get<double>() < 0 || v.get<double>() > 10;
            else if (v.is_array()) {
                for (const Json& item : v) bad = bad || !item.is_string();
            } else bad = bad || !v.is_string();
        }
    }
    if (bad) out.push_back({"answers", "survey.error.answer"});
}

Json surveyScores(const SurveyTemplate& tpl, const Json& answers) {
    std::array<double, kIndicatorCount> sum{};
    std::array<int, kIndicatorCount> count{};
    for (const SurveyQuestion& q : tpl.questions) {
        auto i = indicatorIndex(q.indicator);
        auto a = answers.is_object() ? answers.find(q.id) : answers.end();
        if (!i || !isScale(q.kind) || a == answers.end() || !a->is_number()) continue;
        sum[*i] += a->get<double>();
        ++count[*i];
    }
    Json scores = Json::object();
    for (size_t i = 0; i < kIndicatorCount; ++i) {
        if (count[i]) scores[kSurveyIndicators[i]] = sum[i] / count[i];
    }
    return scores;
}

Json SurveySettings::toJson() const {
    return {{"low_on_10", lowOn10}, {"low_on_5", lowOn5}};
}

SurveySettings SurveySettings::fromJson(const Json& json) {
    SurveySettings s;
    if (!json.is_object()) return s;
    s.lowOn10 = intOr(json, "low_on_10", s.lowOn10);
    s.lowOn5 = intOr(json, "low_on_5", s.lowOn5);
    return s;
}

bool isLowScore(QuestionKind kind, double value, const SurveySettings& settings) {
    if (!isScale(kind)) return false;
    return value <= (kind == QuestionKind::Scale5 ? settings.lowOn5 : settings.lowOn10);
}

std::vector<const SurveyQuestion*> lowAnswers(const SurveyTemplate& tpl, const Json& answers,
                                              const SurveySettings& settings) {
    std::vector<const SurveyQuestion*> low;
    if (!answers.is_object()) return low;
    for (const SurveyQuestion& q : tpl.questions) {
        auto a = answers.find(q.id);
        if (a != answers.end() && a->is_number() && isLowScore(q.kind, a->get<double>(), settings)) low.push_back(&q);
    }
    return low;
}

std::optional<Json> complaintDraftFromSurvey(const Json& survey, const std::string& surveyId, const SurveyTemplate& tpl,
                                             const SurveySettings& settings, const std::string& receivedAt) {
    const Json answers = survey.value("answers", Json::object());
    std::vector<const SurveyQuestion*> low = lowAnswers(tpl, answers, settings);
    if (low.empty()) return std::nullopt;
    std::string matter;
    for (const SurveyQuestion* q : low) {
        if (!matter.empty()) matter += "; ";
        matter += (q->text.empty() ? q->id : q->text) + ": " + formatNumber(answers[q->id].get<double>()) + "/" +
                  std::to_string(scaleOf(q->kind).hi);
    }
    std::string channel = str(survey, "channel");
    Json draft = {{"type", "complaint"},
                  {"status", "received"},
                  {"received_at", receivedAt},
                  {"channel", channel == "face_to_face" ? "walk_in" : channel == "phone" ? "phone" : "online"},
                  {"matter", matter},
                  {"survey_id", surveyId}};
    for (const char* key : {"customer_id", "vehicle_id", "service_record_id"}) {
        if (!str(survey, key).empty()) draft[key] = str(survey, key);
    }
    return draft;
}

}  // namespace crm::core

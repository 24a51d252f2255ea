// Demo survey templates and answers (see demo_surveys.h). The score model: a customer's mood m (−1..1), an
// advisor's quality q (−1..1, fixed per advisor); factor = 3.9 + 0.7 m + weight(factor) q + noise on 1–5;
// overall (1–10) follows mostly the advisor and service quality; NPS (0–10) follows the overall score.
#include "core/app/demo_surveys.h"

#include "core/app/demo_random.h"
#include "core/domain/surveys.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <cmath>
#include <string>

namespace crm::core {
namespace {
using Random = DemoRandom;

uint64_t hashOf(const std::string& text) {
    uint64_t h = 1469598103934665603ULL;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ULL;
    return h;
}

struct Question {
    const char* id;
    const char* text;
    const char* kind;
    const char* indicator;
    double advisorWeight;  // how much the advisor's quality moves this answer
};
const Question kAfterSales[] = {
    {"booking", "预约是否方便？", "scale5", "booking", 0.3},
    {"advisor", "服务顾问的专业与态度", "scale5", "advisor", 1.1},
    {"facility", "休息区与环境", "scale5", "facility", 0.1},
    {"quality", "维修质量（一次修好）", "scale5", "service_quality", 0.8},
    {"pickup", "交车是否准时、车辆是否洁净", "scale5", "pickup", 0.5},
    {"price", "收费是否透明合理", "scale5", "price", 0.3},
    {"product", "对车辆本身的满意度", "scale5", "product_quality", 0.0},
    {"service", "整体服务流程", "scale5", "service", 0.6},
    {"after_sales", "售后保障（质保、救援）", "scale5", "after_sales", 0.2},
    {"delivery", "配件到货与交付速度", "scale5", "delivery", 0.2},
    {"overall", "总体满意度（1–10 分）", "scale10", "overall", 0},
    {"nps", "您向亲友推荐本店的可能性（0–10 分）", "scale0_10", "nps", 0},
};
double advisorQuality(const std::string& advisor) {  // fixed per advisor, −1.1..1.1
    Random advisorRng(hashOf(advisor) * 31 + 7);
    return advisorRng.noise(2.2);
}

// The scale answers of one survey, in kAfterSales order.
std::array<int, std::size(kAfterSales)> answerScores(Random& rng, double mood, double quality) {
    std::array<int, std::size(kAfterSales)> out{};
    double drive = 0;
    for (size_t i = 0; i < std::size(kAfterSales); ++i) {
        const Question& q = kAfterSales[i];
        if (std::string_view(q.kind) != "scale5") continue;
        double v = std::clamp(std::round(3.9 + 0.7 * mood + q.advisorWeight * quality + rng.noise(1.6)), 1.0, 5.0);
        out[i] = int(v);
        drive += (v - 3) * (q.advisorWeight + 0.3);
    }
    double overall = std::clamp(std::round(7.6 + 0.45 * drive + rng.noise(1.2)), 1.0, 10.0);
    out[std::size(kAfterSales) - 2] = int(overall);
    out[std::size(kAfterSales) - 1] = int(std::clamp(std::round(overall - 0.4 + rng.noise(1.5)), 0.0, 10.0));
    return out;
}
}  // namespace

std::vector<Json> demoSurveyTemplates() {
    Json questions = Json::array();
    for (const Question& q : kAfterSales)
        questions.push_back({{"id", q.id}, {"text", q.text}, {"kind", q.kind}, {"indicator", q.indicator}});
    questions.push_back({{"id", "heard"}, {"text", "您是如何预约的？"}, {"kind", "single"}, {"indicator", ""},
                         {"options", {"电话", "微信", "到店", "App"}}});
    questions.push_back({{"id", "extras"}, {"text", "本次还希望得到哪些服务？"}, {"kind", "multiple"}, {"indicator", ""},
                         {"options", {"代步车", "上门取送车", "洗车", "免费检测"}}});
    questions.push_back({{"id", "comment"}, {"text", "其他意见与建议"}, {"kind", "text"}, {"indicator", ""}});
    Json afterSales = {{"_id", kDemoAfterSalesTemplateId},
                       {"type", "survey_template"},
                       {"name", "售后服务满意度（CSI）"},
                       {"active", true},
                       {"questions", questions},
                       {"weights", {{"booking", 10}, {"advisor", 20}, {"facility", 5}, {"service_quality", 20},
                                    {"pickup", 10}, {"price", 10}, {"product_quality", 5}, {"service", 10},
                                    {"after_sales", 5}, {"delivery", 5}}},
                       {"demo", true}};
    Json sales = {{"_id", kDemoSalesTemplateId},
                  {"type", "survey_template"},
                  {"name", "购车满意度（SSI）"},
                  {"active", false},
                  {"questions", {{{"id", "product"}, {"text", "车辆品质"}, {"kind", "scale5"}, {"indicator", "product_quality"}},
                                 {{"id", "price"}, {"text", "价格与优惠"}, {"kind", "scale5"}, {"indicator", "price"}},
                                 {{"id", "delivery"}, {"text", "交车过程"}, {"kind", "scale5"}, {"indicator", "delivery"}},
                                 {{"id", "overall"}, {"text", "总体满意度"}, {"kind", "scale10"}, {"indicator", "overall"}}}},
                  {"weights", {{"product_quality", 40}, {"price", 30}, {"delivery", 30}}},
                  {"demo", true}};
    return {afterSales, sales};
}

std::vector<Json> demoSurveys(uint64_t seed, const std::string& customerId, const std::vector<Json>& customerDocs,
                              const CivilDate& today) {
    Random rng(seed ^ hashOf(customerId));
    const double mood = rng.noise(1.3);
    std::vector<Json> out;
    const char* channels[] = {"phone", "phone", "phone", "face_to_face", "questionnaire", "online"};
    for (const Json& doc : customerDocs) {
        if (doc.value("type", "") != "service_record" || !rng.chance(65)) continue;
        std::optional<CivilDate> in = CivilDate::parse(doc.value("date_in", ""));
        if (!in) continue;
        CivilDate when = in->addDays(2 + int(rng.unit() * 6));
        if (when > today) continue;
        const std::string advisor = doc.value("advisor", "");
        std::array<int, std::size(kAfterSales)> scores = answerScores(rng, mood, advisorQuality(advisor));
        Json answers = Json::object();
        for (size_t i = 0; i < scores.size(); ++i) answers[kAfterSales[i].id] = scores[i];
        answers["heard"] = rng.chance(50) ? "电话" : "微信";
        if (rng.chance(30)) answers["extras"] = Json::array({"洗车"});
        std::string id = doc.value("_id", "");
        id = "survey:" + id.substr(id.find(':') + 1);
        out.push_back({{"_id", id},
                       {"type", "survey"},
                       {"customer_id", customerId},
                       {"template_id", kDemoAfterSalesTemplateId},
                       {"service_record_id", doc.value("_id", "")},
                       {"vehicle_id", doc.value("vehicle_id", "")},
                       {"advisor", advisor},
                       {"channel", channels[rng.next() % 6]},
                       {"date", when.toString()},
                       {"answers", answers},
                       {"demo", true}});
    }
    static const SurveyTemplate tpl = parseSurveyTemplate(kDemoAfterSalesTemplateId, demoSurveyTemplates()[0]);
    for (Json& s : out) s["scores"] = surveyScores(tpl, s["answers"]);
    return out;
}

DemoSurveyTable demoSurveyTable(size_t answers, size_t customers, const CivilDate& today, uint64_t seed) {
    DemoSurveyTable out;
    SurveyTable& t = out.table;
    Random rng(seed);
    const char* advisors[] = {"李娜", "王强", "赵敏", "陈晨", "刘洋", "孙丽", "周杰", "吴昊"};
    const char* regions[] = {"北京市", "上海市", "广州市", "深圳市", "成都市", "杭州市"};
    const char* loyalty[] = {"loyal", "flexible", "lost"};
    std::vector<double> moods(customers);
    for (size_t c = 0; c < customers; ++c) {
        t.customerIndex("customer:bench-" + std::to_string(c));
        moods[c] = rng.noise(1.3);
        out.groups.push_back({std::string(1, char('A' + rng.next() % 3)), regions[rng.next() % 6], loyalty[rng.next() % 3]});
    }
    std::array<size_t, std::size(kAfterSales)> indicator{};
    for (size_t i = 0; i < std::size(kAfterSales); ++i) indicator[i] = *indicatorIndex(kAfterSales[i].indicator);
    const int32_t last = int32_t(today.toDays());
    for (size_t a = 0; a < answers; ++a) {
        SurveyRow row;
        row.score.fill(NAN);
        row.customer = uint32_t(a % std::max<size_t>(customers, 1));
        const char* advisor = advisors[rng.next() % 8];
        row.advisor = t.intern(advisor);
        row.model = t.intern("车型 " + std::to_string(rng.next() % 12 + 1));
        row.channel = t.intern(rng.chance(60) ? "phone" : "online");
        row.day = last - int32_t(rng.next() % 730);
        auto scores = answerScores(rng, moods[row.customer], advisorQuality(advisor));
        for (size_t i = 0; i < scores.size(); ++i) {
            QuestionKind kind = *questionKindOf(kAfterSales[i].kind);
            row.score[indicator[i]] = float(scores[i]);
            row.scale[indicator[i]] = kind == QuestionKind::Scale5    ? ScoreScale::OneToFive
                                      : kind == QuestionKind::Scale10 ? ScoreScale::OneToTen
                                                                      : ScoreScale::ZeroToTen;
        }
        t.rows.push_back(row);
        t.events.push_back({row.day, row.advisor, false});
        if (rng.chance(3)) t.events.push_back({row.day, row.advisor, true});
    }
    Json weights = demoSurveyTemplates()[0]["weights"];
    for (auto it = weights.begin(); it != weights.end(); ++it) t.weights[*indicatorIndex(it.key())] = it->get<double>();
    return out;
}

}  // namespace crm::core

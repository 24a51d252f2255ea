// Doctests for satisfaction surveys: template rules (weights sum to 100%), scores from answers, the low-score
// threshold and the complaint draft, the analysis of hand-made answer tables with known numbers, the keyboard
// entry's typed answers through SurveyService and CrmSession, and the demo data's structure.
#include "core/app/classification_service.h"
#include "core/app/demo_data.h"
#include "core/app/demo_surveys.h"
#include "core/app/i18n.h"
#include "core/app/survey_service.h"
#include "core/records/record_validation.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace crm::core;
using doctest::Approx;

namespace {
constexpr int64_t kNow = 1795516140000;  // 2026-11-24T10:29:00Z

Json tplDoc(Json weights) {
    return {{"type", "survey_template"},
            {"name", "CSI"},
            {"questions", {{{"id", "a"}, {"text", "顾问"}, {"kind", "scale5"}, {"indicator", "advisor"}},
                           {{"id", "q"}, {"text", "质量"}, {"kind", "scale5"}, {"indicator", "service_quality"}},
                           {{"id", "o"}, {"text", "总体"}, {"kind", "scale10"}, {"indicator", "overall"}},
                           {{"id", "n"}, {"text", "推荐"}, {"kind", "scale0_10"}, {"indicator", "nps"}},
                           {{"id", "c"}, {"text", "渠道"}, {"kind", "single"}, {"indicator", ""}, {"options", {"电话", "微信"}}},
                           {{"id", "m"}, {"text", "多选"}, {"kind", "multiple"}, {"indicator", ""}, {"options", {"甲", "乙", "丙"}}},
                           {{"id", "t"}, {"text", "意见"}, {"kind", "text"}, {"indicator", ""}}}},
            {"weights", weights}};
}

bool hasIssue(const FieldIssues& issues, const std::string& code) {
    return std::any_of(issues.begin(), issues.end(), [&](const FieldIssue& i) { return i.code == code; });
}

SurveyRow row(uint32_t customer, uint16_t advisor, float advisorScore, float overall, float nps, int32_t day = 100) {
    SurveyRow r;
    r.score.fill(NAN);
    r.customer = customer;
    r.advisor = advisor;
    r.day = day;
    r.score[6] = advisorScore, r.scale[6] = ScoreScale::OneToFive;
    r.score[kOverallIndicator] = overall, r.scale[kOverallIndicator] = ScoreScale::OneToFive;
    r.score[kNpsIndicator] = nps, r.scale[kNpsIndicator] = ScoreScale::ZeroToTen;
    return r;
}
}  // namespace

TEST_CASE("survey template: weights must sum to 100%, questions need a kind and a known indicator") {
    CHECK_FALSE(hasErrors(validateRecord(tplDoc({{"advisor", 60}, {"service_quality", 40}}))));
    FieldIssues off = validateRecord(tplDoc({{"advisor", 60}, {"service_quality", 39}}));
    CHECK(hasIssue(off, "survey.error.weights_sum"));
    CHECK(hasIssue(validateRecord(tplDoc({{"advisor", 60}, {"colour", 40}})), "survey.error.weights_sum"));
    Json badQuestion = tplDoc({{"advisor", 100}});
    badQuestion["questions"][0]["kind"] = "stars";
    CHECK(hasIssue(validateRecord(badQuestion), "survey.error.question"));
    CHECK(hasIssue(validateRecord({{"type", "survey"}, {"answers", {{"a", 11}}}}), "survey.error.answer"));
}

TEST_CASE("survey scores, low answers and the complaint draft") {
    SurveyTemplate t = parseSurveyTemplate("survey_template:x", tplDoc({{"advisor", 100}}));
    CHECK(t.weights[6] == 100);
    Json answers = {{"a", 2}, {"q", 4}, {"o", 6}, {"n", 9}, {"c", "电话"}};
    Json scores = surveyScores(t, answers);
    CHECK(scores["advisor"] == 2);
    CHECK(scores["overall"] == 6);
    CHECK_FALSE(scores.contains("price"));
    SurveySettings s;
    auto low = lowAnswers(t, answers, s);  // 2 on 1–5 (≤ 2) and 6 on 1–10 (≤ 6)
    REQUIRE(low.size() == 2);
    CHECK(low[0]->id == "a");
    CHECK(low[1]->id == "o");
    s.lowOn5 = 1, s.lowOn10 = 5;
    CHECK(lowAnswers(t, answers, s).empty());
    Json survey = {{"customer_id", "customer:1"}, {"vehicle_id", "vehicle:1"}, {"service_record_id", "service_record:1"},
                   {"channel", "phone"}, {"answers", answers}};
    auto draft = complaintDraftFromSurvey(survey, "survey:1", t, SurveySettings{}, "2026-11-24T10:29:00Z");
    REQUIRE(draft);
    CHECK((*draft)["type"] == "complaint");
    CHECK((*draft)["status"] == "received");
    CHECK((*draft)["customer_id"] == "customer:1");
    CHECK((*draft)["vehicle_id"] == "vehicle:1");
    CHECK((*draft)["service_record_id"] == "service_record:1");
    CHECK((*draft)["survey_id"] == "survey:1");
    CHECK((*draft)["channel"] == "phone");
    CHECK((*draft)["matter"] == "顾问: 2/5; 总体: 6/10");
    CHECK_FALSE(validateRecord(*draft).size());
    SurveySettings fromJson = SurveySettings::fromJson({{"low_on_10", 5}});
    CHECK(fromJson.lowOn10 == 5);
    CHECK(fromJson.lowOn5 == 2);
}

TEST_CASE("analysis of a hand-made table: indicators, NPS, cross-tab, drivers, clusters, advisors") {
    SurveyTable t;
    uint16_t li = t.intern("李娜"), wang = t.intern("王强");
    for (int c = 0; c < 4; ++c) t.customerIndex("customer:" + std::to_string(c));
    // 李娜's customers are happy, 王强's are not; overall follows the advisor score exactly.
    t.rows = {row(0, li, 5, 5, 10), row(1, li, 4, 4, 9), row(2, wang, 2, 2, 3), row(3, wang, 1, 1, 7, 400)};
    t.events = {{100, li, false}, {100, li, false}, {100, wang, false}, {100, wang, true}};
    t.weights[6] = 50, t.weights[kOverallIndicator] = 50;
    AnalysisRequest r;
    r.k = 2;
    SurveyAnalysis a = analyzeSurveys(t, r, {});
    CHECK(a.answers == 4);
    CHECK(a.customers == 4);
    const IndicatorStats* overall = a.stats(kOverallIndicator);
    REQUIRE(overall);
    CHECK(overall->summary.mean == 3);
    CHECK(overall->summary.median == 3);
    CHECK(overall->summary.sd == Approx(std::sqrt(10.0 / 3)));
    CHECK(overall->histogram == std::vector<size_t>{1, 1, 0, 1, 1});
    CHECK(overall->topTwoBox == 0.5);
    CHECK(a.nps.promoters == 2);
    CHECK(a.nps.detractors == 1);
    CHECK(a.nps.score == 25);
    CHECK(a.composite == Approx(50.0));  // both means are 3 on 1–5
    REQUIRE(a.groups.size() == 2);       // by advisor
    CHECK(a.crossTab.valid);
    CHECK(a.crossTab.cramersV == Approx(1.0));  // low vs top box splits exactly by advisor
    REQUIRE(a.drivers.size() == 1);
    CHECK(a.drivers[0].first == 6);
    CHECK(a.drivers[0].second == Approx(1.0));
    REQUIRE(a.clusters.size() == 2);
    CHECK(a.clusters[0].size + a.clusters[1].size == 4);
    REQUIRE(a.advisors.size() == 2);
    const AdvisorRow& w = a.advisors[0].advisor == "王强" ? a.advisors[0] : a.advisors[1];
    CHECK(w.repairOrders == 1);
    CHECK(w.complaints == 1);
    CHECK(w.complaintsPer100 == 100);
    CHECK(w.overall == Approx(1.25));  // (2 and 1 on 1–5) → 25 and 0 of 100 → 1.25 of 10
    // The period leaves out day 400; a filter keeps one advisor.
    r.toDay = 200;
    CHECK(analyzeSurveys(t, r, {}).answers == 3);
    r.filter = {{GroupBy::Advisor, "李娜"}};
    CHECK(analyzeSurveys(t, r, {}).answers == 2);
    CHECK(analyzeSurveys(t, r, {}).advisors.size() == 1);  // 王强's orders and complaint are filtered out too
    // A customer filter keeps the repair orders and complaints of those customers only.
    t.events = {{100, li, false, 0}, {100, li, false, 1}, {100, wang, false, 2}, {100, wang, true, 3}};
    auto regionOf = [](const std::string& id) { return CustomerGroups{"", id == "customer:3" ? "上海" : "北京", ""}; };
    r.filter = {{GroupBy::Region, "北京"}};
    SurveyAnalysis beijing = analyzeSurveys(t, r, regionOf);
    const AdvisorRow& wb = beijing.advisors[0].advisor == "王强" ? beijing.advisors[0] : beijing.advisors[1];
    CHECK(wb.repairOrders == 1);
    CHECK(wb.complaints == 0);  // the complaint was customer 3's, in 上海
    // Bad requests are refused with the reason.
    CHECK_THROWS_AS(AnalysisRequest::fromJson({{"by", "colour"}}), std::invalid_argument);
    CHECK_THROWS_AS(AnalysisRequest::fromJson({{"k", 9}}), std::invalid_argument);
    CHECK(AnalysisRequest::fromJson({{"from", "2026-01-01"}, {"indicator", "nps"}, {"by", "region"}}).indicator == kNpsIndicator);
}

TEST_CASE("the stepped run gives the one-shot answer") {
    DemoSurveyTable demo = demoSurveyTable(3000, 600, CivilDate{2026, 12, 1});
    auto groupsOf = [&](const std::string& id) { return demo.groups[std::stoul(id.substr(id.rfind('-') + 1))]; };
    AnalysisRequest r;
    SurveyAnalysis once = analyzeSurveys(demo.table, r, groupsOf);
    SurveyAnalysisRun run(demo.table, r, groupsOf);
    int steps = 0;
    while (!run.step(500)) ++steps;
    CHECK(steps > 10);
    CHECK(run.result().toJson() == once.toJson());
    // Believable structure: the advisor score is among the strongest drivers of the overall score.
    REQUIRE(once.drivers.size() >= 3);
    CHECK((once.drivers[0].first == 6 || once.drivers[1].first == 6));
    CHECK(once.drivers[0].second > 0.3);
}

TEST_CASE("keyboard entry through SurveyService: typed answers, refusals, the complaint offer") {
    FixedClock clock{kNow};
    CrmSession session{clock, 7};
    ClassificationService classes{session.store()};
    SurveyService surveys{session, classes};
    WriteResult tpl = session.putDocument(tplDoc({{"advisor", 50}, {"service_quality", 50}}));
    REQUIRE(tpl.ok());
    WriteResult customer = session.putDocument({{"type", "customer"}, {"name", "张伟"}});
    REQUIRE(customer.ok());
    SurveyService::Entry e;
    e.templateId = tpl.id;
    e.customerId = customer.id;
    e.date = "2026-11-24";
    e.answers = {"6", "4", "9", "10", "2", "1 3", "很好"};  // 6 is outside 1–5
    FieldIssues issues;
    CHECK_FALSE(surveys.saveEntry(e, &issues).ok());
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].field == "answers.a");
    CHECK(issues[0].code == "survey.error.scale");
    e.answers[0] = "2";
    e.answers[4] = "3";  // no third option
    CHECK(surveys.saveEntry(e, &issues).error->reason == "survey.error.choice");
    e.answers[4] = "2";
    WriteResult saved = surveys.saveEntry(e, &issues);
    REQUIRE(saved.ok());
    Json doc = *session.store().get(saved.id);
    CHECK(doc["answers"]["c"] == "微信");
    CHECK(doc["answers"]["m"] == Json::array({"甲", "丙"}));
    CHECK(doc["scores"]["advisor"] == 2);
    CHECK(doc["channel"] == "phone");
    // Low (2 on 1–5): the offer writes one complaint at stage "received".
    REQUIRE(surveys.complaintDraft(saved.id));
    WriteResult complaint = surveys.openComplaint(saved.id);
    REQUIRE(complaint.ok());
    Json c = *session.store().get(complaint.id);
    CHECK(c["status"] == "received");
    CHECK(c["survey_id"] == saved.id);
    CHECK(c["customer_id"] == customer.id);
    REQUIRE(c["events"].is_array());  // opened by the complaint workflow: its "open" event, deadlines derived
    CHECK(c["events"].size() == 1);
    CHECK(c["events"][0]["kind"] == "open");
    CHECK(c.contains("deadlines"));
    // The settings move the threshold: 1 on 1–5 no longer offers it.
    REQUIRE(surveys.saveSettings(SurveySettings{6, 1}).ok());
    CHECK_FALSE(surveys.complaintDraft(saved.id));
    CHECK(surveys.openComplaint(saved.id).error->reason == "survey.error.not_low");
    // The API sees the same survey.
    Json api = surveyApi(surveys, "surveys.analyze", {{"indicator", "advisor"}});
    REQUIRE(api.contains("result"));
    CHECK(api["result"]["answers"] == 1);
    CHECK(surveyApi(surveys, "surveys.analyze", {{"by", "x"}}).contains("error"));
}

TEST_CASE("demo surveys: valid documents linked to repair orders, templates once") {
    DemoGenerator gen(DemoOptions{20240601, 40, CivilDate{2024, 6, 1}});
    size_t surveys = 0, templates = 0;
    for (size_t i = 0; i < 40; ++i) {
        for (const Json& d : gen.customerDocs(i)) {
            std::string type = d.value("type", "");
            if (type == "survey_template") ++templates;
            if (type != "survey" && type != "survey_template") continue;
            CHECK_FALSE(hasErrors(validateRecord(d)));
            if (type == "survey") {
                ++surveys;
                CHECK(d["service_record_id"].get<std::string>().rfind("service_record:", 0) == 0);
                CHECK(d["scores"].contains("overall"));
            }
        }
    }
    CHECK(templates == 2);
    CHECK(surveys > 10);
}

TEST_CASE("agenda: a survey is due N days after a repair order or a closed complaint, until one is taken") {
    FixedClock clock{kNow};
    CrmSession session{clock, 7};
    ClassificationService classes{session.store()};
    const CivilDate today = chinaToday(kNow);
    std::string customer = session.putDocument({{"type", "customer"}, {"name", "王芳"}}).id;
    std::string vehicle = session.putDocument({{"type", "vehicle"}, {"plate", "粤B12345"}, {"customer_id", customer}}).id;
    REQUIRE(session.putDocument({{"type", "service_record"}, {"customer_id", customer}, {"vehicle_id", vehicle},
                                 {"date_in", today.addDays(-5).toString()}}).ok());
    auto surveyDue = [&] {
        classes.refresh(today);
        std::vector<Reminder> due;
        for (const Reminder& r : classes.remindersOf(customer))
            if (r.kind == ReminderKind::SurveyDue) due.push_back(r);
        return due;
    };
    std::vector<Reminder> due = surveyDue();
    REQUIRE(due.size() == 1);
    CHECK(due[0].dueDate == today.addDays(-2));  // 3 days after the repair order: overdue by 2
    CHECK(due[0].detail == "repair_order");
    CHECK(reminderKindKey(due[0].kind) == "survey_due");
    REQUIRE(session.putDocument({{"type", "survey"}, {"customer_id", customer}, {"date", today.toString()}}).ok());
    CHECK(surveyDue().empty());
    REQUIRE(session.putDocument({{"type", "complaint"}, {"customer_id", customer}, {"status", "followed_up"},
                                 {"received_at", today.toString() + " 09:00"}, {"closed_at", today.addDays(1).toString()}})
                .ok());
    due = surveyDue();
    REQUIRE(due.size() == 1);
    CHECK(due[0].detail == "complaint");
    CHECK(due[0].dueDate == today.addDays(4));
}

TEST_CASE("survey rules from Settings: checked by core, refused with a reason, nothing half-written") {
    FixedClock clock{kNow};
    CrmSession session{clock, 7};
    ClassificationService classes{session.store()};
    SurveyService surveys{session, classes};
    SurveyService::Rules rules = surveys.rules();
    CHECK(rules.threshold.lowOn10 == 6);
    CHECK(rules.threshold.lowOn5 == 2);
    CHECK(rules.dueDays == 3);
    CHECK(rules.windowDays == 30);
    FieldIssues issues;
    rules.threshold.lowOn10 = 10;  // every answer would be low
    WriteResult r = surveys.saveRules(rules, &issues);
    CHECK(r.error->reason == "settings.error.survey_low10");
    CHECK(hasIssue(issues, "settings.error.survey_low10"));
    rules.threshold.lowOn10 = 7;
    rules.threshold.lowOn5 = 0;
    CHECK(surveys.saveRules(rules).error->reason == "settings.error.survey_low5");
    rules.threshold.lowOn5 = 3;
    rules.dueDays = 40;  // after the 30-day window: never due
    CHECK(surveys.saveRules(rules).error->reason == "settings.error.survey_due");
    CHECK_FALSE(session.store().get(kSurveySettingsId));  // the threshold was not written either
    rules.windowDays = 0;
    CHECK(surveys.saveRules(rules).error->reason == "settings.error.survey_window");
    rules.windowDays = 60;
    REQUIRE(surveys.saveRules(rules).ok());
    CHECK(surveys.settings().lowOn10 == 7);
    CHECK(surveys.settings().lowOn5 == 3);
    Json followup = *session.store().winningBody(kFollowupSettingsId);
    CHECK(followup["survey_due_days"] == 40);
    CHECK(followup["survey_window_days"] == 60);
    CHECK(followup["class_a_days"] == FollowupSettings{}.classADays);  // the other follow-up rules kept
    // A synced or API write is checked the same way.
    CHECK_FALSE(session.putDocument({{"_id", kSurveySettingsId}, {"type", "settings"}, {"low_on_10", "7"},
                                     {"_rev", (*session.store().get(kSurveySettingsId))["_rev"]}})
                    .ok());
}

TEST_CASE("a cluster of the analysis as a customer-list filter") {
    FixedClock clock{kNow};
    CrmSession session{clock, 7};
    ClassificationService classes{session.store()};
    SurveyService surveys{session, classes};
    session.open(nullptr, nullptr);
    std::vector<std::string> ids;
    for (int c = 0; c < 6; ++c) {
        WriteResult w = session.putDocument({{"type", "customer"}, {"name", "客户" + std::to_string(c)}});
        REQUIRE(w.ok());
        ids.push_back(w.id);
        // Three happy customers, three unhappy ones: two clear clusters.
        int s = c < 3 ? 5 : 1;
        REQUIRE(session.putDocument({{"type", "survey"}, {"customer_id", w.id}, {"date", "2026-11-20"},
                                     {"scores", {{"advisor", s}, {"service_quality", s}, {"overall", s}}}})
                    .ok());
    }
    CHECK_FALSE(surveys.clusterSubset(0));  // nothing analysed yet
    AnalysisRequest r;
    r.k = 2;
    surveys.request(r);
    while (surveys.step()) {
    }
    REQUIRE(surveys.analysis());
    REQUIRE(surveys.analysis()->clusters.size() == 2);
    std::shared_ptr<const CustomerSubset> subset = surveys.clusterSubset(1);
    REQUIRE(subset);
    CHECK(subset->cluster == 2);
    CHECK(subset->ids.size() == 3);
    CHECK_FALSE(surveys.clusterSubset(2));
    CustomerFilter filter;
    filter.subset = subset;
    CHECK(filter.active());
    FilteredCustomers filtered;
    const auto& rows = filtered.view(session.customers(), classes, filter, CustomerColumn::Name, true);
    REQUIRE(rows.size() == 3);
    for (const CustomerRow* row : rows) CHECK(subset->ids.count(row->id) == 1);
    // The API lists each cluster's customers.
    Json api = surveyApi(surveys, "surveys.analyze", {{"k", 2}});
    CHECK(api["result"]["clusters"]["clusters"][1]["customers"].size() == 3);
    filter.subset.reset();  // the chip removed: everyone again
    CHECK(filtered.view(session.customers(), classes, filter, CustomerColumn::Name, true).size() == 6);
}

TEST_CASE("counts in words: one customer, two customers; Chinese has one form") {
    Language before = language();
    setLanguage(Language::English);
    CHECK(countText("surveys.n_customers", 1) == "1 customer");
    CHECK(countText("surveys.n_customers", 2) == "2 customers");
    CHECK(countText("surveys.n_answers", 0) == "0 answers");
    CHECK(countText("customers.count", 1) == "1 customer");
    CHECK(countText("surveys.cluster_title", 1) == "Cluster 1");  // no ".one" entry: the one text
    setLanguage(Language::Chinese);
    CHECK(countText("surveys.n_customers", 1) == "1 位客户");
    setLanguage(before);
}

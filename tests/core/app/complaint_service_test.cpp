// Doctests for the complaint use cases through CrmSession and the automation API: opening (as a survey
// answer would), walking all five stages with a refused skip, deadlines turning overdue as the clock moves,
// the board's escalations, two devices' offline advances merged without losing events, and the summary.
#include "core/app/complaint_board.h"
#include "core/app/complaint_summary.h"
#include "core/app/i18n.h"
#include "core/sync/conflict_merge.h"
#include "tests/core/app/complaint_test_session.h"

#include <doctest/doctest.h>

using namespace crm::core;

using test::local;
using Session = test::ComplaintSession;

TEST_CASE("a complaint opened from given fields starts at received with an attributed event") {
    Session s;
    std::string id = s.open();
    Json doc = s.api("get", id);
    CHECK(doc["status"] == "received");
    CHECK(doc["survey_id"] == "survey:9");
    CHECK(doc["matter"] == "回访评分 3 分：等待时间太长");
    CHECK(doc["received_at"] == "2026-03-09T01:00:00Z");
    REQUIRE(doc["events"].size() == 1);
    CHECK(doc["events"][0]["kind"] == "open");
    CHECK(doc["events"][0]["by"] == "李娜");
    CHECK(doc["deadlines"]["registered"]["due"] == "2026-03-09T03:00:00Z");  // 11:00 shop time
}

TEST_CASE("a complaint walks through all five stages; a skip and a reopen without reason are refused") {
    Session s;
    std::string id = s.open();
    Json skip = s.api("complaints.advance", {{"id", id}, {"stage", "investigating"}});
    CHECK(skip["ok"] == false);
    CHECK(skip["refusal"] == "skip");
    CHECK(skip["reason"].get<std::string>().find("cannot be skipped") != std::string::npos);
    Json missing = s.api("complaints.advance", {{"id", id}, {"stage", "registered"}});
    CHECK(missing["refusal"] == "missing_fields");
    CHECK(missing["missing"] == Json::array({"complainant", "category", "owner"}));
    Json r = s.api("complaints.advance", {{"id", id}, {"stage", "registered"},
                                          {"fields", {{"complainant", "张伟"}, {"category", "service"}, {"owner", "李娜"}}}});
    REQUIRE(r["ok"] == true);
    CHECK(r["rev"].get<std::string>().rfind("2-", 0) == 0);
    s.clock.advance(30 * kMinuteMs);
    REQUIRE(s.api("complaints.advance", {{"id", id}, {"stage", "investigating"}})["ok"] == true);
    Json resolution = {{"findings", "接待高峰未分流"}, {"root_cause", "预约排班不足"}, {"department", "service_desk"},
                       {"measures", "增加高峰时段接待人员"}, {"compensation", 200}, {"told_at", "2026-03-09T06:00:00Z"},
                       {"told_how", "phone"}};
    REQUIRE(s.api("complaints.advance", {{"id", id}, {"stage", "resolved"}, {"fields", resolution}})["ok"] == true);
    Json noReason = s.api("complaints.advance", {{"id", id}, {"stage", "investigating"}});
    CHECK(noReason["refusal"] == "no_reason");
    REQUIRE(s.api("complaints.advance", {{"id", id}, {"stage", "investigating"}, {"reason", "客户不认可结论"}})["ok"] == true);
    REQUIRE(s.api("complaints.advance", {{"id", id}, {"stage", "resolved"}})["ok"] == true);
    REQUIRE(s.api("complaints.advance", {{"id", id}, {"stage", "followed_up"},
                                         {"fields", {{"revisit_at", "2026-03-10T02:00:00Z"},
                                                     {"handling_satisfaction", "satisfied"}}}})["ok"] == true);
    Json doc = s.api("get", id);
    CHECK(doc["status"] == "followed_up");
    CHECK(doc["closed"] == true);
    std::vector<std::string> kinds;
    for (const Json& e : doc["events"]) kinds.push_back(e["kind"].get<std::string>());
    CHECK(kinds == std::vector<std::string>{"open", "stage", "stage", "stage", "reopen", "stage", "stage"});
    CHECK(doc["events"][4]["reason"] == "客户不认可结论");
    // The generic put cannot move the stage: it follows from the events.
    doc["status"] = "received";
    REQUIRE(s.api("put", doc)["ok"] == true);
    CHECK(s.api("get", id)["status"] == "followed_up");
}

TEST_CASE("the deadlines turn overdue as the clock passes them; the board escalates to owner and manager") {
    Session s;
    std::string id = s.open();
    REQUIRE(s.api("complaints.advance", {{"id", id}, {"stage", "registered"},
                                         {"fields", {{"complainant", "张伟"}, {"category", "service"}, {"owner", "李娜"}}}})["ok"] == true);
    Json d = s.api("complaints.deadlines", id);
    REQUIRE(d.size() == 4);
    CHECK(d[1]["stage"] == "investigating");
    CHECK(d[1]["state"] == "ok");
    CHECK(d[1]["due"] == "2026-03-09T06:30:00Z");  // 4 working hours, lunch not counted: 14:30 shop time
    s.clock.set(local(2026, 3, 9, 11, 30));
    CHECK(s.api("complaints.deadlines", id)[1]["state"] == "warning");
    s.clock.set(local(2026, 3, 9, 14, 30));
    CHECK(s.api("complaints.deadlines", id)[1]["state"] == "overdue");
    Json board = s.api("complaints.board", {{"overdue", true}});
    CHECK(board["overdue"] == 1);
    REQUIRE(board["cards"].size() == 1);
    CHECK(board["cards"][0]["state"] == "overdue");
    ComplaintBoard model(s.session);
    model.refresh(s.clock.nowMs());
    CHECK(model.escalationsFor("赵六").size() == 1);  // no service manager named: everyone is told
    REQUIRE(s.api("put", {{"_id", kComplaintDeadlinesSettingsId}, {"type", "settings"}, {"service_manager", "王五"}})["ok"] == true);
    model.refresh(s.clock.nowMs());
    CHECK(model.escalationsFor("李娜").size() == 1);  // the owner
    CHECK(model.escalationsFor("王五").size() == 1);  // the service manager
    CHECK(model.escalationsFor("赵六").empty());
    // Waiting on the customer stops the clock: a paused complaint is not overdue for what remains.
    REQUIRE(s.api("complaints.pause", {{"id", id}, {"paused", true}, {"reason", "等客户提供照片"}})["ok"] == true);
    CHECK(s.api("complaints.advance", {{"id", id}, {"stage", "investigating"}})["refusal"] == "paused");
    CHECK(s.api("complaints.deadlines", id)[3]["due"].is_null());
}

TEST_CASE("two devices advancing the same complaint offline merge without losing either's events") {
    Session s;
    std::string id = s.open();
    DocumentStore& store = s.session.store();
    Json base = *store.get(id);
    const std::string rev = base["_rev"].get<std::string>();
    auto branch = [&](const char* hash, Json extraEvent, Json fields) {
        Json doc = base;
        doc["_rev"] = "2-" + std::string(hash);
        doc["_revisions"] = {{"start", 2}, {"ids", {hash, rev.substr(2)}}};
        doc["events"].push_back(std::move(extraEvent));
        doc.update(fields);
        applyEvents(doc, WorkingTime::defaults(), ComplaintDeadlines::defaults());
        return doc;
    };
    Json mine = branch("aaaa", eventJson({"ev-a", "2026-03-09T01:40:00Z", "李娜", "stage", "received", "registered", ""}),
                       {{"complainant", "张伟"}, {"category", "service"}, {"owner", "李娜"}});
    Json theirs = branch("bbbb", eventJson({"ev-b", "2026-03-09T01:20:00Z", "王五", "pause", "", "", "客户出差"}),
                         {{"owner", "王五"}});
    REQUIRE(store.bulkDocs(std::vector<Json>{mine, theirs}, false)[1].ok());
    std::optional<ConflictView> view = buildConflictView(store, id);
    REQUIRE(view);
    for (const FieldChoice& c : view->fields) {
        CHECK(c.field != "events");
        CHECK(c.field != "status");
        CHECK(c.field != "deadlines");
    }
    CHECK(view->merged["events"].size() == 3);
    REQUIRE(s.session.resolveConflict(id, view->merged).ok());
    Json doc = *store.get(id);
    REQUIRE(doc["events"].size() == 3);
    CHECK(doc["events"][1]["id"] == "ev-b");
    CHECK(doc["events"][2]["id"] == "ev-a");
    // Registered while paused on the other device: the stage and the open pause both hold.
    CHECK(doc["status"] == "registered");
    CHECK(doc["paused"] == true);
}

TEST_CASE("the summary counts causes, departments, stage times, on-time share and recurrence within 90 days") {
    WorkingTime time = WorkingTime::defaults();
    auto complaint = [&](const char* id, const char* customer, const char* vehicle, const char* category, int64_t received,
                         std::vector<std::pair<const char*, int64_t>> stages) {
        Json doc{{"_id", id},           {"type", "complaint"},  {"customer_id", customer}, {"vehicle_id", vehicle},
                 {"category", category}, {"severity", "critical"}, {"received_at", isoText(received)},
                 {"root_cause", "排班不足"}, {"department", "service_desk"},
                 {"events", Json::array({eventJson({"o", isoText(received), "x", "open", "", "received", ""})})}};
        const char* from = "received";
        int n = 0;
        for (auto [to, when] : stages) {
            doc["events"].push_back(eventJson({std::to_string(++n), isoText(when), "x", "stage", from, to, ""}));
            from = to;
        }
        applyEvents(doc, time, ComplaintDeadlines::defaults());
        return doc;
    };
    std::vector<Json> all = {
        complaint("c1", "customer:1", "vehicle:1", "product_quality", local(2026, 1, 5, 9, 0),
                  {{"registered", local(2026, 1, 5, 10, 0)}, {"investigating", local(2026, 1, 5, 11, 0)}}),
        complaint("c2", "customer:1", "vehicle:1", "product_quality", local(2026, 3, 2, 9, 0),  // 56 days later
                  {{"registered", local(2026, 3, 2, 12, 0)}}),                                  // 3 h: late (2 h)
        complaint("c3", "customer:2", "vehicle:2", "service", local(2026, 3, 3, 9, 0), {}),
    };
    ComplaintSummary s = summarizeComplaints(all, {2026, 3, 1}, {2026, 3, 31}, time, local(2026, 3, 3, 10, 0));
    CHECK(s.total == 2);
    CHECK(s.byCategory == std::map<std::string, int>{{"product_quality", 1}, {"service", 1}});
    CHECK(s.byDepartment.at("service_desk") == 2);
    CHECK(s.stageSamples[0] == 1);
    CHECK(s.avgStageHours[0] == doctest::Approx(3.0));
    // c2: registered late, investigating (due 2 Mar 14:30) and resolved (3 Mar 09:00) overdue; c3 not due yet
    CHECK(s.deadlinesJudged == 3);
    CHECK(s.deadlinesMet == 0);
    CHECK(s.recurringCustomer == 1);
    CHECK(s.recurringVehicle == 1);
    CHECK(s.recurringIds == std::vector<std::string>{"c2"});
    ComplaintSummary later = summarizeComplaints(all, {2026, 3, 1}, {2026, 3, 31}, time, local(2026, 3, 3, 12, 0));
    CHECK(later.deadlinesJudged == 4);  // c3 is overdue for registration by then
}

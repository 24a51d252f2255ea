// Doctests for the complaint workflow (core/domain/complaint_workflow.h): stage order and reopen rules,
// deadlines in working time with pauses and warnings, and the union of two devices' event lists.
#include "core/domain/complaint_workflow.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
int64_t local(int y, int m, int d, int h, int mi) {
    return CivilDate{y, m, d}.toDays() * 24 * kHourMs + (h * 60 + mi - 480) * kMinuteMs;
}
std::string at(int y, int m, int d, int h, int mi) { return isoText(local(y, m, d, h, mi)); }

Json event(const std::string& id, const std::string& when, const char* kind, const char* from = "", const char* to = "",
           const char* reason = "") {
    return eventJson({id, when, "tester", kind, from, to, reason});
}

// A critical complaint received Monday 9 March 2026, 09:00 (shop time).
Json critical() {
    return Json{{"type", "complaint"},      {"received_at", at(2026, 3, 9, 9, 0)},
                {"severity", "critical"},   {"status", "received"},
                {"complainant", "张伟"},    {"customer_id", "customer:1"},
                {"matter", "保养后异响"},   {"category", "product_quality"},
                {"owner", "李娜"},          {"events", Json::array({event("e0", at(2026, 3, 9, 9, 0), "open", "", "received")})}};
}
void derive(Json& doc) { applyEvents(doc, WorkingTime::defaults(), ComplaintDeadlines::defaults()); }
}  // namespace

TEST_CASE("stages go forwards one at a time; registering needs the registration fields") {
    Json doc = critical();
    CHECK(checkAdvance(doc, "registered", "").ok());
    CHECK(checkAdvance(doc, "investigating", "").refusal == AdvanceRefusal::Skip);
    CHECK(checkAdvance(doc, "followed_up", "").refusal == AdvanceRefusal::Skip);
    CHECK(checkAdvance(doc, "received", "x").refusal == AdvanceRefusal::SameStage);
    CHECK(checkAdvance(doc, "closed", "").refusal == AdvanceRefusal::UnknownStage);
    doc.erase("owner");
    doc["matter"] = "  ";
    AdvanceCheck missing = checkAdvance(doc, "registered", "");
    CHECK(missing.refusal == AdvanceRefusal::MissingFields);
    CHECK(missing.missing == std::vector<std::string>{"matter", "owner"});
    CHECK(std::string(refusalKey(AdvanceRefusal::Skip)) == "complaint.refused.skip");
}

TEST_CASE("resolving needs the investigation and the resolution; following up needs the revisit") {
    Json doc = critical();
    doc["status"] = "investigating";
    CHECK(checkAdvance(doc, "resolved", "").missing.size() == 6);
    for (const char* k : {"findings", "root_cause", "department", "measures", "told_at", "told_how"}) doc[k] = "x";
    CHECK(checkAdvance(doc, "resolved", "").ok());
    doc["status"] = "resolved";
    CHECK(checkAdvance(doc, "followed_up", "").missing == std::vector<std::string>{"revisit_at", "handling_satisfaction"});
}

TEST_CASE("going back (reopen) is allowed with a reason only; a paused complaint does not move forwards") {
    Json doc = critical();
    doc["status"] = "resolved";
    CHECK(checkAdvance(doc, "investigating", "").refusal == AdvanceRefusal::NoReason);
    CHECK(checkAdvance(doc, "investigating", " \t").refusal == AdvanceRefusal::NoReason);
    AdvanceCheck back = checkAdvance(doc, "registered", "客户补充了新的情况");
    CHECK(back.ok());
    CHECK(back.reopen);
    doc["status"] = "received";
    doc["paused"] = true;
    CHECK(checkAdvance(doc, "registered", "").refusal == AdvanceRefusal::Paused);
}

TEST_CASE("the stage, pause state and reached times follow from the events; a reopen clears later stages") {
    Json doc = critical();
    doc["events"].push_back(event("e1", at(2026, 3, 9, 10, 0), "stage", "received", "registered"));
    doc["events"].push_back(event("e2", at(2026, 3, 9, 11, 0), "stage", "registered", "investigating"));
    derive(doc);
    CHECK(doc["status"] == "investigating");
    CHECK(doc["deadlines"]["investigating"]["reached"] == at(2026, 3, 9, 11, 0));
    doc["events"].push_back(event("e3", at(2026, 3, 9, 14, 0), "reopen", "investigating", "registered", "信息不全"));
    doc["events"].push_back(event("e4", at(2026, 3, 9, 14, 30), "pause", "", "", "等客户提供照片"));
    derive(doc);
    CHECK(doc["status"] == "registered");
    CHECK(doc["paused"] == true);
    CHECK(doc["closed"] == false);
    CHECK(doc["deadlines"]["investigating"]["reached"].is_null());
    CHECK(doc["deadlines"]["registered"]["reached"] == at(2026, 3, 9, 10, 0));
}

TEST_CASE("deadlines count working time from receipt: critical registers in 2 h, resolves in 1 working day") {
    Json doc = critical();
    derive(doc);
    CHECK(doc["deadlines"]["registered"]["due"] == at(2026, 3, 9, 11, 0));
    CHECK(doc["deadlines"]["resolved"]["due"] == at(2026, 3, 10, 9, 0));  // 8 working hours, over the night
    std::optional<StageDeadline> next = nextDeadline(doc, local(2026, 3, 9, 9, 30));
    REQUIRE(next);
    CHECK(next->stage == "registered");
    CHECK(next->state == DeadlineState::Ok);
    next = nextDeadline(doc, local(2026, 3, 9, 10, 10));  // past 50%
    CHECK(next->state == DeadlineState::Warning);
    CHECK(next->warnLevel == 50);
    next = nextDeadline(doc, local(2026, 3, 9, 10, 40));  // past 80% (10:36)
    CHECK(next->warnLevel == 80);
    CHECK(isOverdue(doc, local(2026, 3, 9, 11, 0)));
    CHECK_FALSE(isOverdue(doc, local(2026, 3, 9, 10, 59)));
}

TEST_CASE("a normal complaint's deadlines skip 劳动节 and count the make-up Saturday") {
    Json doc = critical();
    doc["severity"] = "normal";  // register within 1 working day, resolve within 3
    doc["received_at"] = at(2026, 4, 30, 17, 0);  // Thursday evening, 1–5 May off
    derive(doc);
    CHECK(doc["deadlines"]["registered"]["due"] == at(2026, 5, 6, 17, 0));  // 1 h Thu + 7 h Wed 6 May
    CHECK(doc["deadlines"]["resolved"]["due"] == at(2026, 5, 8, 17, 0));
    doc["received_at"] = at(2026, 5, 8, 17, 0);  // Friday evening before the make-up Saturday 9 May
    derive(doc);
    CHECK(doc["deadlines"]["registered"]["due"] == at(2026, 5, 9, 17, 0));
}

TEST_CASE("time waiting on the customer is not counted; an open pause leaves the due time unknown") {
    Json doc = critical();
    doc["events"].push_back(event("p1", at(2026, 3, 9, 9, 30), "pause"));
    doc["events"].push_back(event("p2", at(2026, 3, 9, 10, 30), "resume"));
    derive(doc);
    CHECK(doc["deadlines"]["registered"]["due"] == at(2026, 3, 9, 12, 0));
    CHECK(doc["deadlines"]["registered"]["paused_ms"] == kHourMs);
    // A pause over lunch counts only the working part of it.
    doc["events"].push_back(event("p3", at(2026, 3, 9, 11, 30), "pause"));
    doc["events"].push_back(event("p4", at(2026, 3, 9, 14, 0), "resume"));
    derive(doc);
    CHECK(doc["deadlines"]["registered"]["paused_ms"] == kHourMs + 60 * kMinuteMs);
    CHECK(doc["deadlines"]["registered"]["due"] == at(2026, 3, 9, 14, 30));
    doc["events"].push_back(event("p5", at(2026, 3, 10, 9, 0), "pause"));
    derive(doc);
    CHECK(doc["paused"] == true);
    CHECK(doc["deadlines"]["followed_up"]["due"].is_null());
    CHECK(doc["deadlines"]["registered"]["due"] == at(2026, 3, 9, 14, 30));  // fell due before the pause
    std::optional<StageDeadline> resolved;
    for (const StageDeadline& d : deadlinesAt(doc, local(2026, 6, 1, 9, 0)))
        if (d.stage == "followed_up") resolved = d;
    REQUIRE(resolved);
    CHECK(resolved->state == DeadlineState::Ok);  // paused: never overdue while waiting
}

TEST_CASE("a stage reached after its due time stays marked late") {
    Json doc = critical();
    doc["events"].push_back(event("e1", at(2026, 3, 9, 11, 30), "stage", "received", "registered"));
    derive(doc);
    std::vector<StageDeadline> all = deadlinesAt(doc, local(2026, 3, 9, 11, 45));
    REQUIRE(all.size() == 4);
    CHECK(all[0].late);
    CHECK(all[0].state == DeadlineState::Overdue);
    CHECK_FALSE(isOverdue(doc, local(2026, 3, 9, 11, 45)));  // the next stage (investigating, 4 h) is not
}

TEST_CASE("two devices' event lists merge as their union, in time order; the stage follows") {
    Json common = critical()["events"];
    Json a = common, b = common;
    a.push_back(event("dev-a-1", at(2026, 3, 9, 10, 0), "stage", "received", "registered"));
    b.push_back(event("dev-b-1", at(2026, 3, 9, 9, 40), "pause", "", "", "等客户回电"));
    b.push_back(event("dev-b-2", at(2026, 3, 9, 9, 50), "resume"));
    Json merged = unionEvents(a, b);
    REQUIRE(merged.size() == 4);
    CHECK(merged[0]["id"] == "e0");
    CHECK(merged[1]["id"] == "dev-b-1");
    CHECK(merged[3]["id"] == "dev-a-1");
    CHECK(unionEvents(merged, a) == merged);  // idempotent
    CHECK(unionEvents(b, a) == merged);       // and symmetric
    Json doc = critical();
    doc["events"] = merged;
    derive(doc);
    CHECK(doc["status"] == "registered");
    CHECK(doc["deadlines"]["registered"]["paused_ms"] == 10 * kMinuteMs);
}

TEST_CASE("the deadline matrix is settings: missing values keep the defaults") {
    ComplaintDeadlines d = ComplaintDeadlines::fromJson(
        Json{{"hours", {{"critical", {{"registered", 1}}}}}, {"warn_percent", {60, 90}}, {"service_manager", "赵经理"}});
    CHECK(d.hoursFor("critical") == std::array<double, 4>{1, 4, 8, 24});
    CHECK(d.hoursFor("unknown") == d.hoursFor("normal"));
    CHECK(d.warnFirstPercent == 60);
    CHECK(d.serviceManager == "赵经理");
    CHECK(ComplaintDeadlines::fromJson(d.toJson()).hours == d.hours);
    CHECK(parseIsoMs("2026-03-09T01:00:00Z") == local(2026, 3, 9, 9, 0));
    CHECK(isoText(local(2026, 3, 9, 9, 0)) == "2026-03-09T01:00:00Z");
}

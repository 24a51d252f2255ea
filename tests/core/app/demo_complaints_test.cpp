// Doctests for the demo complaints (core/app/demo_complaints.h): every one valid by its description, in every
// stage with events that derive that stage; at today's opening most open ones are on time and some overdue;
// some wait on the customer; the summary finds recurrences.
#include "core/app/complaint_summary.h"
#include "core/app/demo_data.h"
#include "core/domain/complaint_workflow.h"
#include "core/records/record_validation.h"

#include <doctest/doctest.h>

#include <set>

using namespace crm::core;

TEST_CASE("demo complaints: valid, every stage, most on time, some overdue, some paused, some recurring") {
    DemoOptions options;
    options.customers = 2000;
    options.today = {2026, 12, 7};  // a Monday
    DemoGenerator gen(options);
    std::vector<Json> docs, complaints;
    while (gen.next(docs, 500)) {}
    for (const Json& d : docs) {
        if (d["type"] == "complaint") complaints.push_back(d);
    }
    REQUIRE(complaints.size() > 250);
    const int64_t noon = CivilDate{2026, 12, 7}.toDays() * 24 * kHourMs + 4 * kHourMs;  // 12:00 shop time
    std::set<std::string> stages;
    int open = 0, overdue = 0, paused = 0;
    for (const Json& c : complaints) {
        FieldIssues issues = validateRecord(c);
        CHECK_MESSAGE(!hasErrors(issues), c.dump());
        Json derived = c;
        applyEvents(derived, WorkingTime::defaults(), ComplaintDeadlines::defaults());
        CHECK(derived["status"] == c["status"]);
        stages.insert(c["status"].get<std::string>());
        if (c["status"] == "followed_up") continue;
        ++open;
        overdue += isOverdue(c, noon);
        paused += c["paused"].get<bool>();
    }
    CHECK(stages.size() == 5);
    CHECK(overdue > open / 10);
    CHECK(overdue < open / 2);
    CHECK(paused > 0);
    ComplaintSummary s = summarizeComplaints(complaints, {2025, 1, 1}, {2026, 12, 31}, WorkingTime::defaults(), noon);
    CHECK(s.recurringVehicle > 0);
    CHECK(s.onTimeShare() > 0.5);
    CHECK(s.byCategory.size() == 4);
}

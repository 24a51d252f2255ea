// Doctests for the summary's recurrence (the same customer again, or the same vehicle with the same cause,
// within 90 days), indexed by customer and by vehicle: hand-made cases at the window's edges, and random sets
// checked against the pairwise definition.
#include "core/app/complaint_summary.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <random>

using namespace crm::core;

namespace {
constexpr int64_t kDayMs = 24 * kHourMs;
const int64_t kStart = CivilDate{2026, 1, 5}.toDays() * kDayMs + 2 * kHourMs;  // 10:00 shop time

Json complaint(const std::string& id, const std::string& customer, const std::string& vehicle, const std::string& category,
               int64_t received) {
    return Json{{"_id", id}, {"type", "complaint"}, {"customer_id", customer}, {"vehicle_id", vehicle},
                {"category", category}, {"received_at", isoText(received)}};
}

ComplaintSummary summarize(const std::vector<Json>& all) {
    return summarizeComplaints(all, CivilDate{1970, 1, 1}, CivilDate{9999, 12, 31}, WorkingTime::defaults(), kStart);
}
}  // namespace

TEST_CASE("recurrence: an earlier complaint of the customer, or of the vehicle with the same cause, within 90 days") {
    std::vector<Json> all = {
        complaint("a1", "c:a", "v:a", "service", kStart),
        complaint("a2", "c:a", "v:b", "service", kStart + 50 * kDayMs),                   // customer again after 50 days
        complaint("a3", "c:a", "v:c", "service", kStart + 140 * kDayMs + 1000),           // 90 days + 1 s after a2: no
        complaint("a4", "c:a", "v:d", "service", kStart + 230 * kDayMs + 1000),              // exactly 90 days after a3: yes
        complaint("b1", "c:b", "v:x", "product_quality", kStart + 10 * kDayMs),
        complaint("b2", "c:other", "v:x", "product_quality", kStart + 20 * kDayMs),       // same vehicle and fault
        complaint("b3", "c:third", "v:x", "service", kStart + 30 * kDayMs),               // same vehicle, another cause
        complaint("e1", "", "", "service", kStart + 5 * kDayMs),                          // nobody named: never
        complaint("e2", "", "", "service", kStart + 6 * kDayMs),
        complaint("s1", "c:s", "v:s", "service", kStart + 7 * kDayMs),                    // the same instant is not earlier
        complaint("s2", "c:s", "v:s", "service", kStart + 7 * kDayMs),
    };
    ComplaintSummary s = summarize(all);
    CHECK(s.total == 11);
    CHECK(s.recurringCustomer == 2);  // a2, a4
    CHECK(s.recurringVehicle == 1);   // b2
    std::vector<std::string> ids = s.recurringIds;
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{"a2", "a4", "b2"});
    // Order does not matter; an earlier complaint outside the period still counts.
    std::reverse(all.begin(), all.end());
    ComplaintSummary period = summarizeComplaints(all, CivilDate{2026, 2, 24}, CivilDate{2026, 2, 24},
                                                  WorkingTime::defaults(), kStart);
    CHECK(period.total == 1);  // a2, received 50 days after 5 January
    CHECK(period.recurringIds == std::vector<std::string>{"a2"});
}

TEST_CASE("recurrence over random complaints equals the pairwise definition") {
    std::mt19937 rng(17);
    std::vector<Json> all;
    for (int i = 0; i < 600; ++i) {
        const int64_t at = kStart + int64_t(rng() % (400 * 24)) * kHourMs;
        all.push_back(complaint("k" + std::to_string(i), "c:" + std::to_string(rng() % 90), "v:" + std::to_string(rng() % 120),
                                rng() % 2 ? "service" : "product_quality", at));
    }
    int customers = 0, vehicles = 0;
    for (const Json& c : all) {
        const int64_t at = *parseIsoMs(c["received_at"].get<std::string>());
        bool sameCustomer = false, sameVehicle = false;
        for (const Json& e : all) {
            const int64_t other = *parseIsoMs(e["received_at"].get<std::string>());
            if (other >= at || other < at - 90 * kDayMs) continue;
            sameCustomer = sameCustomer || e["customer_id"] == c["customer_id"];
            sameVehicle = sameVehicle || (e["vehicle_id"] == c["vehicle_id"] && e["category"] == c["category"]);
        }
        customers += sameCustomer;
        vehicles += sameVehicle;
    }
    ComplaintSummary s = summarize(all);
    CHECK(s.recurringCustomer == customers);
    CHECK(s.recurringVehicle == vehicles);
    CHECK(customers > 100);
    CHECK(vehicles > 20);
}

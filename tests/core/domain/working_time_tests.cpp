// Doctests for working-time arithmetic (core/domain/working_time.h): across lunch, nights, weekends, a
// public holiday and a make-up working day (调休), in China's UTC+8, and the holiday table's settings.
#include "core/domain/lunar_calendar.h"
#include "core/domain/working_time.h"
#include "domain_test_support.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
// A shop-local (UTC+8) time as ms since the epoch.
int64_t local(int y, int m, int d, int h, int mi) {
    return CivilDate{y, m, d}.toDays() * 24 * kHourMs + (h * 60 + mi - 480) * kMinuteMs;
}
const WorkingTime kShop = WorkingTime::defaults();  // Mon–Fri 08:30–12:00, 13:30–18:00
}  // namespace

TEST_CASE("working time skips lunch and nights") {
    CHECK(kShop.addWorking(local(2026, 3, 10, 11, 30), 1 * kHourMs) == local(2026, 3, 10, 14, 0));
    CHECK(kShop.addWorking(local(2026, 3, 10, 17, 0), 2 * kHourMs) == local(2026, 3, 11, 9, 30));  // Tue → Wed
    CHECK(kShop.addWorking(local(2026, 3, 10, 20, 0), 30 * kMinuteMs) == local(2026, 3, 11, 9, 0));   // after closing
    CHECK(kShop.workingBetween(local(2026, 3, 10, 8, 0), local(2026, 3, 10, 20, 0)) == 8 * kHourMs);
    CHECK(kShop.workingDayMs() == 8 * kHourMs);
    // Exactly the day's 8 hours from the opening ends at closing, not the next morning.
    CHECK(kShop.addWorking(local(2026, 3, 10, 8, 30), 8 * kHourMs) == local(2026, 3, 10, 18, 0));
}

TEST_CASE("working time skips weekends") {
    CHECK(kShop.addWorking(local(2026, 3, 13, 17, 0), 2 * kHourMs) == local(2026, 3, 16, 9, 30));  // Fri → Mon
    CHECK(kShop.workingBetween(local(2026, 3, 13, 17, 0), local(2026, 3, 16, 9, 30)) == 2 * kHourMs);
    CHECK(kShop.addWorking(local(2026, 3, 14, 10, 0), 1 * kHourMs) == local(2026, 3, 16, 9, 30));  // from a Saturday
}

TEST_CASE("working time skips a public holiday and counts a make-up working day (调休)") {
    // 劳动节 2026: Fri 1 May – Tue 5 May off; Sat 9 May is worked.
    CHECK(kShop.kindOf({2026, 5, 4}) == DayKind::Holiday);
    CHECK(kShop.kindOf({2026, 5, 9}) == DayKind::MakeupWorkday);
    CHECK(kShop.addWorking(local(2026, 4, 30, 17, 0), 2 * kHourMs) == local(2026, 5, 6, 9, 30));
    CHECK(kShop.addWorking(local(2026, 5, 8, 17, 0), 2 * kHourMs) == local(2026, 5, 9, 9, 30));  // Fri → make-up Sat
    // 国庆 2026: Thu 1 Oct – Wed 7 Oct off; Sun 20 Sep and Sat 10 Oct worked.
    CHECK(kShop.addWorking(local(2026, 9, 30, 17, 0), 2 * kHourMs) == local(2026, 10, 8, 9, 30));
    CHECK(kShop.addWorking(local(2026, 10, 9, 17, 0), 2 * kHourMs) == local(2026, 10, 10, 9, 30));
    CHECK(kShop.addWorking(local(2026, 9, 19, 9, 0), 1 * kHourMs) == local(2026, 9, 20, 9, 30));  // Sat → Sun 调休
    // A whole week around 春节 2026 (15–23 Feb off, Sat 14 Feb worked): 8 h on Sat 14, then nothing until Tue 24.
    CHECK(kShop.workingBetween(local(2026, 2, 14, 0, 0), local(2026, 2, 24, 0, 0)) == 8 * kHourMs);
}

TEST_CASE("adding then measuring working time agrees") {
    for (int64_t start : {local(2026, 1, 2, 9, 0), local(2026, 2, 13, 16, 45), local(2026, 12, 31, 12, 30)}) {
        for (int64_t budget : {kMinuteMs, 2 * kHourMs, 24 * kHourMs, 80 * kHourMs}) {
            std::optional<int64_t> end = kShop.addWorking(start, budget);
            REQUIRE(end);
            CHECK(kShop.workingBetween(start, *end) == budget);
        }
    }
}

TEST_CASE("the holiday table is settings: a year given replaces that year's defaults; hours are editable") {
    Json json = kShop.toJson();
    CHECK(WorkingTime::fromJson(json).holidays == kShop.holidays);
    json["holidays"] = Json{{"2026-03-11", "店庆"}};
    json["weekly"]["6"] = Json::array({Json::array({"09:00", "12:00"})});
    WorkingTime edited = WorkingTime::fromJson(json);
    CHECK(edited.kindOf({2026, 3, 11}) == DayKind::Holiday);
    CHECK(edited.kindOf({2026, 10, 1}) == DayKind::Regular);   // 2026 replaced as a whole
    CHECK(edited.kindOf({2027, 10, 1}) == DayKind::Holiday);   // 2027 keeps its defaults
    CHECK(edited.addWorking(local(2026, 3, 10, 17, 0), 2 * kHourMs) == local(2026, 3, 12, 9, 30));  // Wed closed
    CHECK(edited.addWorking(local(2026, 3, 13, 18, 0), 1 * kHourMs) == local(2026, 3, 14, 10, 0));  // Sat open
    CHECK_FALSE(WorkingTime::fromJson(Json{{"weekly", {{"1", "nonsense"}}}}).weekly[0].empty());  // bad: default kept
}

TEST_CASE("the provisional 2027 holidays fall on the lunar and solar-term dates") {
    CHECK(kShop.kindOf(*lunarToSolar({2027, 1, 1, false})) == DayKind::Holiday);            // 春节
    CHECK(kShop.kindOf(lunarToSolar({2027, 1, 1, false})->addDays(-1)) == DayKind::Holiday);  // 除夕
    CHECK(kShop.kindOf(*lunarToSolar({2027, 5, 5, false})) == DayKind::Holiday);            // 端午
    CHECK(kShop.kindOf(*lunarToSolar({2027, 8, 15, false})) == DayKind::Holiday);           // 中秋
    CHECK(kShop.kindOf(qingmingDate(2027)) == DayKind::Holiday);
}

TEST_CASE("a table without any working time gives no instant") {
    WorkingTime closed = kShop;
    for (DayHours& d : closed.weekly) d.clear();
    closed.makeupDays.clear();
    CHECK_FALSE(closed.addWorking(local(2026, 3, 10, 9, 0), kHourMs));
    CHECK(parseClockMinutes("08:30") == 510);
    CHECK_FALSE(parseClockMinutes("8h30"));
}

TEST_CASE("a day's hours are typed as spans") {
    CHECK(parseDayHours("08:30-12:00, 13:30-18:00") == kShop.weekly[0]);
    CHECK(dayHoursText(kShop.weekly[0]) == "08:30-12:00, 13:30-18:00");
    CHECK(parseDayHours("")->empty());  // closed
    CHECK_FALSE(parseDayHours("9-12"));
    CHECK_FALSE(parseDayHours("12:00-09:00"));
}

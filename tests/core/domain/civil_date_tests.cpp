// Doctests for CivilDate: day numbers, month arithmetic, weekdays, ISO text.
#include "core/domain/civil_date.h"

#include "tests/core/domain/domain_test_support.h"

#include <doctest/doctest.h>

using namespace crm::core;

TEST_CASE("civil date: day numbers and arithmetic") {
    CHECK(CivilDate{1970, 1, 1}.toDays() == 0);
    CHECK(CivilDate{2000, 3, 1}.toDays() == 11017);
    CHECK(CivilDate::fromDays(-1) == CivilDate{1969, 12, 31});
    CHECK(CivilDate{2024, 2, 28}.addDays(1) == CivilDate{2024, 2, 29});
    CHECK(CivilDate{2023, 2, 28}.addDays(1) == CivilDate{2023, 3, 1});
    CHECK(daysBetween({2024, 1, 1}, {2025, 1, 1}) == 366);
    CHECK(CivilDate{2024, 1, 31}.addMonths(1) == CivilDate{2024, 2, 29});
    CHECK(CivilDate{2023, 1, 31}.addMonths(1) == CivilDate{2023, 2, 28});
    CHECK(CivilDate{2024, 11, 15}.addMonths(6) == CivilDate{2025, 5, 15});
    CHECK(CivilDate{2024, 3, 15}.addMonths(-3) == CivilDate{2023, 12, 15});
    CHECK(CivilDate{2025, 6, 2}.weekday() == 1); // Monday
    CHECK(CivilDate{2025, 6, 8}.weekday() == 7); // Sunday
    for (int64_t d = -1000; d < 100000; d += 7) REQUIRE(CivilDate::fromDays(d).toDays() == d);
}

TEST_CASE("civil date: parse and format") {
    CHECK(CivilDate::parse("2025-03-09") == CivilDate{2025, 3, 9});
    CHECK(CivilDate::parse("2025-03-09T08:30:00Z") == CivilDate{2025, 3, 9});
    CHECK_FALSE(CivilDate::parse("2025-02-29").has_value());
    CHECK_FALSE(CivilDate::parse("2025-3-9").has_value());
    CHECK_FALSE(CivilDate::parse("2025-03-09x").has_value());
    CHECK_FALSE(CivilDate::parse("").has_value());
    CHECK(CivilDate{2025, 3, 9}.toString() == "2025-03-09");
    CHECK(CivilDate{2024, 2, 29} < CivilDate{2024, 3, 1});
}

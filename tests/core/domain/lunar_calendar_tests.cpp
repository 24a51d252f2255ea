// Doctests for the lunar calendar: known 春节 / 中秋 / 清明 dates, leap months, round trips, holidays.
// The full-range tables were produced by an independent astronomical implementation (6tail lunar).
#include "core/domain/lunar_calendar.h"

#include "tests/core/domain/domain_test_support.h"

#include <doctest/doctest.h>

#include <string>

using namespace crm::core;

namespace {
// "MMDD" per year from 1900 (10 years per line).
const char* const kSpringFestival =
    "0131021902080129021602040125021302020122" // 1900
    "0210013002180206012602140203012302110201" // 1910
    "0220020801280216020501240213020201230210" // 1920
    "0130021702060126021402040124021101310219" // 1930
    "0208012702150205012502130202012202100129" // 1940
    "0217020601270214020301240212013102180208" // 1950
    "0128021502050125021302020121020901300217" // 1960
    "0206012702150203012302110131021802070128" // 1970
    "0216020501250213020202200209012902170206" // 1980
    "0127021502040123021001310219020701280216" // 1990
    "0205012402120201012202090129021802070126" // 2000
    "0214020301230210013102190208012802160205" // 2010
    "0125021202010122021001290217020601260213" // 2020
    "0203012302110131021902080128021502040124" // 2030
    "0212020101220210013002170206012602140202" // 2040
    "0123021102010219020801280215020401240212" // 2050
    "0202012102090129021702050126021402030123" // 2060
    "0211013102190207012702150205012402120202" // 2070
    "0122020901290217020601260214020301240210" // 2080
    "0130021802070127021502050125021202010121" // 2090
    "0209"; // 2100
const char* const kMidAutumn =
    "0908092709161005092409131002092209100928" // 1900
    "0918100609250915100409230912093009191008" // 1910
    "0926091610050925091310020921091009280917" // 1920
    "1006092609151004092309120930091910080927" // 1930
    "0916100509240914100109200910092909171006" // 1940
    "0926091510030922091109300919090809270917" // 1950
    "1005092409131002092009100929091810060926" // 1960
    "0915100309220911093009200908092709171005" // 1970
    "0923091210010921091009290918100709250914" // 1980
    "1003092209110930092009090927091610050924" // 1990
    "0912100109210911092809181006092509141003" // 2000
    "0922091209300919090809270915100409240913" // 2010
    "1001092109100929091710060925091510030922" // 2020
    "0912100109190908092709161004092409131002" // 2030
    "0920091009280917100509250915100409220911" // 2040
    "0930091909070926091610050924091310020921" // 2050
    "0909092809171006092509151003092309110929" // 2060
    "0919090809260916100509240912100109200910" // 2070
    "0928091710060926091410030922091109290918" // 2080
    "0908092709161005092409130930092009090929" // 2090
    "0918"; // 2100
// April day of 清明 per year from 1900 (50 per line).
const char* const kQingming =
    "55665566556655565556555655565556555655565556555555" // 1900
    "55555555555555555555555555455545554555455545554555" // 1950
    "45554555445544554455445544554455445544554445444544" // 2000
    "45444544454445444544454444444444444444444444444444" // 2050
    "5"; // 2100

CivilDate fromTable(const char* table, int year) {
    const std::string s(table);
    const auto i = static_cast<size_t>(year - 1900) * 4;
    return CivilDate{year, std::stoi(s.substr(i, 2)), std::stoi(s.substr(i + 2, 2))};
}
} // namespace

TEST_CASE("lunar: Spring Festival and Mid-Autumn for well-known years, leap-month years included") {
    struct Known {
        int year;
        CivilDate springFestival;
        CivilDate midAutumn;
        int leapMonth;
    };
    const Known known[] = {
        {1949, {1949, 1, 29}, {1949, 10, 6}, 7},  {1976, {1976, 1, 31}, {1976, 9, 8}, 8},
        {1984, {1984, 2, 2}, {1984, 9, 10}, 10},  {1990, {1990, 1, 27}, {1990, 10, 3}, 5},
        {1995, {1995, 1, 31}, {1995, 9, 9}, 8},   {1996, {1996, 2, 19}, {1996, 9, 27}, 0},
        {1997, {1997, 2, 7}, {1997, 9, 16}, 0},   {1998, {1998, 1, 28}, {1998, 10, 5}, 5},
        {1999, {1999, 2, 16}, {1999, 9, 24}, 0},  {2000, {2000, 2, 5}, {2000, 9, 12}, 0},
        {2001, {2001, 1, 24}, {2001, 10, 1}, 4},  {2002, {2002, 2, 12}, {2002, 9, 21}, 0},
        {2003, {2003, 2, 1}, {2003, 9, 11}, 0},   {2004, {2004, 1, 22}, {2004, 9, 28}, 2},
        {2005, {2005, 2, 9}, {2005, 9, 18}, 0},   {2006, {2006, 1, 29}, {2006, 10, 6}, 7},
        {2007, {2007, 2, 18}, {2007, 9, 25}, 0},  {2008, {2008, 2, 7}, {2008, 9, 14}, 0},
        {2009, {2009, 1, 26}, {2009, 10, 3}, 5},  {2010, {2010, 2, 14}, {2010, 9, 22}, 0},
        {2011, {2011, 2, 3}, {2011, 9, 12}, 0},   {2012, {2012, 1, 23}, {2012, 9, 30}, 4},
        {2013, {2013, 2, 10}, {2013, 9, 19}, 0},  {2014, {2014, 1, 31}, {2014, 9, 8}, 9},
        {2015, {2015, 2, 19}, {2015, 9, 27}, 0},  {2016, {2016, 2, 8}, {2016, 9, 15}, 0},
        {2017, {2017, 1, 28}, {2017, 10, 4}, 6},  {2018, {2018, 2, 16}, {2018, 9, 24}, 0},
        {2019, {2019, 2, 5}, {2019, 9, 13}, 0},   {2020, {2020, 1, 25}, {2020, 10, 1}, 4},
        {2021, {2021, 2, 12}, {2021, 9, 21}, 0},  {2022, {2022, 2, 1}, {2022, 9, 10}, 0},
        {2023, {2023, 1, 22}, {2023, 9, 29}, 2},  {2024, {2024, 2, 10}, {2024, 9, 17}, 0},
        {2025, {2025, 1, 29}, {2025, 10, 6}, 6},  {2026, {2026, 2, 17}, {2026, 9, 25}, 0},
        {2027, {2027, 2, 6}, {2027, 9, 15}, 0},   {2028, {2028, 1, 26}, {2028, 10, 3}, 5},
        {2030, {2030, 2, 3}, {2030, 9, 12}, 0},   {2033, {2033, 1, 31}, {2033, 9, 8}, 11},
    };
    for (const auto& k : known) {
        CAPTURE(k.year);
        CHECK(lunarToSolar({k.year, 1, 1, false}) == k.springFestival);
        CHECK(lunarToSolar({k.year, 8, 15, false}) == k.midAutumn);
        CHECK(lunarLeapMonth(k.year) == k.leapMonth);
        CHECK(solarToLunar(k.springFestival) == LunarDate{k.year, 1, 1, false});
        CHECK(solarToLunar(k.springFestival.addDays(-1))->year == k.year - 1);
    }
}

TEST_CASE("lunar: Spring Festival and Mid-Autumn match an independent ephemeris for every year 1900-2100") {
    for (int year = 1900; year <= 2100; ++year) {
        CAPTURE(year);
        CHECK(lunarToSolar({year, 1, 1, false}) == fromTable(kSpringFestival, year));
        CHECK(lunarToSolar({year, 8, 15, false}) == fromTable(kMidAutumn, year));
    }
}

TEST_CASE("lunar: leap months") {
    // 2023 has a leap 2nd month: 闰二月初一 = 2023-03-22, the ordinary 2nd month starts 2023-02-20.
    CHECK(lunarToSolar({2023, 2, 1, false}) == CivilDate{2023, 2, 20});
    CHECK(lunarToSolar({2023, 2, 1, true}) == CivilDate{2023, 3, 22});
    CHECK(solarToLunar({2023, 3, 22}) == LunarDate{2023, 2, 1, true});
    CHECK(solarToLunar({2023, 4, 20}) == LunarDate{2023, 3, 1, false});
    // 2020: 闰四月; 2025: 闰六月 (闰六月初一 = 2025-07-25).
    CHECK(lunarToSolar({2020, 4, 1, true}) == CivilDate{2020, 5, 23});
    CHECK(lunarToSolar({2025, 6, 1, true}) == CivilDate{2025, 7, 25});
    // A leap month that does not exist, and a day 30 in a 29-day month.
    CHECK_FALSE(lunarToSolar({2024, 4, 1, true}).has_value());
    for (int m = 1; m <= 12; ++m)
        if (lunarMonthDays(2024, m) == 29) CHECK_FALSE(lunarToSolar({2024, m, 30, false}).has_value());
    CHECK(lunarYearDays(2023) == 384);
    CHECK(lunarYearDays(2024) == 354);
}

TEST_CASE("lunar: round trip for every day 1901-2099 and the table's edges") {
    int64_t checked = 0;
    LunarDate previous{};
    for (int64_t d = CivilDate{1901, 1, 1}.toDays(); d <= CivilDate{2099, 12, 31}.toDays(); ++d) {
        const auto solar = CivilDate::fromDays(d);
        const auto lunar = solarToLunar(solar);
        REQUIRE(lunar.has_value());
        REQUIRE(lunarToSolar(*lunar) == solar);
        // Days advance by one, or start a new month at day 1.
        if (checked > 0 && lunar->day != previous.day + 1) REQUIRE(lunar->day == 1);
        previous = *lunar;
        ++checked;
    }
    CHECK(checked == 72684);
    CHECK(solarToLunar({1900, 1, 31}) == LunarDate{1900, 1, 1, false});
    CHECK_FALSE(solarToLunar({1900, 1, 30}).has_value());
    CHECK(solarToLunar({2101, 1, 28}).has_value());
    CHECK_FALSE(solarToLunar({2101, 1, 29}).has_value());
    CHECK_FALSE(lunarToSolar({1899, 12, 1, false}).has_value());
    CHECK_FALSE(lunarToSolar({2101, 1, 1, false}).has_value());
}

TEST_CASE("qingming: known years and every year 1900-2100") {
    CHECK(qingmingDate(2008) == CivilDate{2008, 4, 4});
    CHECK(qingmingDate(2019) == CivilDate{2019, 4, 5});
    CHECK(qingmingDate(2020) == CivilDate{2020, 4, 4});
    CHECK(qingmingDate(2023) == CivilDate{2023, 4, 5});
    CHECK(qingmingDate(2024) == CivilDate{2024, 4, 4});
    CHECK(qingmingDate(2025) == CivilDate{2025, 4, 4});
    CHECK(qingmingDate(2026) == CivilDate{2026, 4, 5});
    CHECK(qingmingDate(1943) == CivilDate{1943, 4, 6}); // 00:11 Beijing time: a near-midnight case
    CHECK(qingmingDate(2071) == CivilDate{2071, 4, 5}); // 00:10: the nearest to midnight in range
    const std::string table(kQingming);
    for (int year = 1900; year <= 2100; ++year) {
        CAPTURE(year);
        CHECK(qingmingDate(year) == CivilDate{year, 4, table[static_cast<size_t>(year - 1900)] - '0'});
    }
    // Other terms: 冬至 2024-12-21, 立春 2025-02-03, 夏至 2025-06-21.
    CHECK(solarTermDate(2024, 270) == CivilDate{2024, 12, 21});
    CHECK(solarTermDate(2025, 315) == CivilDate{2025, 2, 3});
    CHECK(solarTermDate(2025, 90) == CivilDate{2025, 6, 21});
}

TEST_CASE("holidays: the seven Chinese holidays of a year, in date order") {
    const auto h2025 = chineseHolidays(2025);
    REQUIRE(h2025.size() == 7);
    CHECK(h2025[0].kind == HolidayKind::NewYear);
    CHECK(h2025[0].date == CivilDate{2025, 1, 1});
    CHECK(h2025[1].date == CivilDate{2025, 1, 29}); // 春节
    CHECK(h2025[2].date == CivilDate{2025, 4, 4});  // 清明
    CHECK(h2025[3].date == CivilDate{2025, 5, 1});
    CHECK(h2025[4].kind == HolidayKind::DragonBoat);
    CHECK(h2025[4].date == CivilDate{2025, 5, 31});
    // 2025: 国庆 (Oct 1) comes before 中秋 (Oct 6).
    CHECK(h2025[5].kind == HolidayKind::NationalDay);
    CHECK(h2025[6].kind == HolidayKind::MidAutumn);
    CHECK(h2025[6].date == CivilDate{2025, 10, 6});
    const auto h2024 = chineseHolidays(2024);
    CHECK(h2024[4].date == CivilDate{2024, 6, 10}); // 端午
    CHECK(h2024[5].kind == HolidayKind::MidAutumn);
    CHECK(holidayNameZh(HolidayKind::MidAutumn) == "中秋");
    CHECK(holidayKey(HolidayKind::SpringFestival) == "spring_festival");
    CHECK(chineseHolidays(2101).empty());
}

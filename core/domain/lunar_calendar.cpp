// Lunar calendar table (1900–2100), lunar <-> solar conversion, solar terms from the sun's apparent
// longitude, and the Chinese holidays of a year.
//
// Sections: 1. the lunar-year table  2. conversion  3. solar terms  4. holidays
#include "core/domain/lunar_calendar.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace crm::core {
namespace {

// ---- 1. The lunar-year table -------------------------------------------------------------------
// One entry per lunar year 1900..2100 (the table used by most Chinese calendar software):
//   bits 0-3   leap month (0 = none)
//   bits 4-15  lengths of months 12..1: month m is 30 days when bit (16 - m) is set, else 29
//   bit 16     length of the leap month (set = 30 days)
constexpr std::array<uint32_t, kLunarMaxYear - kLunarMinYear + 1> kLunarInfo = {
    0x04bd8, 0x04ae0, 0x0a570, 0x054d5, 0x0d260, 0x0d950, 0x16554, 0x056a0, 0x09ad0, 0x055d2, // 1900
    0x04ae0, 0x0a5b6, 0x0a4d0, 0x0d250, 0x1d255, 0x0b540, 0x0d6a0, 0x0ada2, 0x095b0, 0x14977, // 1910
    0x04970, 0x0a4b0, 0x0b4b5, 0x06a50, 0x06d40, 0x1ab54, 0x02b60, 0x09570, 0x052f2, 0x04970, // 1920
    0x06566, 0x0d4a0, 0x0ea50, 0x06e95, 0x05ad0, 0x02b60, 0x186e3, 0x092e0, 0x1c8d7, 0x0c950, // 1930
    0x0d4a0, 0x1d8a6, 0x0b550, 0x056a0, 0x1a5b4, 0x025d0, 0x092d0, 0x0d2b2, 0x0a950, 0x0b557, // 1940
    0x06ca0, 0x0b550, 0x15355, 0x04da0, 0x0a5b0, 0x14573, 0x052b0, 0x0a9a8, 0x0e950, 0x06aa0, // 1950
    0x0aea6, 0x0ab50, 0x04b60, 0x0aae4, 0x0a570, 0x05260, 0x0f263, 0x0d950, 0x05b57, 0x056a0, // 1960
    0x096d0, 0x04dd5, 0x04ad0, 0x0a4d0, 0x0d4d4, 0x0d250, 0x0d558, 0x0b540, 0x0b6a0, 0x195a6, // 1970
    0x095b0, 0x049b0, 0x0a974, 0x0a4b0, 0x0b27a, 0x06a50, 0x06d40, 0x0af46, 0x0ab60, 0x09570, // 1980
    0x04af5, 0x04970, 0x064b0, 0x074a3, 0x0ea50, 0x06b58, 0x05ac0, 0x0ab60, 0x096d5, 0x092e0, // 1990
    0x0c960, 0x0d954, 0x0d4a0, 0x0da50, 0x07552, 0x056a0, 0x0abb7, 0x025d0, 0x092d0, 0x0cab5, // 2000
    0x0a950, 0x0b4a0, 0x0baa4, 0x0ad50, 0x055d9, 0x04ba0, 0x0a5b0, 0x15176, 0x052b0, 0x0a930, // 2010
    0x07954, 0x06aa0, 0x0ad50, 0x05b52, 0x04b60, 0x0a6e6, 0x0a4e0, 0x0d260, 0x0ea65, 0x0d530, // 2020
    0x05aa0, 0x076a3, 0x096d0, 0x04afb, 0x04ad0, 0x0a4d0, 0x1d0b6, 0x0d250, 0x0d520, 0x0dd45, // 2030
    0x0b5a0, 0x056d0, 0x055b2, 0x049b0, 0x0a577, 0x0a4b0, 0x0aa50, 0x1b255, 0x06d20, 0x0ada0, // 2040
    0x14b63, 0x09370, 0x049f8, 0x04970, 0x064b0, 0x168a6, 0x0ea50, 0x06aa0, 0x1a6c4, 0x0aae0, // 2050
    0x092e0, 0x0d2e3, 0x0c960, 0x0d557, 0x0d4a0, 0x0da50, 0x05d55, 0x056a0, 0x0a6d0, 0x055d4, // 2060
    0x052d0, 0x0a9b8, 0x0a950, 0x0b4a0, 0x0b6a6, 0x0ad50, 0x055a0, 0x0aba4, 0x0a5b0, 0x052b0, // 2070
    0x0b273, 0x06930, 0x07337, 0x06aa0, 0x0ad50, 0x14b55, 0x04b60, 0x0a570, 0x054e4, 0x0d160, // 2080
    0x0e968, 0x0d520, 0x0daa0, 0x16aa6, 0x056d0, 0x04ae0, 0x0a9d4, 0x0a4d0, 0x0d150, 0x0f252, // 2090
    0x0d520,                                                                                   // 2100
};

// Lunar 1900-01-01 is 1900-01-31.
const int64_t kLunarEpochDays = CivilDate{1900, 1, 31}.toDays();

bool inRange(int lunarYear) { return lunarYear >= kLunarMinYear && lunarYear <= kLunarMaxYear; }

// Days from the lunar epoch to the first day of each lunar year, plus one past the end.
const std::array<int64_t, kLunarInfo.size() + 1>& yearStarts() {
    static const auto starts = [] {
        std::array<int64_t, kLunarInfo.size() + 1> result{};
        for (size_t i = 0; i < kLunarInfo.size(); ++i)
            result[i + 1] = result[i] + lunarYearDays(kLunarMinYear + static_cast<int>(i));
        return result;
    }();
    return starts;
}

} // namespace

// ---- 2. Conversion -----------------------------------------------------------------------------

int lunarLeapMonth(int lunarYear) { return inRange(lunarYear) ? static_cast<int>(kLunarInfo[lunarYear - kLunarMinYear] & 0xf) : 0; }

int lunarMonthDays(int lunarYear, int month, bool leap) {
    if (!inRange(lunarYear) || month < 1 || month > 12) return 0;
    const uint32_t info = kLunarInfo[lunarYear - kLunarMinYear];
    if (leap) {
        if (static_cast<int>(info & 0xf) != month) return 0;
        return (info & 0x10000) ? 30 : 29;
    }
    return (info & (0x10000u >> month)) ? 30 : 29;
}

int lunarYearDays(int lunarYear) {
    if (!inRange(lunarYear)) return 0;
    int total = 0;
    for (int m = 1; m <= 12; ++m) total += lunarMonthDays(lunarYear, m, false);
    if (const int leap = lunarLeapMonth(lunarYear)) total += lunarMonthDays(lunarYear, leap, true);
    return total;
}

std::optional<LunarDate> solarToLunar(const CivilDate& date) {
    const auto& starts = yearStarts();
    int64_t offset = date.toDays() - kLunarEpochDays;
    if (offset < 0 || offset >= starts.back()) return std::nullopt;
    // Binary search for the lunar year containing offset.
    size_t lo = 0, hi = kLunarInfo.size() - 1;
    while (lo < hi) {
        const size_t mid = (lo + hi + 1) / 2;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
    }
    LunarDate result;
    result.year = kLunarMinYear + static_cast<int>(lo);
    offset -= starts[lo];
    const int leap = lunarLeapMonth(result.year);
    for (int m = 1; m <= 12; ++m) {
        const int days = lunarMonthDays(result.year, m, false);
        if (offset < days) {
            result.month = m;
            result.day = static_cast<int>(offset) + 1;
            return result;
        }
        offset -= days;
        if (m == leap) {
            const int leapDays = lunarMonthDays(result.year, m, true);
            if (offset < leapDays) {
                result.month = m;
                result.day = static_cast<int>(offset) + 1;
                result.isLeapMonth = true;
                return result;
            }
            offset -= leapDays;
        }
    }
    return std::nullopt; // unreachable: offset < year length
}

std::optional<CivilDate> lunarToSolar(const LunarDate& date) {
    if (!inRange(date.year) || date.month < 1 || date.month > 12 || date.day < 1) return std::nullopt;
    const int monthLength = lunarMonthDays(date.year, date.month, date.isLeapMonth);
    if (monthLength == 0 || date.day > monthLength) return std::nullopt;
    int64_t offset = yearStarts()[date.year - kLunarMinYear];
    const int leap = lunarLeapMonth(date.year);
    for (int m = 1; m < date.month; ++m) {
        offset += lunarMonthDays(date.year, m, false);
        if (m == leap) offset += lunarMonthDays(date.year, m, true);
    }
    if (date.isLeapMonth) offset += lunarMonthDays(date.year, date.month, false);
    return CivilDate::fromDays(kLunarEpochDays + offset + date.day - 1);
}

// ---- 3. Solar terms ----------------------------------------------------------------------------
namespace {

constexpr double kPi = 3.14159265358979323846;
double rad(double degrees) { return degrees * kPi / 180.0; }
double normalizeDegrees(double d) {
    d = std::fmod(d, 360.0);
    return d < 0 ? d + 360.0 : d;
}

// Apparent geocentric ecliptic longitude of the sun (degrees) at Julian Ephemeris Day jde.
// Meeus, Astronomical Algorithms ch. 25 (equation of centre, nutation in longitude, aberration),
// good to ~0.01° (~15 minutes of time).
double sunApparentLongitude(double jde) {
    const double t = (jde - 2451545.0) / 36525.0;
    const double l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
    const double m = rad(357.52911 + 35999.05029 * t - 0.0001537 * t * t);
    const double c = (1.914602 - 0.004817 * t - 0.000014 * t * t) * std::sin(m) +
                     (0.019993 - 0.000101 * t) * std::sin(2 * m) + 0.000289 * std::sin(3 * m);
    const double trueLongitude = l0 + c;
    const double omega = rad(125.04 - 1934.136 * t);
    // Nutation in longitude (two main terms) and aberration.
    const double lSun = rad(280.4665 + 36000.7698 * t), lMoon = rad(218.3165 + 481267.8813 * t);
    const double nutation = (-17.20 * std::sin(omega) - 1.32 * std::sin(2 * lSun) - 0.23 * std::sin(2 * lMoon) +
                             0.21 * std::sin(2 * omega)) / 3600.0;
    const double aberration = -20.4898 / 3600.0;
    return normalizeDegrees(trueLongitude + nutation + aberration);
}

// ΔT = TT - UT in seconds (Espenak & Meeus polynomials, 1900–2150).
double deltaTSeconds(double year) {
    double t;
    if (year < 1920) { t = year - 1900; return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t - 0.000197 * t * t * t * t; }
    if (year < 1941) { t = year - 1920; return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t; }
    if (year < 1961) { t = year - 1950; return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547; }
    if (year < 1986) { t = year - 1975; return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718; }
    if (year < 2005) {
        t = year - 2000;
        return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t + 0.000651814 * t * t * t * t +
               0.00002373599 * t * t * t * t * t;
    }
    if (year < 2050) { t = year - 2000; return 62.92 + 0.32217 * t + 0.005589 * t * t; }
    const double u = (year - 1820) / 100;
    return -20 + 32 * u * u - 0.5628 * (2150 - year);
}

constexpr double kJulianDayOfUnixEpoch = 2440587.5; // 1970-01-01T00:00 UT

} // namespace

double solarTermMoment(int year, int longitudeDegrees) {
    const double target = normalizeDegrees(longitudeDegrees);
    // First guess: the sun is at 0° (vernal equinox) around March 20; ~0.9856°/day.
    const double equinox = CivilDate{year, 3, 20}.toDays() + kJulianDayOfUnixEpoch;
    double jde = equinox + target / 360.0 * 365.2422;
    if (target >= 285) jde -= 365.2422; // terms from 小寒 (285°) to 春分 fall early in the year
    for (int i = 0; i < 50; ++i) {
        double diff = target - sunApparentLongitude(jde);
        diff = std::remainder(diff, 360.0);
        jde += diff * 365.2422 / 360.0;
        if (std::fabs(diff) < 1e-7) break;
    }
    const double jdUt = jde - deltaTSeconds(year + 0.5) / 86400.0;
    return jdUt + 8.0 / 24.0 - kJulianDayOfUnixEpoch;
}

CivilDate solarTermDate(int year, int longitudeDegrees) {
    return CivilDate::fromDays(static_cast<int64_t>(std::floor(solarTermMoment(year, longitudeDegrees))));
}

// ---- 4. Holidays -------------------------------------------------------------------------------

std::string_view holidayKey(HolidayKind kind) {
    switch (kind) {
    case HolidayKind::NewYear: return "new_year";
    case HolidayKind::SpringFestival: return "spring_festival";
    case HolidayKind::Qingming: return "qingming";
    case HolidayKind::LabourDay: return "labour_day";
    case HolidayKind::DragonBoat: return "dragon_boat";
    case HolidayKind::MidAutumn: return "mid_autumn";
    case HolidayKind::NationalDay: return "national_day";
    }
    return "";
}

std::string_view holidayNameZh(HolidayKind kind) {
    switch (kind) {
    case HolidayKind::NewYear: return "元旦";
    case HolidayKind::SpringFestival: return "春节";
    case HolidayKind::Qingming: return "清明";
    case HolidayKind::LabourDay: return "劳动节";
    case HolidayKind::DragonBoat: return "端午";
    case HolidayKind::MidAutumn: return "中秋";
    case HolidayKind::NationalDay: return "国庆";
    }
    return "";
}

std::string_view holidayNameEn(HolidayKind kind) {
    switch (kind) {
    case HolidayKind::NewYear: return "New Year's Day";
    case HolidayKind::SpringFestival: return "Spring Festival";
    case HolidayKind::Qingming: return "Qingming Festival";
    case HolidayKind::LabourDay: return "Labour Day";
    case HolidayKind::DragonBoat: return "Dragon Boat Festival";
    case HolidayKind::MidAutumn: return "Mid-Autumn Festival";
    case HolidayKind::NationalDay: return "National Day";
    }
    return "";
}

std::vector<Holiday> chineseHolidays(int year) {
    std::vector<Holiday> result;
    if (!inRange(year)) return result;
    result.push_back({HolidayKind::NewYear, {year, 1, 1}});
    result.push_back({HolidayKind::SpringFestival, *lunarToSolar({year, 1, 1, false})});
    result.push_back({HolidayKind::Qingming, qingmingDate(year)});
    result.push_back({HolidayKind::LabourDay, {year, 5, 1}});
    result.push_back({HolidayKind::DragonBoat, *lunarToSolar({year, 5, 5, false})});
    result.push_back({HolidayKind::MidAutumn, *lunarToSolar({year, 8, 15, false})});
    result.push_back({HolidayKind::NationalDay, {year, 10, 1}});
    // 中秋 falls between Sep 7 and Oct 8, so it may come after 国庆.
    std::stable_sort(result.begin(), result.end(), [](const Holiday& a, const Holiday& b) { return a.date < b.date; });
    return result;
}

} // namespace crm::core

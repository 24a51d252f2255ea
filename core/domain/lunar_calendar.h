// Chinese lunar calendar (农历) for 1900–2100: lunar <-> solar conversion, solar terms (节气),
// and the Chinese holidays of a year (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆).
#pragma once
#include "core/domain/civil_date.h"

#include <optional>
#include <string_view>
#include <vector>

namespace crm::core {

inline constexpr int kLunarMinYear = 1900;
inline constexpr int kLunarMaxYear = 2100;

struct LunarDate {
    int year = 0;  // lunar year, named by the solar year in which it starts (its 春节)
    int month = 1; // 1..12
    int day = 1;   // 1..30
    bool isLeapMonth = false; // 闰月: the leap month follows the ordinary month of the same number
    bool operator==(const LunarDate&) const = default;
};

// Leap month of a lunar year (0 = none), month lengths (29/30; 0 for a month that does not exist).
int lunarLeapMonth(int lunarYear);
int lunarMonthDays(int lunarYear, int month, bool leap = false);
int lunarYearDays(int lunarYear);

// Solar date range covered: 1900-01-31 (lunar 1900-01-01) .. 2101-01-28 (last day of lunar 2100).
std::optional<LunarDate> solarToLunar(const CivilDate& date);
// nullopt for a date outside the table or one that does not exist (no such leap month, day 30 of a
// 29-day month).
std::optional<CivilDate> lunarToSolar(const LunarDate& date);

// The civil date (China Standard Time, UTC+8) on which the sun reaches the given apparent ecliptic
// longitude (a multiple of 15° = one of the 24 solar terms) in the given solar year. Computed, not
// tabled: Meeus' solar series + nutation, aberration and ΔT, within ~15 minutes of the exact moment
// for 1900–2100. 清明 (15°) never falls that close to midnight in 1900–2100 (nearest: 2071, 00:10
// checked in the tests against an independent ephemeris for all 201 years), so qingmingDate is exact.
CivilDate solarTermDate(int year, int longitudeDegrees);
// The same moment as fractional days since 1970-01-01T00:00 China Standard Time.
double solarTermMoment(int year, int longitudeDegrees);
inline CivilDate qingmingDate(int year) { return solarTermDate(year, 15); }

enum class HolidayKind { NewYear, SpringFestival, Qingming, LabourDay, DragonBoat, MidAutumn, NationalDay };

struct Holiday {
    HolidayKind kind;
    CivilDate date;
};

std::string_view holidayKey(HolidayKind kind);    // "new_year", "spring_festival", ... (i18n keys)
std::string_view holidayNameZh(HolidayKind kind); // 元旦, 春节, ...
std::string_view holidayNameEn(HolidayKind kind);

// All seven holidays falling in solar year `year` (1900..2100), sorted by date.
std::vector<Holiday> chineseHolidays(int year);

} // namespace crm::core

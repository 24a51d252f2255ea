// CivilDate: a calendar date (proleptic Gregorian, no time zone) with day arithmetic and ISO text.
// core/ has no clock: "today" is always passed in as a CivilDate.
#pragma once
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crm::core {

bool isLeapYear(int year);
int daysInMonth(int year, int month); // 0 when month is out of 1..12

struct CivilDate {
    int year = 1970;
    int month = 1;
    int day = 1;

    // Days since 1970-01-01 (negative before). Exact for any valid date.
    int64_t toDays() const;
    static CivilDate fromDays(int64_t days);

    bool isValid() const;
    CivilDate addDays(int64_t days) const;
    // Calendar months; the day is clamped to the target month's length (Jan 31 + 1 month = Feb 28/29).
    CivilDate addMonths(int months) const;
    // ISO weekday: 1 = Monday ... 7 = Sunday.
    int weekday() const;

    // "YYYY-MM-DD"; a trailing time part ("T..." or " ...") is ignored so ISO timestamps parse too.
    static std::optional<CivilDate> parse(std::string_view text);
    std::string toString() const;

    auto operator<=>(const CivilDate&) const = default;
};

// b - a in days.
inline int64_t daysBetween(const CivilDate& a, const CivilDate& b) { return b.toDays() - a.toDays(); }

// "2026-11-24T10:29:00Z" <-> ms since the epoch (a plain date is its UTC midnight); nullopt when not ISO.
std::optional<int64_t> parseIsoMs(std::string_view text);
std::string isoText(int64_t ms);

} // namespace crm::core

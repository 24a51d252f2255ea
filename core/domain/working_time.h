// The shop's working time (工作时间): opening hours per weekday, public holidays and make-up working days
// (调休) from a holiday table, in the shop's fixed UTC offset (China: +8, no daylight saving). Deadlines are
// measured in it (complaint_workflow.h). Read from the synced settings document `settings:working_time`;
// defaults: Monday–Friday 08:30–12:00 and 13:30–18:00, China's holidays of 2026 and 2027 (holiday_table.h).
#pragma once
#include "core/domain/civil_date.h"
#include "core/json.h"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace crm::core {

inline constexpr const char* kWorkingTimeSettingsId = "settings:working_time";
inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 60 * kMinuteMs;

struct OpeningSpan {
    int fromMinute = 0, toMinute = 0;  // minutes after local midnight, from < to
    auto operator<=>(const OpeningSpan&) const = default;
};
using DayHours = std::vector<OpeningSpan>;

enum class DayKind { Regular, Holiday, MakeupWorkday };

struct WorkingTime {
    int utcOffsetMinutes = 480;
    std::array<DayHours, 7> weekly;                // index: ISO weekday - 1 (0 = Monday … 6 = Sunday)
    std::map<CivilDate, std::string> holidays;     // closed, whatever the weekday ("2026-10-01" -> "国庆节")
    std::map<CivilDate, std::string> makeupDays;   // open with makeupHours though a weekend (调休上班)
    DayHours makeupHours;                          // hours of a make-up working day

    static WorkingTime defaults();
    Json toJson() const;
    // Missing fields keep the defaults; a holiday table given for a year replaces that year's defaults.
    static WorkingTime fromJson(const Json& json);

    DayKind kindOf(const CivilDate& day) const;
    const DayHours& hoursOn(const CivilDate& day) const;  // empty when closed

    // Working milliseconds in [fromMs, toMs) (0 when toMs <= fromMs).
    int64_t workingBetween(int64_t fromMs, int64_t toMs) const;
    // The instant `workingMs` of working time after `fromMs` (an instant at a span's end, not the next
    // opening, when it ends exactly there); nullopt when the table has no working time in the next 10 years.
    std::optional<int64_t> addWorking(int64_t fromMs, int64_t workingMs) const;
    // Working milliseconds of a regular working day (Monday's hours: the unit "one working day" stands for).
    int64_t workingDayMs() const;
};

// "08:30-12:00, 13:30-18:00" <-> a day's hours ("" = closed); nullopt when a span is not HH:MM-HH:MM.
std::optional<DayHours> parseDayHours(const std::string& text);
std::string dayHoursText(const DayHours& hours);
// "08:30" -> 510; nullopt when not HH:MM.
std::optional<int> parseClockMinutes(const std::string& text);
std::string clockText(int minutes);

}  // namespace crm::core

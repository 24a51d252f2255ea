// Working-time arithmetic over opening hours, holidays and make-up days (working_time.h).
//
// Sections: 1. settings Json  2. days  3. arithmetic
#include "core/domain/working_time.h"

#include "core/domain/holiday_table.h"
#include "core/json_field.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace crm::core {
namespace {
constexpr int64_t kDayMs = 24 * kHourMs;
constexpr int kSearchDays = 3660;  // addWorking gives up after ten years without an open hour

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

Json hoursJson(const DayHours& hours) {
    Json out = Json::array();
    for (const OpeningSpan& s : hours) out.push_back(Json::array({clockText(s.fromMinute), clockText(s.toMinute)}));
    return out;
}

std::optional<DayHours> hoursFromJson(const Json& json) {
    if (!json.is_array()) return std::nullopt;
    DayHours out;
    for (const Json& span : json) {
        if (!span.is_array() || span.size() != 2 || !span[0].is_string() || !span[1].is_string()) return std::nullopt;
        auto from = parseClockMinutes(span[0].get<std::string>()), to = parseClockMinutes(span[1].get<std::string>());
        if (!from || !to || *from >= *to) return std::nullopt;
        out.push_back({*from, *to});
    }
    std::sort(out.begin(), out.end());
    return out;
}

Json daysJson(const std::map<CivilDate, std::string>& days) {
    Json out = Json::object();
    for (const auto& [day, name] : days) out[day.toString()] = name;
    return out;
}

// A table given in settings replaces the defaults of every year it names.
void readDays(const Json& json, std::map<CivilDate, std::string>& days) {
    if (!json.is_object()) return;
    std::map<CivilDate, std::string> given;
    std::set<int> years;
    for (auto it = json.begin(); it != json.end(); ++it) {
        auto day = CivilDate::parse(it.key());
        if (!day || !day->isValid()) continue;
        given[*day] = it->is_string() ? it->get<std::string>() : std::string();
        years.insert(day->year);
    }
    std::erase_if(days, [&](const auto& entry) { return years.count(entry.first.year) > 0; });
    days.insert(given.begin(), given.end());
}

std::map<CivilDate, std::string> tableDays(const HolidayDay* table, int count) {
    std::map<CivilDate, std::string> out;
    for (int i = 0; i < count; ++i) out[*CivilDate::parse(table[i].date)] = table[i].name;
    return out;
}
}  // namespace

std::optional<int> parseClockMinutes(const std::string& text) {
    int h = 0, m = 0;
    char extra = 0;
    if (std::sscanf(text.c_str(), "%d:%d%c", &h, &m, &extra) != 2 || h < 0 || h > 24 || m < 0 || m > 59 ||
        h * 60 + m > 24 * 60)
        return std::nullopt;
    return h * 60 + m;
}

std::optional<DayHours> parseDayHours(const std::string& text) {
    Json spans = Json::array();
    size_t start = 0;
    while (start <= text.size()) {
        size_t comma = text.find_first_of(",，", start);
        std::string part = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        part.erase(std::remove_if(part.begin(), part.end(), [](char c) { return c == ' '; }), part.end());
        if (!part.empty()) {
            size_t dash = part.find('-');
            if (dash == std::string::npos) return std::nullopt;
            spans.push_back(Json::array({part.substr(0, dash), part.substr(dash + 1)}));
        }
        if (comma == std::string::npos) break;
        start = comma + (text[comma] == ',' ? 1 : std::string("，").size());
    }
    return hoursFromJson(spans);
}

std::string dayHoursText(const DayHours& hours) {
    std::string out;
    for (const OpeningSpan& s : hours) out += (out.empty() ? "" : ", ") + clockText(s.fromMinute) + "-" + clockText(s.toMinute);
    return out;
}

std::string clockText(int minutes) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
    return buf;
}

// ---- 1. Settings Json ----------------------------------------------------------------------------------
WorkingTime WorkingTime::defaults() {
    WorkingTime w;
    const DayHours office = {{8 * 60 + 30, 12 * 60}, {13 * 60 + 30, 18 * 60}};
    for (int d = 0; d < 5; ++d) w.weekly[size_t(d)] = office;
    w.makeupHours = office;
    w.holidays = tableDays(kChinaHolidays, kChinaHolidayCount);
    w.makeupDays = tableDays(kChinaMakeupWorkdays, kChinaMakeupWorkdayCount);
    return w;
}

Json WorkingTime::toJson() const {
    Json weeklyJson = Json::object();
    for (int d = 0; d < 7; ++d) weeklyJson[std::to_string(d + 1)] = hoursJson(weekly[size_t(d)]);
    return Json{{"utc_offset_minutes", utcOffsetMinutes}, {"weekly", weeklyJson}, {"makeup_hours", hoursJson(makeupHours)},
                {"holidays", daysJson(holidays)}, {"makeup_days", daysJson(makeupDays)}};
}

WorkingTime WorkingTime::fromJson(const Json& json) {
    WorkingTime w = defaults();
    readField(json, "utc_offset_minutes", w.utcOffsetMinutes);
    if (auto weeklyJson = json.find("weekly"); json.is_object() && weeklyJson != json.end() && weeklyJson->is_object()) {
        for (int d = 0; d < 7; ++d) {
            auto day = weeklyJson->find(std::to_string(d + 1));
            if (day == weeklyJson->end()) continue;
            if (auto hours = hoursFromJson(*day)) w.weekly[size_t(d)] = *hours;
        }
    }
    if (json.is_object()) {
        if (auto hours = hoursFromJson(json.value("makeup_hours", Json()))) w.makeupHours = *hours;
        readDays(json.value("holidays", Json()), w.holidays);
        readDays(json.value("makeup_days", Json()), w.makeupDays);
    }
    return w;
}

// ---- 2. Days ------------------------------------------------------------------------------------------
DayKind WorkingTime::kindOf(const CivilDate& day) const {
    if (holidays.count(day)) return DayKind::Holiday;
    if (makeupDays.count(day)) return DayKind::MakeupWorkday;
    return DayKind::Regular;
}

const DayHours& WorkingTime::hoursOn(const CivilDate& day) const {
    static const DayHours closed;
    switch (kindOf(day)) {
    case DayKind::Holiday: return closed;
    case DayKind::MakeupWorkday: return makeupHours;
    case DayKind::Regular: break;
    }
    return weekly[size_t(day.weekday() - 1)];
}

int64_t WorkingTime::workingDayMs() const {
    int64_t total = 0;
    for (const OpeningSpan& s : weekly[0]) total += (s.toMinute - s.fromMinute) * kMinuteMs;
    return total;
}

// ---- 3. Arithmetic (local time = UTC + offset; each local day's spans in order) ------------------------
int64_t WorkingTime::workingBetween(int64_t fromMs, int64_t toMs) const {
    if (toMs <= fromMs) return 0;
    const int64_t offset = utcOffsetMinutes * kMinuteMs;
    const int64_t a = fromMs + offset, b = toMs + offset;
    int64_t total = 0;
    for (int64_t day = floorDiv(a, kDayMs); day * kDayMs < b; ++day) {
        for (const OpeningSpan& s : hoursOn(CivilDate::fromDays(day))) {
            int64_t open = day * kDayMs + s.fromMinute * kMinuteMs, close = day * kDayMs + s.toMinute * kMinuteMs;
            total += std::max<int64_t>(0, std::min(close, b) - std::max(open, a));
        }
    }
    return total;
}

std::optional<int64_t> WorkingTime::addWorking(int64_t fromMs, int64_t workingMs) const {
    const int64_t offset = utcOffsetMinutes * kMinuteMs;
    const int64_t a = fromMs + offset;
    int64_t left = std::max<int64_t>(0, workingMs);
    const int64_t first = floorDiv(a, kDayMs);
    for (int64_t day = first; day < first + kSearchDays; ++day) {
        for (const OpeningSpan& s : hoursOn(CivilDate::fromDays(day))) {
            int64_t open = std::max(day * kDayMs + s.fromMinute * kMinuteMs, a), close = day * kDayMs + s.toMinute * kMinuteMs;
            if (close <= open) continue;
            if (left <= close - open) return open + left - offset;
            left -= close - open;
        }
    }
    return std::nullopt;
}

}  // namespace crm::core

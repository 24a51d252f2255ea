// CivilDate arithmetic (Howard Hinnant's days_from_civil / civil_from_days) and ISO parsing.
#include "core/domain/civil_date.h"

#include <cstdio>

namespace crm::core {

bool isLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int daysInMonth(int year, int month) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) return 0;
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

int64_t CivilDate::toDays() const {
    const int64_t y = static_cast<int64_t>(year) - (month <= 2 ? 1 : 0);
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t mp = (month + 9) % 12; // March = 0
    const int64_t doy = (153 * mp + 2) / 5 + day - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate CivilDate::fromDays(int64_t days) {
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const int64_t doe = days - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
    return CivilDate{y, m, d};
}

bool CivilDate::isValid() const { return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month); }

CivilDate CivilDate::addDays(int64_t days) const { return fromDays(toDays() + days); }

CivilDate CivilDate::addMonths(int months) const {
    int64_t index = static_cast<int64_t>(year) * 12 + (month - 1) + months;
    int64_t y = index >= 0 ? index / 12 : (index - 11) / 12;
    const int m = static_cast<int>(index - y * 12) + 1;
    const int last = daysInMonth(static_cast<int>(y), m);
    return CivilDate{static_cast<int>(y), m, day > last ? last : day};
}

int CivilDate::weekday() const {
    const int64_t days = toDays(); // 1970-01-01 was a Thursday (4)
    const int64_t w = ((days % 7) + 7 + 3) % 7; // 0 = Monday
    return static_cast<int>(w) + 1;
}

std::optional<CivilDate> CivilDate::parse(std::string_view text) {
    if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return std::nullopt;
    auto digits = [&](size_t from, size_t count, int& out) {
        out = 0;
        for (size_t i = from; i < from + count; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    CivilDate date;
    if (!digits(0, 4, date.year) || !digits(5, 2, date.month) || !digits(8, 2, date.day)) return std::nullopt;
    if (!date.isValid()) return std::nullopt;
    return date;
}

std::string CivilDate::toString() const {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    return buffer;
}

// ---- ISO 8601 times (UTC) ----
namespace {
constexpr int64_t kIsoMinuteMs = 60'000;
constexpr int64_t kIsoHourMs = 60 * kIsoMinuteMs;
}  // namespace

std::optional<int64_t> parseIsoMs(std::string_view text) {
    std::optional<CivilDate> date = CivilDate::parse(text);
    if (!date || !date->isValid()) return std::nullopt;
    int64_t ms = date->toDays() * 24 * kIsoHourMs;
    if (text.size() <= 10) return ms;
    int h = 0, m = 0, s = 0;
    std::string rest(text.substr(11));
    int got = std::sscanf(rest.c_str(), "%d:%d:%d", &h, &m, &s);
    if (got < 2 || h < 0 || h > 23 || m < 0 || m > 59 || s < 0 || s > 60) return std::nullopt;
    return ms + h * kIsoHourMs + m * kIsoMinuteMs + s * 1000;
}

std::string isoText(int64_t ms) {
    int64_t secs = ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
    int64_t days = secs / 86400, rem = secs % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02dZ", CivilDate::fromDays(days).toString().c_str(), int(rem / 3600),
                  int(rem / 60 % 60), int(rem % 60));
    return buf;
}

} // namespace crm::core

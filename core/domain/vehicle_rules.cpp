// VIN and plate validation, odometer projection, warranty status and service due.
//
// Sections: 1. results  2. VIN  3. plates  4. odometer  5. warranty  6. service due
#include "core/domain/vehicle_rules.h"

#include <algorithm>
#include <array>
#include <cmath>

namespace crm::core {

// ---- 1. Results ----------------------------------------------------------------------------------

bool ValidationResult::ok() const {
    return std::none_of(issues.begin(), issues.end(), [](const ValidationIssue& i) { return i.severity == Severity::Error; });
}
bool ValidationResult::hasWarnings() const {
    return std::any_of(issues.begin(), issues.end(), [](const ValidationIssue& i) { return i.severity == Severity::Warning; });
}
bool ValidationResult::has(std::string_view code) const {
    return std::any_of(issues.begin(), issues.end(), [&](const ValidationIssue& i) { return i.code == code; });
}

namespace {
void addIssue(ValidationResult& r, Severity s, std::string code, std::string message) {
    r.issues.push_back({s, std::move(code), std::move(message)});
}
char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isUpperLetter(char c) { return c >= 'A' && c <= 'Z'; }

// ---- 2. VIN --------------------------------------------------------------------------------------
int vinValue(char c) {
    if (isDigit(c)) return c - '0';
    // A-H 1-8, J-N 1-5, P 7, R 9, S-Z 2-9; I, O, Q are not allowed.
    static constexpr std::array<int, 26> kLetters = {1, 2, 3, 4, 5, 6, 7, 8, -1, 1, 2, 3, 4,
                                                     5, -1, 7, -1, 9, 2, 3, 4, 5, 6, 7, 8, 9};
    if (isUpperLetter(c)) return kLetters[c - 'A'];
    return -1;
}
} // namespace

char vinCheckDigit(std::string_view vin17) {
    static constexpr std::array<int, 17> kWeights = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};
    if (vin17.size() != 17) return '\0';
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) {
        const int v = vinValue(upper(vin17[i]));
        if (v < 0) return '\0';
        sum += v * kWeights[i];
    }
    const int check = sum % 11;
    return check == 10 ? 'X' : static_cast<char>('0' + check);
}

ValidationResult validateVin(std::string_view vin, VinCheckPolicy policy) {
    ValidationResult r;
    for (char c : vin)
        if (c != ' ' && c != '-' && c != '\t') r.normalized.push_back(upper(c));
    const std::string& v = r.normalized;
    if (v.empty()) {
        addIssue(r, Severity::Error, "vin.empty", "VIN is empty: enter the 17 characters from the registration certificate.");
        return r;
    }
    if (v.size() != 17)
        addIssue(r, Severity::Error, "vin.length",
                 "VIN has " + std::to_string(v.size()) + " characters; a VIN has exactly 17.");
    for (char c : v) {
        if (vinValue(c) < 0) {
            const bool confusable = c == 'I' || c == 'O' || c == 'Q';
            addIssue(r, Severity::Error, "vin.char",
                     confusable ? std::string("VIN cannot contain the letter ") + c + " (use 1 or 0 instead)."
                                : "VIN may only contain letters and digits.");
            break;
        }
    }
    if (!r.ok()) return r;
    const char expected = vinCheckDigit(v);
    if (expected != v[8]) {
        const bool northAmerican = v[0] >= '1' && v[0] <= '5';
        const bool enforce = policy == VinCheckPolicy::Enforce || (policy == VinCheckPolicy::Auto && northAmerican);
        addIssue(r, enforce ? Severity::Error : Severity::Warning, "vin.check_digit",
                 std::string("VIN check digit mismatch: position 9 is ") + v[8] + ", expected " + expected +
                     ". Re-read the VIN" + (enforce ? "." : "; some Chinese VINs do not use a check digit."));
    }
    return r;
}

// ---- 3. Plates -----------------------------------------------------------------------------------
namespace {
std::vector<std::string> splitUtf8(std::string_view s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xe ? 3 : (c >> 3) == 0x1e ? 4 : 1;
        out.emplace_back(s.substr(i, std::min(len, s.size() - i)));
        i += len;
    }
    return out;
}
constexpr std::string_view kProvinces[] = {"京", "津", "沪", "渝", "冀", "豫", "云", "辽", "黑", "湘", "皖",
                                           "鲁", "新", "苏", "浙", "赣", "鄂", "桂", "甘", "晋", "蒙", "陕",
                                           "吉", "闽", "贵", "粤", "青", "藏", "川", "宁", "琼"};
constexpr std::string_view kSuffixes[] = {"学", "警", "挂", "领", "港", "澳"};
// Serial characters: digits and letters except I and O (too close to 1 and 0).
bool isSerialChar(const std::string& c) {
    return c.size() == 1 && (isDigit(c[0]) || (isUpperLetter(c[0]) && c[0] != 'I' && c[0] != 'O'));
}
bool isDigitChar(const std::string& c) { return c.size() == 1 && isDigit(c[0]); }
bool isEnergyLetter(const std::string& c) { return c == "D" || c == "F"; }
} // namespace

PlateResult validatePlate(std::string_view plate) {
    PlateResult r;
    std::vector<std::string> chars;
    for (auto& c : splitUtf8(plate)) {
        if (c == " " || c == "-" || c == "\xC2\xB7" /* · */ || c == "\xE2\x80\xA2" /* • */ || c == "\xE3\x83\xBB" /* ・ */)
            continue;
        if (c.size() == 1) c[0] = upper(c[0]);
        chars.push_back(c);
        r.normalized += c;
    }
    auto fail = [&](const char* code, std::string message) {
        addIssue(r, Severity::Error, code, std::move(message));
        r.kind = PlateKind::Invalid;
        return r;
    };
    if (chars.empty()) return fail("plate.empty", "Plate is empty.");
    if (std::find(std::begin(kProvinces), std::end(kProvinces), chars[0]) == std::end(kProvinces))
        return fail("plate.province", "A plate starts with a province abbreviation such as 京, 沪 or 粤.");
    r.province = chars[0];
    if (chars.size() < 2 || chars[1].size() != 1 || !isUpperLetter(chars[1][0]) || chars[1][0] == 'I')
        return fail("plate.authority", "The province must be followed by the issuing office letter (A-Z).");
    r.authority = chars[1][0];
    const std::vector<std::string> tail(chars.begin() + 2, chars.end());
    if (!tail.empty() && std::find(std::begin(kSuffixes), std::end(kSuffixes), tail.back()) != std::end(kSuffixes)) {
        if (tail.size() != 5 || !std::all_of(tail.begin(), tail.end() - 1, isSerialChar))
            return fail("plate.length", "A special plate has 4 digits or letters before " + tail.back() + ".");
        r.kind = PlateKind::Special;
        r.suffix = tail.back();
        return r;
    }
    if (tail.size() == 5) {
        if (!std::all_of(tail.begin(), tail.end(), isSerialChar))
            return fail("plate.char", "The 5 characters after the office letter must be digits or letters (not I or O).");
        r.kind = PlateKind::Ordinary;
        return r;
    }
    if (tail.size() == 6) {
        const bool small = isEnergyLetter(tail[0]) && isSerialChar(tail[1]) &&
                           std::all_of(tail.begin() + 2, tail.end(), isDigitChar);
        const bool large = std::all_of(tail.begin(), tail.begin() + 5, isDigitChar) && isEnergyLetter(tail[5]);
        if (small) r.kind = PlateKind::NewEnergySmall;
        else if (large) r.kind = PlateKind::NewEnergyLarge;
        else
            return fail("plate.new_energy",
                        "A new-energy plate has 6 characters: D or F then 5 (e.g. 粤BD12345), or 5 digits then D or F.");
        return r;
    }
    return fail("plate.length", "After the province and office letter a plate has 5 characters (6 for new-energy plates).");
}

// ---- 4. Odometer ---------------------------------------------------------------------------------

OdometerHistory::OdometerHistory(std::vector<OdometerReading> readings) {
    std::stable_sort(readings.begin(), readings.end(),
                     [](const OdometerReading& a, const OdometerReading& b) { return a.date < b.date; });
    for (const auto& reading : readings) {
        if (reading.km < 0) continue;
        if (!m_readings.empty() && m_readings.back().date == reading.date) {
            m_readings.back().km = std::max(m_readings.back().km, reading.km);
            continue;
        }
        if (!m_readings.empty() && reading.km < m_readings.back().km) continue;
        m_readings.push_back(reading);
    }
    // A same-date max may have broken monotonicity with the next reading: drop such followers.
    std::vector<OdometerReading> clean;
    clean.reserve(m_readings.size());  // no room left over: histories are kept with the facts
    for (const auto& reading : m_readings)
        if (clean.empty() || reading.km >= clean.back().km) clean.push_back(reading);
    clean.shrink_to_fit();
    m_readings = std::move(clean);
}

std::optional<OdometerReading> OdometerHistory::latest() const {
    if (m_readings.empty()) return std::nullopt;
    return m_readings.back();
}

std::optional<double> OdometerHistory::averageDailyKm() const {
    if (m_readings.size() < 2) return std::nullopt;
    const auto days = daysBetween(m_readings.front().date, m_readings.back().date);
    if (days <= 0) return std::nullopt;
    return static_cast<double>(m_readings.back().km - m_readings.front().km) / static_cast<double>(days);
}

std::optional<int64_t> OdometerHistory::projectedKm(const CivilDate& date) const {
    if (m_readings.empty() || date < m_readings.front().date) return std::nullopt;
    const auto& last = m_readings.back();
    if (date >= last.date) {
        const auto rate = averageDailyKm();
        if (!rate) return last.km;
        return last.km + static_cast<int64_t>(std::llround(*rate * static_cast<double>(daysBetween(last.date, date))));
    }
    // Interpolate between the readings around date.
    auto after = std::upper_bound(m_readings.begin(), m_readings.end(), date,
                                  [](const CivilDate& d, const OdometerReading& r) { return d < r.date; });
    const auto& b = *after;
    const auto& a = *(after - 1);
    const double span = static_cast<double>(daysBetween(a.date, b.date));
    const double into = static_cast<double>(daysBetween(a.date, date));
    return a.km + static_cast<int64_t>(std::llround(static_cast<double>(b.km - a.km) * into / span));
}

std::optional<CivilDate> OdometerHistory::dateReaching(int64_t km) const {
    if (m_readings.empty()) return std::nullopt;
    if (km <= m_readings.front().km) return m_readings.front().date;
    for (size_t i = 1; i < m_readings.size(); ++i) {
        const auto& a = m_readings[i - 1];
        const auto& b = m_readings[i];
        if (km <= b.km) {
            const double span = static_cast<double>(daysBetween(a.date, b.date));
            const double need = static_cast<double>(km - a.km) / static_cast<double>(b.km - a.km);
            return a.date.addDays(static_cast<int64_t>(std::ceil(need * span - 1e-9)));
        }
    }
    const auto rate = averageDailyKm();
    if (!rate || *rate <= 0) return std::nullopt;
    const auto& last = m_readings.back();
    const double days = static_cast<double>(km - last.km) / *rate;
    return last.date.addDays(static_cast<int64_t>(std::ceil(days - 1e-9)));
}

// ---- 5. Warranty ---------------------------------------------------------------------------------

WarrantyStatus warrantyStatus(const WarrantyTerms& terms, const OdometerHistory& odometer, const CivilDate& today) {
    WarrantyStatus s;
    if (!terms.endDate && !terms.kmLimit) return s;
    s.kmToday = odometer.projectedKm(today);
    if (!s.kmToday && odometer.latest()) s.kmToday = odometer.latest()->km; // today before the first reading
    std::optional<CivilDate> kmDate;
    if (terms.kmLimit) {
        kmDate = odometer.dateReaching(*terms.kmLimit);
        if (s.kmToday) s.kmLeft = *terms.kmLimit - *s.kmToday;
    }
    if (terms.endDate) s.daysLeft = daysBetween(today, *terms.endDate);

    // Expected end: whichever limit comes first (the mileage date is the first day *at* the limit,
    // so the last covered day is the day before).
    if (terms.endDate && (!kmDate || *terms.endDate < kmDate->addDays(-1))) {
        s.expectedEnd = terms.endDate;
        s.endsBy = LimitKind::Date;
    } else if (kmDate) {
        s.expectedEnd = kmDate->addDays(-1);
        s.endsBy = LimitKind::Mileage;
    }
    const bool dateOut = terms.endDate && today > *terms.endDate;
    const bool kmOut = terms.kmLimit && s.kmToday && *s.kmToday >= *terms.kmLimit;
    if (dateOut || kmOut) {
        s.state = WarrantyState::Out;
        if (dateOut && kmOut) s.endedBy = (kmDate && kmDate->addDays(-1) < *terms.endDate) ? LimitKind::Mileage : LimitKind::Date;
        else s.endedBy = dateOut ? LimitKind::Date : LimitKind::Mileage;
    } else {
        s.state = WarrantyState::In;
    }
    return s;
}

// ---- 6. Service due ------------------------------------------------------------------------------

ServiceDue serviceDue(const CivilDate& lastServiceDate, int64_t lastServiceKm, const ServiceInterval& interval,
                      const OdometerHistory& odometer) {
    ServiceDue due;
    due.byTime = lastServiceDate.addMonths(interval.months);
    due.dueKm = lastServiceKm + interval.km;
    if (interval.km > 0) due.byMileage = odometer.dateReaching(due.dueKm);
    if (due.byMileage && *due.byMileage < due.byTime) {
        due.dueDate = *due.byMileage;
        due.reason = LimitKind::Mileage;
    } else {
        due.dueDate = due.byTime;
        due.reason = LimitKind::Date;
    }
    return due;
}

} // namespace crm::core

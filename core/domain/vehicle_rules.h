// Vehicle rules: VIN and Chinese plate validation, warranty status (date and mileage, whichever
// first), odometer projection from reading history, and service due by time or mileage.
#pragma once
#include "core/domain/civil_date.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

// ---- Validation results: errors block saving, warnings are shown but accepted -------------------
enum class Severity { Error, Warning };

struct ValidationIssue {
    Severity severity = Severity::Error;
    std::string code;    // stable key for i18n, e.g. "vin.length"
    std::string message; // English fallback text saying what is wrong and what to do
};

struct ValidationResult {
    std::string normalized; // the value as it should be stored (upper case, separators removed)
    std::vector<ValidationIssue> issues;
    bool ok() const;          // no errors (warnings allowed)
    bool hasWarnings() const;
    bool has(std::string_view code) const;
};

// ---- VIN (ISO 3779) ------------------------------------------------------------------------------
enum class VinCheckPolicy {
    Auto,    // check digit enforced for North-American VINs (WMI starting 1-5), a warning otherwise
    Enforce, // mismatch is an error
    Warn,    // mismatch is a warning
};
// The ISO 3779 / FMVSS 115 check digit ('0'..'9' or 'X') of a 17-character VIN; '\0' if a character
// cannot be transliterated.
char vinCheckDigit(std::string_view vin17);
// Codes: vin.empty, vin.length, vin.char (I, O, Q or non-alphanumeric), vin.check_digit.
ValidationResult validateVin(std::string_view vin, VinCheckPolicy policy = VinCheckPolicy::Auto);

// ---- Chinese licence plates ----------------------------------------------------------------------
enum class PlateKind { Invalid, Ordinary, NewEnergySmall, NewEnergyLarge, Special };

struct PlateResult : ValidationResult {
    PlateKind kind = PlateKind::Invalid;
    std::string province; // 京, 粤, ...
    char authority = 0;   // issuing-office letter after the province
    std::string suffix;   // 学 警 挂 领 港 澳 for special plates
};
// Accepts "粤B12345", "粤B·12345", "粤 b 12345"; new-energy "粤BD12345" (small: D/F then a letter or
// digit then 4 digits) and "粤B12345D" (large: 5 digits then D/F); special "粤B1234学".
// Codes: plate.empty, plate.province, plate.authority, plate.length, plate.char, plate.new_energy.
PlateResult validatePlate(std::string_view plate);

// ---- Odometer history and projection -------------------------------------------------------------
struct OdometerReading {
    CivilDate date;
    int64_t km = 0;
};

// Readings sorted by date; on one date the highest reading counts; a reading lower than an earlier
// one (typo, replaced cluster) is dropped so the history is monotonic.
class OdometerHistory {
public:
    OdometerHistory() = default;
    explicit OdometerHistory(std::vector<OdometerReading> readings);

    const std::vector<OdometerReading>& readings() const { return m_readings; }
    bool empty() const { return m_readings.empty(); }
    std::optional<OdometerReading> latest() const;

    // (last km - first km) / days between them; nullopt with fewer than two readings on different days.
    std::optional<double> averageDailyKm() const;
    // Interpolated between readings, extrapolated at the average rate after the last (and held at the
    // last reading without a rate); nullopt without readings or before the first one.
    std::optional<int64_t> projectedKm(const CivilDate& date) const;
    // First date on which the projected odometer reaches km; nullopt if it never will (no rate).
    std::optional<CivilDate> dateReaching(int64_t km) const;

private:
    std::vector<OdometerReading> m_readings;
};

// ---- Warranty: ends at the date or the mileage, whichever comes first ----------------------------
struct WarrantyTerms {
    std::optional<CivilDate> endDate; // last day covered
    std::optional<int64_t> kmLimit;   // covered while the odometer is below this
};

enum class WarrantyState { Unknown, In, Out };
// Which of a date limit or a mileage limit applies (warranty end, service due).
enum class LimitKind { None, Date, Mileage };

struct WarrantyStatus {
    WarrantyState state = WarrantyState::Unknown;
    LimitKind endedBy = LimitKind::None;    // for Out: which limit was passed first
    LimitKind endsBy = LimitKind::None;     // for In: which limit is expected to end it
    std::optional<CivilDate> expectedEnd;           // min(end date, projected date reaching the km limit)
    std::optional<int64_t> daysLeft;                // to the end date
    std::optional<int64_t> kmLeft;                  // km limit - projected km today
    std::optional<int64_t> kmToday;                 // projected odometer today
};
// Unknown when no terms are set. Mileage uses the odometer projected to today.
WarrantyStatus warrantyStatus(const WarrantyTerms& terms, const OdometerHistory& odometer, const CivilDate& today);

// ---- Service due by time or mileage, whichever first ---------------------------------------------
struct ServiceInterval {
    int months = 6;
    int64_t km = 5000;
};

struct ServiceDue {
    CivilDate dueDate;                 // min(byTime, byMileage)
    CivilDate byTime;                  // last service + interval months
    std::optional<CivilDate> byMileage; // projected date reaching last service km + interval km
    int64_t dueKm = 0;                 // last service km + interval km
    LimitKind reason = LimitKind::Date; // Date or Mileage: which limit comes first
};
ServiceDue serviceDue(const CivilDate& lastServiceDate, int64_t lastServiceKm, const ServiceInterval& interval,
                      const OdometerHistory& odometer);

} // namespace crm::core

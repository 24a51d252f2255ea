// Typed input, parsed once for every screen and import: what a person types into a field of a given kind
// becomes the stored value, or an error kind (the message is the i18n key inputErrorKey(kind)).
// Dates: 2024-05-01, 2024/5/1, 2024.5.1, 2024年5月1日; money: ¥128,800.50, 128800元; km: 12,345 km;
// phones with spaces, dashes, dots or +86.
#pragma once
#include "core/domain/civil_date.h"
#include "core/domain/shop_zone.h"
#include "core/json.h"
#include "core/records/record_type.h"

#include <optional>
#include <string>
#include <string_view>

namespace crm::core {

enum class InputError { None, Date, DateTime, Number, Negative, WholeNumber, Phone, Email, Option, Birthday, LunarDate };

// "input.error.date", … (the message says what to type, with an example).
const char* inputErrorKey(InputError error);

struct TypedValue {
    Json value;  // null: the field was left blank (it is removed from the document)
    InputError error = InputError::None;
    bool ok() const { return error == InputError::None; }
};

// The value `text` stands for in `field` (Enum: the option key; Bool: "true"/"false"; many: separated by
// , ; 、 or new lines). DateTime: typed in `zone` ("2026-03-09 09:30"; a trailing Z means UTC), stored in UTC
// ("2026-03-09T01:30:00Z"); a plain date stays a date.
TypedValue parseInput(const FieldSpec& field, std::string_view text, ShopZone zone);
// The text a form shows for a stored value (the inverse of parseInput for valid values); DateTime in `zone`.
std::string inputText(const FieldSpec& field, const Json& value, ShopZone zone);

std::optional<CivilDate> parseDateText(std::string_view text);
std::optional<double> parseMoneyText(std::string_view text);       // >= 0, rounded to 2 decimals
std::optional<long long> parseWholeText(std::string_view text);    // an integer, separators allowed
// The digits of a valid phone number (+86 dropped), or nullopt.
std::optional<std::string> parsePhoneText(std::string_view text);
bool isValidPhoneDigits(const std::string& digits);
bool isValidEmail(std::string_view text);
std::string trimmedText(std::string_view text);

}  // namespace crm::core

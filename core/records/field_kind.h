// The kinds of field a record type is described with (core/records/record_type.h): each kind says how a
// value is stored, how typed input becomes that value (typed_input.h) and how it is shown.
#pragma once
#include <string_view>

namespace crm::core {

enum class FieldKind {
    Text,        // a string
    Multiline,   // a string of several lines
    Phone,       // a string; mobile (11 digits, 1…) or landline (0…, 10–12 digits); separators allowed
    Email,       // a string name@host.tld
    Date,        // "YYYY-MM-DD"
    DateTime,    // "YYYY-MM-DDTHH:MM[:SS]Z" (a plain date is accepted too)
    Money,       // a number of yuan >= 0, two decimals
    Integer,     // an integer (may be negative: points, adjustments)
    Km,          // an integer number of kilometres >= 0
    Enum,        // one of the field's options (stored as the option key, shown translated)
    Bool,        // true / false
    Reference,   // the _id of another record (refType)
    List,        // a list (array) of sub-records, or a keyed set of them (object)
    Attachment,  // a name in the document's _attachments
    Vin,         // a 17-character VIN, stored upper case (core/domain/vehicle_rules)
    Plate,       // a Chinese licence plate, stored normalised (core/domain/vehicle_rules)
    Birthday,    // {calendar: solar|lunar, year, month, day, leap?}; typed "1990-05-01" or "农历 1990-08-15"
};

// "text", "multiline", … (the automation API's name of a kind).
std::string_view kindName(FieldKind kind);

}  // namespace crm::core

// The customer file (客户档案) as the form edits it, its validation, and its mapping to and from the
// `customer` document. Validation errors are i18n keys, shown to the user in the UI language.
#pragma once
#include "core/json.h"
#include "core/json_field.h"

#include <optional>
#include <string>

namespace crm::core {

struct CustomerForm {
    std::string name;
    std::string gender;  // "" | "male" | "female"
    std::string phone;   // primary mobile
    std::string wechat;
    std::string email;
    std::string birthday;  // "YYYY-MM-DD" (solar) or ""
    std::string region;
    std::string address;
    std::string company;
    std::string position;
    std::string source;
    std::string owner;
    std::string notes;
};

// The first problem with the form, as an i18n key ("error.name_required", …), or nullopt when valid.
std::optional<std::string> validateCustomer(const CustomerForm& form);

// Form values from a stored document (missing fields become empty).
CustomerForm customerFormFromDoc(const Json& doc);

// Writes the form's fields into `doc` (keeping every other field of the document as it was).
void applyCustomerForm(const CustomerForm& form, Json& doc);

// The digits of a phone number ("+86 138-0013-8000" → "13800138000"); a leading 86 country code is dropped.
std::string phoneDigits(const std::string& phone);

} // namespace crm::core

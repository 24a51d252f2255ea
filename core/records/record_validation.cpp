// validateRecord: stored values by kind, required fields, record rules (see record_validation.h).
#include "core/records/record_validation.h"

#include "core/domain/lunar_calendar.h"
#include "core/domain/vehicle_rules.h"
#include "core/records/typed_input.h"

#include <algorithm>
#include <cmath>

namespace crm::core {
namespace {

bool isBlankValue(const Json& v) {
    if (v.is_null()) return true;
    if (v.is_string()) return trimmedText(v.get_ref<const std::string&>()).empty();
    if (v.is_array() || v.is_object()) return v.empty();
    return false;
}

bool isWhole(const Json& v) {
    if (v.is_number_integer() || v.is_number_unsigned()) return true;
    return v.is_number_float() && std::floor(v.get<double>()) == v.get<double>();
}

void addChecks(const std::string& field, const ValidationResult& result, FieldIssues& out) {
    for (const ValidationIssue& issue : result.issues)
        out.push_back({field, "check." + issue.code, issue.severity == Severity::Warning});
}

bool validBirthday(const Json& b) {
    if (!b.is_object()) return false;
    auto num = [&](const char* k, int& out) {
        auto it = b.find(k);
        if (it == b.end()) return true;  // a birthday without a year is allowed
        if (!it->is_number_integer()) return false;
        out = it->get<int>();
        return true;
    };
    int y = 0, m = 0, d = 0;
    if (!num("year", y) || !num("month", m) || !num("day", d)) return false;
    std::string calendar = b.value("calendar", std::string("solar"));
    bool leap = b.contains("leap") && b["leap"].is_boolean() && b["leap"].get<bool>();
    if (calendar == "lunar") {
        if (y == 0) return m >= 1 && m <= 12 && d >= 1 && d <= 30;
        return lunarToSolar(LunarDate{y, m, d, leap}).has_value();
    }
    if (calendar != "solar") return false;
    if (y == 0) return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(2000, m);
    return y >= 1900 && y <= 2100 && CivilDate{y, m, d}.isValid();
}

// The problem code with one value of `kind`, or "" when it is fine.
const char* kindProblem(const FieldSpec& field, const Json& v) {
    const std::string* s = v.is_string() ? &v.get_ref<const std::string&>() : nullptr;
    switch (field.kind) {
        case FieldKind::Text:
        case FieldKind::Multiline:
        case FieldKind::Reference:
        case FieldKind::Attachment:
        case FieldKind::Vin:
        case FieldKind::Plate:
            return s ? "" : "input.error.text";
        case FieldKind::Phone:
            return s && parsePhoneText(*s) ? "" : "error.phone_invalid";
        case FieldKind::Email:
            return s && isValidEmail(*s) ? "" : "input.error.email";
        case FieldKind::Date:
            return s && CivilDate::parse(*s) && CivilDate::parse(*s)->isValid() ? "" : "input.error.date";
        case FieldKind::DateTime:
            return s && CivilDate::parse(*s) && CivilDate::parse(*s)->isValid() ? "" : "input.error.date_time";
        case FieldKind::Money:
            if (!v.is_number()) return "input.error.number";
            return v.get<double>() < 0 ? "input.error.negative" : "";
        case FieldKind::Integer:
            if (!v.is_number()) return "input.error.number";
            return isWhole(v) ? "" : "input.error.whole_number";
        case FieldKind::Km:
            if (!v.is_number()) return "input.error.number";
            if (!isWhole(v)) return "input.error.whole_number";
            return v.get<double>() < 0 ? "input.error.negative" : "";
        case FieldKind::Enum:
            if (!s) return "input.error.option";
            if (s->empty()) return "";
            return std::any_of(field.options.begin(), field.options.end(), [&](const char* o) { return *s == o; })
                       ? ""
                       : "input.error.option";
        case FieldKind::Bool:
            return v.is_boolean() ? "" : "input.error.option";
        case FieldKind::List:
            return v.is_array() || v.is_object() || s ? "" : "input.error.list";  // text: an older free-text form
        case FieldKind::Birthday:
            return validBirthday(v) ? "" : "error.birthday_invalid";
    }
    return "";
}

}  // namespace

void checkStoredValue(const FieldSpec& field, const Json& value, FieldIssues& out) {
    if (value.is_null()) return;
    if (field.many && !value.is_array()) {
        out.push_back({field.key, "input.error.list"});
        return;
    }
    for (const Json& v : field.many ? value : Json::array({value})) {
        if (const char* problem = kindProblem(field, v); *problem) {
            out.push_back({field.key, problem});
            return;
        }
        if (field.kind == FieldKind::Vin && !v.get_ref<const std::string&>().empty())
            addChecks(field.key, validateVin(v.get_ref<const std::string&>()), out);
        if (field.kind == FieldKind::Plate && !v.get_ref<const std::string&>().empty())
            addChecks(field.key, validatePlate(v.get_ref<const std::string&>()), out);
    }
}

FieldIssues validateRecord(const Json& doc) {
    FieldIssues issues;
    if (!doc.is_object()) return {{"", "error.bad_request"}};
    if (doc.contains("_deleted") && doc["_deleted"].is_boolean() && doc["_deleted"].get<bool>()) return issues;
    const RecordType* type = recordTypeOf(doc);
    if (!type) return issues;
    for (const FieldSpec& field : type->fields) {
        auto it = doc.find(field.key);
        if (it == doc.end() || isBlankValue(*it)) {
            if (field.required) {
                bool customerName = type->type == "customer" && std::string_view(field.key) == "name";
                issues.push_back({field.key, customerName ? "error.name_required" : "record.error.required"});
            }
            continue;
        }
        checkStoredValue(field, *it, issues);
    }
    for (RecordRule rule : type->rules) rule(doc, issues);
    return issues;
}

}  // namespace crm::core

// A record type described once: its fields (key, label, kind, required, options), the rules that check a
// whole record, the list's default columns and sort, and the fields a timeline entry shows. Forms, detail
// views, lists, validation (record_validation.h) and history wording all read this description.
#pragma once
#include "core/json.h"
#include "core/records/field_issue.h"
#include "core/records/field_kind.h"

#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

struct FieldSpec {
    const char* key;                   // document field
    const char* label;                 // i18n key of its label
    FieldKind kind = FieldKind::Text;
    bool required = false;
    std::vector<const char*> options;  // Enum: the stored keys, shown as tr(optionPrefix + key)
    const char* optionPrefix = "";     // Enum: i18n prefix of the options ("channel.")
    const char* refType = "";          // Reference: the type it points to
    bool many = false;                 // an array of values of `kind` (phones)
    const char* hint = "";             // placeholder shown in an empty input ("YYYY-MM-DD")
    bool inForm = true;                // edited in the generic form (false: shown only)

    std::string optionLabelKey(std::string_view option) const;  // optionPrefix + option
};

// A check of a whole record (several fields together, or domain rules); appends what it finds.
using RecordRule = void (*)(const Json& doc, FieldIssues& out);

struct RecordType {
    std::string type;                       // the document's "type"
    const char* label;                      // i18n key of the type's name ("doctype.vehicle")
    std::vector<FieldSpec> fields;
    std::vector<RecordRule> rules;
    std::vector<const char*> listColumns;   // default list columns (field keys)
    const char* sortField = "";             // default sort of a list
    bool sortDescending = true;
    std::vector<const char*> timelineFields;  // shown in a timeline entry, in this order

    const FieldSpec* field(std::string_view key) const;
};

// Every described type, in a stable order.
const std::vector<RecordType>& recordTypes();
// The description of `type` ("settings" covers every settings:* document), or null for an unknown type.
const RecordType* findRecordType(std::string_view type);
// The description of a document (by its "type"), or null.
const RecordType* recordTypeOf(const Json& doc);

}  // namespace crm::core

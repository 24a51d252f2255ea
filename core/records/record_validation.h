// The one validation of records: a document is checked against its type's description (each declared
// field's stored value by its kind, required fields, the type's rules). A document of an unknown type, and
// a deletion, have nothing to check: they are stored and synced untouched.
#pragma once
#include "core/json.h"
#include "core/records/field_issue.h"
#include "core/records/record_type.h"

namespace crm::core {

// Everything wrong with `doc` (errors and warnings, in field order, then the type's rules).
FieldIssues validateRecord(const Json& doc);
// Checks one stored value of `field`; appends what is wrong.
void checkStoredValue(const FieldSpec& field, const Json& value, FieldIssues& out);

}  // namespace crm::core

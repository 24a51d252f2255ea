// One problem found in a record or in typed input: which field (a document key, "" for the record as a
// whole), a stable code that is an i18n key for the message, and whether it only warns.
#pragma once
#include <string>
#include <vector>

namespace crm::core {

struct FieldIssue {
    std::string field;    // document field key ("plate"), "" when about the whole record
    std::string code;     // i18n key of the message ("input.error.date", "check.vin.length", …)
    bool warning = false; // shown but does not stop the write
};

using FieldIssues = std::vector<FieldIssue>;

// True when any issue is an error (not a warning).
bool hasErrors(const FieldIssues& issues);

}  // namespace crm::core

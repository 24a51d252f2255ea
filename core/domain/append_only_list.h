// Append-only lists (a complaint's events, a record's history): what two devices appended offline is merged by
// taking both lists' entries once each, in time order — the conflict merge never loses either side's entries.
#pragma once
#include "core/json.h"

namespace crm::core {

// The entries of `a` and `b` (arrays; anything else counts as empty) once each — one entry per "id", or per
// content for entries without one — ordered by "at" then "id", and otherwise as they came (a's before b's).
Json unionAppendOnly(const Json& a, const Json& b);

}  // namespace crm::core

// A record's history: an append-only list in the document's "history" field, one entry per write through
// CrmSession: {at, by, kind: "edit"|"delete"|"merge", changes: [{field, before, after}], fields: [names]}
// ("fields" is what older versions wrote and read). Two devices that edited offline keep both lists: the
// conflict merge takes their union (unionHistory), ordered by time.
#pragma once
#include "core/json.h"

#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

struct FieldChange {
    std::string field;  // document key ("attachments" for the _attachments names)
    Json before, after; // null when absent on that side
};

struct HistoryEntry {
    std::string at, by, kind;
    std::vector<FieldChange> changes;
};

inline constexpr size_t kHistoryLimit = 200;  // oldest entries are dropped beyond this

// Top-level fields whose values differ, in key order (bookkeeping fields _rev, created_at, updated_at,
// created_by, updated_by and history are not changes; _attachments count as "attachments", by name).
std::vector<FieldChange> diffRecord(const Json& before, const Json& after);
Json historyEntryJson(const HistoryEntry& entry);
// Entries of a document's history, oldest first (older entries carrying only "fields" get changes with
// null values).
std::vector<HistoryEntry> readHistory(const Json& doc);
// `history` (array or null) with `entry` appended, the oldest dropped beyond kHistoryLimit.
Json appendHistory(const Json& history, const HistoryEntry& entry);
// Both lists' entries once each, ordered by time (then as they were): the merge of two offline histories.
Json unionHistory(const Json& a, const Json& b);

}  // namespace crm::core

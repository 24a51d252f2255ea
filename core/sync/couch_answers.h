// The server's answers checked against the shapes the CouchDB replication protocol defines, before the
// replicator concludes anything from them: pure functions from an HTTP answer to a typed value or a SyncError.
//
// Supported: _changes (normal and longpoll; include_docs: a first revision's document kept), _revs_diff, _bulk_docs
// (new_edits:false: [] on success, errors only), _bulk_get, GET doc?open_revs, _local checkpoint documents and the
// answer to writing one. Not checked here: document bodies beyond _id/_rev/_revisions (the store validates them as it
// writes).
#pragma once
#include "core/json.h"
#include "core/sync/couch_wire.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

template <class T>
struct Checked {
    T value{};
    SyncError error;
    bool ok() const { return !error; }
};

// ---- _changes ----
struct ChangeRow {
    std::string id;
    std::vector<std::string> revs;
    // With include_docs: the row's document when it is all a _bulk_get?revs=true would bring — its only leaf, a
    // first revision (generation 1: its history is itself), not deleted, without attachments — with the
    // `_revisions` that _bulk_get would add. PouchDB's replicator takes first revisions the same way. Other
    // rows (and servers that ignore include_docs) leave it empty: the pull fetches those.
    std::optional<Json> firstRevision;
};
struct ChangesPage {
    std::vector<ChangeRow> rows;
    Json lastSeq;
    std::optional<size_t> pending;
};
Checked<ChangesPage> changesAnswer(const std::string& body);
// One parsed row checked as changesAnswer checks each (for a page read in slices: ChangesReader); "" when it is
// sound (`out` filled), else why not.
std::string readChangeRow(Json& row, ChangeRow& out);
// A row's text parsed as changesAnswer parses the page: a document nested too deep is cut down and marked (as
// parseJsonTextIsolatingDeep does), so the row is kept without it (its revision is fetched, and refused alone as
// one the store cannot hold); a row too deep anywhere else is a discarded value.
Json parseChangeRow(std::string_view text);

// ---- _revs_diff: the missing revisions by id; only ids and revisions that were asked about ----
using RevsByDoc = std::map<std::string, std::vector<std::string>>;
Checked<RevsByDoc> revsDiffAnswer(const std::string& body, const Json& asked);

// ---- _bulk_docs with new_edits:false: [] on success, entries only for errors (success entries allowed) ----
struct RefusedDoc {
    std::string id, rev, error, reason;
};
Checked<std::vector<RefusedDoc>> bulkDocsAnswer(const std::string& body, const std::set<std::string>& sentIds);

// ---- _bulk_get / open_revs: the fetched revisions; an answer for every id asked (a revision nested deeper than
// kMaxJsonNesting is refused alone, as one the store cannot hold) ----
struct Unrepresentable {
    std::string id, rev, reason;  // a revision the store cannot hold as sent (reported as a rejection)
};
struct FetchedDocs {
    std::vector<Json> docs;
    std::vector<Unrepresentable> refused;
};
Checked<FetchedDocs> bulkGetAnswer(std::string body, const std::set<std::string>& askedIds);
Checked<FetchedDocs> openRevsAnswer(std::string body, const std::string& id);

// ---- _local checkpoint documents ----
Checked<Json> checkpointAnswer(const std::string& body, const std::string& checkpointId);
Checked<std::string> putAnswer(const std::string& body);  // {"ok": true, "id", "rev"}: the new rev

// Why a revision must not be pushed (or stored) as it is: its _rev and _revisions disagree, or they are
// malformed. nullopt: consistent.
std::optional<std::string> revisionProblem(const Json& doc);

}  // namespace crm::core

// The server's answers checked against the shapes the CouchDB replication protocol defines, before the
// replicator concludes anything from them: pure functions from an HTTP answer to a typed value or a SyncError.
//
// Supported: _changes (normal and longpoll), _revs_diff, _bulk_docs (new_edits:false: [] on success, errors
// only), _bulk_get, GET doc?open_revs, _local checkpoint documents and the answer to writing one.
// Not checked here: document bodies beyond _id/_rev/_revisions (the store validates them as it writes).
#pragma once
#include "core/json.h"
#include "core/sync/http_client.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace crm::core {

// What went wrong, as a value: the view picks its words from the kind, `detail` keeps the server's own.
enum class SyncErrorKind {
    None,
    Network,        // no answer: the connection failed or was cut
    Timeout,        // no answer in time
    NotJson,        // an answer that is not JSON: cut short, or an HTML error page
    WrongShape,     // JSON, but not what the protocol answers here (wrong types, unasked ids, missing fields)
    NotConfirmed,   // the server said it stored documents that a later check shows it lacks
    ServerError,    // HTTP 5xx
    Busy,           // HTTP 429 / 408: slow down
    LoginRequired,  // HTTP 401
    Forbidden,      // HTTP 403
    NotFound,       // HTTP 404: no such database
    Refused,        // another HTTP 4xx
    Rejected,       // the server refused single documents (listed in the rejections)
};

struct SyncError {
    SyncErrorKind kind = SyncErrorKind::None;
    int status = 0;          // HTTP status, 0 when there was no answer
    std::string detail;      // "what we did: what happened", in English, for the details line
    bool transient() const;  // retried with back-off
    explicit operator bool() const { return kind != SyncErrorKind::None; }
};

// "network", "wrong_shape", … (the status JSON's errorKind; the view's i18n key is "sync.error.<name>").
const char* syncErrorKindName(SyncErrorKind kind);

// A non-2xx answer (or none) as an error of its kind.
SyncError httpError(const std::string& what, const HttpResponse& response);
SyncError wrongShape(const std::string& what, const std::string& why);

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
};
struct ChangesPage {
    std::vector<ChangeRow> rows;
    Json lastSeq;
    std::optional<size_t> pending;
};
Checked<ChangesPage> changesAnswer(const std::string& body);

// ---- _revs_diff: the missing revisions by id; only ids and revisions that were asked about ----
using RevsByDoc = std::map<std::string, std::vector<std::string>>;
Checked<RevsByDoc> revsDiffAnswer(const std::string& body, const Json& asked);

// ---- _bulk_docs with new_edits:false: [] on success, entries only for errors (success entries allowed) ----
struct RefusedDoc {
    std::string id, rev, error, reason;
};
Checked<std::vector<RefusedDoc>> bulkDocsAnswer(const std::string& body, const std::set<std::string>& sentIds);

// ---- _bulk_get / open_revs: the fetched revisions; an answer for every id asked ----
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

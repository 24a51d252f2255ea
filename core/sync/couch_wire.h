// The CouchDB wire as the replicator speaks it: a database's URLs and query parameters, the requests it sends,
// and what went wrong as a value (SyncError {kind, status, detail}) — never a string to parse.
//
// Supported: absolute and same-origin database URLs, `_design/` and `_local/` ids (their slash kept, as
// PouchDB sends them), string (CouchDB 2+) and number (CouchDB 1, PouchDB Server) sequences.
#pragma once
#include "core/json.h"
#include "core/sync/http_client.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
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

std::string percentEncode(const std::string& s);
std::string docPath(const std::string& id);  // a document's path under the database
std::string seqParam(const Json& seq);       // a sequence as a query parameter
uint64_t seqNumber(const Json& seq);         // its leading number (progress, local sequences)
std::optional<Json> parseJson(const std::string& body);

// A JSON request (Accept, and Content-Type when there is a body).
HttpRequest jsonRequest(std::string method, std::string url, std::string body = {}, int timeoutMs = 30000);

// One remote database: its URL without a trailing '/', and what every request to it carries.
struct CouchDatabase {
    std::string base;
    std::vector<std::pair<std::string, std::string>> headers;
    int timeoutMs = 30000;
    HttpRequest request(const std::string& method, const std::string& path, std::string body = {}) const;
};

// How a unit sends a request: the answer comes back through `handler` (or never, once the lane was reset).
using CouchSend = std::function<void(HttpRequest, std::function<void(HttpResponse&)>)>;

}  // namespace crm::core

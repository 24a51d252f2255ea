// The CouchDB wire (see couch_wire.h): URLs, parameters, requests and errors as values.
#include "core/sync/couch_wire.h"

#include "core/store/json_text.h"

#include <algorithm>

namespace crm::core {

bool SyncError::transient() const {
    switch (kind) {
        case SyncErrorKind::Network:
        case SyncErrorKind::Timeout:
        case SyncErrorKind::NotJson:
        case SyncErrorKind::WrongShape:
        case SyncErrorKind::NotConfirmed:
        case SyncErrorKind::ServerError:
        case SyncErrorKind::Busy:
            return true;
        default:
            return false;
    }
}

const char* syncErrorKindName(SyncErrorKind kind) {
    switch (kind) {
        case SyncErrorKind::None:
            return "";
        case SyncErrorKind::Network:
            return "network";
        case SyncErrorKind::Timeout:
            return "timeout";
        case SyncErrorKind::NotJson:
            return "not_json";
        case SyncErrorKind::WrongShape:
            return "wrong_shape";
        case SyncErrorKind::NotConfirmed:
            return "not_confirmed";
        case SyncErrorKind::ServerError:
            return "server_error";
        case SyncErrorKind::Busy:
            return "busy";
        case SyncErrorKind::LoginRequired:
            return "login_required";
        case SyncErrorKind::Forbidden:
            return "forbidden";
        case SyncErrorKind::NotFound:
            return "not_found";
        case SyncErrorKind::Refused:
            return "refused";
        case SyncErrorKind::Rejected:
            return "rejected";
    }
    return "";
}

SyncError httpError(const std::string& what, const HttpResponse& r) {
    if (r.status == 0) {
        bool timeout = r.error.find("timeout") != std::string::npos || r.error.find("timed out") != std::string::npos;
        return SyncError{timeout ? SyncErrorKind::Timeout : SyncErrorKind::Network, 0,
                         what + ": " + (r.error.empty() ? std::string("network error") : r.error)};
    }
    std::string detail = "HTTP " + std::to_string(r.status);
    if (auto j = parseJson(r.body); j && j->is_object()) {
        auto e = j->find("error");
        auto reason = j->find("reason");
        if (e != j->end() && e->is_string()) detail += ": " + e->get<std::string>();
        if (reason != j->end() && reason->is_string() && !reason->get<std::string>().empty())
            detail += " (" + reason->get<std::string>() + ")";
    }
    SyncErrorKind kind = SyncErrorKind::Refused;
    if (r.status == 401)
        kind = SyncErrorKind::LoginRequired;
    else if (r.status == 403)
        kind = SyncErrorKind::Forbidden;
    else if (r.status == 404)
        kind = SyncErrorKind::NotFound;
    else if (r.status == 408 || r.status == 429)
        kind = SyncErrorKind::Busy;
    else if (r.status >= 500)
        kind = SyncErrorKind::ServerError;
    else if (r.status >= 200 && r.status < 300)
        kind = SyncErrorKind::WrongShape;  // a success status we did not expect
    return SyncError{kind, r.status, what + ": " + detail};
}

SyncError wrongShape(const std::string& what, const std::string& why) {
    return SyncError{SyncErrorKind::WrongShape, 200, what + ": unexpected answer from the server (" + why + ")"};
}

std::string percentEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

std::string docPath(const std::string& id) {
    for (const char* prefix : {"_design/", "_local/"}) {
        std::string p(prefix);
        if (id.compare(0, p.size(), p) == 0) return p + percentEncode(id.substr(p.size()));
    }
    return percentEncode(id);
}

std::string seqParam(const Json& seq) {
    if (seq.is_string()) return percentEncode(seq.get<std::string>());
    if (seq.is_number()) return seq.dump();
    return percentEncode(seq.dump());
}

uint64_t seqNumber(const Json& seq) {
    if (seq.is_number_unsigned()) return seq.get<uint64_t>();
    if (seq.is_number_integer()) return static_cast<uint64_t>(std::max<int64_t>(0, seq.get<int64_t>()));
    if (seq.is_string()) {
        uint64_t n = 0;
        for (char c : seq.get<std::string>()) {
            if (c < '0' || c > '9') break;
            n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        return n;
    }
    return 0;
}

std::optional<Json> parseJson(const std::string& body) {
    Json j = parseJsonText(body);  // discarded when not JSON or nested too deep
    if (j.is_discarded()) return std::nullopt;
    return j;
}

HttpRequest jsonRequest(std::string method, std::string url, std::string body, int timeoutMs) {
    HttpRequest req;
    req.method = std::move(method);
    req.url = std::move(url);
    req.body = std::move(body);
    req.timeoutMs = timeoutMs;
    req.headers.emplace_back("Accept", "application/json");
    if (!req.body.empty()) req.headers.emplace_back("Content-Type", "application/json");
    return req;
}

HttpRequest CouchDatabase::request(const std::string& method, const std::string& path, std::string body) const {
    HttpRequest req = jsonRequest(method, base + "/" + path, std::move(body), timeoutMs);
    req.headers.insert(req.headers.end(), headers.begin(), headers.end());
    return req;
}

}  // namespace crm::core

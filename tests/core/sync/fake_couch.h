// A fake CouchDB server for the sync tests: an HttpClient answering the replication endpoints from a
// second DocumentStore (_changes, _revs_diff, _bulk_get, _bulk_docs, _local, GET doc with open_revs),
// with fault injection (drop, 500, 429, 413, 401, truncated body, timeout), request counting, a
// validation hook that forbids documents, and an optional deferred mode (answers delivered later).
// Wrong answers of each class a broken proxy or server gives (spoil()): an HTML page, truncated JSON,
// wrong types, entries for ids never asked, missing fields; with spoilUnhandled the request is not
// carried out either (the server never saw it), and Unstored answers _bulk_docs with [] without storing.
#pragma once
#include "core/store/base64.h"
#include "core/store/document_store.h"
#include "core/sync/http_client.h"

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace crm::core::test {

inline std::string percentDecode(const std::string& s) {
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

class FakeCouch : public HttpClient {
public:
    enum class Fault {
        Drop,
        DropAfter,
        Error500,
        Error429,
        Error413,
        Error401,
        Truncate,
        Timeout,
        Garbage,
        WrongTypes,
        UnaskedIds,
        MissingFields,
        Unstored
    };
    struct Injection {
        std::string match;  // substring of "METHOD path?query"
        Fault fault;
        int times = 1;
    };

    DocumentStore db;
    std::string base = "http://127.0.0.1:5984/crm";
    bool stringSeqs = false;  // seqs like "12-g1AAA" (CouchDB 2+) instead of numbers
    bool bulkGetSupported = true;
    bool deferred = false;        // answers wait in `pending` until deliver()
    bool omitPending = false;     // _changes without "pending" (like PouchDB Server)
    bool includeDocs = false;     // _changes honours include_docs (the winning revision's body, as CouchDB)
    size_t maxBulkDocs = 0;       // > 0: _bulk_docs with more docs answers 413
    bool spoilUnhandled = false;  // a spoiled answer (Truncate, Garbage, WrongTypes…) for a request never carried out
    std::vector<Injection> faults;
    size_t faultsInjected = 0;
    std::function<bool(const Json& doc)> forbid;  // true: {error: forbidden}
    std::function<void(const HttpRequest&)> onRequest;

    std::vector<std::string> log;    // "METHOD path?query" of every request
    size_t attachmentsReceived = 0;  // inline attachment bodies received by _bulk_docs
    size_t attachmentsSent = 0;      // attachment bodies sent in responses
    std::deque<std::function<void()>> pending;
    std::map<std::string, Json> archive;  // "id@rev" -> body: old revisions stay readable (no compaction)

    // Writes on the server side (like another client would), keeping every revision readable.
    WriteResult put(Json doc) {
        auto res = db.put(doc);
        if (res.ok()) archiveRev(res.id, res.rev);
        return res;
    }
    void archiveRev(const std::string& id, const std::string& rev) {
        if (auto d = db.get(id, GetOptions{.rev = rev})) archive[id + "@" + rev] = *d;
    }

    size_t count(const std::string& substring) const {
        size_t n = 0;
        for (const auto& l : log)
            n += l.find(substring) != std::string::npos;
        return n;
    }

    void deliver(size_t n = SIZE_MAX) {
        while (n-- > 0 && !pending.empty()) {
            auto fn = std::move(pending.front());
            pending.pop_front();
            fn();
        }
    }

    // Delivers the answer at `index` (answers to concurrent requests may arrive in any order).
    void deliverAt(size_t index) {
        auto fn = std::move(pending.at(index));
        pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(index));
        fn();
    }

    void send(const HttpRequest& request, std::function<void(HttpResponse)> done) override {
        HttpResponse response = respond(request);
        if (deferred) {
            pending.push_back([done = std::move(done), response = std::move(response)]() { done(response); });
        } else {
            done(std::move(response));
        }
    }

    HttpResponse respond(const HttpRequest& request) {
        std::string target = request.url.substr(0, base.size()) == base ? request.url.substr(base.size()) : request.url;
        std::string line = request.method + " " + target;
        log.push_back(line);
        if (onRequest) onRequest(request);
        std::optional<Fault> fault;
        for (auto& f : faults) {
            if (f.times != 0 && line.find(f.match) != std::string::npos) {
                if (f.times > 0) --f.times;
                fault = f.fault;
                ++faultsInjected;
                break;
            }
        }
        HttpResponse r;
        if (fault == Fault::Drop) return HttpResponse{0, "", "connection reset", {}};
        if (fault == Fault::Timeout) return HttpResponse{0, "", "timeout", {}};
        if (fault == Fault::Error500) return HttpResponse{500, R"({"error":"internal","reason":"boom"})", "", {}};
        if (fault == Fault::Error429)
            return HttpResponse{429, R"({"error":"too_many_requests","reason":"slow down"})", "", {}};
        if (fault == Fault::Error413) return HttpResponse{413, R"({"error":"too_large","reason":"too large"})", "", {}};
        if (fault == Fault::Error401)
            return HttpResponse{401, R"({"error":"unauthorized","reason":"You are not authorized"})", "", {}};
        if (fault == Fault::Garbage) return HttpResponse{200, "<html><body>502 Bad Gateway</body></html>", "", {}};
        if (fault == Fault::Unstored) return json(201, Json::array());
        bool spoiling = fault == Fault::WrongTypes || fault == Fault::UnaskedIds || fault == Fault::MissingFields ||
                        fault == Fault::Truncate;
        bool write = request.method == "PUT" || line.find("_bulk_docs") != std::string::npos;
        if (spoiling && spoilUnhandled && write) {
            // The answer to a write the server never carried out (only its shape matters: it is spoilt).
            r = line.find("_bulk_docs") != std::string::npos
                    ? json(201, Json::array({Json{{"ok", true}, {"id", "x"}, {"rev", "1-x"}}}))
                    : json(201, Json{{"ok", true}, {"id", "_local/x"}, {"rev", "0-1"}});
        } else {
            r = handle(request, target);
        }
        if (fault == Fault::WrongTypes || fault == Fault::UnaskedIds || fault == Fault::MissingFields)
            r.body = spoil(*fault, line, request, r.body);
        if (spoiling && r.status == 404) r.status = 200;  // a proxy's garbage comes as a success
        if (fault == Fault::DropAfter) return HttpResponse{0, "", "connection reset", {}};
        if (fault == Fault::Truncate) r.body = r.body.substr(0, r.body.size() / 2);
        return r;
    }

    // A well-formed JSON answer of the wrong shape for the endpoint in `line`.
    static std::string spoil(Fault fault, const std::string& line, const HttpRequest& request,
                             const std::string& body) {
        Json j = Json::parse(body, nullptr, false);
        Json asked = Json::parse(request.body, nullptr, false);
        auto has = [&](const char* s) { return line.find(s) != std::string::npos; };
        if (has("/_changes")) {
            if (fault == Fault::WrongTypes) {
                for (Json& row : j["results"])
                    row["id"] = 42;
                if (j["results"].empty()) j["results"] = Json::object();
            } else if (fault == Fault::UnaskedIds) {
                j["results"].push_back(Json{{"seq", 1}, {"id", "never-asked"}, {"changes", "1-x"}});
            } else {
                j.erase("last_seq");
            }
        } else if (has("/_revs_diff")) {
            std::string first = asked.is_object() && !asked.empty() ? asked.begin().key() : std::string("x");
            if (fault == Fault::WrongTypes) {
                j = Json{{first, {{"missing", "1-abc"}}}};
            } else if (fault == Fault::UnaskedIds) {
                j = Json{{"never-asked", {{"missing", {"1-abc"}}}}};
            } else {
                j = Json{{first, Json::object()}};
            }
        } else if (has("/_bulk_docs")) {
            std::string first = asked.is_object() && !asked["docs"].empty() ? asked["docs"][0].value("_id", "") : "";
            if (fault == Fault::WrongTypes) {
                j = Json{{"ok", true}};
            } else if (fault == Fault::UnaskedIds) {
                j = Json::array({Json{{"id", "never-sent"}, {"rev", "1-x"}, {"error", "conflict"}}});
            } else {
                j = Json::array({Json{{"id", first}}});
            }
        } else if (has("/_bulk_get")) {
            if (fault == Fault::WrongTypes) {
                j["results"] = "none";
            } else if (fault == Fault::UnaskedIds) {
                j["results"].push_back(Json{{"id", "never-asked"}, {"docs", Json::array()}});
            } else {
                if (!j["results"].empty())
                    j["results"].erase(j["results"].size() - 1);
                else
                    j.erase("results");
            }
        } else if (has("GET /_local")) {
            if (fault == Fault::WrongTypes) {
                j = Json{{"last_seq", Json::object()}, {"history", "none"}};
            } else if (fault == Fault::UnaskedIds) {
                j["_id"] = "_local/someone-else";
                j["last_seq"] = 0;
            } else {
                j = Json{{"ok", true}};
            }
        } else if (has("PUT /_local")) {
            if (fault == Fault::WrongTypes) {
                j = Json{{"ok", "yes"}, {"rev", 7}};
            } else {
                j = Json{{"ok", true}};
            }
        }
        return j.dump();
    }

    static HttpResponse json(int status, const Json& body) { return HttpResponse{status, body.dump(), "", {}}; }

    Json seqJson(uint64_t seq) const {
        if (stringSeqs) return std::to_string(seq) + "-g1AAAAFake";
        return seq;
    }

    HttpResponse handle(const HttpRequest& request, const std::string& target) {
        std::string path = target, query;
        if (auto q = target.find('?'); q != std::string::npos) {
            path = target.substr(0, q);
            query = target.substr(q + 1);
        }
        if (!path.empty() && path[0] == '/') path = path.substr(1);
        std::map<std::string, std::string> params;
        size_t pos = 0;
        while (pos < query.size()) {
            size_t amp = query.find('&', pos);
            std::string kv = query.substr(pos, amp == std::string::npos ? std::string::npos : amp - pos);
            size_t eq = kv.find('=');
            params[percentDecode(kv.substr(0, eq))] = eq == std::string::npos ? "" : percentDecode(kv.substr(eq + 1));
            if (amp == std::string::npos) break;
            pos = amp + 1;
        }
        Json body = request.body.empty() ? Json() : Json::parse(request.body, nullptr, false);
        const std::string& m = request.method;

        if (path.empty() && m == "GET") {
            return json(
                200, Json{{"db_name", "crm"}, {"doc_count", db.docCount()}, {"update_seq", seqJson(db.updateSeq())}});
        }
        if (path == "_changes" && m == "GET") {
            uint64_t since = params.count("since") ? std::stoull(params["since"].empty() ? "0" : params["since"]) : 0;
            size_t limit = params.count("limit") ? std::stoul(params["limit"]) : SIZE_MAX;
            auto ch = db.changes(since, limit, params["style"] == "all_docs");
            Json results = Json::array();
            for (const Change& c : ch.results) {
                Json revs = Json::array();
                for (const auto& rev : c.revs)
                    revs.push_back(Json{{"rev", rev}});
                Json row{{"seq", seqJson(c.seq)}, {"id", c.id}, {"changes", revs}};
                if (c.deleted) row["deleted"] = true;
                if (includeDocs && params["include_docs"] == "true") {
                    auto doc = db.get(c.id);
                    row["doc"] = doc ? *doc : Json(nullptr);
                }
                results.push_back(row);
            }
            size_t pendingCount = db.changesCount(ch.lastSeq);
            Json out{{"results", results}, {"last_seq", seqJson(ch.lastSeq)}};
            if (!omitPending) out["pending"] = pendingCount;
            return json(200, out);
        }
        if (path == "_revs_diff" && m == "POST") {
            if (!body.is_object()) return json(400, Json{{"error", "bad_request"}});
            Json out = Json::object();
            for (auto it = body.begin(); it != body.end(); ++it) {
                std::vector<std::string> revs;
                for (const Json& r : *it)
                    revs.push_back(r.get<std::string>());
                auto missing = db.missingRevs(it.key(), revs);
                if (!missing.empty()) out[it.key()] = Json{{"missing", missing}};
            }
            return json(200, out);
        }
        if (path == "_bulk_get" && m == "POST") {
            if (!bulkGetSupported) return json(404, Json{{"error", "not_found"}, {"reason", "missing"}});
            Json results = Json::array();
            for (const Json& d : body["docs"]) {
                std::string id = d["id"].get<std::string>(), rev = d.value("rev", std::string());
                auto doc = db.get(id, GetOptions{.rev = rev,
                                                 .revs = params["revs"] == "true",
                                                 .attachmentsData = params["attachments"] == "true"});
                Json entry;
                if (doc) {
                    countSent(*doc);
                    entry = Json{{"ok", *doc}};
                } else {
                    entry = Json{{"error", {{"id", id}, {"rev", rev}, {"error", "not_found"}, {"reason", "missing"}}}};
                }
                results.push_back(Json{{"id", id}, {"docs", Json::array({entry})}});
            }
            return json(200, Json{{"results", results}});
        }
        if (path == "_bulk_docs" && m == "POST") {
            if (!body.is_object() || !body.contains("docs")) return json(400, Json{{"error", "bad_request"}});
            if (maxBulkDocs && body["docs"].size() > maxBulkDocs) return json(413, Json{{"error", "too_large"}});
            bool newEdits = body.value("new_edits", true);
            Json out = Json::array();
            for (Json& doc : body["docs"]) {
                std::string id = doc.value("_id", std::string()), rev = doc.value("_rev", std::string());
                if (forbid && forbid(doc)) {
                    out.push_back(Json{{"id", id}, {"rev", rev}, {"error", "forbidden"}, {"reason", "not allowed"}});
                    continue;
                }
                if (doc.contains("_attachments")) {
                    for (auto& att : doc["_attachments"])
                        attachmentsReceived += att.contains("data");
                }
                auto res = db.bulkDocs({doc}, newEdits);
                if (res[0].ok()) archiveRev(res[0].id, res[0].rev);
                if (res[0].ok()) {
                    out.push_back(Json{{"ok", true}, {"id", id}, {"rev", res[0].rev}});
                } else {
                    out.push_back(Json{
                        {"id", id}, {"rev", rev}, {"error", res[0].error->error}, {"reason", res[0].error->reason}});
                }
            }
            return json(201, out);
        }
        if (path.rfind("_local/", 0) == 0) {
            std::string id = "_local/" + percentDecode(path.substr(7));
            if (m == "GET") {
                auto doc = db.getLocal(id);
                return doc ? json(200, *doc) : json(404, Json{{"error", "not_found"}, {"reason", "missing"}});
            }
            if (m == "PUT") {
                if (!body.is_object()) return json(400, Json{{"error", "bad_request"}});
                body["_id"] = id;
                auto res = db.putLocal(body);
                if (!res.ok()) return json(409, Json{{"error", "conflict"}, {"reason", "Document update conflict."}});
                return json(201, Json{{"ok", true}, {"id", id}, {"rev", res.rev}});
            }
        }
        if (m == "GET" && !path.empty() && (path[0] != '_' || path.rfind("_design/", 0) == 0)) {
            std::string id = percentDecode(path);
            bool revs = params["revs"] == "true", atts = params["attachments"] == "true";
            if (params.count("open_revs")) {
                Json wanted = Json::parse(params["open_revs"], nullptr, false);
                if (!wanted.is_array()) return json(400, Json{{"error", "bad_request"}});
                Json out = Json::array();
                for (const Json& rev : wanted) {
                    auto doc =
                        db.get(id, GetOptions{.rev = rev.get<std::string>(), .revs = revs, .attachmentsData = atts});
                    if (doc) {
                        countSent(*doc);
                        out.push_back(Json{{"ok", *doc}});
                    } else {
                        out.push_back(Json{{"missing", rev}});
                    }
                }
                return json(200, out);
            }
            auto doc = db.get(id, GetOptions{.rev = params["rev"], .revs = revs, .attachmentsData = atts});
            if (!doc && archive.count(id + "@" + params["rev"])) doc = archive[id + "@" + params["rev"]];
            if (!doc) return json(404, Json{{"error", "not_found"}, {"reason", "missing"}});
            countSent(*doc);
            return json(200, *doc);
        }
        return json(404, Json{{"error", "not_found"}, {"reason", "no such endpoint: " + m + " " + path}});
    }

    void countSent(const Json& doc) {
        if (!doc.contains("_attachments")) return;
        for (const auto& att : doc["_attachments"])
            attachmentsSent += att.contains("data");
    }
};

}  // namespace crm::core::test

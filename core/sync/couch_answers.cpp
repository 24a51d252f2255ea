// Shape checks of the server's replication answers (see couch_answers.h): anything the protocol does not
// answer is an error of its kind, never "nothing to do".
#include "core/sync/couch_answers.h"

#include "core/store/revision_tree.h"

#include <algorithm>

namespace crm::core {

namespace {

std::optional<Json> parse(const std::string& body) {
    Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

SyncError notJson(const std::string& what) {
    return SyncError{SyncErrorKind::NotJson, 200,
                     what + ": the server's answer is not JSON (cut short or an error page)"};
}

template <class T>
Checked<T> answerError(Checked<T>& out, SyncError error) {
    out.error = std::move(error);
    return std::move(out);
}

template <class T>
Checked<T> notJsonAnswer(Checked<T>& out, const std::string& what) {
    return answerError(out, notJson(what));
}

bool isSeq(const Json& j) {
    return j.is_string() || j.is_number_integer() || j.is_number_unsigned();
}

bool validRev(const Json& j) {
    return j.is_string() && RevId::parse(j.get<std::string>()).has_value();
}

const Json* field(const Json& obj, const char* key) {
    auto it = obj.find(key);
    return it == obj.end() ? nullptr : &*it;
}

// A fetched revision: an object with this _id and a valid _rev. Its _revisions, when they disagree with
// _rev, make it unrepresentable rather than malformed (the server holds such a tree).
SyncError checkFetched(const std::string& what, Json& doc, const std::string& id, FetchedDocs& out) {
    if (!doc.is_object()) return wrongShape(what, "a document is not an object");
    const Json* docId = field(doc, "_id");
    if (!docId || !docId->is_string() || docId->get<std::string>() != id)
        return wrongShape(what, "a document for " + id + " carries another _id");
    const Json* rev = field(doc, "_rev");
    if (!rev || !validRev(*rev)) return wrongShape(what, "a document of " + id + " has no valid _rev");
    if (auto problem = revisionProblem(doc)) {
        out.refused.push_back(Unrepresentable{id, rev->get<std::string>(), *problem});
        return {};
    }
    out.docs.push_back(std::move(doc));
    return {};
}

}  // namespace

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
    if (auto j = parse(r.body); j && j->is_object()) {
        const Json* e = field(*j, "error");
        const Json* reason = field(*j, "reason");
        if (e && e->is_string()) detail += ": " + e->get<std::string>();
        if (reason && reason->is_string() && !reason->get<std::string>().empty())
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

// ---- _changes ----
Checked<ChangesPage> changesAnswer(const std::string& body) {
    const std::string what = "Reading the server's changes";
    Checked<ChangesPage> out;
    auto bad = [&](const std::string& why) { return answerError(out, wrongShape(what, why)); };
    auto j = parse(body);
    if (!j) return notJsonAnswer(out, what);
    if (!j->is_object()) return bad("not an object");
    const Json* results = field(*j, "results");
    const Json* lastSeq = field(*j, "last_seq");
    if (!results || !results->is_array()) return bad("no results array");
    if (!lastSeq || !isSeq(*lastSeq)) return bad("no last_seq");
    out.value.lastSeq = *lastSeq;
    for (const Json& row : *results) {
        if (!row.is_object()) return bad("a result is not an object");
        const Json* id = field(row, "id");
        const Json* changes = field(row, "changes");
        const Json* seq = field(row, "seq");
        const Json* deleted = field(row, "deleted");
        if (!id || !id->is_string() || id->get<std::string>().empty()) return bad("a result without a string id");
        if (!changes || !changes->is_array() || changes->empty()) return bad("a result without a changes array");
        if (seq && !isSeq(*seq)) return bad("a result with a malformed seq");
        if (deleted && !deleted->is_boolean()) return bad("deleted is not a boolean");
        ChangeRow r;
        r.id = id->get<std::string>();
        for (const Json& c : *changes) {
            const Json* rev = c.is_object() ? field(c, "rev") : nullptr;
            if (!rev || !validRev(*rev)) return bad("a change without a valid rev");
            r.revs.push_back(rev->get<std::string>());
        }
        out.value.rows.push_back(std::move(r));
    }
    if (const Json* pending = field(*j, "pending")) {
        if (!pending->is_number_unsigned() && !(pending->is_number_integer() && pending->get<int64_t>() >= 0))
            return bad("pending is not a count");
        out.value.pending = pending->get<size_t>();
    }
    return out;
}

// ---- _revs_diff ----
Checked<RevsByDoc> revsDiffAnswer(const std::string& body, const Json& asked) {
    const std::string what = "Comparing revisions with the server";
    Checked<RevsByDoc> out;
    auto bad = [&](const std::string& why) { return answerError(out, wrongShape(what, why)); };
    auto j = parse(body);
    if (!j) return notJsonAnswer(out, what);
    if (!j->is_object()) return bad("not an object");
    for (auto it = j->begin(); it != j->end(); ++it) {
        auto question = asked.find(it.key());
        if (question == asked.end()) return bad("an answer for " + it.key() + ", never asked");
        if (!it->is_object()) return bad("the entry of " + it.key() + " is not an object");
        const Json* missing = field(*it, "missing");
        if (!missing || !missing->is_array()) return bad("the entry of " + it.key() + " has no missing array");
        if (const Json* anc = field(*it, "possible_ancestors")) {
            if (!anc->is_array()) return bad("possible_ancestors is not an array");
            for (const Json& a : *anc)
                if (!a.is_string()) return bad("possible_ancestors holds a non-string");
        }
        std::vector<std::string>& revs = out.value[it.key()];
        for (const Json& m : *missing) {
            if (!m.is_string()) return bad("missing holds a non-string");
            if (std::find(question->begin(), question->end(), m) == question->end())
                return bad("missing names a revision of " + it.key() + " never asked");
            revs.push_back(m.get<std::string>());
        }
    }
    return out;
}

// ---- _bulk_docs ----
Checked<std::vector<RefusedDoc>> bulkDocsAnswer(const std::string& body, const std::set<std::string>& sentIds) {
    const std::string what = "Sending documents";
    Checked<std::vector<RefusedDoc>> out;
    auto bad = [&](const std::string& why) { return answerError(out, wrongShape(what, why)); };
    auto j = parse(body);
    if (!j) return notJsonAnswer(out, what);
    if (!j->is_array()) return bad("not an array");
    for (const Json& e : *j) {
        if (!e.is_object()) return bad("an entry is not an object");
        const Json* id = field(e, "id");
        if (!id || !id->is_string()) return bad("an entry without a string id");
        if (!sentIds.count(id->get<std::string>()))
            return bad("an entry for " + id->get<std::string>() + ", never sent");
        const Json* rev = field(e, "rev");
        if (rev && !rev->is_string()) return bad("rev is not a string");
        const Json* error = field(e, "error");
        if (!error) {
            const Json* ok = field(e, "ok");
            if ((ok && *ok != Json(true)) || (!ok && !rev))
                return bad("an entry that is neither a success nor an error");
            continue;
        }
        if (!error->is_string()) return bad("error is not a string");
        const Json* reason = field(e, "reason");
        if (reason && !reason->is_string()) return bad("reason is not a string");
        out.value.push_back(RefusedDoc{id->get<std::string>(), rev ? rev->get<std::string>() : std::string(),
                                       error->get<std::string>(), reason ? reason->get<std::string>() : std::string()});
    }
    return out;
}

// ---- _bulk_get / open_revs ----
Checked<FetchedDocs> bulkGetAnswer(std::string body, const std::set<std::string>& askedIds) {
    const std::string what = "Fetching documents";
    Checked<FetchedDocs> out;
    auto bad = [&](const std::string& why) { return answerError(out, wrongShape(what, why)); };
    auto j = parse(body);
    body.clear();
    if (!j) return notJsonAnswer(out, what);
    const Json* results = j->is_object() ? field(*j, "results") : nullptr;
    if (!results || !results->is_array()) return bad("no results array");
    std::set<std::string> answered;
    for (Json& result : (*j)["results"]) {
        const Json* id = result.is_object() ? field(result, "id") : nullptr;
        if (!id || !id->is_string()) return bad("a result without a string id");
        std::string docId = id->get<std::string>();
        if (!askedIds.count(docId)) return bad("a result for " + docId + ", never asked");
        answered.insert(docId);
        auto docs = result.find("docs");
        if (docs == result.end() || !docs->is_array()) return bad("a result without docs");
        for (Json& entry : *docs) {
            if (!entry.is_object()) return bad("an entry is not an object");
            auto ok = entry.find("ok");
            if (ok == entry.end()) {
                // {"error": {...}}: gone meanwhile; a later change brings its successor.
                auto err = entry.find("error");
                if (err == entry.end() || !err->is_object()) return bad("an entry without ok or error");
                continue;
            }
            if (SyncError e = checkFetched(what, *ok, docId, out.value)) return answerError(out, std::move(e));
        }
    }
    if (answered.size() != askedIds.size()) return bad("documents asked for are not answered");
    return out;
}

Checked<FetchedDocs> openRevsAnswer(std::string body, const std::string& id) {
    const std::string what = "Fetching documents";
    Checked<FetchedDocs> out;
    auto bad = [&](const std::string& why) { return answerError(out, wrongShape(what, why)); };
    auto j = parse(body);
    body.clear();
    if (!j) return notJsonAnswer(out, what);
    if (!j->is_array()) return bad("not an array");
    for (Json& entry : *j) {
        if (!entry.is_object()) return bad("an entry is not an object");
        auto ok = entry.find("ok");
        if (ok == entry.end()) {
            if (!entry.contains("missing")) return bad("an entry without ok or missing");
            continue;
        }
        if (SyncError e = checkFetched(what, *ok, id, out.value)) return answerError(out, std::move(e));
    }
    return out;
}

// ---- _local checkpoints ----
Checked<Json> checkpointAnswer(const std::string& body, const std::string& checkpointId) {
    const std::string what = "Reading the checkpoint";
    Checked<Json> out;
    auto bad = [&](const std::string& why) { return answerError(out, wrongShape(what, why)); };
    auto j = parse(body);
    if (!j) return notJsonAnswer(out, what);
    if (!j->is_object()) return bad("not an object");
    const Json* id = field(*j, "_id");
    if (id && (!id->is_string() || id->get<std::string>() != checkpointId)) return bad("another document's _id");
    const Json* lastSeq = field(*j, "last_seq");
    if (!lastSeq || !isSeq(*lastSeq)) return bad("no last_seq");
    const Json* session = field(*j, "session_id");
    if (session && !session->is_string()) return bad("session_id is not a string");
    if (const Json* history = field(*j, "history")) {
        if (!history->is_array()) return bad("history is not an array");
        for (const Json& h : *history) {
            if (!h.is_object() || !h.contains("last_seq") || !isSeq(h["last_seq"]))
                return bad("a history entry without last_seq");
        }
    }
    const Json* rev = field(*j, "_rev");
    if (rev && !rev->is_string()) return bad("_rev is not a string");
    out.value = std::move(*j);
    return out;
}

Checked<std::string> putAnswer(const std::string& body) {
    const std::string what = "Writing the checkpoint";
    Checked<std::string> out;
    auto bad = [&](const std::string& why) { return answerError(out, wrongShape(what, why)); };
    auto j = parse(body);
    if (!j) return notJsonAnswer(out, what);
    if (!j->is_object()) return bad("not an object");
    const Json* ok = field(*j, "ok");
    const Json* rev = field(*j, "rev");
    if (ok && *ok != Json(true)) return bad("ok is not true");
    if (!rev || !rev->is_string() || rev->get<std::string>().empty()) return bad("no rev");
    out.value = rev->get<std::string>();
    return out;
}

// ---- revisions ----
std::optional<std::string> revisionProblem(const Json& doc) {
    auto rev = RevId::parse(doc.is_object() ? doc.value("_rev", std::string()) : std::string());
    if (!rev) return "no valid _rev";
    auto revs = doc.find("_revisions");
    if (revs == doc.end()) return std::nullopt;
    if (!revs->is_object()) return "_revisions is not an object";
    const Json* start = field(*revs, "start");
    const Json* ids = field(*revs, "ids");
    if (!start || !(start->is_number_unsigned() || start->is_number_integer()) || !ids || !ids->is_array() ||
        ids->empty())
        return "_revisions is malformed";
    for (const Json& h : *ids)
        if (!h.is_string() || h.get<std::string>().empty()) return "_revisions holds an empty or non-string id";
    if (start->get<int64_t>() < 1 || start->get<uint64_t>() != rev->gen || (*ids)[0].get<std::string>() != rev->hash)
        return "_revisions does not match _rev " + rev->str();
    if (ids->size() > rev->gen) return "_revisions is longer than the generation of _rev " + rev->str();
    return std::nullopt;
}

}  // namespace crm::core

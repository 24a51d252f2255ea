// Shape checks of the server's replication answers (see couch_answers.h): anything the protocol does not
// answer is an error of its kind, never "nothing to do".
#include "core/sync/couch_answers.h"

#include "core/store/json_text.h"
#include "core/store/revision_tree.h"

#include <algorithm>

namespace crm::core {

namespace {

SyncError notJson(const std::string& what) {
    return SyncError{SyncErrorKind::NotJson, 200,
                     what + ": the server's answer is not JSON (cut short or an error page)"};
}

// Where an answer's documents lie (levels as parseJsonTextIsolatingDeep counts them): a document nested too deep
// there is refused alone (checkFetched), not the whole answer; a _changes row keeps its id and revisions without
// it (firstRevision: none), so the pull fetches that revision and its _bulk_get answer refuses it alone.
constexpr int kBulkGetDocLevel = 5;   // {"results": [{"docs": [{"ok": doc}]}]}
constexpr int kOpenRevsDocLevel = 2;  // [{"ok": doc}]
constexpr int kChangesDocLevel = 3;   // {"results": [{"doc": doc}]}: a row's included document
constexpr int kChangeRowDocLevel = 1; // {"doc": doc}: the same, in one row's text

std::optional<Json> parseIsolatingDeep(const std::string& body, int docLevel) {
    Json j = parseJsonTextIsolatingDeep(body, docLevel);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

// One answer being read: its body parsed once (with `docLevel`, a document too deep cut short there, see above),
// and the ways it can be refused (what + why).
template <class T>
struct AnswerReader {
    std::string what;
    std::optional<Json> json;
    Checked<T> out;
    AnswerReader(std::string doing, const std::string& body, int docLevel = -1)
        : what(std::move(doing)), json(docLevel < 0 ? parseJson(body) : parseIsolatingDeep(body, docLevel)) {}
    Checked<T> fail(SyncError error) {
        out.error = std::move(error);
        return std::move(out);
    }
    Checked<T> bad(const std::string& why) { return fail(wrongShape(what, why)); }
    Checked<T> notJson() { return fail(crm::core::notJson(what)); }
};

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
    if (doc.contains(kNestedTooDeepKey)) {
        out.refused.push_back(Unrepresentable{id, rev->get<std::string>(),
                                              "nested deeper than " + std::to_string(kMaxJsonNesting) + " levels"});
        return {};
    }
    if (auto problem = revisionProblem(doc)) {
        out.refused.push_back(Unrepresentable{id, rev->get<std::string>(), *problem});
        return {};
    }
    out.docs.push_back(std::move(doc));
    return {};
}

// A row's included document that is the whole of its only revision (see ChangeRow::firstRevision).
std::optional<Json> firstRevision(Json* doc, const std::string& id, const std::vector<std::string>& revs) {
    if (!doc || revs.size() != 1 || revs[0].rfind("1-", 0) != 0 || !doc->is_object()) return std::nullopt;
    const Json* docId = field(*doc, "_id");
    const Json* rev = field(*doc, "_rev");
    if (!docId || !docId->is_string() || docId->get<std::string>() != id) return std::nullopt;
    if (!rev || !rev->is_string() || rev->get<std::string>() != revs[0]) return std::nullopt;
    for (const char* key : {"_deleted", "_attachments", "_conflicts", "_revisions", kNestedTooDeepKey}) {
        if (doc->contains(key)) return std::nullopt;
    }
    Json kept = std::move(*doc);
    kept["_revisions"] = Json{{"start", 1}, {"ids", Json::array({revs[0].substr(2)})}};
    return kept;
}

}  // namespace

// ---- _changes ----
std::string readChangeRow(Json& row, ChangeRow& out) {
    if (!row.is_object()) return "a result is not an object";
    const Json* id = field(row, "id");
    const Json* changes = field(row, "changes");
    const Json* seq = field(row, "seq");
    const Json* deleted = field(row, "deleted");
    if (!id || !id->is_string() || id->get<std::string>().empty()) return "a result without a string id";
    if (!changes || !changes->is_array() || changes->empty()) return "a result without a changes array";
    if (seq && !isSeq(*seq)) return "a result with a malformed seq";
    if (deleted && !deleted->is_boolean()) return "deleted is not a boolean";
    out.id = id->get<std::string>();
    for (const Json& c : *changes) {
        const Json* rev = c.is_object() ? field(c, "rev") : nullptr;
        if (!rev || !validRev(*rev)) return "a change without a valid rev";
        out.revs.push_back(rev->get<std::string>());
    }
    auto doc = row.find("doc");
    out.firstRevision = firstRevision(doc == row.end() ? nullptr : &*doc, out.id, out.revs);
    return {};
}

Json parseChangeRow(std::string_view text) {
    return parseJsonTextIsolatingDeep(text, kChangeRowDocLevel);
}

Checked<ChangesPage> changesAnswer(const std::string& body) {
    AnswerReader<ChangesPage> a("Reading the server's changes", body, kChangesDocLevel);
    if (!a.json) return a.notJson();
    Json& j = *a.json;
    if (!j.is_object()) return a.bad("not an object");
    const Json* results = field(j, "results");
    const Json* lastSeq = field(j, "last_seq");
    if (!results || !results->is_array()) return a.bad("no results array");
    if (!lastSeq || !isSeq(*lastSeq)) return a.bad("no last_seq");
    a.out.value.lastSeq = *lastSeq;
    for (Json& row : j["results"]) {
        ChangeRow r;
        if (std::string problem = readChangeRow(row, r); !problem.empty()) return a.bad(problem);
        a.out.value.rows.push_back(std::move(r));
    }
    if (const Json* pending = field(j, "pending")) {
        if (!pending->is_number_unsigned() && !(pending->is_number_integer() && pending->get<int64_t>() >= 0))
            return a.bad("pending is not a count");
        a.out.value.pending = pending->get<size_t>();
    }
    return std::move(a.out);
}

// ---- _revs_diff ----
Checked<RevsByDoc> revsDiffAnswer(const std::string& body, const Json& asked) {
    AnswerReader<RevsByDoc> a("Comparing revisions with the server", body);
    if (!a.json) return a.notJson();
    Json& j = *a.json;
    if (!j.is_object()) return a.bad("not an object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        auto question = asked.find(it.key());
        if (question == asked.end()) return a.bad("an answer for " + it.key() + ", never asked");
        if (!it->is_object()) return a.bad("the entry of " + it.key() + " is not an object");
        const Json* missing = field(*it, "missing");
        if (!missing || !missing->is_array()) return a.bad("the entry of " + it.key() + " has no missing array");
        if (const Json* anc = field(*it, "possible_ancestors")) {
            if (!anc->is_array()) return a.bad("possible_ancestors is not an array");
            for (const Json& x : *anc)
                if (!x.is_string()) return a.bad("possible_ancestors holds a non-string");
        }
        std::vector<std::string>& revs = a.out.value[it.key()];
        for (const Json& m : *missing) {
            if (!m.is_string()) return a.bad("missing holds a non-string");
            if (std::find(question->begin(), question->end(), m) == question->end())
                return a.bad("missing names a revision of " + it.key() + " never asked");
            revs.push_back(m.get<std::string>());
        }
    }
    return std::move(a.out);
}

// ---- _bulk_docs ----
Checked<std::vector<RefusedDoc>> bulkDocsAnswer(const std::string& body, const std::set<std::string>& sentIds) {
    AnswerReader<std::vector<RefusedDoc>> a("Sending documents", body);
    if (!a.json) return a.notJson();
    Json& j = *a.json;
    if (!j.is_array()) return a.bad("not an array");
    for (const Json& e : j) {
        if (!e.is_object()) return a.bad("an entry is not an object");
        const Json* id = field(e, "id");
        if (!id || !id->is_string()) return a.bad("an entry without a string id");
        if (!sentIds.count(id->get<std::string>()))
            return a.bad("an entry for " + id->get<std::string>() + ", never sent");
        const Json* rev = field(e, "rev");
        if (rev && !rev->is_string()) return a.bad("rev is not a string");
        const Json* error = field(e, "error");
        if (!error) {
            const Json* ok = field(e, "ok");
            if ((ok && *ok != Json(true)) || (!ok && !rev))
                return a.bad("an entry that is neither a success nor an error");
            continue;
        }
        if (!error->is_string()) return a.bad("error is not a string");
        const Json* reason = field(e, "reason");
        if (reason && !reason->is_string()) return a.bad("reason is not a string");
        a.out.value.push_back(RefusedDoc{id->get<std::string>(), rev ? rev->get<std::string>() : std::string(),
                                       error->get<std::string>(), reason ? reason->get<std::string>() : std::string()});
    }
    return std::move(a.out);
}

// ---- _bulk_get / open_revs ----
Checked<FetchedDocs> bulkGetAnswer(std::string body, const std::set<std::string>& askedIds) {
    AnswerReader<FetchedDocs> a("Fetching documents", body, kBulkGetDocLevel);
    body.clear();
    if (!a.json) return a.notJson();
    Json& j = *a.json;
    const Json* results = j.is_object() ? field(j, "results") : nullptr;
    if (!results || !results->is_array()) return a.bad("no results array");
    std::set<std::string> answered;
    for (Json& result : j["results"]) {
        const Json* id = result.is_object() ? field(result, "id") : nullptr;
        if (!id || !id->is_string()) return a.bad("a result without a string id");
        std::string docId = id->get<std::string>();
        if (!askedIds.count(docId)) return a.bad("a result for " + docId + ", never asked");
        answered.insert(docId);
        auto docs = result.find("docs");
        if (docs == result.end() || !docs->is_array()) return a.bad("a result without docs");
        for (Json& entry : *docs) {
            if (!entry.is_object()) return a.bad("an entry is not an object");
            auto ok = entry.find("ok");
            if (ok == entry.end()) {
                // {"error": {...}}: gone meanwhile; a later change brings its successor.
                auto err = entry.find("error");
                if (err == entry.end() || !err->is_object()) return a.bad("an entry without ok or error");
                continue;
            }
            if (SyncError e = checkFetched(a.what, *ok, docId, a.out.value)) return a.fail(std::move(e));
        }
    }
    if (answered.size() != askedIds.size()) return a.bad("documents asked for are not answered");
    return std::move(a.out);
}

Checked<FetchedDocs> openRevsAnswer(std::string body, const std::string& id) {
    AnswerReader<FetchedDocs> a("Fetching documents", body, kOpenRevsDocLevel);
    body.clear();
    if (!a.json) return a.notJson();
    Json& j = *a.json;
    if (!j.is_array()) return a.bad("not an array");
    for (Json& entry : j) {
        if (!entry.is_object()) return a.bad("an entry is not an object");
        auto ok = entry.find("ok");
        if (ok == entry.end()) {
            if (!entry.contains("missing")) return a.bad("an entry without ok or missing");
            continue;
        }
        if (SyncError e = checkFetched(a.what, *ok, id, a.out.value)) return a.fail(std::move(e));
    }
    return std::move(a.out);
}

// ---- _local checkpoints ----
Checked<Json> checkpointAnswer(const std::string& body, const std::string& checkpointId) {
    AnswerReader<Json> a("Reading the checkpoint", body);
    if (!a.json) return a.notJson();
    Json& j = *a.json;
    if (!j.is_object()) return a.bad("not an object");
    const Json* id = field(j, "_id");
    if (id && (!id->is_string() || id->get<std::string>() != checkpointId)) return a.bad("another document's _id");
    const Json* lastSeq = field(j, "last_seq");
    if (!lastSeq || !isSeq(*lastSeq)) return a.bad("no last_seq");
    const Json* session = field(j, "session_id");
    if (session && !session->is_string()) return a.bad("session_id is not a string");
    if (const Json* history = field(j, "history")) {
        if (!history->is_array()) return a.bad("history is not an array");
        for (const Json& h : *history) {
            if (!h.is_object() || !h.contains("last_seq") || !isSeq(h["last_seq"]))
                return a.bad("a history entry without last_seq");
        }
    }
    const Json* rev = field(j, "_rev");
    if (rev && !rev->is_string()) return a.bad("_rev is not a string");
    a.out.value = std::move(j);
    return std::move(a.out);
}

Checked<std::string> putAnswer(const std::string& body) {
    AnswerReader<std::string> a("Writing the checkpoint", body);
    if (!a.json) return a.notJson();
    Json& j = *a.json;
    if (!j.is_object()) return a.bad("not an object");
    const Json* ok = field(j, "ok");
    const Json* rev = field(j, "rev");
    if (ok && *ok != Json(true)) return a.bad("ok is not true");
    if (!rev || !rev->is_string() || rev->get<std::string>().empty()) return a.bad("no rev");
    a.out.value = rev->get<std::string>();
    return std::move(a.out);
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

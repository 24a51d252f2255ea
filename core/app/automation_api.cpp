// Automation API dispatch: put, bulk, get, remove, query (equality/$in/$regex-free selectors), stats,
// records.types / validate / history.
#include "core/app/automation_api.h"

#include "core/app/complaint_api.h"
#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "core/records/record_validation.h"
#include "core/store/json_text.h"

#include <algorithm>

namespace crm::core {
namespace {

static_assert(kMaxJsonNesting == 512, "the reason below names the limit");
constexpr const char* kNestedTooDeepReason = "Document is nested more than 512 levels deep";

// Whether parseJsonTextIsolatingDeep cut this document short (web/ parses a bulk argument with it).
bool nestedTooDeep(const Json& doc) { return doc.is_object() && doc.contains(kNestedTooDeepKey); }

Json errorReply(const std::string& code, const std::string& message) {
    return Json{{"error", Json{{"code", code}, {"message", message}}}};
}

// A refusal by validation carries the description's messages, as the form shows them: `errors` lists
// {field, code, message}, `reason` is the first message.
Json writeResultJson(const WriteResult& r, const Json& doc = Json(), const FieldIssues& issues = {}) {
    if (r.ok()) return Json{{"ok", true}, {"id", r.id}, {"rev", r.rev}};
    Json errors = Json::array();
    for (const Json& e : issuesJson(doc, issues)) {
        if (!e.contains("warning")) errors.push_back(e);
    }
    // Reasons that are i18n keys are translated; others (from the store) pass through.
    std::string reason = !errors.empty()                          ? errors[0]["message"].get<std::string>()
                         : hasText(r.error->reason)               ? std::string(tr(r.error->reason))
                                                                  : r.error->reason;
    Json out{{"ok", false}, {"id", r.id}, {"error", r.error->error}, {"reason", reason}};
    if (!errors.empty()) out["errors"] = errors;
    return out;
}

// crm.records.history(id): the document's history entries, also of a deleted document (its tombstone).
Json historyJson(CrmSession& session, const std::string& id) {
    std::optional<Json> doc = session.store().get(id);
    if (!doc) {
        std::optional<RevisionTree> tree = session.store().revisionTree(id);
        if (tree && !tree->empty()) doc = session.store().get(id, GetOptions{.rev = tree->winner()->rev.str()});
    }
    Json out = Json::array();
    if (!doc) return out;
    const RecordType* type = recordTypeOf(*doc);
    for (const HistoryEntry& h : readHistory(*doc)) {
        Json changes = Json::array();
        for (const FieldChange& c : h.changes) {
            changes.push_back({{"field", c.field}, {"before", c.before}, {"after", c.after}, {"text", changeText(type, c)}});
        }
        out.push_back({{"at", h.at}, {"by", h.by}, {"kind", h.kind}, {"changes", changes}});
    }
    return out;
}

// Selector operators: a plain value (equality), {"$in": [...]}, {"$ne": v}, {"$exists": bool}.
// `doc` is a stored body (no _id), so "_id" is matched against `id`.
bool matches(const std::string& id, const Json& body, const Json& selector) {
    const Json idDoc = selector.contains("_id") ? Json{{"_id", id}} : Json::object();
    for (auto it = selector.begin(); it != selector.end(); ++it) {
        const Json& doc = it.key() == "_id" ? idDoc : body;
        auto field = doc.find(it.key());
        const Json& cond = it.value();
        if (cond.is_object() && !cond.empty() && cond.begin().key().rfind('$', 0) == 0) {
            for (auto op = cond.begin(); op != cond.end(); ++op) {
                if (op.key() == "$in") {
                    if (field == doc.end() || !op->is_array() ||
                        std::find(op->begin(), op->end(), *field) == op->end()) {
                        return false;
                    }
                } else if (op.key() == "$ne") {
                    if (field != doc.end() && *field == *op) return false;
                } else if (op.key() == "$exists") {
                    if (!op->is_boolean()) throw std::invalid_argument("$exists expects true or false");
                    if ((field != doc.end()) != op->get<bool>()) return false;
                } else {
                    throw std::invalid_argument("unsupported selector operator " + op.key());
                }
            }
        } else if (field == doc.end() || *field != cond) {
            return false;
        }
    }
    return true;
}

Json query(CrmSession& session, const Json& q) {
    Json selector = q.value("selector", Json::object());
    if (!selector.is_object()) throw std::invalid_argument("selector must be an object");
    size_t limit = q.value("limit", size_t(1000));
    size_t skip = q.value("skip", size_t(0));
    std::string sortField = q.value("sort", std::string());
    std::vector<Json> docs;
    auto type = selector.find("type");  // documents of other types are not decoded
    std::string onlyType = type != selector.end() && type->is_string() ? type->get<std::string>() : std::string();
    // Unsorted, the first skip + limit matches in id order are all that is needed: no more are decoded.
    const size_t wanted = sortField.empty() ? skip + limit : SIZE_MAX;
    session.store().forEachDoc([&](const std::string& id, const Json& body) {
        if (matches(id, body, selector)) {
            if (std::optional<Json> doc = session.store().get(id)) docs.push_back(std::move(*doc));  // with _id, _rev
        }
        return docs.size() < wanted;
    }, onlyType);
    if (!sortField.empty()) {
        std::stable_sort(docs.begin(), docs.end(), [&](const Json& a, const Json& b) {
            return a.value(sortField, Json()) < b.value(sortField, Json());
        });
    }
    Json out = Json::array();
    for (size_t i = skip; i < docs.size() && out.size() < limit; ++i) out.push_back(std::move(docs[i]));
    return out;
}

const char* saveStateName(SaveState s) {
    switch (s) {
    case SaveState::Saved: return "saved";
    case SaveState::Unsaved: return "unsaved";
    case SaveState::Saving: return "saving";
    case SaveState::Failed: return "failed";
    }
    return "saved";
}

} // namespace

Json callAutomation(CrmSession& session, std::string_view method, const Json& arg, const Json& extraStats,
                    ComplaintBoard* board) {
    try {
        if (method == "put") {
            FieldIssues issues;
            WriteResult r = session.putDocument(arg, &issues);
            return Json{{"result", writeResultJson(r, arg, issues)}};
        }
        if (method == "bulk") {
            if (!arg.is_array()) return errorReply("bad_request", "bulk expects an array of documents");
            // A document the page's parser cut short (nested more than kMaxJsonNesting levels from itself, as put
            // allows) is refused alone; the others are written together.
            std::vector<Json> docs;
            for (const Json& doc : arg) {
                if (!nestedTooDeep(doc)) docs.push_back(doc);
            }
            std::vector<WriteResult> results = session.putDocuments(std::move(docs));
            Json out = Json::array();
            size_t next = 0;
            for (const Json& doc : arg) {
                if (nestedTooDeep(doc)) {
                    out.push_back(writeResultJson(WriteResult{stringField(doc, "_id"), "", DocError{"bad_request", kNestedTooDeepReason}}));
                    continue;
                }
                const WriteResult& r = results[next++];
                out.push_back(r.ok() ? writeResultJson(r) : writeResultJson(r, doc, validateRecord(doc)));
            }
            return Json{{"result", out}};
        }
        if (method == "records.types") return Json{{"result", recordTypesJson()}};
        if (method == "records.validate") {
            FieldIssues issues = validateRecord(arg);
            Json errors = Json::array(), warnings = Json::array();
            for (Json& e : issuesJson(arg, issues)) (e.contains("warning") ? warnings : errors).push_back(std::move(e));
            Json out{{"ok", errors.empty()}};
            if (!errors.empty()) out["errors"] = errors;
            if (!warnings.empty()) out["warnings"] = warnings;
            return Json{{"result", out}};
        }
        if (method == "records.history") {
            if (!arg.is_string()) return errorReply("bad_request", "records.history expects a document id");
            return Json{{"result", historyJson(session, arg.get<std::string>())}};
        }
        if (method == "get") {
            if (!arg.is_string()) return errorReply("bad_request", "get expects a document id");
            std::optional<Json> doc = session.store().get(arg.get<std::string>(), GetOptions{"", true});
            return Json{{"result", doc ? *doc : Json(nullptr)}};
        }
        if (method == "remove") {
            return Json{{"result", writeResultJson(session.removeDocument(arg.value("id", std::string()),
                                                                          arg.value("rev", std::string())))}};
        }
        if (method == "query") return Json{{"result", query(session, arg.is_object() ? arg : Json::object())}};
        if (method == "stats") {
            Json stats = {{"customers", session.customers().size()},
                          {"documents", session.store().docCount()},
                          {"updateSeq", session.store().updateSeq()},
                          {"loaded", session.isLoaded()},
                          {"saveState", saveStateName(session.saveState())},
                          {"language", languageCode(language())}};
            PersistStatus error = session.saveError();
            if (!error.ok()) stats["saveError"] = error.code + ": " + error.detail;
            if (extraStats.is_object()) stats.update(extraStats);
            return Json{{"result", stats}};
        }
        if (std::optional<Json> reply = callComplaintApi(session, method, arg, board)) return *reply;
        return errorReply("unknown_method", "unknown method " + std::string(method));
    } catch (const std::exception& e) {
        return errorReply("bad_request", e.what());
    }
}

} // namespace crm::core

// Conflict view (three-way, field by field) and resolution (one new winner, tombstones on the losers).
#include "core/sync/conflict_merge.h"

#include "core/domain/complaint_workflow.h"
#include "core/records/record_history.h"

#include <set>

namespace crm::core {

namespace {
bool isMeta(const std::string& key) {
    return key == "_id" || key == "_rev" || key == "_conflicts" || key == "_revisions" || key == "_deleted" ||
           key == "_deleted_conflicts" || key == "_revs_info" || key == "_local_seq";
}

const Json* field(const Json& doc, const std::string& key) {
    if (!doc.is_object()) return nullptr;
    auto it = doc.find(key);
    return it == doc.end() ? nullptr : &*it;
}

// A complaint's stage, pause state and deadlines follow from its events (complaint_workflow.h): never a
// choice, CrmSession::resolveConflict derives them again from the united events.
bool derivedFromEvents(const Json& doc, const std::string& key) {
    return doc.is_object() && doc.contains("events") &&
           (key == "status" || key == "paused" || key == "closed" || key == "deadlines");
}

bool same(const Json* a, const Json* b) {
    if (!a || !b) return a == b;
    return *a == *b;
}
}  // namespace

std::optional<ConflictView> buildConflictView(const DocumentStore& store, const std::string& id) {
    std::optional<RevisionTree> tree = store.revisionTree(id);
    if (!tree || tree->empty()) return std::nullopt;
    auto conflicts = tree->conflicts();
    if (conflicts.empty()) return std::nullopt;
    RevId winner = tree->winner()->rev;
    auto mine = store.get(id, GetOptions{.rev = winner.str()});
    auto theirs = store.get(id, GetOptions{.rev = conflicts.front().str()});
    if (!mine || !theirs) return std::nullopt;

    ConflictView view;
    view.id = id;
    view.mineRev = winner.str();
    view.theirsRev = conflicts.front().str();
    Json ancestor;
    if (auto lca = store.commonAncestor(id, winner, conflicts.front())) {
        if (auto body = store.get(id, GetOptions{.rev = lca->str()})) {
            ancestor = std::move(*body);
            view.hasAncestor = true;
        }
    }

    std::set<std::string> names;
    for (const Json* doc : {&*mine, &*theirs, &ancestor}) {
        if (!doc->is_object()) continue;
        for (auto it = doc->begin(); it != doc->end(); ++it) {
            if (!isMeta(it.key())) names.insert(it.key());
        }
    }
    view.merged = Json::object();
    for (const std::string& name : names) {
        const Json* m = field(*mine, name);
        const Json* t = field(*theirs, name);
        const Json* a = view.hasAncestor ? field(ancestor, name) : nullptr;
        FieldChoice choice;
        choice.field = name;
        choice.mine = m ? *m : Json();
        choice.theirs = t ? *t : Json();
        choice.ancestor = a ? *a : Json();
        if (view.hasAncestor) {
            choice.mineChanged = !same(m, a);
            choice.theirsChanged = !same(t, a);
        } else {
            choice.mineChanged = choice.theirsChanged = !same(m, t);
        }
        if (name == "history") {
            // Histories are append-only: both devices' entries are kept (their union), never a choice, so
            // the field is not offered in the dialog.
            view.merged[name] = unionHistory(m ? *m : Json(), t ? *t : Json());
            continue;
        }
        if (name == "events") {  // a complaint's events: append-only too
            view.merged[name] = unionEvents(m ? *m : Json(), t ? *t : Json());
            continue;
        }
        if (derivedFromEvents(*mine, name)) {
            if (m) view.merged[name] = *m;
            continue;
        }
        const Json* pick = m;  // both changed differently: mine until the user chooses
        if (same(m, t)) {
            choice.autoMerged = true;
        } else if (choice.theirsChanged && !choice.mineChanged) {
            pick = t;
            choice.autoMerged = true;
        } else if (choice.mineChanged && !choice.theirsChanged) {
            choice.autoMerged = true;
        }
        if (pick) view.merged[name] = *pick;
        view.fields.push_back(std::move(choice));
    }
    return view;
}

WriteResult resolveConflict(DocumentStore& store, const std::string& id, const Json& mergedBody) {
    WriteResult bad;
    bad.id = id;
    if (!mergedBody.is_object()) {
        bad.error = DocError{"bad_request", "The merged document must be a JSON object"};
        return bad;
    }
    std::optional<RevisionTree> tree = store.revisionTree(id);
    if (!tree || tree->empty() || tree->winner()->deleted) {
        bad.error = DocError{"not_found", "missing"};
        return bad;
    }
    RevId winner = tree->winner()->rev;
    std::vector<RevId> losers = tree->conflicts();

    Json doc = Json::object();
    for (auto it = mergedBody.begin(); it != mergedBody.end(); ++it) {
        if (!isMeta(it.key())) doc[it.key()] = it.value();
    }
    doc["_id"] = id;
    doc["_rev"] = winner.str();
    WriteResult result = store.put(std::move(doc));
    if (!result.ok()) return result;
    for (const RevId& loser : losers) {
        WriteResult removed = store.remove(id, loser.str());
        if (!removed.ok()) {
            result.error = DocError{removed.error->error, "Could not close the conflicting revision " + loser.str() +
                                                              ": " + removed.error->reason};
            return result;
        }
    }
    return result;
}

}  // namespace crm::core

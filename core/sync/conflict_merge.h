// The conflict dialog's model: a three-way, field-by-field view of a conflicted document (mine = the
// winning leaf, theirs = the first conflicting leaf, ancestor = their common ancestor when its body is
// kept), fields changed on one side only merged automatically (and the append-only "history" and a
// complaint's "events" as the union of both sides'; a complaint's stage and deadlines follow from the
// events), and the resolution write (CrmSession::resolveConflict adds the merge to the history).
#pragma once
#include "core/json.h"
#include "core/store/document_store.h"

#include <optional>
#include <string>
#include <vector>

namespace crm::core {

struct FieldChoice {
    std::string field;
    Json mine, theirs, ancestor;                      // null when the field is absent on that side
    bool mineChanged = false, theirsChanged = false;  // differs from the ancestor (no ancestor: differs from the other)
    bool autoMerged = false;  // changed on one side only (or the same on both): `merged` took that value
};

struct ConflictView {
    std::string id, mineRev, theirsRev;
    bool hasAncestor = false;
    std::vector<FieldChoice> fields;  // every field present on any side, in name order; equal ones too
                                      // (not "history": merged is the union of both sides' entries)
    Json merged;                      // auto-merged result so far: mine's value for fields that need a choice
};

// nullopt when the document is missing or has no conflicts.
std::optional<ConflictView> buildConflictView(const DocumentStore& store, const std::string& id);

// New revision on the winner + tombstones on the losing leaves (as CouchDB recommends).
// `mergedBody` is the document's fields (any _id/_rev in it are ignored). The result names the new
// winning revision; an error if the document changed meanwhile (no longer the same leaves).
WriteResult resolveConflict(DocumentStore& store, const std::string& id, const Json& mergedBody);

}  // namespace crm::core

// One direction's rejections: revisions that could not be stored on the other side (the server refused them on
// push; the local store refused them, or the server holds them in a form the store cannot keep, on pull). Each
// names its revision and is kept in that direction's checkpoint on this device, so it survives a restart.
#pragma once
#include "core/json.h"
#include "core/store/revision_tree.h"

#include <string>
#include <vector>

namespace crm::core {

struct Rejection {
    std::string id, rev, error, reason;
};

class RejectionList {
public:
    bool contains(const std::string& id, const std::string& rev) const;
    void add(Rejection rejection);  // once per id and revision
    // Rejections of `id` whose revision is no longer a leaf of `tree` (or of none) end.
    void forgetSuperseded(const std::string& id, const RevisionTree* tree);
    bool rejectsLeaf(const std::string& id, const RevisionTree& tree) const;  // a leaf of `tree` is rejected
    const std::vector<Rejection>& all() const { return m_list; }
    Json toJson() const;
    void load(const Json& checkpoint);  // the "rejected" array of a checkpoint document

private:
    std::vector<Rejection> m_list;
};

}  // namespace crm::core

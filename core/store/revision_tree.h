// One document's revision forest with CouchDB/PouchDB semantics: merge of revision paths, stemming,
// leaves, the winning revision and conflicts, and a compact JSON encoding for persistence.
//
// Nodes are keyed by (generation, hash); each knows its parent (none for a root) and children.
// Several roots exist after stemming or when unrelated histories arrive. Semantics mirror
// pouchdb-merge (merge + stem) so that winners and conflicts agree with PouchDB and CouchDB.
#pragma once
#include "core/json.h"

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

// A revision id "N-<hash>".
struct RevId {
    uint64_t gen = 0;
    std::string hash;

    std::string str() const { return std::to_string(gen) + "-" + hash; }
    static std::optional<RevId> parse(std::string_view rev);  // nullopt unless "<digits>-<non-empty>"
    // Written out: clang 14's libc++ (Debian's Emscripten) has no std::string operator<=>.
    bool operator==(const RevId& o) const { return gen == o.gen && hash == o.hash; }
    bool operator!=(const RevId& o) const { return !(*this == o); }
    bool operator<(const RevId& o) const { return gen != o.gen ? gen < o.gen : hash < o.hash; }
};

struct RevLeaf {
    RevId rev;
    bool deleted = false;
};

class RevisionTree {
public:
    // What a merge did, in pouchdb-merge's words.
    enum class MergeKind {
        Exists,        // the path's leaf was already known: tree unchanged
        NewLeaf,       // the path extended an existing leaf (or the tree was empty)
        NewBranch,     // the path added a branch under an existing non-leaf, or a new root
    };

    // Merges a history given leaf-first (like _revisions.ids) whose first entry has generation
    // `start`. Only the leaf carries `leafDeleted`; ancestors it introduces are not deleted.
    // Existing roots found on the path are grafted under their newly learnt ancestors.
    MergeKind merge(uint64_t start, const std::vector<std::string>& idsLeafFirst, bool leafDeleted);

    // Keeps only what CouchDB keeps with _revs_limit = revsLimit: a node survives when a leaf below
    // it is fewer than revsLimit generations away; a parent link survives when both ends lie on one
    // such kept path. Returns the removed revisions.
    std::vector<RevId> stem(size_t revsLimit);

    bool empty() const { return m_nodes.empty(); }
    size_t size() const { return m_nodes.size(); }
    bool contains(const RevId& rev) const { return m_nodes.count(rev) != 0; }
    bool isLeaf(const RevId& rev) const;
    std::optional<bool> isDeleted(const RevId& rev) const;  // nullopt: unknown revision

    std::vector<RevLeaf> leaves() const;             // sorted by generation then hash, descending
    std::optional<RevLeaf> winner() const;           // nullopt only for an empty tree
    std::vector<RevId> conflicts() const;            // non-deleted leaves but the winner, descending
    // Hashes from `rev` up to its oldest known ancestor (leaf-first, like _revisions.ids).
    std::vector<std::string> history(const RevId& rev) const;
    std::vector<RevId> roots() const;
    std::optional<RevId> parentOf(const RevId& rev) const;

    // The nodes as a list sorted by (gen, hash); parent indexes point into the same list (parents always
    // come first, -1: none). fromFlat rebuilds a tree; nullopt when the list is not such a list.
    struct FlatNode {
        RevId rev;
        int64_t parent = -1;
        bool deleted = false;
    };
    std::vector<FlatNode> flatten() const;
    static std::optional<RevisionTree> fromFlat(std::vector<FlatNode> nodes);

    // Compact JSON encoding: [[gen, "hash", parentIndex|-1, deleted 0|1], ...], the flat list.
    Json encode() const;
    static std::optional<RevisionTree> decode(const Json& json);

private:
    struct Node {
        std::optional<std::string> parent;  // hash at gen - 1
        std::vector<std::string> children;  // hashes at gen + 1
        bool deleted = false;
    };
    Node* find(const RevId& rev);
    const Node* find(const RevId& rev) const;

    std::map<RevId, Node> m_nodes;
};

} // namespace crm::core

// Revision forest: merge (with grafting), stemming, leaves, winner, conflicts, encode/decode.
//
// Sections: RevId · merge · stem · queries · encoding
#include "core/store/revision_tree.h"

#include <algorithm>
#include <charconv>
#include <limits>

namespace crm::core {

// ---- RevId ------------------------------------------------------------------------------------

std::optional<RevId> RevId::parse(std::string_view rev) {
    size_t dash = rev.find('-');
    if (dash == std::string_view::npos || dash == 0 || dash + 1 >= rev.size()) return std::nullopt;
    uint64_t gen = 0;
    auto [ptr, ec] = std::from_chars(rev.data(), rev.data() + dash, gen);
    if (ec != std::errc() || ptr != rev.data() + dash) return std::nullopt;
    return RevId{gen, std::string(rev.substr(dash + 1))};
}

RevisionTree::Node* RevisionTree::find(const RevId& rev) {
    auto it = m_nodes.find(rev);
    return it == m_nodes.end() ? nullptr : &it->second;
}

const RevisionTree::Node* RevisionTree::find(const RevId& rev) const {
    auto it = m_nodes.find(rev);
    return it == m_nodes.end() ? nullptr : &it->second;
}

// ---- merge ------------------------------------------------------------------------------------

RevisionTree::MergeKind RevisionTree::merge(uint64_t start, const std::vector<std::string>& ids,
                                            bool leafDeleted) {
    if (ids.empty() || start < ids.size()) return MergeKind::Exists;  // malformed: ignore
    if (contains(RevId{start, ids.front()})) return MergeKind::Exists;
    bool wasEmpty = m_nodes.empty();
    bool extendedLeaf = false;
    // Walk root-most first.
    uint64_t gen = start - ids.size() + 1;
    const std::string* prev = nullptr;
    bool prevExisted = false;
    for (size_t i = ids.size(); i-- > 0; ++gen) {
        const std::string& hash = ids[i];
        RevId key{gen, hash};
        Node* node = find(key);
        if (node) {
            // Graft an existing root under the ancestor the path just taught us.
            if (prev && !node->parent) {
                node->parent = *prev;
                Node* parent = find(RevId{gen - 1, *prev});
                parent->children.push_back(hash);
            }
        } else {
            Node fresh;
            fresh.deleted = (i == 0) && leafDeleted;
            if (prev) {
                fresh.parent = *prev;
                Node* parent = find(RevId{gen - 1, *prev});
                if (prevExisted && parent->children.empty()) extendedLeaf = true;
                parent->children.push_back(hash);
            }
            m_nodes.emplace(key, std::move(fresh));
        }
        prevExisted = node != nullptr;
        prev = &hash;
    }
    return (wasEmpty || extendedLeaf) ? MergeKind::NewLeaf : MergeKind::NewBranch;
}

// ---- stem -------------------------------------------------------------------------------------

std::vector<RevId> RevisionTree::stem(size_t revsLimit) {
    if (revsLimit == 0) revsLimit = 1;
    // Distance from each node to its nearest leaf below; children have higher keys, so walk back.
    std::map<RevId, uint64_t> minDist;
    constexpr uint64_t kFar = std::numeric_limits<uint64_t>::max() / 2;
    for (auto it = m_nodes.rbegin(); it != m_nodes.rend(); ++it) {
        auto [dIt, inserted] = minDist.emplace(it->first, it->second.children.empty() ? 0 : kFar);
        if (!inserted && it->second.children.empty()) dIt->second = 0;
        if (it->second.parent) {
            RevId parentKey{it->first.gen - 1, *it->second.parent};
            auto [pIt, pNew] = minDist.emplace(parentKey, dIt->second + 1);
            if (!pNew) pIt->second = std::min(pIt->second, dIt->second + 1);
        }
    }
    std::vector<RevId> removed;
    for (auto& [key, node] : m_nodes) {
        uint64_t d = minDist[key];
        if (d >= revsLimit) {
            removed.push_back(key);
        } else if (node.parent && d + 1 >= revsLimit) {
            node.parent.reset();  // the link to the parent lies beyond every kept path
        }
    }
    for (const RevId& key : removed) m_nodes.erase(key);
    // Parents drop children that were removed or detached.
    for (auto& entry : m_nodes) {
        const RevId& key = entry.first;  // not a structured binding: clang 14 cannot capture those
        auto& kids = entry.second.children;
        kids.erase(std::remove_if(kids.begin(), kids.end(),
                                  [&](const std::string& h) {
                                      const Node* child = find(RevId{key.gen + 1, h});
                                      return !child || child->parent != key.hash;
                                  }),
                   kids.end());
    }
    return removed;
}

// ---- queries ----------------------------------------------------------------------------------

bool RevisionTree::isLeaf(const RevId& rev) const {
    const Node* node = find(rev);
    return node && node->children.empty();
}

std::optional<bool> RevisionTree::isDeleted(const RevId& rev) const {
    const Node* node = find(rev);
    if (!node) return std::nullopt;
    return node->deleted;
}

std::vector<RevLeaf> RevisionTree::leaves() const {
    std::vector<RevLeaf> out;
    for (auto it = m_nodes.rbegin(); it != m_nodes.rend(); ++it) {
        if (it->second.children.empty()) out.push_back(RevLeaf{it->first, it->second.deleted});
    }
    return out;
}

std::optional<RevLeaf> RevisionTree::winner() const {
    std::optional<RevLeaf> best;
    for (const auto& [key, node] : m_nodes) {
        if (!node.children.empty()) continue;
        if (!best) {
            best = RevLeaf{key, node.deleted};
            continue;
        }
        // Non-deleted beats deleted; then generation; then hash in ASCII order.
        bool better = best->deleted != node.deleted ? best->deleted
                      : best->rev.gen != key.gen    ? best->rev.gen < key.gen
                                                    : best->rev.hash < key.hash;
        if (better) best = RevLeaf{key, node.deleted};
    }
    return best;
}

std::vector<RevId> RevisionTree::conflicts() const {
    auto win = winner();
    std::vector<RevId> out;
    for (const RevLeaf& leaf : leaves()) {
        if (!leaf.deleted && win && leaf.rev != win->rev) out.push_back(leaf.rev);
    }
    return out;
}

std::vector<std::string> RevisionTree::history(const RevId& rev) const {
    std::vector<std::string> out;
    RevId key = rev;
    const Node* node = find(key);
    while (node) {
        out.push_back(key.hash);
        if (!node->parent) break;
        key = RevId{key.gen - 1, *node->parent};
        node = find(key);
    }
    return out;
}

std::vector<RevId> RevisionTree::roots() const {
    std::vector<RevId> out;
    for (const auto& [key, node] : m_nodes) {
        if (!node.parent) out.push_back(key);
    }
    return out;
}

std::optional<RevId> RevisionTree::parentOf(const RevId& rev) const {
    const Node* node = find(rev);
    if (!node || !node->parent) return std::nullopt;
    return RevId{rev.gen - 1, *node->parent};
}

// ---- encoding ---------------------------------------------------------------------------------

std::vector<RevisionTree::FlatNode> RevisionTree::flatten() const {
    std::vector<FlatNode> out;
    out.reserve(m_nodes.size());
    auto byRev = [](const FlatNode& n, const RevId& rev) { return n.rev < rev; };
    for (const auto& [key, node] : m_nodes) {
        int64_t parent = -1;
        if (node.parent) {  // parents sort before their children: look among the nodes listed so far
            RevId parentKey{key.gen - 1, *node.parent};
            auto it = std::lower_bound(out.begin(), out.end(), parentKey, byRev);
            if (it != out.end() && it->rev == parentKey) parent = it - out.begin();
        }
        out.push_back(FlatNode{key, parent, node.deleted});
    }
    return out;
}

std::optional<RevisionTree> RevisionTree::fromFlat(std::vector<FlatNode> nodes) {
    RevisionTree tree;
    for (size_t i = 0; i < nodes.size(); ++i) {
        FlatNode& flat = nodes[i];
        if (flat.rev.gen < 1 || flat.rev.hash.empty() || tree.contains(flat.rev)) return std::nullopt;
        if (i > 0 && !(nodes[i - 1].rev < flat.rev)) return std::nullopt;  // sorted, as flatten() gives them
        Node node;
        node.deleted = flat.deleted;
        if (flat.parent >= 0) {
            if (size_t(flat.parent) >= i || nodes[size_t(flat.parent)].rev.gen + 1 != flat.rev.gen) return std::nullopt;
            const RevId& parent = nodes[size_t(flat.parent)].rev;
            node.parent = parent.hash;
            tree.find(parent)->children.push_back(flat.rev.hash);
        }
        tree.m_nodes.emplace(flat.rev, std::move(node));  // copied: children look their parents up here
    }
    return tree;
}

Json RevisionTree::encode() const {
    Json out = Json::array();
    for (const FlatNode& n : flatten()) out.push_back(Json::array({n.rev.gen, n.rev.hash, n.parent, n.deleted ? 1 : 0}));
    return out;
}

std::optional<RevisionTree> RevisionTree::decode(const Json& json) {
    if (!json.is_array()) return std::nullopt;
    std::vector<FlatNode> nodes;
    nodes.reserve(json.size());
    for (const Json& entry : json) {
        if (!entry.is_array() || entry.size() != 4 || !entry[0].is_number_integer() || entry[0].get<int64_t>() < 1 ||
            !entry[1].is_string() || !entry[2].is_number_integer() || !entry[3].is_number_integer()) {
            return std::nullopt;
        }
        nodes.push_back(FlatNode{RevId{entry[0].get<uint64_t>(), entry[1].get<std::string>()}, entry[2].get<int64_t>(),
                                 entry[3].get<int64_t>() != 0});
    }
    // Older records list nodes in any order with parents first; sort them as flatten() does.
    std::vector<size_t> order(nodes.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return nodes[a].rev < nodes[b].rev; });
    std::vector<size_t> where(nodes.size());
    for (size_t i = 0; i < order.size(); ++i) where[order[i]] = i;
    std::vector<FlatNode> sorted;
    sorted.reserve(nodes.size());
    for (size_t i : order) {
        FlatNode n = nodes[i];
        if (n.parent >= 0) {
            if (size_t(n.parent) >= nodes.size() || size_t(n.parent) >= i) return std::nullopt;  // parents come first
            n.parent = static_cast<int64_t>(where[size_t(n.parent)]);
        }
        sorted.push_back(std::move(n));
    }
    return fromFlat(std::move(sorted));
}

} // namespace crm::core

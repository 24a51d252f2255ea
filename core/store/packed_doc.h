// One document as it is held in memory and stored on disk: its revision tree and the bodies kept for it
// (the leaves, plus the common ancestors of conflicting leaves once learnt) in ONE byte string, without an
// allocation per revision. Bodies are packed JSON (packed_json.h). The winner is found without decoding.
//
// Layout: 0xC7 (magic, never the first byte of a JSON text), winner node index, body count, bodies
// (node index, length, bytes), node count, nodes in (generation, hash) order (generation, hash as
// (length << 1 | hex) then 16 raw bytes for a 32-digit lowercase hex hash or the characters otherwise,
// parent index + 1 (0: none), deleted byte).
#pragma once
#include "core/store/revision_tree.h"

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::core {

namespace packed_doc {

constexpr char kMagic = static_cast<char>(0xC7);

// A body kept for one revision: its revision and packed JSON bytes.
struct Body {
    RevId rev;
    std::string_view bytes;
};

// The byte string for a tree and its kept bodies (bodies for revisions not in the tree are dropped).
std::string build(const RevisionTree& tree, const std::vector<Body>& bodies);

bool looksPacked(std::string_view blob);  // starts with the magic byte
// Full check: every part parses and indexes are in range (for records read from disk).
bool valid(std::string_view blob);

RevLeaf winner(std::string_view blob);            // the winning leaf (blob must be valid)
bool hasConflicts(std::string_view blob);         // more than one leaf is not deleted
std::string_view winnerBody(std::string_view blob);  // its body's bytes; empty when none is kept
std::string_view body(std::string_view blob, const RevId& rev);  // empty when not kept
std::vector<Body> bodies(std::string_view blob);
RevisionTree tree(std::string_view blob);
// The leaves, as tree(blob).leaves() (generation then hash, descending), without building the tree: a string per
// leaf, none per inner revision (the changes feed with every leaf, per document). Empty when it does not parse.
std::vector<RevLeaf> leaves(std::string_view blob);

} // namespace packed_doc
} // namespace crm::core

// Packed documents: building the byte string from a tree and bodies, and reading it back in parts.
#include "core/store/packed_doc.h"

#include "core/store/varint.h"

#include <algorithm>

namespace crm::core::packed_doc {

namespace {

bool isLowerHex32(const std::string& s) {
    if (s.size() != 32) return false;
    return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

int hexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

void putHash(std::string& out, const std::string& hash) {
    if (isLowerHex32(hash)) {
        putVarint(out, (16u << 1) | 1u);
        for (size_t i = 0; i < 32; i += 2) out.push_back(static_cast<char>(hexValue(hash[i]) << 4 | hexValue(hash[i + 1])));
    } else {
        putVarint(out, static_cast<uint64_t>(hash.size()) << 1);
        out += hash;
    }
}

// One node as written, its hash not decoded: reading a document's shape (its winner, its leaves, whether it is
// well formed) needs no string per revision.
struct NodeView {
    uint64_t gen = 0;
    std::string_view hash;  // as written: 16 raw bytes when hex, else the characters
    bool hex = false;
    uint64_t parent = 0;  // index + 1; 0: a root
    bool deleted = false;

    std::string hashText() const {
        if (!hex) return std::string(hash);
        static const char* digits = "0123456789abcdef";
        std::string out(hash.size() * 2, '0');
        for (size_t i = 0; i < hash.size(); ++i) {
            uint8_t b = static_cast<uint8_t>(hash[i]);
            out[2 * i] = digits[b >> 4];
            out[2 * i + 1] = digits[b & 15];
        }
        return out;
    }
};

// RevId's order (generation, then the hash text) without decoding: two packed hex hashes compare as their bytes
// (lowercase hex digits ascend with the nibbles), two unpacked as their characters.
bool revLess(const NodeView& a, const NodeView& b) {
    if (a.gen != b.gen) return a.gen < b.gen;
    if (a.hex == b.hex) return a.hash < b.hash;
    return a.hashText() < b.hashText();
}

// Reads the layout in order (ByteCursor: a damaged record is refused, never overrun).
class Cursor : public ByteCursor {
public:
    using ByteCursor::ByteCursor;
    bool node(NodeView& n) {
        uint64_t lenAndHex = 0;
        uint8_t deleted = 0;
        if (!varint(n.gen) || !varint(lenAndHex) || !bytes(lenAndHex >> 1, n.hash) || !varint(n.parent) ||
            !byte(deleted)) {
            return false;
        }
        n.hex = (lenAndHex & 1) != 0;
        n.deleted = deleted != 0;
        return true;
    }
};

struct RawBody {
    uint64_t node = 0;
    std::string_view bytes;
};

// The parts of a blob; false when it does not parse.
struct Parsed {
    uint64_t winner = 0;
    std::vector<RawBody> bodies;
    std::vector<RevisionTree::FlatNode> nodes;
};

bool readHeaderAndBodies(Cursor& c, uint64_t& winner, std::vector<RawBody>* bodies, const uint64_t* onlyNode,
                         std::string_view* found) {
    uint8_t magic = 0;
    uint64_t count = 0;
    if (!c.byte(magic) || static_cast<char>(magic) != kMagic || !c.varint(winner) || !c.varint(count)) return false;
    const uint64_t wanted = onlyNode ? *onlyNode : winner;
    for (uint64_t i = 0; i < count; ++i) {
        RawBody b;
        uint64_t len = 0;
        if (!c.varint(b.node) || !c.varint(len) || !c.bytes(len, b.bytes)) return false;
        if (bodies) bodies->push_back(b);
        if (found && b.node == wanted) *found = b.bytes;
    }
    return true;
}

bool readNodes(Cursor& c, std::vector<RevisionTree::FlatNode>& nodes) {
    uint64_t count = 0;
    if (!c.varint(count) || count == 0) return false;
    nodes.reserve(std::min<uint64_t>(count, 1024));
    for (uint64_t i = 0; i < count; ++i) {
        NodeView v;
        if (!c.node(v) || v.parent > i) return false;  // parents come first
        RevisionTree::FlatNode n;
        n.rev.gen = v.gen;
        n.rev.hash = v.hashText();
        n.parent = static_cast<int64_t>(v.parent) - 1;
        n.deleted = v.deleted;
        nodes.push_back(std::move(n));
    }
    return true;
}

// The fewest bytes a node takes: its generation, hash length and parent as one-byte varints, no hash, the deleted byte.
constexpr uint64_t kMinNodeBytes = 4;

// Steps past the header and bodies to the node count; false when they do not parse, or when the count is more
// nodes than the bytes left can hold (callers size vectors by it: a damaged count is refused as a cut-short blob is).
bool skipToNodes(Cursor& c, uint64_t& winner, uint64_t& nodeCount) {
    return readHeaderAndBodies(c, winner, nullptr, nullptr, nullptr) && c.varint(nodeCount) &&
           nodeCount <= c.remaining() / kMinNodeBytes;
}

bool parse(std::string_view blob, Parsed& out) {
    Cursor c(blob);
    return readHeaderAndBodies(c, out.winner, &out.bodies, nullptr, nullptr) && readNodes(c, out.nodes) && c.atEnd() &&
           out.winner < out.nodes.size();
}
} // namespace

std::string build(const RevisionTree& tree, const std::vector<Body>& bodies) {
    std::vector<RevisionTree::FlatNode> nodes = tree.flatten();
    auto indexOf = [&](const RevId& rev) -> std::optional<uint64_t> {
        auto it = std::lower_bound(nodes.begin(), nodes.end(), rev,
                                   [](const RevisionTree::FlatNode& n, const RevId& r) { return n.rev < r; });
        if (it == nodes.end() || it->rev != rev) return std::nullopt;
        return static_cast<uint64_t>(it - nodes.begin());
    };
    std::optional<RevLeaf> win = tree.winner();
    std::string out;
    size_t bytes = 0;
    for (const Body& b : bodies) bytes += b.bytes.size() + 8;
    out.reserve(8 + bytes + nodes.size() * 24);
    out.push_back(kMagic);
    putVarint(out, win ? *indexOf(win->rev) : 0);
    std::vector<std::pair<uint64_t, std::string_view>> kept;
    for (const Body& b : bodies) {
        if (auto index = indexOf(b.rev)) kept.emplace_back(*index, b.bytes);
    }
    putVarint(out, kept.size());
    for (const auto& [index, data] : kept) {
        putVarint(out, index);
        putVarint(out, data.size());
        out.append(data.data(), data.size());
    }
    putVarint(out, nodes.size());
    for (const RevisionTree::FlatNode& n : nodes) {
        putVarint(out, n.rev.gen);
        putHash(out, n.rev.hash);
        putVarint(out, static_cast<uint64_t>(n.parent + 1));
        out.push_back(n.deleted ? 1 : 0);
    }
    return out;
}

bool looksPacked(std::string_view blob) { return !blob.empty() && blob[0] == kMagic; }

bool valid(std::string_view blob) {
    Cursor c(blob);
    uint8_t magic = 0;
    uint64_t winner = 0, bodyCount = 0, highestBodyNode = 0, nodeCount = 0;
    if (!c.byte(magic) || static_cast<char>(magic) != kMagic || !c.varint(winner) || !c.varint(bodyCount)) return false;
    for (uint64_t i = 0; i < bodyCount; ++i) {
        uint64_t node = 0, len = 0;
        std::string_view bytes;
        if (!c.varint(node) || !c.varint(len) || !c.bytes(len, bytes)) return false;
        highestBodyNode = std::max(highestBodyNode, node);
    }
    if (!c.varint(nodeCount) || nodeCount == 0 || winner >= nodeCount) return false;
    if (bodyCount > 0 && highestBodyNode >= nodeCount) return false;
    // What fromFlat() checks, without building the tree: sorted, distinct, parents first and one generation up.
    std::vector<uint64_t> gens;
    gens.reserve(std::min<uint64_t>(nodeCount, 1024));
    NodeView previous;
    for (uint64_t i = 0; i < nodeCount; ++i) {
        NodeView n;
        if (!c.node(n) || n.parent > i || n.gen < 1 || n.hash.empty()) return false;
        if (i > 0 && !revLess(previous, n)) return false;
        if (n.parent > 0 && gens[n.parent - 1] + 1 != n.gen) return false;
        gens.push_back(n.gen);
        previous = n;
    }
    return c.atEnd();
}

RevLeaf winner(std::string_view blob) {
    Cursor c(blob);
    uint64_t winner = 0, count = 0;
    if (!skipToNodes(c, winner, count)) return {};
    for (uint64_t i = 0; i < count && i <= winner; ++i) {
        NodeView n;
        if (!c.node(n)) return {};
        if (i == winner) return RevLeaf{RevId{n.gen, n.hashText()}, n.deleted};
    }
    return {};
}

bool hasConflicts(std::string_view blob) {
    Cursor c(blob);
    uint64_t winner = 0, count = 0;
    if (!skipToNodes(c, winner, count) || count < 2) return false;
    std::vector<uint8_t> isParent(count, 0), deleted(count, 0);
    for (uint64_t i = 0; i < count; ++i) {
        NodeView n;
        if (!c.node(n) || n.parent > i) return false;
        if (n.parent > 0) isParent[n.parent - 1] = 1;
        deleted[i] = n.deleted;
    }
    size_t liveLeaves = 0;
    for (uint64_t i = 0; i < count; ++i) {
        if (!isParent[i] && !deleted[i]) ++liveLeaves;
    }
    return liveLeaves > 1;
}

std::string_view winnerBody(std::string_view blob) {
    Cursor c(blob);
    uint64_t winner = 0;
    std::string_view found;
    if (!readHeaderAndBodies(c, winner, nullptr, nullptr, &found)) return {};
    return found;
}

std::string_view body(std::string_view blob, const RevId& rev) {
    Parsed parsed;
    if (!parse(blob, parsed)) return {};
    for (const RawBody& b : parsed.bodies) {
        if (b.node < parsed.nodes.size() && parsed.nodes[b.node].rev == rev) return b.bytes;
    }
    return {};
}

std::vector<Body> bodies(std::string_view blob) {
    Parsed parsed;
    std::vector<Body> out;
    if (!parse(blob, parsed)) return out;
    for (const RawBody& b : parsed.bodies) {
        if (b.node < parsed.nodes.size()) out.push_back(Body{parsed.nodes[b.node].rev, b.bytes});
    }
    return out;
}

std::vector<RevLeaf> leaves(std::string_view blob) {
    Cursor c(blob);
    uint64_t winner = 0, count = 0;
    if (!skipToNodes(c, winner, count) || count == 0) return {};
    if (count == 1) {  // the common case: one revision
        NodeView n;
        if (!c.node(n) || n.parent != 0 || !c.atEnd()) return {};
        return {RevLeaf{RevId{n.gen, n.hashText()}, n.deleted}};
    }
    std::vector<NodeView> nodes;
    nodes.reserve(std::min<uint64_t>(count, 1024));
    std::vector<uint8_t> isParent(count, 0);
    for (uint64_t i = 0; i < count; ++i) {
        NodeView n;
        if (!c.node(n) || n.parent > i) return {};
        if (n.parent > 0) isParent[n.parent - 1] = 1;
        nodes.push_back(n);
    }
    if (!c.atEnd()) return {};
    std::vector<RevLeaf> out;
    for (uint64_t i = count; i-- > 0;) {
        if (!isParent[i]) out.push_back(RevLeaf{RevId{nodes[i].gen, nodes[i].hashText()}, nodes[i].deleted});
    }
    return out;
}

RevisionTree tree(std::string_view blob) {
    Parsed parsed;
    if (!parse(blob, parsed)) return {};
    auto tree = RevisionTree::fromFlat(std::move(parsed.nodes));
    return tree ? std::move(*tree) : RevisionTree();
}

} // namespace crm::core::packed_doc

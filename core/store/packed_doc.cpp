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

// Reads the layout in order (ByteCursor: a damaged record is refused, never overrun), hashes as written.
class Cursor : public ByteCursor {
public:
    using ByteCursor::ByteCursor;
    bool hash(std::string& out) {
        uint64_t lenAndHex = 0;
        std::string_view raw;
        if (!varint(lenAndHex) || !bytes(lenAndHex >> 1, raw)) return false;
        if (!(lenAndHex & 1)) {
            out.assign(raw);
            return true;
        }
        static const char* digits = "0123456789abcdef";
        out.clear();
        out.reserve(raw.size() * 2);
        for (char c : raw) {
            uint8_t b = static_cast<uint8_t>(c);
            out.push_back(digits[b >> 4]);
            out.push_back(digits[b & 15]);
        }
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
        RevisionTree::FlatNode n;
        uint64_t parent = 0;
        uint8_t deleted = 0;
        if (!c.varint(n.rev.gen) || !c.hash(n.rev.hash) || !c.varint(parent) || !c.byte(deleted)) return false;
        if (parent > i) return false;  // parents come first
        n.parent = static_cast<int64_t>(parent) - 1;
        n.deleted = deleted != 0;
        nodes.push_back(std::move(n));
    }
    return true;
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
    Parsed parsed;
    if (!parse(blob, parsed)) return false;
    for (const RawBody& b : parsed.bodies) {
        if (b.node >= parsed.nodes.size()) return false;
    }
    // What fromFlat() checks, without building the tree: sorted, distinct, parents one generation up.
    for (size_t i = 0; i < parsed.nodes.size(); ++i) {
        const RevisionTree::FlatNode& n = parsed.nodes[i];
        if (n.rev.gen < 1 || n.rev.hash.empty() || (i > 0 && !(parsed.nodes[i - 1].rev < n.rev))) return false;
        if (n.parent >= 0 && parsed.nodes[size_t(n.parent)].rev.gen + 1 != n.rev.gen) return false;
    }
    return true;
}

RevLeaf winner(std::string_view blob) {
    Parsed parsed;
    parse(blob, parsed);
    if (parsed.winner >= parsed.nodes.size()) return {};
    const RevisionTree::FlatNode& n = parsed.nodes[parsed.winner];
    return RevLeaf{n.rev, n.deleted};
}

bool hasConflicts(std::string_view blob) {
    Parsed parsed;
    if (!parse(blob, parsed) || parsed.nodes.size() < 2) return false;
    std::vector<bool> isParent(parsed.nodes.size(), false);
    for (const RevisionTree::FlatNode& n : parsed.nodes) {
        if (n.parent >= 0) isParent[size_t(n.parent)] = true;
    }
    size_t liveLeaves = 0;
    for (size_t i = 0; i < parsed.nodes.size(); ++i) {
        if (!isParent[i] && !parsed.nodes[i].deleted) ++liveLeaves;
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

RevisionTree tree(std::string_view blob) {
    Parsed parsed;
    if (!parse(blob, parsed)) return {};
    auto tree = RevisionTree::fromFlat(std::move(parsed.nodes));
    return tree ? std::move(*tree) : RevisionTree();
}

} // namespace crm::core::packed_doc

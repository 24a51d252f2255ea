// Doctests for the compact representation (issue 14): packed JSON round trips every JSON shape exactly as
// nlohmann::json holds it, packed documents keep revision trees and bodies, and corrupt bytes are refused.
#include "core/store/document_store.h"
#include "core/store/packed_doc.h"
#include "core/store/packed_json.h"
#include "core/store/varint.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

using namespace crm::core;

namespace {
// Same value, same kinds (signed / unsigned / float), same double bits: what operator== alone cannot tell.
bool identical(const Json& a, const Json& b) {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
    case Json::value_t::number_float: {
        double x = a.get<double>(), y = b.get<double>();
        return std::memcmp(&x, &y, sizeof x) == 0;
    }
    case Json::value_t::array:
        if (a.size() != b.size()) return false;
        for (size_t i = 0; i < a.size(); ++i) {
            if (!identical(a[i], b[i])) return false;
        }
        return true;
    case Json::value_t::object: {
        if (a.size() != b.size()) return false;
        auto ib = b.begin();
        for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
            if (ia.key() != ib.key() || !identical(ia.value(), ib.value())) return false;
        }
        return true;
    }
    default: return a == b;
    }
}

Json roundTrip(const Json& value, KeyTable& keys) {
    std::optional<Json> back = unpackJson(packJson(value, keys), keys);
    REQUIRE(back.has_value());
    return *back;
}

// A random JSON value: every kind, nested up to `depth`, with unicode, empty and repeated keys.
Json randomJson(std::mt19937_64& rng, int depth) {
    static const std::vector<std::string> words{"", "type", "名字", "张伟", "a\"b\\c", "\n\t", "😀", "customer_id",
                                                std::string("nul\0in", 6), std::string(300, 'x')};
    int kind = static_cast<int>(rng() % (depth > 0 ? 9 : 7));
    switch (kind) {
    case 0: return nullptr;
    case 1: return (rng() & 1) != 0;
    case 2: return static_cast<int64_t>(rng()) >> (rng() % 64);
    case 3: return static_cast<uint64_t>(rng()) >> (rng() % 64);
    case 4: {
        uint64_t bits = rng();
        double d = 0;
        std::memcpy(&d, &bits, sizeof d);
        return std::isfinite(d) ? Json(d) : Json(static_cast<double>(rng() % 100000) / 7.0);
    }
    case 5:
    case 6: return words[rng() % words.size()];
    case 7: {
        Json a = Json::array();
        for (size_t i = rng() % 5; i > 0; --i) a.push_back(randomJson(rng, depth - 1));
        return a;
    }
    default: {
        Json o = Json::object();
        for (size_t i = rng() % 6; i > 0; --i) o[words[rng() % words.size()] + std::to_string(rng() % 3)] = randomJson(rng, depth - 1);
        return o;
    }
    }
}
} // namespace

TEST_CASE("packed JSON gives back every shape exactly as nlohmann::json holds it") {
    KeyTable keys;
    const Json shapes[] = {
        Json(nullptr), Json(true), Json(false), Json(0u), Json(63u), Json(64u), Json(-1), Json(0), Json(INT64_MIN),
        Json(INT64_MAX), Json(UINT64_MAX), Json(0.0), Json(-0.0), Json(1e308), Json(5e-324), Json(0.1),
        Json(std::numeric_limits<double>::max()), Json(""), Json(std::string(127, 'a')), Json(std::string(128, 'b')),
        Json("混合 text ünïcødé 😀"), Json::array(), Json::object(), Json{{"", 1}, {"", 2}},
        Json::parse(R"({"":{"":""},"a":[1,-2,3.5,"x",null,true,{"k":[]}],"数字":12345678901234567890})"),
        Json::binary({1, 2, 3}, 42), Json::binary({}),
    };
    for (const Json& value : shapes) {
        CAPTURE(value.dump());
        CHECK(identical(roundTrip(value, keys), value));
    }
    // Deep nesting, both kinds.
    Json deep = "leaf";
    for (int i = 0; i < 2000; ++i) deep = (i % 2) ? Json::array({deep}) : Json{{"k" + std::to_string(i % 7), deep}};
    CHECK(identical(roundTrip(deep, keys), deep));
    // Many random values, all through one key table.
    std::mt19937_64 rng(14);
    for (int i = 0; i < 3000; ++i) {
        Json value = randomJson(rng, 5);
        CAPTURE(value.dump());
        REQUIRE(identical(roundTrip(value, keys), value));
    }
}

TEST_CASE("packed JSON is smaller than the JSON text of a document, keys stored once per table") {
    KeyTable keys;
    Json doc = Json::parse(R"({"type":"service_record","customer_id":"customer:demo-000001","vehicle_id":"vehicle:demo-000001-1",
        "date":"2024-05-01","odometer_km":12345,"advisor":"王芳","items":[{"name":"更换机油","labour":120.5,"parts":300}],
        "pay_type":"customer","created_at":"2024-05-01T10:00:00Z","updated_at":"2024-05-01T10:00:00Z"})");
    std::string first = packJson(doc, keys);
    std::string second = packJson(doc, keys);
    CHECK(first == second);
    CHECK(first.size() * 10 < doc.dump().size() * 7);  // at least 30% smaller than the text
    CHECK(keys.size() == 13);
    CHECK(packedStringField(first, keys, "type") == "service_record");
    CHECK(packedStringField(first, keys, "customer_id") == "customer:demo-000001");
    CHECK(packedStringField(first, keys, "odometer_km").empty());  // not a string
    CHECK(packedStringField(first, keys, "missing").empty());
    CHECK(packedStringField(packJson(Json::array({1}), keys), keys, "type").empty());
}

TEST_CASE("corrupt packed bytes are refused, never read past their end") {
    KeyTable keys;
    std::string bytes = packJson(Json::parse(R"({"a":[1,2,{"b":"xyz"}],"c":1.5})"), keys);
    for (size_t cut = 0; cut < bytes.size(); ++cut) CHECK_FALSE(unpackJson(bytes.substr(0, cut), keys).has_value());
    CHECK_FALSE(unpackJson(bytes + "x", keys).has_value());  // trailing bytes
    KeyTable other;                                          // keys this table does not know
    CHECK_FALSE(unpackJson(bytes, other).has_value());
    CHECK_FALSE(unpackJson(std::string("\x07\xff\xff\xff\xff\x0f", 6), keys).has_value());  // huge count
    std::mt19937_64 rng(7);
    for (int i = 0; i < 2000; ++i) {  // random damage: decodes to something or to nothing, no crash
        std::string damaged = bytes;
        damaged[rng() % damaged.size()] = static_cast<char>(rng());
        (void)unpackJson(damaged, keys);
        (void)packedStringField(damaged, keys, "c");
    }
}

TEST_CASE("a key table is saved and restored, and refuses a table that does not extend it") {
    KeyTable keys;
    keys.intern("type");
    keys.intern("名字");
    KeyTable restored;
    REQUIRE(restored.restore(keys.encode()));
    CHECK(restored.size() == 2);
    CHECK(*restored.key(1) == "名字");
    KeyTable longer = restored;
    longer.intern("extra");
    CHECK(restored.restore(longer.encode()));
    CHECK(restored.size() == 3);
    CHECK_FALSE(restored.restore(R"(["other","名字"])"));  // renumbers keys in use
    CHECK_FALSE(restored.restore(R"(["type","type"])"));
    CHECK_FALSE(restored.restore("not json"));
    CHECK(restored.size() == 3);
}

TEST_CASE("a packed document keeps its revision tree, winner and bodies") {
    KeyTable keys;
    RevisionTree tree;
    tree.merge(3, {"c3", "b2", "a1"}, false);
    tree.merge(3, {"d3", "b2", "a1"}, false);
    tree.merge(4, {"e4", "d3"}, true);
    tree.merge(2, {"0123456789abcdef0123456789abcdef", "zz"}, false);  // a second root, a hex hash
    std::string b1 = packJson(Json{{"v", 1}}, keys), b2 = packJson(Json{{"v", 2}}, keys);
    std::string blob = packed_doc::build(tree, {{RevId{3, "c3"}, b1}, {RevId{2, "b2"}, b2}, {RevId{9, "gone"}, b1}});
    REQUIRE(packed_doc::valid(blob));
    RevisionTree back = packed_doc::tree(blob);
    CHECK(back.encode() == tree.encode());
    CHECK(back.winner()->rev == tree.winner()->rev);
    CHECK(packed_doc::winner(blob).rev == tree.winner()->rev);
    CHECK(packed_doc::winner(blob).rev.str() == "3-c3");
    CHECK(unpackJson(packed_doc::winnerBody(blob), keys).value() == Json{{"v", 1}});
    CHECK(unpackJson(packed_doc::body(blob, RevId{2, "b2"}), keys).value() == Json{{"v", 2}});
    CHECK(packed_doc::body(blob, RevId{9, "gone"}).empty());
    CHECK(packed_doc::bodies(blob).size() == 2);
    std::vector<RevLeaf> leaves = packed_doc::leaves(blob);
    REQUIRE(leaves.size() == 3);  // descending: 4-e4 (deleted), 3-c3, 2-0123…
    CHECK(leaves[0].rev.str() == "4-e4");
    CHECK(leaves[0].deleted);
    CHECK(leaves[1].rev.str() == "3-c3");
    CHECK(leaves[2].rev.str() == "2-0123456789abcdef0123456789abcdef");
    for (size_t cut = 1; cut < blob.size(); ++cut) {
        CHECK_FALSE(packed_doc::valid(blob.substr(0, cut)));
        CHECK(packed_doc::leaves(blob.substr(0, cut)).empty());
    }
    RevisionTree single;
    single.merge(1, {"a1"}, false);
    std::string one = packed_doc::build(single, {{RevId{1, "a1"}, b1}});
    REQUIRE(packed_doc::leaves(one).size() == 1);
    CHECK(packed_doc::leaves(one)[0].rev.str() == "1-a1");
    CHECK(packed_doc::leaves(one + "x").empty());
    CHECK_FALSE(packed_doc::looksPacked("{\"s\":1}"));
}

TEST_CASE("a packed document whose node count is more than its bytes can hold is refused before anything is sized "
          "by it") {
    auto withNodeCount = [](uint64_t count) {  // two nodes, 1-a and 2-b under it, whatever the count says
        std::string blob(1, packed_doc::kMagic);
        putVarint(blob, 0);  // the winner: node 0
        putVarint(blob, 0);  // no bodies
        putVarint(blob, count);
        for (uint64_t parent : {0, 1}) {
            putVarint(blob, parent + 1);
            putVarint(blob, 1 << 1);
            blob += parent == 0 ? "a" : "b";
            putVarint(blob, parent);
            blob.push_back(0);
        }
        return blob;
    };
    REQUIRE(packed_doc::leaves(withNodeCount(2)).size() == 1);  // the count the bytes hold reads as a document
    for (uint64_t count : {uint64_t(1) << 62, uint64_t(1) << 40, uint64_t(3)}) {
        CAPTURE(count);
        // A vector of 2^40 or 2^62 entries cannot be had: refused without asking for one, as a truncated blob is.
        const std::string blob = withNodeCount(count);
        CHECK(packed_doc::leaves(blob).empty());
        CHECK_FALSE(packed_doc::hasConflicts(blob));
        CHECK_FALSE(packed_doc::valid(blob));
    }
}

TEST_CASE("a packed document's shape is read without decoding its hashes, as the tree would answer") {
    // Random trees of hex (packed as bytes) and other hashes: winner, conflicts and validity match the tree's.
    std::mt19937 random(14);
    const std::vector<std::string> hashes = {"0123456789abcdef0123456789abcdef", "ffffffffffffffffffffffffffffffff",
                                             "0a", "zz", "00000000000000000000000000000000", "b", "0123456789abcdef"};
    for (int round = 0; round < 300; ++round) {
        RevisionTree tree;
        int branches = 1 + static_cast<int>(random() % 3);
        for (int b = 0; b < branches; ++b) {
            std::vector<std::string> path;
            int depth = 1 + static_cast<int>(random() % 4);
            for (int d = 0; d < depth; ++d) path.push_back(hashes[random() % hashes.size()] + (d ? "" : std::to_string(b % 2)));
            std::reverse(path.begin(), path.end());
            tree.merge(static_cast<uint64_t>(depth), path, random() % 4 == 0);
        }
        std::string blob = packed_doc::build(tree, {});
        REQUIRE(packed_doc::valid(blob));
        CHECK(packed_doc::winner(blob).rev == tree.winner()->rev);
        CHECK(packed_doc::winner(blob).deleted == tree.winner()->deleted);
        CHECK(packed_doc::hasConflicts(blob) == !tree.conflicts().empty());
        // The leaves without the tree: the same revisions, flags and order (the changes feed lists them so).
        std::vector<RevLeaf> leaves = packed_doc::leaves(blob), expected = tree.leaves();
        REQUIRE(leaves.size() == expected.size());
        for (size_t i = 0; i < leaves.size(); ++i) {
            CHECK(leaves[i].rev == expected[i].rev);
            CHECK(leaves[i].deleted == expected[i].deleted);
        }
    }
    // Hand-written node lists: the order check compares a packed hex hash with another as their texts.
    auto blobOf = [](const std::vector<std::pair<uint64_t, std::string>>& nodes) {
        std::string out(1, packed_doc::kMagic);
        putVarint(out, 0);  // winner
        putVarint(out, 0);  // no bodies
        putVarint(out, nodes.size());
        for (const auto& [gen, hash] : nodes) {
            putVarint(out, gen);
            bool hex = hash.size() == 32 && hash.find_first_not_of("0123456789abcdef") == std::string::npos;
            putVarint(out, hex ? (16u << 1) | 1u : hash.size() << 1);
            if (hex) {
                for (size_t i = 0; i < 32; i += 2) out.push_back(static_cast<char>(std::stoi(hash.substr(i, 2), nullptr, 16)));
            } else {
                out += hash;
            }
            putVarint(out, 0);  // a root
            out.push_back(0);
        }
        return out;
    };
    const std::string hex = "0123456789abcdef0123456789abcdef";
    CHECK(packed_doc::valid(blobOf({{1, hex}, {1, "0a"}})));        // "0123…" < "0a"
    CHECK_FALSE(packed_doc::valid(blobOf({{1, "0a"}, {1, hex}})));
    CHECK(packed_doc::valid(blobOf({{1, "01"}, {1, hex}})));        // a prefix first
    CHECK_FALSE(packed_doc::valid(blobOf({{1, "b"}, {1, "a"}})));
    CHECK_FALSE(packed_doc::valid(blobOf({{1, hex}, {1, hex}})));   // not distinct
    CHECK(packed_doc::valid(blobOf({{1, "zz"}, {2, "a"}})));        // generation first
    CHECK(packed_doc::hasConflicts(blobOf({{1, hex}, {1, "0a"}})));  // two live roots
    CHECK(packed_doc::winner(blobOf({{1, hex}, {1, "0a"}})).rev.hash == hex);  // the winner index as written
}

TEST_CASE("document records of earlier versions (JSON) load, and are saved again packed") {
    const std::string old =
        R"({"s":7,"t":[[1,"aa",-1,0],[2,"bb",0,0],[2,"cc",0,0]],"b":{"2-bb":{"name":"张伟","n":1},"2-cc":{"name":"李娜"}}})";
    DocumentStore store;
    REQUIRE(store.loadRecord("customer:1", old));
    CHECK(store.updateSeq() == 7);
    CHECK(store.get("customer:1")->at("name") == "李娜");  // 2-cc wins
    CHECK(store.get("customer:1", GetOptions{.rev = "2-bb"})->at("n") == 1);
    REQUIRE(store.hasDirty());  // re-saved in the packed form
    std::vector<std::string> dirty = store.takeDirty();
    REQUIRE(dirty == std::vector<std::string>{"customer:1"});
    std::string packed = store.encodeRecord("customer:1").value();
    CHECK(static_cast<unsigned char>(packed[0]) == 0xC8);
    DocumentStore again;
    REQUIRE(again.loadRecord("customer:1", packed));
    CHECK(again.get("customer:1", GetOptions{.conflicts = true}) == store.get("customer:1", GetOptions{.conflicts = true}));
    CHECK_FALSE(again.hasDirty());
    CHECK_FALSE(again.loadRecord("x", R"({"s":1,"t":[[1,"aa",-1,0]],"b":{"9-zz":{}}})"));  // body of an unknown rev
}

TEST_CASE("a record read into a store that numbers its keys differently gives the same document") {
    DocumentStore store;
    auto r = store.put(Json{{"_id", "v"}, {"type", "vehicle"}, {"plate", "京A12345"}, {"extra", {{"deep", {1, 2}}}}});
    std::string record = store.encodeRecord("v").value();
    DocumentStore other;
    other.put(Json{{"_id", "first"}, {"zzz", 1}, {"plate", "x"}, {"deep", 0}});  // other numbers for the same keys
    REQUIRE(other.loadRecord("v", record));
    CHECK(other.get("v") == store.get("v"));
    CHECK(other.winningField("v", "plate") == "京A12345");
    CHECK(other.get("v")->at("_rev") == r.rev);
    std::string damaged = record;
    damaged[damaged.size() - 12] ^= 0x55;  // inside the key list
    DocumentStore third;
    (void)third.loadRecord("v", damaged);  // refused or read, never a crash
}

TEST_CASE("the string values of packed bytes are read in order without decoding; keys are not strings here") {
    KeyTable keys;
    std::string longText(300, 'x');
    Json value = {{"name", "王芳"}, {"n", 12}, {"tags", {"VIP", {{"inner", "深层"}}, 3.5, nullptr}}, {"long", longText},
                  {"", ""}, {"flag", true}};
    std::vector<std::string> seen;
    forEachPackedString(packJson(value, keys), [&](std::string_view s) { seen.emplace_back(s); });
    // Object members in key order (nlohmann's map), array items in order.
    CHECK(seen == std::vector<std::string>{"", longText, "王芳", "VIP", "深层"});
    seen.clear();
    forEachPackedString("\x08\x05", [&](std::string_view s) { seen.emplace_back(s); });  // truncated: stops
    CHECK(seen.empty());
}

TEST_CASE("winning bodies' strings are visited in update-sequence order, in slices that resume") {
    DocumentStore store;
    store.put(Json{{"_id", "a"}, {"t", "一"}});
    store.put(Json{{"_id", "b"}, {"t", "二"}});
    auto c = store.put(Json{{"_id", "c"}, {"t", "三"}});
    store.remove("c", c.rev);  // deleted: nothing to read
    store.put(Json{{"_id", "a"}, {"_rev", store.get("a")->at("_rev")}, {"t", "四"}});  // a moves to the end
    std::vector<std::string> seen;
    auto note = [&](std::string_view s) { seen.emplace_back(s); };
    uint64_t next = store.forEachWinningString(0, 2, note);
    CHECK(seen == std::vector<std::string>{"二"});  // b, then the deleted c
    next = store.forEachWinningString(next, 2, note);
    CHECK(seen == std::vector<std::string>{"二", "四"});
    CHECK(next == store.updateSeq());
    CHECK(store.forEachWinningString(next, 2, note) == next);  // nothing after the end
    seen.clear();
    store.forEachWinningString("b", note);
    store.forEachWinningString("c", note);
    CHECK(seen == std::vector<std::string>{"二"});
}

// Doctests for the store's document table (doc_table.h) and its byte arena (byte_arena.h): id table growth
// and collisions, stable references, sequence order after rewrites and out-of-order loads, id order, and
// compaction of rewritten packed bytes.
#include "core/store/byte_arena.h"
#include "core/store/doc_table.h"
#include "core/store/document_store.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace crm::core;

namespace {
std::vector<uint64_t> seqsAfter(const DocTable& table, uint64_t since) {
    std::vector<uint64_t> seqs;
    table.forEachAfter(since, [&](DocIndex ref) {
        seqs.push_back(table[ref].seq);
        return true;
    });
    return seqs;
}

std::vector<std::string> idsInOrder(const DocTable& table) {
    std::vector<std::string> ids;
    table.forEachById([&](DocIndex ref) {
        ids.emplace_back(table.id(ref));
        return true;
    });
    return ids;
}
}  // namespace

TEST_CASE("doc table: ids found after the hash table grows many times; refs and id bytes stay put") {
    DocTable table;
    std::vector<const char*> idBytes;
    for (int i = 0; i < 20000; ++i) {
        auto [ref, added] = table.insert("customer:" + std::to_string(i));
        REQUIRE(added);
        CHECK(ref == DocIndex(i));
        idBytes.push_back(table.id(ref).data());
    }
    CHECK(table.size() == 20000);
    for (int i = 0; i < 20000; i += 7) {
        const std::string id = "customer:" + std::to_string(i);
        REQUIRE(table.find(id) == DocIndex(i));
        CHECK(table.id(DocIndex(i)) == id);
        CHECK(table.id(DocIndex(i)).data() == idBytes[i]);  // a string_view taken early is still valid
        CHECK(table.insert(id) == std::make_pair(DocIndex(i), false));
    }
    CHECK(table.find("customer:20000") == kNoDoc);
    CHECK(table.find("") == kNoDoc);
    CHECK(table.find("customer:1 ") == kNoDoc);
}

TEST_CASE("doc table: colliding and prefix ids are told apart; an empty table finds nothing") {
    DocTable table;
    CHECK(table.find("a") == kNoDoc);
    // Ids that share prefixes and lengths probe past each other in a small table (16 slots, 11 entries).
    std::vector<std::string> ids{"a", "aa", "aaa", "ab", "ba", "b", "a\0b", "ÄÖ", "顾客:1", "顾客:10", "x"};
    ids[6] = std::string("a\0b", 3);  // an id with a NUL byte inside
    for (const std::string& id : ids) table.insert(id);
    for (size_t i = 0; i < ids.size(); ++i) CHECK(table.find(ids[i]) == DocIndex(i));
    CHECK(table.find(std::string("a\0c", 3)) == kNoDoc);
    CHECK(table.id(6).size() == 3);
}

TEST_CASE("doc table: id order is byte-wise and follows ids added after it was first built") {
    DocTable table;
    for (const char* id : {"m", "b", "z", "顾客", "B"}) table.insert(id);
    CHECK(idsInOrder(table) == std::vector<std::string>{"B", "b", "m", "z", "顾客"});
    for (const char* id : {"a", "zz", "c", "b"}) table.insert(id);  // "b" is known: not added again
    CHECK(idsInOrder(table) == std::vector<std::string>{"B", "a", "b", "c", "m", "z", "zz", "顾客"});
    int visited = 0;
    table.forEachById([&](DocIndex) { return ++visited < 3; });  // stops when asked
    CHECK(visited == 3);
}

TEST_CASE("doc table: id order of many ids sharing long prefixes, NUL bytes and ends equals a string sort") {
    // The order is sorted 8 bytes at a time (doc_table.cpp): ids that agree for 8, 16, 24 bytes, that differ
    // only after a NUL byte, or where one is the other plus NUL bytes, in runs both small and large.
    std::vector<std::string> ids;
    uint32_t random = 12345;
    auto next = [&] { return random = random * 1103515245u + 12345u; };
    const std::string nul(1, '\0');
    for (int i = 0; i < 3000; ++i) {
        std::string id = (i % 3 == 0 ? "customer:demo-" : i % 3 == 1 ? "vehicle:demo-" : "repair_order:demo-");
        id += std::to_string(next() % 500);
        if (next() % 4 == 0) id += nul + std::to_string(next() % 7);
        if (next() % 5 == 0) id += std::string(next() % 3, '\0');
        if (next() % 6 == 0) id += "-" + std::to_string(next() % 3);
        ids.push_back(id);
    }
    for (const char* id : {"", "a", "ab", "customer", "customer:", "vehicle:"}) ids.emplace_back(id);
    ids.push_back(nul);
    ids.push_back(nul + nul);
    ids.push_back(std::string("\xff\xfe", 2));  // bytes above 0x7f sort after ASCII, as std::string compares
    DocTable table;
    size_t firstBatch = ids.size() / 2;
    for (size_t i = 0; i < firstBatch; ++i) table.insert(ids[i]);
    std::vector<std::string> expected(ids.begin(), ids.begin() + firstBatch);
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    CHECK(idsInOrder(table) == expected);
    for (size_t i = firstBatch; i < ids.size(); ++i) table.insert(ids[i]);  // merged into the order built before
    expected = ids;
    std::sort(expected.begin(), expected.end());
    expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
    CHECK(idsInOrder(table) == expected);
    CHECK(table.size() == expected.size());
    for (const std::string& id : expected) CHECK(table.id(table.find(id)) == id);
}

TEST_CASE("doc table: sequence order after rewrites, out-of-order loads and a seq claimed twice") {
    DocTable table;
    DocIndex a = table.insert("a").first, b = table.insert("b").first, c = table.insert("c").first;
    table.setSeq(a, 1);
    table.setSeq(b, 2);
    table.setSeq(c, 3);
    table.setSeq(a, 4);  // a rewrite: its place at 1 becomes a tombstone
    table.setSeq(b, 5);
    CHECK(seqsAfter(table, 0) == std::vector<uint64_t>{3, 4, 5});
    CHECK(seqsAfter(table, 3) == std::vector<uint64_t>{4, 5});
    CHECK(seqsAfter(table, 5).empty());
    for (uint64_t seq = 6; seq < 5000; ++seq) table.setSeq(DocIndex(seq % 3), seq);  // tombstones get swept
    CHECK(seqsAfter(table, 0) == std::vector<uint64_t>{4997, 4998, 4999});

    DocTable loaded;  // records arrive in any order
    DocIndex x = loaded.insert("x").first, y = loaded.insert("y").first, z = loaded.insert("z").first;
    loaded.setSeq(x, 9);
    loaded.setSeq(y, 3);
    loaded.setSeq(z, 9);  // a stale record claims x's seq: the one set last keeps it
    loaded.settle();
    CHECK(loaded[x].seq == 0);
    CHECK(loaded[z].seq == 9);
    CHECK(seqsAfter(loaded, 0) == std::vector<uint64_t>{3, 9});
    loaded.setSeq(x, 12);
    CHECK(seqsAfter(loaded, 4) == std::vector<uint64_t>{9, 12});
}

TEST_CASE("doc table: rewritten packed bytes are reclaimed by compaction, every document's bytes intact") {
    DocTable table;
    auto bytesOf = [](int doc, int version) {
        return std::string(200 + (doc * 37 + version * 11) % 700, char('a' + (doc + version) % 26));
    };
    std::vector<int> version(3000, 0);
    for (int doc = 0; doc < 3000; ++doc) table.setPacked(table.insert("d" + std::to_string(doc)).first, bytesOf(doc, 0));
    const size_t firstOverhead = table.overheadBytes();
    for (int round = 1; round <= 20; ++round) {  // about 30 MB written in all, mostly growing bytes
        for (int doc = round % 2; doc < 3000; doc += 2) table.setPacked(DocIndex(doc), bytesOf(doc, version[doc] = round));
    }
    size_t live = 0;
    bool intact = true;
    for (int doc = 0; doc < 3000; ++doc) {
        intact = intact && table.packed(DocIndex(doc)) == bytesOf(doc, version[doc]);
        live += bytesOf(doc, version[doc]).size();
    }
    CHECK(intact);
    CHECK(table.packedBytes() == live);
    // Garbage never passes a quarter of the live bytes (or one chunk) for long: compaction ran.
    CHECK(table.overheadBytes() < firstOverhead + live / 4 + 2 * ByteArena::kChunkBytes);
    table.setPacked(DocIndex(5), "");
    CHECK(table.packed(DocIndex(5)).empty());
}

TEST_CASE("byte arena: a string longer than a chunk gets its own; compaction slides strings into the gaps") {
    ByteArena arena;
    const std::vector<std::string> texts{std::string(1000, 'x'), std::string(ByteArena::kChunkBytes - 5, 'y'), "tail",
                                         std::string(ByteArena::kChunkBytes + 10, 'B')};
    std::vector<const char*> at;
    for (const std::string& t : texts) at.push_back(arena.append(t));  // chunks: x | y tail | B
    CHECK(arena.bytes() == 3 * ByteArena::kChunkBytes + 10);
    arena.release(texts[1].size());  // the 'y' string is dropped
    CHECK(arena.garbage() == texts[1].size());
    const char* big = at[3];
    arena.compact({{&at[0], texts[0].size()}, {&at[2], texts[2].size()}, {&at[3], texts[3].size()}});
    CHECK(arena.garbage() == 0);
    for (size_t i : {0, 2, 3}) CHECK(std::string(at[i], texts[i].size()) == texts[i]);
    CHECK(at[2] == at[0] + 1000);  // "tail" slid down behind 'x'
    CHECK(at[3] == big);           // the long string stays in its own chunk
    CHECK(arena.bytes() == 2 * ByteArena::kChunkBytes + 10);  // the chunk left empty is freed
    const char* next = arena.append("more");  // appending goes on in the last chunk
    CHECK(std::string(next, 4) == "more");
}

TEST_CASE("document store: id references stay valid and ordered while documents are added and rewritten") {
    DocumentStore store;
    store.put(Json{{"_id", "k"}, {"type", "customer"}});
    DocIndex k = store.idRef("k");
    REQUIRE(k != kNoDoc);
    for (int i = 0; i < 3000; ++i) store.put(Json{{"_id", "doc:" + std::to_string(i)}, {"n", i}});
    auto rev = store.get("k")->at("_rev").get<std::string>();
    for (int i = 0; i < 50; ++i) rev = store.put(Json{{"_id", "k"}, {"_rev", rev}, {"type", "customer"}, {"n", i}}).rev;
    CHECK(store.idRef("k") == k);
    CHECK(store.idOf(k) == "k");
    CHECK(store.idRef("nope") == kNoDoc);
    CHECK(store.docSeq("k") == store.updateSeq());
    CHECK(store.changes(0).results.size() == 3001);
    CHECK(store.changes(store.updateSeq() - 1).results.at(0).id == "k");
    std::vector<std::string> ids;
    store.forEachDoc([&](const std::string& id, const Json&) {
        ids.push_back(id);
        return true;
    });
    CHECK(std::is_sorted(ids.begin(), ids.end()));
    CHECK(ids.size() == 3001);
    CHECK(store.idsOfType("customer") == std::vector<std::string>{"k"});
}

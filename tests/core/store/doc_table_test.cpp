// Doctests for the store's document table (doc_table.h) and its byte arena (byte_arena.h): id table growth
// and collisions, stable references, sequence order after rewrites and out-of-order loads, id order, and
// compaction of rewritten packed bytes.
#include "core/store/byte_arena.h"
#include "core/store/doc_table.h"
#include "core/store/document_store.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>
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

TEST_CASE("doc table: a reserved id table takes that many ids without growing, finds the ids it held before, and grows "
          "past it") {
    DocTable table;
    for (int i = 0; i < 1000; ++i) table.insert("customer:" + std::to_string(i));
    table.reserve(100000);
    const size_t reserved = table.capacity();
    CHECK(reserved >= 100000);
    CHECK(reserved < 200000);
    for (int i = 0; i < 1000; ++i) REQUIRE(table.find("customer:" + std::to_string(i)) == DocIndex(i));
    for (int i = 1000; i < 100000; ++i) REQUIRE(table.insert("service_record:" + std::to_string(i)).second);
    CHECK(table.capacity() == reserved);  // no rehash on the way
    table.reserve(50);                    // fewer than it holds: nothing changes
    CHECK(table.capacity() == reserved);
    for (int i = 100000; i < 200000; ++i) REQUIRE(table.insert("service_record:" + std::to_string(i)).second);
    CHECK(table.capacity() > reserved);
    for (int i = 0; i < 1000; i += 3) CHECK(table.find("customer:" + std::to_string(i)) == DocIndex(i));
    for (int i = 1000; i < 200000; i += 7) CHECK(table.find("service_record:" + std::to_string(i)) == DocIndex(i));
}

namespace {
// 20,000 documents given seqs spread over 40 bits (four 11-bit digits), set in a scrambled order; every 10th
// document set twice (its first place a tombstone); every 7th takes the seq of the one before it (the one set
// last keeps it). `held`: as a Records-stage load sets them (their places aside until released).
struct ScrambledLoad {
    static constexpr int kCount = 20000;
    DocTable table;
    std::vector<DocIndex> refs;
    std::map<uint64_t, DocIndex> holder;  // what a stable sort of the same places keeps: per seq, the last set

    explicit ScrambledLoad(bool held = false) {
        for (int i = 0; i < kCount; ++i) refs.push_back(table.insert("doc:" + std::to_string(i)).first);
        std::vector<uint64_t> seqOf(kCount);
        for (int i = 0; i < kCount; ++i) seqOf[i] = (uint64_t(i) * 2654435761u) % (uint64_t(1) << 40) + 1;
        std::vector<std::pair<DocIndex, uint64_t>> sets;  // in the order set
        for (int k = 0; k < kCount; ++k) {
            const int i = int((uint64_t(k) * 7919) % kCount);
            uint64_t seq = (i % 7 == 0 && i > 0) ? seqOf[i - 1] : seqOf[i];
            if (i % 10 == 0) {
                table.setSeq(refs[i], seq + 3, held);
                sets.emplace_back(refs[i], seq + 3);
            }
            table.setSeq(refs[i], seq, held);
            sets.emplace_back(refs[i], seq);
        }
        std::vector<uint64_t> current(kCount, 0);
        for (const auto& [ref, seq] : sets) current[ref] = seq;
        for (const auto& [ref, seq] : sets) {
            if (current[ref] == seq) holder[seq] = ref;
        }
    }
    void checkSettled() {
        CHECK(table.seqOrderSettled());
        std::vector<uint64_t> expected;
        for (const auto& [seq, ref] : holder) expected.push_back(seq);
        CHECK(seqsAfter(table, 0) == expected);
        for (const auto& [seq, ref] : holder) REQUIRE(table[ref].seq == seq);
        size_t yielded = 0;
        for (int i = 0; i < kCount; ++i) yielded += table[refs[i]].seq == 0;
        CHECK(yielded == size_t(kCount) - holder.size());
    }
};
}  // namespace

TEST_CASE("doc table: a large out-of-order load settles as a stable sort would: seqs of many widths, rewrites and "
          "seqs claimed twice") {
    ScrambledLoad load;
    load.table.settle();
    load.checkSettled();
}

TEST_CASE("doc table: held seqs released and the order settled a piece at a time end as settling at once does") {
    ScrambledLoad load(true);
    CHECK(load.table.hasHeldSeqs());
    CHECK(load.table.seqOrderSettled());  // held places are not in the order yet
    size_t pieces = 0;
    while (load.table.hasHeldSeqs()) {  // the settling's first phase: the held places released
        REQUIRE_FALSE(load.table.settleSome(1000));
        ++pieces;
    }
    CHECK(pieces > 10);
    CHECK_FALSE(load.table.hasHeldSeqs());
    CHECK_FALSE(load.table.seqOrderSettled());
    pieces = 0;
    while (!load.table.settleSome(997)) ++pieces;
    CHECK(pieces >= 4 * 2 * 20);  // four digits, a count and a scatter pass each, over 22,000 slots in pieces of 997
    load.checkSettled();
}

TEST_CASE("doc table: pieces after the held seqs are released leave a settling in pieces going") {
    ScrambledLoad load(true);
    CHECK_FALSE(load.table.settleSome(22000));  // exactly the places held (every 10th document set twice)
    CHECK_FALSE(load.table.hasHeldSeqs());
    CHECK_FALSE(load.table.settleSome(997));
    CHECK_FALSE(load.table.settleSome(997));    // the records stage's end asks each piece
    CHECK_FALSE(load.table.seqOrderSettled());  // not finished at once
    while (!load.table.settleSome(997)) {
    }
    load.checkSettled();
}

TEST_CASE("doc table: reads leave held seqs aside until the settling in pieces begins, then finish it, held places "
          "with it") {
    ScrambledLoad load(true);
    CHECK(seqsAfter(load.table, 0).empty());  // a read before the load's end: the held places stay aside
    CHECK(load.table.hasHeldSeqs());
    CHECK_FALSE(load.table.settleSome(1000));  // the end's first piece: some released
    CHECK(load.table.hasHeldSeqs());
    CHECK(seqsAfter(load.table, 0).size() == load.holder.size());  // a read now finishes the settling
    CHECK_FALSE(load.table.hasHeldSeqs());
    load.checkSettled();  // every held place released and sorted
    CHECK(load.table.settleSome(1));
}

TEST_CASE("doc table: a change while the order is settled in pieces finishes the settling first") {
    ScrambledLoad load;
    CHECK_FALSE(load.table.settleSome(5000));  // partway through the sort
    CHECK_FALSE(load.table.seqOrderSettled());
    const DocIndex added = load.table.insert("doc:new").first;
    const uint64_t latest = (uint64_t(1) << 41);
    load.table.setSeq(added, latest);
    load.holder[latest] = added;
    CHECK(load.table.seqOrderSettled());  // the new place came after a settled order
    std::vector<uint64_t> expected;
    for (const auto& [seq, ref] : load.holder) expected.push_back(seq);
    CHECK(seqsAfter(load.table, 0) == expected);
}

// Doctests for the postings of the first keystrokes: one- and two-character queries answered from
// StartPostings, and longer ones from the postings of their first and last two characters, return exactly
// what the full scan returns (Chinese characters, pinyin, initials, digits, plates, VINs, tags), also after
// entries are replaced, removed (slots move) and the index is cleared; the lists themselves against a map.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "core/search/search_index.h"
#include "core/search/start_postings.h"
#include "core/search/synthetic_entries.h"
#include "tests/core/search/search_reference.h"

using namespace crm::core;
using crm::core::test::checkHeadOfFullScan;
using crm::core::test::sampleQueries;

namespace {

constexpr std::size_t kLimit = 20;

// The first `kLimit` hits for `query` from a fresh session and from SearchIndex::search equal the head of
// the full scan's ranking; returns whether the session answered from the postings.
bool checkSameAsFullScan(const SearchIndex& index, const std::string& query) {
    SearchSession fast(index);
    const auto hits = fast.search(query, kLimit);
    checkHeadOfFullScan(index, query, kLimit, hits);
    const auto oneShot = index.search(query, kLimit);
    REQUIRE(oneShot.size() == hits.size());
    for (std::size_t i = 0; i < oneShot.size(); ++i) {
        CHECK_MESSAGE(oneShot[i].id == hits[i].id, query << " #" << i);
    }
    return fast.lastFromPostings();
}

// Hand-picked queries: Chinese characters starting names (polyphonic surnames too), provinces of plates,
// initials, digits, two-character starts of names, phones, plates and VINs, tails, typed differently.
const std::vector<std::string> kQueries = {
    "张",    "王",  "欧",  "单",   "曾",   "京",  "粤",  "z",    "w",    "l",     "s",   "o",    "1",    "8",
    "0",     "5",   "Z",   "ｚ",   " w ",  "１",  "zh",  "li",   "ls",   "13",    "18",  "80",   "56",   "京a",
    "粤b",   "张w", "zw",  "欧阳", "vi",   "ch",  "sh",  "ou",   "shan", "shanx", "ZH",  "1 3",  "１３", "+86",
    "+8613", "138", "lsv", "zha",  "zhan", "liu", "800", "5678", "vip",  "京a1",  "123", "张伟", "0755",
};

// Synthetic entries plus a few with unusual names and fields (ü, Latin letters, short items).
std::vector<SearchEntry> testEntries(std::size_t count, std::uint32_t seed) {
    std::vector<SearchEntry> entries = syntheticSearchEntries(count, seed);
    entries.push_back({"odd-1", "吕布", {"86"}, {"A1"}, {}, {}, {"lv"}});
    entries.push_back({"odd-2", "女娲", {"+86 13"}, {}, {}, "zh", {}});
    entries.push_back({"odd-3", "John Li", {"13"}, {"zh"}, {"LSV1"}, "Li Ning", {"ls"}});
    entries.push_back({"odd-4", "Ａ", {}, {}, {}, "a b", {"1 3"}});
    return entries;
}

}  // namespace

std::vector<PostingKey> keysOf(const std::vector<StartKey>& keys) {
    std::vector<PostingKey> out;
    for (const StartKey& key : keys) {
        out.push_back(key.key);
    }
    return out;
}

TEST_CASE("key derivation: a name's first characters, initials and reading letters, item ends") {
    std::vector<StartKey> keys;
    appendNameStartKeys(PinyinName("单田芳").chars(), keys);
    CHECK(keysOf(keys) == std::vector<PostingKey>{postingKey(U'单'), postingKey(U's'), postingKey(U's', U'h'),
                                                  postingKey(U'单', U'田'), postingKey(U'单', U't'),
                                                  postingKey(U's', U'田'), postingKey(U's', U't')});
    // "sha" goes on in the reading ("shan"); "st" in 田's ("tian"); "s田" at 芳 ("f").
    CHECK((keys[2].neighbours & neighbourBit(U'a')) != 0);
    CHECK((keys[6].neighbours & neighbourBit(U'i')) != 0);
    CHECK((keys[5].neighbours & neighbourBit(U'f')) != 0);
    CHECK((keys[5].neighbours & neighbourBit(U'9')) == 0);
    keys.clear();
    appendNameStartKeys(PinyinName("吕").chars(), keys);
    CHECK(keysOf(keys) == std::vector<PostingKey>{postingKey(U'吕'), postingKey(U'l'), postingKey(U'l', U'v'),
                                                  postingKey(U'l', U'u')});  // "u" stands for "ü"
    keys.clear();
    appendItemEndKeys(
        "13812345678\x1f"
        "0",
        true, keys);
    CHECK(keysOf(keys) == std::vector<PostingKey>{postingKey(U'1'), postingKey(U'1', U'3'), postingKey(U'8'),
                                                  postingKey(U'7', U'8'), postingKey(U'0'), postingKey(U'0')});
    CHECK(keys[1].neighbours == neighbourBit(U'8'));  // "138…" follows "13"
    CHECK(keys[3].neighbours == neighbourBit(U'6'));  // "…678" precedes the tail "78"
    keys.clear();
    appendItemEndKeys(
        "京a12345\x1f"
        "vip",
        false, keys);
    CHECK(keysOf(keys) == std::vector<PostingKey>{postingKey(U'京'), postingKey(U'京', U'a'), postingKey(U'v'),
                                                  postingKey(U'v', U'i')});
    // Each digit has a neighbour bit of its own.
    std::uint16_t digits = 0;
    for (char32_t d = U'0'; d <= U'9'; ++d) {
        CHECK((digits & neighbourBit(d)) == 0);
        digits |= neighbourBit(d);
    }
}

TEST_CASE("short and longer queries from the postings equal the full scan") {
    SearchIndex index;
    const std::vector<SearchEntry> entries = testEntries(3000, 11);
    for (const SearchEntry& e : entries) {
        index.upsert(e);
    }
    std::size_t fromPostings = 0, queries = 0;
    for (const std::string& query : kQueries) {
        fromPostings += checkSameAsFullScan(index, query) ? 1 : 0;
        ++queries;
    }
    for (const std::string& query : sampleQueries(entries, 97)) {
        fromPostings += checkSameAsFullScan(index, query) ? 1 : 0;
        ++queries;
    }
    MESSAGE(fromPostings << " of " << queries << " queries answered from the postings");
    CHECK(fromPostings * 5 > queries);  // the fast paths are taken, not just correct
    // The common first keystrokes are answered from the postings.
    SearchSession session(index);
    for (const std::string query : {"z", "1", "zh", "13", "ls", "138", "zha", "lsv"}) {
        session.reset();
        session.search(query, kLimit);
        CHECK_MESSAGE(session.lastFromPostings(), query);
        CHECK_MESSAGE(session.lastMatchCount() >= kLimit, query);
    }
    // Characters that start few fields (伟 is a given name; "1 3" and "+8613" are no keys): a full scan.
    for (const std::string query : {"伟", "1 3", "+8613", "wei"}) {
        session.reset();
        CHECK_FALSE(session.search(query, kLimit).empty());
        CHECK_FALSE_MESSAGE(session.lastFromPostings(), query);
        CHECK(session.lastScanned() == index.size());
    }
    // Fewer postings than the limit asks for: a full scan.
    session.reset();
    session.search("z", index.size());
    CHECK_FALSE(session.lastFromPostings());
}

TEST_CASE("the postings follow replaced, removed and cleared entries") {
    SearchIndex index;
    std::vector<SearchEntry> entries = testEntries(2000, 5);
    for (const SearchEntry& e : entries) {
        index.upsert(e);
    }
    // Replace every third entry with another one's data (its keys and scores change), remove every
    // fifth (the last entry moves into its slot), and add a few.
    for (std::size_t i = 0; i < entries.size(); i += 3) {
        SearchEntry changed = entries[(i * 7 + 1) % entries.size()];
        changed.id = entries[i].id;
        index.upsert(std::move(changed));
    }
    for (std::size_t i = 0; i < entries.size(); i += 5) {
        CHECK(index.remove(entries[i].id));
    }
    std::vector<SearchEntry> added = syntheticSearchEntries(300, 9);
    for (SearchEntry& e : added) {
        e.id = "new-" + e.id;
        index.upsert(e);
    }
    for (const std::string& query : kQueries) {
        checkSameAsFullScan(index, query);
    }
    for (const std::string& query : sampleQueries(added, 23)) {
        checkSameAsFullScan(index, query);
    }
    // The removed are gone from the postings too.
    for (const std::string query : {"1", "13", "zh", "138"}) {
        for (const SearchHit& hit : index.search(query, 1000)) {
            CHECK(index.contains(hit.id));
        }
    }
    index.clear();
    CHECK(index.search("张").empty());
    CHECK(index.search("zh").empty());
    index.upsert({"only", "张伟", {"13800138000"}, {}, {}, {}, {}});
    const auto hits = index.search("z", 1);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == "only");
    CHECK(hits[0].kind == MatchKind::Prefix);  // the start of 张's reading "zhang"
    const auto two = index.search("zw", 1);
    REQUIRE(two.size() == 1);
    CHECK(two[0].kind == MatchKind::Initials);
}

TEST_CASE("the postings take little memory per entry") {
    SearchIndex index;
    for (SearchEntry& e : syntheticSearchEntries(2000, 3)) {
        index.upsert(std::move(e));
    }
    const SearchIndex::Stats stats = index.stats();
    MESSAGE(stats.postings << " postings, " << stats.postingBytes << " bytes, " << stats.keys << " keys, "
                           << stats.keyQueryBytes << " bytes of key queries for 2000 entries");
    CHECK(stats.postings > 2000 * 5);  // names, phones, plates and VINs at least
    CHECK(stats.postings < 2000 * 40);
    CHECK(stats.postingBytes < 2000 * 40 * 32);
}

TEST_CASE("a posting list stays sorted by slot, one posting an entry, through adds, removals and moves") {
    // A reference: each list as a map from slot to posting.
    StartPostings postings;
    std::vector<std::map<std::uint32_t, Posting>> reference;
    for (int k = 0; k < 5; ++k) {
        CHECK(postings.addList() == static_cast<std::uint32_t>(k));
        reference.emplace_back();
    }
    std::uint32_t random = 12345;
    auto next = [&](std::uint32_t bound) {
        random = random * 1103515245u + 12345u;
        return (random >> 8) % bound;
    };
    for (int step = 0; step < 20000; ++step) {
        const std::uint32_t list = next(5);
        const std::uint32_t slot = next(300) * 55001u;  // up to 16.5 million: every byte of a packed slot
        auto& expected = reference[list];
        switch (next(3)) {
            case 0:
                if (!expected.count(slot)) {
                    const Posting posting{slot, static_cast<std::uint16_t>(200 + next(256)),
                                          static_cast<std::uint16_t>(next(0x10000))};
                    postings.add(list, posting);
                    expected[slot] = posting;
                }
                break;
            case 1:
                postings.remove(list, slot);  // also when the list has none of that slot
                expected.erase(slot);
                break;
            default: {
                const std::uint32_t to = next(300) * 55001u;
                if (!expected.count(to) || to == slot) {
                    postings.move(list, slot, to);
                    if (auto it = expected.find(slot); it != expected.end() && to != slot) {
                        Posting moved = it->second;
                        moved.slot = to;
                        expected.erase(it);
                        expected[to] = moved;
                    }
                }
            }
        }
        if (step % 997 == 0) {
            postings.shrinkToFit();
        }
    }
    std::size_t count = 0;
    for (std::uint32_t list = 0; list < 5; ++list) {
        const PostingList held = postings.postings(list);
        REQUIRE(held.size() == reference[list].size());
        std::size_t i = 0;
        for (const auto& [slot, posting] : reference[list]) {
            CHECK(held[i].slot == slot);
            CHECK(held[i].score == posting.score);
            CHECK(held[i].neighbours == posting.neighbours);
            ++i;
        }
        count += held.size();
    }
    CHECK(postings.postingCount() == count);
    postings.clear();
    CHECK(postings.postingCount() == 0);
}

TEST_CASE("after random edits and a shrink, the postings are those of the same entries indexed afresh") {
    SearchIndex index;
    std::vector<SearchEntry> pool = testEntries(1500, 21);
    std::map<std::string, SearchEntry> live;
    std::uint32_t random = 777;
    auto next = [&](std::size_t bound) {
        random = random * 1103515245u + 12345u;
        return static_cast<std::size_t>((random >> 8) % bound);
    };
    for (int step = 0; step < 4000; ++step) {
        SearchEntry entry = pool[next(pool.size())];
        entry.id = "e" + std::to_string(next(900));  // ids recur: replacements change an entry's keys
        if (next(4) == 0) {
            CHECK(index.remove(entry.id) == (live.erase(entry.id) == 1));
        } else {
            live[entry.id] = entry;
            index.upsert(std::move(entry));
        }
        if (step == 2000) {
            index.shrinkToFit();
        }
    }
    index.shrinkToFit();
    SearchIndex fresh;
    for (const auto& [id, entry] : live) {
        fresh.upsert(entry);
    }
    REQUIRE(index.size() == live.size());
    CHECK(index.stats().postings == fresh.stats().postings);
    for (const std::string& query : kQueries) {
        checkSameAsFullScan(index, query);
        const auto a = index.search(query, kLimit);
        const auto b = fresh.search(query, kLimit);
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK_MESSAGE(a[i].id == b[i].id, query << " #" << i);
            CHECK_MESSAGE(a[i].score == b[i].score, query << " #" << i);
        }
    }
}

// Doctests for the first-keystroke postings: a one-character query answered from FirstCharIndex returns
// exactly what the full scan returns (Chinese characters, latin initials, digits, plate and VIN letters),
// also after entries are replaced, removed (slots move) and the index is cleared.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/search/first_char_index.h"
#include "core/search/search_index.h"
#include "core/search/synthetic_entries.h"

using namespace crm::core;

namespace {

constexpr std::size_t kLimit = 20;

// The first `kLimit` hits for `query` from the postings, checked against a full scan (a limit larger than
// the index makes the session scan every entry).
void checkSameAsFullScan(const SearchIndex& index, const std::string& query, bool expectPostings = true) {
    SearchSession fast(index);
    const auto fromPostings = fast.search(query, kLimit);
    if (expectPostings) {
        CHECK_MESSAGE(fast.lastFromPostings(), query);  // the postings, not a scan
    }
    SearchSession scan(index);
    const auto all = scan.search(query, index.size() + 1);
    CHECK_MESSAGE((!scan.lastFromPostings() && scan.lastScanned() == index.size()), query);
    REQUIRE_MESSAGE(all.size() >= fromPostings.size(), query);
    REQUIRE_MESSAGE(fromPostings.size() == std::min(kLimit, all.size()), query);
    for (std::size_t i = 0; i < fromPostings.size(); ++i) {
        CHECK_MESSAGE(fromPostings[i].id == all[i].id, query << " #" << i);
        CHECK_MESSAGE(fromPostings[i].score == all[i].score, query << " #" << i);
        CHECK_MESSAGE(fromPostings[i].kind == all[i].kind, query << " #" << i);
        CHECK_MESSAGE(fromPostings[i].field == all[i].field, query << " #" << i);
        CHECK_MESSAGE(fromPostings[i].highlights == all[i].highlights, query << " #" << i);
    }
    // SearchIndex::search takes the same path.
    const auto oneShot = index.search(query, kLimit);
    REQUIRE(oneShot.size() == fromPostings.size());
    for (std::size_t i = 0; i < oneShot.size(); ++i) {
        CHECK(oneShot[i].id == fromPostings[i].id);
    }
}

const std::vector<std::string> kQueries = {
    "张", "王", "欧",  "单", "曾",  // Chinese characters starting names (polyphonic surnames too)
    "京", "粤",                     // plates' provinces
    "z",  "w",  "l",   "s",  "o",   // latin initials (and plate / VIN letters)
    "1",  "8",  "0",   "5",         // digits: phones' first and last digits, plates', VINs'
    "Z",  "ｚ", " w ", "１",        // typed differently, normalized to the same query
};

}  // namespace

TEST_CASE("key derivation: a name's first character and initials, item ends") {
    std::vector<char32_t> keys;
    appendNameStartKeys(PinyinName("单田芳").chars(), keys);
    CHECK(keys == std::vector<char32_t>{U'单', U's'});  // the surname reading only
    keys.clear();
    appendNameStartKeys(PinyinName("吕布").chars(), keys);
    CHECK(keys == std::vector<char32_t>{U'吕', U'l'});
    keys.clear();
    appendItemEndKeys(
        "13812345678\x1f"
        "0105",
        true, keys);
    CHECK(keys == std::vector<char32_t>{U'1', U'8', U'0', U'5'});
    keys.clear();
    appendItemEndKeys(
        "京a12345\x1f"
        "vip",
        false, keys);
    CHECK(keys == std::vector<char32_t>{U'京', U'v'});
}

TEST_CASE("one-character queries from the postings equal the full scan") {
    SearchIndex index;
    for (SearchEntry& e : syntheticSearchEntries(3000, 11)) {
        index.upsert(std::move(e));
    }
    for (const std::string& query : kQueries) {
        checkSameAsFullScan(index, query);
    }
    // A character that starts few fields (伟 is a given name): not enough postings, so a full scan.
    SearchSession session(index);
    CHECK_FALSE(session.search("伟", kLimit).empty());
    CHECK_FALSE(session.lastFromPostings());
    CHECK(session.lastScanned() == index.size());
    checkSameAsFullScan(index, "伟", false);
    // Two characters never use the postings.
    session.search("zh", kLimit);
    CHECK_FALSE(session.lastFromPostings());
    CHECK(session.lastScanned() == index.size());
    // Fewer postings than the limit asks for: a full scan.
    session.search("z", index.size());
    CHECK_FALSE(session.lastFromPostings());
}

TEST_CASE("the postings follow replaced, removed and cleared entries") {
    SearchIndex index;
    std::vector<SearchEntry> entries = syntheticSearchEntries(2000, 5);
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
    for (SearchEntry& e : syntheticSearchEntries(300, 9)) {
        e.id = "new-" + e.id;
        index.upsert(std::move(e));
    }
    for (const std::string& query : kQueries) {
        checkSameAsFullScan(index, query);
    }
    // The removed are gone from the postings too.
    for (const SearchHit& hit : index.search("1", index.size())) {
        CHECK(index.find(hit.id) != nullptr);
    }
    index.clear();
    CHECK(index.search("张").empty());
    index.upsert({"only", "张伟", {"13800138000"}, {}, {}, {}, {}});
    const auto hits = index.search("z", 1);
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == "only");
    CHECK(hits[0].kind == MatchKind::Prefix);  // the start of 张's reading "zhang"
}

TEST_CASE("after a keystroke answered from the postings, the next narrows from the entries holding that character") {
    SearchIndex index;
    for (SearchEntry& e : syntheticSearchEntries(3000, 3)) {
        index.upsert(std::move(e));
    }
    SearchSession session(index);
    for (const std::string first : {"z", "张", "8"}) {
        session.reset();
        session.search(first, kLimit);
        CHECK(session.lastFromPostings());
        for (const std::string next : {first + "h", first + "w", first + "0"}) {
            session.reset();
            session.search(first, kLimit);
            const auto narrowed = session.search(next, kLimit);
            CHECK_FALSE(session.lastFromPostings());
            CHECK_MESSAGE(session.lastScanned() < index.size(), next);  // not every entry holds it
            const auto full = index.search(next, kLimit);
            REQUIRE_MESSAGE(narrowed.size() == full.size(), next);
            for (std::size_t i = 0; i < full.size(); ++i) {
                CHECK_MESSAGE(narrowed[i].id == full[i].id, next);
                CHECK(narrowed[i].score == full[i].score);
            }
        }
    }
    session.reset();
    session.search("z", kLimit);
    session.search("zh", kLimit);
    const std::size_t matches = session.lastMatchCount();
    session.search("zha", kLimit);
    CHECK(session.lastScanned() == matches);  // and on from there
}

TEST_CASE("longer queries: the best few equal the head of the whole ranking, keystroke after keystroke") {
    SearchIndex index;
    for (SearchEntry& e : syntheticSearchEntries(3000, 13)) {
        index.upsert(std::move(e));
    }
    // With a limit larger than the index every match is ranked: the reference.
    for (const std::string query :
         {"13", "138", "80", "56", "zh", "li", "ls", "zw", "京a", "张w", "欧阳", "vip", "12"}) {
        SearchSession limited(index);
        const auto best = limited.search(query, kLimit);
        SearchSession reference(index);
        const auto all = reference.search(query, index.size() + 1);
        REQUIRE_MESSAGE(best.size() == std::min(kLimit, all.size()), query);
        for (std::size_t i = 0; i < best.size(); ++i) {
            CHECK_MESSAGE(best[i].id == all[i].id, query << " #" << i);
            CHECK_MESSAGE(best[i].score == all[i].score, query << " #" << i);
        }
        CHECK_MESSAGE(limited.lastMatchCount() == reference.lastMatchCount(), query);
        for (const std::string more : {query + "1", query + "a"}) {
            const auto next = limited.search(more, kLimit);
            const auto nextAll = index.search(more, index.size() + 1);
            REQUIRE_MESSAGE(next.size() == std::min(kLimit, nextAll.size()), more);
            for (std::size_t i = 0; i < next.size(); ++i) {
                CHECK_MESSAGE(next[i].id == nextAll[i].id, more << " #" << i);
            }
            limited.search(query, kLimit);
        }
    }
}

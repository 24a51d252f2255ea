// Doctests for search-as-you-type over the postings: keystroke after keystroke (and after backspaces and
// index changes) a session returns the head of the full scan's ranking, whether it answered from the
// postings, from their candidates or by narrowing the previous keystroke's candidates.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/search/search_index.h"
#include "core/search/synthetic_entries.h"
#include "core/search/text_fold.h"
#include "tests/core/search/search_reference.h"

using namespace crm::core;
using crm::core::test::checkHeadOfFullScan;
using crm::core::test::sampleQueries;

namespace {

constexpr std::size_t kLimit = 20;

// Every prefix of `typed` that ends on a character boundary.
std::vector<std::string> keystrokes(const std::string& typed) {
    std::vector<std::string> out;
    for (const DecodedChar& c : decodeUtf8(typed)) {
        out.push_back(typed.substr(0, c.offset + c.length));
    }
    return out;
}

}  // namespace

TEST_CASE("keystroke after keystroke, a session returns the head of the full ranking") {
    SearchIndex index;
    const std::vector<SearchEntry> entries = syntheticSearchEntries(3000, 13);
    for (const SearchEntry& e : entries) {
        index.upsert(e);
    }
    std::vector<std::string> typed = {"zhangwei", "zw",     "张w",  "张伟",    "欧阳", "liu",
                                      "1381234",  "13800",  "8000", "京a1",    "粤b",  "5678",
                                      "lsv",      "123456", "vip",  "shanxin", "lina", "138 0013"};
    for (const std::string& query : sampleQueries(entries, 301)) {
        if (query.size() >= 3) {
            typed.push_back(query);
        }
    }
    for (const std::string& text : typed) {
        SearchSession session(index);
        for (const std::string& query : keystrokes(text)) {
            checkHeadOfFullScan(index, query, kLimit, session.search(query, kLimit));
        }
        // Backspace to the first character and type again: nothing stale is narrowed from.
        const std::vector<std::string> prefixes = keystrokes(text);
        for (auto it = prefixes.rbegin(); it != prefixes.rend(); ++it) {
            checkHeadOfFullScan(index, *it, kLimit, session.search(*it, kLimit));
        }
        checkHeadOfFullScan(index, text, kLimit, session.search(text, kLimit));
    }
}

TEST_CASE("after a short query answered from the postings, the next keystroke finds the same as a full scan") {
    SearchIndex index;
    for (SearchEntry& e : syntheticSearchEntries(3000, 3)) {
        index.upsert(std::move(e));
    }
    SearchSession session(index);
    for (const std::string first : {"z", "张", "8", "zh", "13"}) {
        session.reset();
        session.search(first, kLimit);
        CHECK_MESSAGE(session.lastFromPostings(), first);
        for (const std::string next : {first + "w", first + "0", first + "伟"}) {
            session.reset();
            session.search(first, kLimit);
            checkHeadOfFullScan(index, next, kLimit, session.search(next, kLimit));
        }
    }
    // A scan narrows the next keystroke to its matches.
    session.reset();
    session.search("1 3", kLimit);
    CHECK_FALSE(session.lastFromPostings());
    const std::size_t matches = session.lastMatchCount();
    session.search("1 38", kLimit);
    CHECK(session.lastScanned() == matches);
}

TEST_CASE("a session follows the index: changes between keystrokes are never missed") {
    SearchIndex index;
    std::vector<SearchEntry> entries = syntheticSearchEntries(1500, 21);
    for (const SearchEntry& e : entries) {
        index.upsert(e);
    }
    SearchSession session(index);
    const std::string typed = "zhang";
    std::size_t changed = 0;
    for (const std::string& query : keystrokes(typed)) {
        checkHeadOfFullScan(index, query, kLimit, session.search(query, kLimit));
        // Between keystrokes: one entry renamed so it now matches, one removed, one added.
        SearchEntry renamed = entries[changed * 11];
        renamed.name = "张" + renamed.name;
        index.upsert(renamed);
        index.remove(entries[changed * 11 + 5].id);
        SearchEntry added = entries[changed * 11 + 7];
        added.id = "added-" + std::to_string(changed);
        index.upsert(added);
        ++changed;
        checkHeadOfFullScan(index, query, kLimit, session.search(query, kLimit));
    }
}

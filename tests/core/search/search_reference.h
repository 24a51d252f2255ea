// Test helpers for the search's fast paths: the reference ranking (a full scan of every entry) to compare
// them with, and queries sampled from the entries' own fields (starts, tails, insides, pinyin, initials).
#pragma once
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/search/search_index.h"
#include "core/search/text_fold.h"
#include "tests/core/search/search_test_print.h"

namespace crm::core::test {

// Every match of `query`, ranked: a limit larger than the index makes every search scan every entry.
inline std::vector<SearchHit> fullScan(const SearchIndex& index, const std::string& query) {
    SearchSession scan(index);
    std::vector<SearchHit> all = scan.search(query, index.size() + 1);
    CHECK_MESSAGE((!scan.lastFromPostings() && scan.lastScanned() == index.size()), query);
    return all;
}

// `hits` (the best `limit` of some fast path) are the head of the full scan's ranking, highlights included.
inline void checkHeadOfFullScan(const SearchIndex& index, const std::string& query, std::size_t limit,
                                const std::vector<SearchHit>& hits) {
    const std::vector<SearchHit> all = fullScan(index, query);
    REQUIRE_MESSAGE(hits.size() == std::min(limit, all.size()), query);
    for (std::size_t i = 0; i < hits.size(); ++i) {
        CHECK_MESSAGE(hits[i].id == all[i].id, query << " #" << i);
        CHECK_MESSAGE(hits[i].score == all[i].score, query << " #" << i);
        CHECK_MESSAGE(hits[i].kind == all[i].kind, query << " #" << i);
        CHECK_MESSAGE(hits[i].field == all[i].field, query << " #" << i);
        CHECK_MESSAGE(hits[i].highlights == all[i].highlights, query << " #" << i);
    }
}

// Prefixes and suffixes (1 to 4 characters) and a middle piece of every field of every `step`-th entry,
// and the primary pinyin and initials of its name, lower and upper case.
inline std::vector<std::string> sampleQueries(const std::vector<SearchEntry>& entries, std::size_t step) {
    std::vector<std::string> queries;
    auto pieces = [&](const std::string& value) {
        const std::vector<DecodedChar> chars = decodeUtf8(compactText(value));
        const std::string compact = compactText(value);
        auto bytes = [&](std::size_t from, std::size_t to) {
            const std::size_t begin = chars[from].offset;
            const std::size_t end = to < chars.size() ? chars[to].offset : compact.size();
            return compact.substr(begin, end - begin);
        };
        for (std::size_t n = 1; n <= 4 && n <= chars.size(); ++n) {
            queries.push_back(bytes(0, n));
            queries.push_back(bytes(chars.size() - n, chars.size()));
            if (chars.size() > n + 2) {
                queries.push_back(bytes(2, 2 + n));
            }
        }
    };
    for (std::size_t i = 0; i < entries.size(); i += step) {
        const SearchEntry& e = entries[i];
        pieces(e.name);
        std::string spelled, initials;
        for (const PinyinChar& c : PinyinName(e.name).chars()) {
            const std::string syllable =
                c.readings.empty() ? std::string() : std::string(Pinyin::syllable(c.readings.ids[0]));
            spelled += syllable;
            initials += syllable.substr(0, 1);
        }
        pieces(spelled);
        pieces(initials);
        for (const auto* items : {&e.phones, &e.plates, &e.vins, &e.tags}) {
            for (const std::string& item : *items) {
                pieces(phoneDigits(item).empty() || items != &e.phones ? item : phoneDigits(item));
            }
        }
        pieces(e.company);
    }
    for (std::size_t i = 0, n = queries.size(); i < n; i += 7) {
        std::string upper = queries[i];
        std::transform(upper.begin(), upper.end(), upper.begin(),
                       [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
        queries.push_back(upper);
    }
    std::sort(queries.begin(), queries.end());
    queries.erase(std::unique(queries.begin(), queries.end()), queries.end());
    return queries;
}

}  // namespace crm::core::test

// SearchIndex's first keystroke: every entry's postings in the FirstCharIndex, scored at upsert with the
// very evaluation a one-character search would run, and the search that reads them instead of scanning.
#include "core/search/search_index.h"

#include <algorithm>

#include "core/search/text_fold.h"

namespace crm::core {

const SearchIndex::Query* SearchIndex::keyQuery(char32_t key) {
    auto it = m_keyQueries.find(key);
    if (it == m_keyQueries.end()) {
        std::string typed;
        appendUtf8(typed, key);
        Query query = prepare(typed);
        if (query.name.size() != 1 || query.name[0] != key) {
            query.name.clear();
        }
        it = m_keyQueries.emplace(key, std::move(query)).first;
    }
    return it->second.name.empty() ? nullptr : &it->second;
}

void SearchIndex::indexFirstChars(std::uint32_t slot) {
    m_firstChars.removeSlot(slot);
    const Hot& hot = m_hot[slot];
    std::vector<char32_t>& keys = m_keyScratch;
    keys.clear();
    appendNameStartKeys(nameChars(hot), keys);
    for (int k = 0; k < kColumns; ++k) {
        appendItemEndKeys(column(hot, static_cast<Column>(k)), k != kCompany && k != kTags, keys);
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    for (char32_t key : keys) {
        // The very score a search for this one character computes (evaluate), once, now.
        if (const Query* query = keyQuery(key)) {
            const Scored scored = evaluate(*query, slot);
            if (scored.kind > MatchKind::Substring) {
                m_firstChars.add(key, scored);
            }
        }
    }
}

std::size_t SearchIndex::firstCharBest(const Query& query, std::size_t limit, Best& best) const {
    if (query.name.size() != 1) {
        return 0;
    }
    const auto it = m_keyQueries.find(query.name[0]);
    if (it == m_keyQueries.end()) {
        return 0;
    }
    // The postings' scores hold for exactly this normalized query ("A", " a" and "ａ" are all "a").
    const Query& key = it->second;
    if (key.name != query.name || key.text != query.text || key.compact != query.compact ||
        key.digits != query.digits || key.vin != query.vin) {
        return 0;
    }
    // Every other entry matches inside a field at best, which ranks below any match at a field's start.
    const std::span<const Scored> postings = m_firstChars.postings(query.name[0]);
    if (postings.empty() || postings.size() < limit) {
        return 0;
    }
    for (const Scored& posting : postings) {
        best.offer(posting);
    }
    return postings.size();
}

}  // namespace crm::core

// In-memory search over customers: name (Han characters, full pinyin, initials, mixed), phone
// fragments, plates, VIN tails, company and tags; ranked, highlighted and limited results.
//
// Sections: SearchIndex (entries, one-shot search) · SearchSession (search-as-you-type, narrowing
// the previous keystroke's matches when the query only grew).
#pragma once
#include <cstddef>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/search/pinyin_matcher.h"
#include "core/search/search_entry.h"
#include "core/search/search_hit.h"

namespace crm::core {

class SearchIndex {
public:
    static constexpr std::size_t kDefaultLimit = 50;

    void reserve(std::size_t count);
    // Adds the entry, or replaces the one with the same id. Normalizes everything once, here.
    void upsert(SearchEntry entry);
    bool remove(std::string_view id);
    void clear();

    std::size_t size() const { return m_entries.size(); }
    // The entry with this id, or nullptr; valid until the index changes.
    const SearchEntry* find(std::string_view id) const;
    // Changes with every upsert/remove/clear (sessions use it to drop stale narrowing state).
    std::uint64_t generation() const { return m_generation; }

    // The best `limit` matches, best first: higher score, then name order (pinyin, then code
    // points), then id. An empty or blank query finds nothing.
    std::vector<SearchHit> search(std::string_view query, std::size_t limit = kDefaultLimit) const;

    // kind dominates; then a match spanning the whole field; then the field (name > phone > plate >
    // vin > company > tag).
    static int score(MatchKind kind, bool whole, SearchField field);

private:
    friend class SearchSession;
    struct Query;
    enum Column { kPhones, kPlates, kVins, kCompany, kTags, kColumns };
    // What the scan reads for every entry, one record per slot, apart from the entries themselves.
    struct Hot {
        std::uint64_t nameBloom, nameStartBloom, sortKey;
        std::array<std::uint64_t, kColumns> blooms;
        std::uint32_t textOffset;  // normalized columns, back to back in m_text
        std::uint32_t nameOffset;  // characters in m_nameChars
        std::array<std::uint16_t, kColumns> lengths;
        std::uint16_t nameLength;
    };
    struct Scored {
        std::uint32_t slot;
        std::uint16_t score;
        SearchField field;
        MatchKind kind;
    };

    static Query prepare(std::string_view query);
    // True when every entry matching `next` also matches `previous` (so `next` may scan only those).
    static bool narrows(const Query& previous, const Query& next);
    Scored evaluate(const Query& query, std::uint32_t slot) const;
    // Scans every slot (candidates == nullptr) or only the candidates; appends the matches.
    void scan(const Query& query, const std::vector<std::uint32_t>* candidates, std::vector<Scored>& out) const;
    std::vector<SearchHit> rank(const Query& query, std::vector<Scored> matches, std::size_t limit) const;
    std::vector<Highlight> highlights(const Query& query, const Scored& scored) const;

    std::string_view column(const Hot& hot, Column column) const;
    std::span<const PinyinChar> nameChars(const Hot& hot) const {
        return {m_nameChars.data() + hot.nameOffset, hot.nameLength};
    }
    void compactIfWasteful();

    std::vector<SearchEntry> m_entries;
    std::vector<Hot> m_hot;
    // Normalized values of every entry (items joined by '\x1f'): phone digits, compact plates and
    // VINs, folded company and tags. Replaced entries leave garbage until the next compaction.
    std::string m_text;
    std::vector<PinyinChar> m_nameChars;
    std::size_t m_garbage = 0;
    std::unordered_map<std::string, std::uint32_t> m_byId;
    std::uint64_t m_generation = 0;
};

// Search-as-you-type over one index: when the query extends the previous one (and the index has not
// changed), only the previous matches are scanned.
class SearchSession {
public:
    explicit SearchSession(const SearchIndex& index) : m_index(index) {}

    std::vector<SearchHit> search(std::string_view query, std::size_t limit = SearchIndex::kDefaultLimit);
    void reset();
    // Entries examined by the last search (all of them, or the narrowed candidates).
    std::size_t lastScanned() const { return m_lastScanned; }
    // Entries that matched the last query (before the limit).
    std::size_t lastMatchCount() const { return m_matches.size(); }

private:
    const SearchIndex& m_index;
    std::string m_query;
    std::uint64_t m_generation = 0;
    bool m_valid = false;
    std::vector<std::uint32_t> m_matches;
    std::size_t m_lastScanned = 0;
};

}  // namespace crm::core

// In-memory search over customers: name (Han characters, full pinyin, initials, mixed), phone
// fragments, plates, VIN tails, company and tags; ranked, highlighted and limited results.
//
// Sections: SearchIndex (entries, one-shot search) · SearchSession (search-as-you-type, narrowing
// the previous keystroke's matches when the query only grew).
//
// Speed (100,000 entries, DESIGN.md: < 10 ms a keystroke in the browser): a one-character query reads
// the first-character posting lists (FirstCharIndex) instead of scanning; other queries scan compact
// per-entry records behind bloom filters; only the best `limit` matches are kept (TopK) and ranked.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/search/first_char_index.h"
#include "core/search/pinyin_matcher.h"
#include "core/search/search_entry.h"
#include "core/search/search_hit.h"
#include "core/search/top_k.h"

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
    // A query normalized once for every field.
    struct Query {
        std::string text;     // foldText: company, tags
        std::string compact;  // compactText: plates, VINs
        std::u32string name;  // compact, decoded: the pinyin matcher
        std::string digits;   // phone digits, when the query looks like a phone fragment
        bool vin = false;     // compact is ASCII letters and digits
        std::uint64_t nameBloom = 0, nameStartBit = 0;
        std::uint64_t digitsBloom = 0, compactBloom = 0, textBloom = 0;  // byte pairs (pairBloomOf)
    };
    enum Column { kPhones, kPlates, kVins, kCompany, kTags, kColumns };
    // What the scan reads for every entry, one record per slot, apart from the entries themselves.
    struct Hot {
        std::uint64_t nameBloom, nameStartBloom, sortKey;
        std::array<std::uint64_t, kColumns> blooms;  // byte pairs of each column
        std::uint32_t textOffset;                    // normalized columns, back to back in m_text
        std::uint32_t nameOffset;                    // characters in m_nameChars
        std::array<std::uint16_t, kColumns> lengths;
        std::uint16_t nameLength;
    };
    using Scored = ScoredSlot;
    // Ranking order: higher score, then name order (sort key, name), then id.
    struct Better {
        const SearchIndex* index;
        bool operator()(const Scored& a, const Scored& b) const;
    };
    using Best = TopK<Scored, Better>;

    static Query prepare(std::string_view query);
    // True when every entry matching `next` also matches `previous` (so `next` may scan only those).
    static bool narrows(const Query& previous, const Query& next);
    struct Plan;
    Scored evaluate(const Query& query, std::uint32_t slot) const;
    Scored evaluate(const Plan& plan, std::uint32_t slot) const;
    // Scans every slot (candidates == nullptr) or only the candidates: offers the matches to `best` and,
    // when `matched` is given, appends their slots to it.
    void scan(const Query& query, const std::vector<std::uint32_t>* candidates, Best& best,
              std::vector<std::uint32_t>* matched) const;
    // Slots [begin, end) (or slots[begin, end) of a candidate list), one call per slice of the scan.
    [[gnu::noinline]] void scanSlice(const Plan& plan, const std::uint32_t* slots, std::uint32_t begin,
                                     std::uint32_t end, Best& best, std::vector<std::uint32_t>* matched) const;
    // A one-character query with at least `limit` matches at a field's start: offers those postings to
    // `best` and returns how many there were (nothing else can rank among the best); otherwise 0.
    std::size_t firstCharBest(const Query& query, std::size_t limit, Best& best) const;
    std::vector<SearchHit> rank(const Query& query, Best best) const;
    // Appends every slot whose name starts a character with `cp` or whose other fields hold it (a superset
    // of the matches of that one-character query: m_charBlooms).
    void entriesWithChar(char32_t cp, std::vector<std::uint32_t>& out) const;
    std::vector<Highlight> highlights(const Query& query, const Scored& scored) const;

    std::string_view column(const Hot& hot, Column column) const;
    std::span<const PinyinChar> nameChars(const Hot& hot) const {
        return {m_nameChars.data() + hot.nameOffset, hot.nameLength};
    }
    void compactIfWasteful();
    // The canonical query for one character (cached), or nullptr when that character is no query.
    const Query* keyQuery(char32_t key);
    // (Re)writes the first-character postings of the entry in `slot`.
    void indexFirstChars(std::uint32_t slot);

    std::vector<SearchEntry> m_entries;
    std::vector<Hot> m_hot;
    // Per slot: searchBloomBit of the name's characters and readings' initials and of every character of
    // the other fields (a one-character query's matches, from one word per entry).
    std::vector<std::uint64_t> m_charBlooms;
    // Normalized values of every entry (items joined by '\x1f'): phone digits, compact plates and
    // VINs, folded company and tags. Replaced entries leave garbage until the next compaction.
    std::string m_text;
    std::vector<PinyinChar> m_nameChars;
    std::size_t m_garbage = 0;
    std::unordered_map<std::string, std::uint32_t> m_byId;
    std::uint64_t m_generation = 0;
    FirstCharIndex m_firstChars;
    std::unordered_map<char32_t, Query> m_keyQueries;  // name empty: not a one-character query
    std::vector<char32_t> m_keyScratch;
};

// Search-as-you-type over one index: when the query extends the previous one (and the index has not
// changed), only the previous matches are scanned.
class SearchSession {
public:
    explicit SearchSession(const SearchIndex& index) : m_index(index) {}

    std::vector<SearchHit> search(std::string_view query, std::size_t limit = SearchIndex::kDefaultLimit);
    void reset();
    // Entries examined by the last search (all of them, or the narrowed candidates; a one-character query
    // answered from the postings reads one word of every entry to find the next keystroke's candidates).
    std::size_t lastScanned() const { return m_lastScanned; }
    // Entries that matched the last query (before the limit); for a one-character query answered from
    // the first-character index, the entries matching at a field's start.
    std::size_t lastMatchCount() const { return m_matchCount; }
    // The last search was a one-character query answered from the first-character postings.
    bool lastFromPostings() const { return m_fromPostings; }

private:
    const SearchIndex& m_index;
    SearchIndex::Query m_query;
    std::uint64_t m_generation = 0;
    bool m_valid = false;  // m_matches holds every match of m_query
    std::vector<std::uint32_t> m_matches, m_nextMatches;
    std::size_t m_lastScanned = 0;
    std::size_t m_matchCount = 0;
    bool m_fromPostings = false;
};

}  // namespace crm::core

// In-memory search over customers: name (Han characters, full pinyin, initials, mixed), phone
// fragments, plates, VIN tails, company and tags; ranked, highlighted and limited results.
//
// Sections: SearchIndex (entries, one-shot search) · SearchSession (search-as-you-type, narrowing
// the previous keystroke's matches when the query only grew).
//
// Speed (100,000 entries, DESIGN.md: < 10 ms a keystroke in the browser): a one- or two-character query
// reads the posting lists of entries matching it at a field's start (StartPostings) instead of scanning; a
// longer one evaluates the postings of its first and last two characters when that is less than a scan and
// they hold enough matches at a field's start; other queries scan compact per-entry records behind bloom
// filters; only the best `limit` matches are kept (TopK) and ranked.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/search/packed_entry.h"
#include "core/search/pinyin_matcher.h"
#include "core/search/search_entry.h"
#include "core/search/search_hit.h"
#include "core/search/slot_table.h"
#include "core/search/start_postings.h"
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
    // Gives back the spare capacity of the postings, and of the entries' buffers where it is over a quarter (after a
    // bulk build; they grow by a quarter, so a bulk build leaves less).
    void shrinkToFit();

    std::size_t size() const { return m_hot.size(); }
    // The entry with this id (as upserted), or nothing. Entries are kept packed (PackedEntry) and unpacked here.
    std::optional<SearchEntry> find(std::string_view id) const;
    bool contains(std::string_view id) const { return slotOf(id) != SlotTable::kNone; }
    // Changes with every upsert/remove/clear (sessions use it to drop stale narrowing state).
    std::uint64_t generation() const { return m_generation; }

    // The best `limit` matches, best first: higher score, then name order (pinyin, then code
    // points), then id. An empty or blank query finds nothing.
    std::vector<SearchHit> search(std::string_view query, std::size_t limit = kDefaultLimit) const;

    // What the postings hold and the memory they, their keys' queries and the per-entry presence filters
    // take (estimates from counts, for benchmarks and tests).
    struct Stats {
        std::size_t postings = 0, postingBytes = 0, keys = 0, keyQueryBytes = 0, presenceBytes = 0;
        std::size_t entryBytes = 0;  // the entries' original text (packed), their offsets and the id table
        std::size_t hotBytes = 0;    // the scan's record per entry (blooms, offsets, lengths, sort key)
        std::size_t textBytes = 0;   // the normalized fields and the names' characters with their readings
    };
    Stats stats() const;

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
    // Not inlined into the scan: the postings call it for every entry as the index is built, so in a browser
    // this one copy is already optimized when the first scan runs.
    [[gnu::noinline]] Scored evaluate(const Plan& plan, std::uint32_t slot) const;
    // Scans every slot (candidates == nullptr) or only the candidates: offers the matches (of a kind
    // above `above`) to `best` and, when `matched` is given, appends their slots to it.
    void scan(const Query& query, const std::vector<std::uint32_t>* candidates, Best& best,
              std::vector<std::uint32_t>* matched, MatchKind above = MatchKind::None) const;
    // Slots [begin, end) (or slots[begin, end) of a candidate list), one call per slice of the scan.
    [[gnu::noinline]] void scanSlice(const Plan& plan, const std::uint32_t* slots, std::uint32_t begin,
                                     std::uint32_t end, Best& best, std::vector<std::uint32_t>* matched,
                                     MatchKind above) const;
    // A one- or two-character query with at least `limit` matches at a field's start: offers those postings
    // to `best` and returns how many there were (nothing else can rank among the best); otherwise 0.
    std::size_t postingsBest(const Query& query, std::size_t limit, Best& best) const;
    struct StartCandidates {
        bool tried = false;            // the postings can tell, and are fewer than the budget
        std::size_t evaluated = 0;     // postings evaluated (those a third character can follow)
        std::size_t startMatches = 0;  // of them, matches at a field's start
        bool answered(std::size_t limit) const { return tried && startMatches >= limit; }
    };
    // A longer query: evaluates the postings of its first two characters and (tails) of its last two, when
    // they are fewer than `budget`, and when at least `limit` of them match at a field's start offers those
    // to `best` (nothing else can rank among the best).
    StartCandidates startCandidatesBest(const Query& query, std::size_t limit, std::size_t budget, Best& best) const;
    std::vector<SearchHit> rank(const Query& query, Best best) const;
    // Sets `out` to the slots (of `from`, or of all) that may match `query` (its name not empty): a superset
    // of its matches from a few words per entry (m_presence).
    void entriesThatMayHold(const Query& query, const std::vector<std::uint32_t>* from,
                            std::vector<std::uint32_t>& out) const;
    // Every field's needle is the query's compact characters (no phone prefix dropped, no space kept): what
    // the postings' keys are derived from.
    static bool hasPlainNeedles(const Query& query);
    // Adjacent byte pairs (bits 0-127) and triples (bits 128-255) of the items of a normalized field.
    using ItemGrams = std::array<std::uint64_t, 4>;
    static void addItemGrams(std::string_view text, ItemGrams& grams);
    std::vector<Highlight> highlights(const Query& query, const Scored& scored) const;

    std::string_view column(const Hot& hot, Column column) const;
    std::span<const PinyinChar> nameChars(const Hot& hot) const {
        return {m_nameChars.data() + hot.nameOffset, hot.nameLength};
    }
    void compactIfWasteful();
    PackedEntry entry(std::uint32_t slot) const { return PackedEntry(m_entryBytes.data() + m_entryOffsets[slot]); }
    std::string_view idOf(std::uint32_t slot) const { return entry(slot).id(); }
    std::uint32_t slotOf(std::string_view id) const;
    // The bytes of m_text, m_nameChars and m_entryBytes the entry in `slot` holds (garbage once it is replaced).
    std::size_t garbageOf(std::uint32_t slot) const;
    // A posting key's list in m_startPostings, kNoList when those characters have none (no entry can match them
    // at a field's start as the postings' scores assume: see hasPlainNeedles).
    static constexpr std::uint32_t kNoList = ~std::uint32_t{0};
    // The key's list (decided the first time the key is seen, from its canonical query).
    std::uint32_t keyList(PostingKey key);
    // The key's list, kNoList, or nothing when no entry ever had that key (so no entry matches it at a field's
    // start).
    std::optional<std::uint32_t> knownKeyList(PostingKey key) const;
    // The canonical query of a key (the characters typed), from a small cache of recent keys: the
    // indexing evaluates every entry's keys, most of them the same few.
    const Query& keyQuery(PostingKey key);
    static Query prepareKey(PostingKey key);
    // The keys of the entry in `slot` with the fields they start or end, sorted by key (in m_keyFieldsScratch).
    void collectStartKeys(std::uint32_t slot);
    // Every slot fits in a posting (fewer than kMaxPostingSlot entries); else the postings are not used.
    bool postingsHoldEverySlot() const { return m_hot.size() <= kMaxPostingSlot; }
    // Writes the postings of the entry in `slot` (which has none).
    void indexStartKeys(std::uint32_t slot);
    // Forgets the postings of the entry in `slot` (found by its keys, derived again from what m_hot holds for it
    // now), or with `movedTo`, gives them to that slot (which has none).
    void unindexStartKeys(std::uint32_t slot, std::uint32_t movedTo = SlotTable::kNone);

    // Every entry's original text (PackedEntry, for ranking ties, highlights and find) at its offset; replaced
    // entries leave garbage until the next compaction. The id table finds slots by the ids in these bytes.
    std::string m_entryBytes;
    std::vector<std::uint32_t> m_entryOffsets;
    SlotTable m_slots;
    std::vector<Hot> m_hot;
    // Per slot, what a query's possible matches need (searchBloomBit of characters): what may start a
    // match in the name (its characters and readings' initials), anything in the name (with every letter of
    // the readings), every character of the other fields, and their adjacent byte pairs and triples.
    struct Presence {
        std::uint64_t nameStart, nameAny, itemChars;
        ItemGrams itemGrams;
    };
    std::vector<Presence> m_presence;
    // Normalized values of every entry (items joined by '\x1f'): phone digits, compact plates and
    // VINs, folded company and tags. Replaced entries leave garbage until the next compaction.
    std::string m_text;
    std::vector<PinyinChar> m_nameChars;
    std::size_t m_garbage = 0;  // bytes of m_text, m_nameChars and m_entryBytes no slot refers to
    std::uint64_t m_generation = 0;
    StartPostings m_startPostings;
    std::unordered_map<PostingKey, std::uint32_t> m_keyLists;  // every key seen: its list, or kNoList
    struct CachedKeyQuery {
        PostingKey key = 0;
        bool filled = false;
        Query query;
    };
    static constexpr std::size_t kKeyQueryCacheBits = 9;
    std::vector<CachedKeyQuery> m_keyQueryCache;  // by a hash of the key (direct-mapped)
    struct KeyOfField {
        PostingKey key;
        unsigned fields;  // Plan::bit of the field
        std::uint16_t neighbours;
    };
    std::vector<StartKey> m_keyScratch;
    std::vector<KeyOfField> m_keyFieldsScratch;
};

// Search-as-you-type over one index: when the query extends the previous one (and the index has not
// changed), only the previous matches are scanned.
class SearchSession {
public:
    explicit SearchSession(const SearchIndex& index) : m_index(index) {}

    std::vector<SearchHit> search(std::string_view query, std::size_t limit = SearchIndex::kDefaultLimit);
    void reset();
    // Entries examined by the last search: all of them or the narrowed candidates (a scan), the postings
    // evaluated (a longer query answered from its candidates), none (a short query's postings).
    std::size_t lastScanned() const { return m_lastScanned; }
    // Entries that matched the last query (before the limit); for a query answered from the postings, the
    // entries matching at a field's start.
    std::size_t lastMatchCount() const { return m_matchCount; }
    // The last search was answered from the postings (a short query's, or a longer one's candidates).
    bool lastFromPostings() const { return m_fromPostings; }

private:
    const SearchIndex& m_index;
    SearchIndex::Query m_query;
    std::uint64_t m_generation = 0;
    bool m_valid = false;       // m_matches (or every entry) holds every match of m_query, and maybe more
    bool m_matchesAll = false;  // every entry, not m_matches
    // Fewer than the limit of m_query's candidates matched at a field's start (longer queries then scan).
    bool m_fewStartMatches = false;
    std::vector<std::uint32_t> m_matches, m_nextMatches, m_mayHold;
    std::size_t m_lastScanned = 0;
    std::size_t m_matchCount = 0;
    bool m_fromPostings = false;
};

}  // namespace crm::core

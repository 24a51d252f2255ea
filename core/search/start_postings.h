// Posting lists for one- and two-character queries (the first keystrokes): for each key, the entries that
// match it at the start of a field (a name's first characters or the initials / letters of their readings,
// the first or last characters of a phone, plate or VIN, the first of a company or tag), with the score
// each gets. Kept up to date entry by entry, so a short query reads one list instead of scanning every entry.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/search/pinyin_matcher.h"
#include "core/search/search_hit.h"

namespace crm::core {

// Separates the items of one normalized field (several phones, plates, …) in the search index.
constexpr char kSearchItemSeparator = '\x1f';

// One entry's match for a query: everything ranking needs without touching the entry itself.
struct ScoredSlot {
    std::uint64_t sortKey = 0;  // the entry's name order (PinyinName::sortKey)
    std::uint32_t slot = 0;     // the entry's position in the index
    std::uint16_t score = 0;
    SearchField field = SearchField::Name;
    MatchKind kind = MatchKind::None;
};

// A query of one or two folded code points as a posting key.
using PostingKey = std::uint64_t;
constexpr PostingKey postingKey(char32_t first) {
    return first;
}
constexpr PostingKey postingKey(char32_t first, char32_t second) {
    return PostingKey{first} << 32 | second;
}

// A 16-bit bloom of characters (searchBloomBit folded): digits have bits of their own.
constexpr std::uint16_t kAnyNeighbour = 0xFFFF;
std::uint16_t neighbourBit(char32_t cp);

// A key an entry has, with what may come next in a longer query matching there: the characters that may
// follow a two-character key at a field's start, or precede it at a tail (neighbourBit; one-character
// keys: kAnyNeighbour).
struct StartKey {
    PostingKey key;
    std::uint16_t neighbours;
};

// The keys (one and two characters) a query can be to match this name at its start: its first character
// or the first letter of one of its readings, followed by the next letter of that reading or by the
// second character or the first letter of one of its readings ("u" stands for "ü", as in the matcher).
void appendNameStartKeys(std::span<const PinyinChar> name, std::vector<StartKey>& keys);
// The first one and two characters of every item of a normalized field and, with `tails`, the last ones too.
void appendItemEndKeys(std::string_view items, bool tails, std::vector<StartKey>& keys);

// An entry's match for a posting key (ScoredSlot without the sort key, which the index holds once; the
// field and kind are in the score, see SearchIndex::score) and the key's neighbours there.
struct Posting {
    std::uint32_t slot = 0;
    std::uint16_t score = 0;
    std::uint16_t neighbours = kAnyNeighbour;
};

class StartPostings {
public:
    // The list of `key` (made empty the first time), to add to and read by number: it never changes.
    std::uint32_t listOf(PostingKey key);
    // The postings of a list, in no particular order.
    std::span<const Posting> postings(std::uint32_t list) const { return m_lists[list]; }
    // Adds the posting of entry `posting.slot` to a list (once per entry and list).
    void add(std::uint32_t list, const Posting& posting);
    // Makes room for `count` postings of the entry in `slot` (one allocation instead of several).
    void reserveSlot(std::uint32_t slot, std::size_t count);
    // Forgets every posting of the entry in `slot`.
    void removeSlot(std::uint32_t slot);
    // The entry in `from` now lives in `to` (which has no postings).
    void moveSlot(std::uint32_t from, std::uint32_t to);
    // Forgets every posting (the lists remain, empty).
    void clear();
    // Postings held, and the bytes they and the bookkeeping take (an estimate, for reports).
    std::size_t postingCount() const;
    std::size_t memoryBytes() const;

private:
    struct Membership {
        std::uint32_t list;  // index in m_lists
        std::uint32_t position;
    };
    std::unordered_map<PostingKey, std::uint32_t> m_listOfKey;
    std::vector<std::vector<Posting>> m_lists;
    std::vector<std::vector<Membership>> m_memberships;  // by slot
};

}  // namespace crm::core

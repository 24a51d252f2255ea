// Posting lists for one- and two-character queries (the first keystrokes): for each key, the entries that
// match it at the start of a field (a name's first characters or the initials / letters of their readings,
// the first or last characters of a phone, plate or VIN, the first of a company or tag), with the score
// each gets. Kept up to date entry by entry, so a short query reads one list instead of scanning every entry.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>
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

// A posting as a list holds it, in 6 bytes: a slot below kMaxPostingSlot and a score of a match at a field's start
// (an initials, prefix or exact match: SearchIndex::score from 200 to 455), less 200.
struct PackedPosting {
    std::uint16_t slotLow, neighbours;
    std::uint8_t slotHigh, scoreAbove200;
    std::uint32_t slot() const { return std::uint32_t{slotHigh} << 16 | slotLow; }
    Posting unpack() const { return {slot(), static_cast<std::uint16_t>(scoreAbove200 + 200), neighbours}; }
    static PackedPosting of(const Posting& posting) {
        return {static_cast<std::uint16_t>(posting.slot), posting.neighbours,
                static_cast<std::uint8_t>(posting.slot >> 16), static_cast<std::uint8_t>(posting.score - 200)};
    }
};
constexpr std::uint32_t kMaxPostingSlot = 1u << 24;

// The postings of one list, read as Posting values.
class PostingList {
public:
    PostingList() = default;
    explicit PostingList(std::span<const PackedPosting> packed) : m_packed(packed) {}
    std::size_t size() const { return m_packed.size(); }
    bool empty() const { return m_packed.empty(); }
    Posting operator[](std::size_t i) const { return m_packed[i].unpack(); }
    struct Iterator {
        const PackedPosting* at;
        Posting operator*() const { return at->unpack(); }
        Iterator& operator++() {
            ++at;
            return *this;
        }
        bool operator!=(const Iterator& other) const { return at != other.at; }
    };
    Iterator begin() const { return {m_packed.data()}; }
    Iterator end() const { return {m_packed.data() + m_packed.size()}; }

private:
    std::span<const PackedPosting> m_packed;
};

// The lists hold each entry at most once, sorted by slot: an entry's posting is found by binary search, so no
// entry needs to remember where its postings are (the index derives an entry's keys again to remove them).
class StartPostings {
public:
    // A new empty list, to add to and read by number (the index keeps which key it is for).
    std::uint32_t addList();
    // The postings of a list, by slot.
    PostingList postings(std::uint32_t list) const { return PostingList(m_lists[list]); }
    // Adds the posting of entry `posting.slot` to a list (which has none of that entry yet; the slot below
    // kMaxPostingSlot, the score from 200 to 455).
    void add(std::uint32_t list, const Posting& posting);
    // Forgets the posting of the entry in `slot` in a list (if it has one).
    void remove(std::uint32_t list, std::uint32_t slot);
    // The posting of the entry in `from` in a list (if any) now belongs to `to` (which has none there).
    void move(std::uint32_t list, std::uint32_t from, std::uint32_t to);
    // Forgets every posting (the lists remain, empty).
    void clear();
    // Gives back the lists' spare capacity (after a bulk build).
    void shrinkToFit();
    // Postings held, and the bytes they and the bookkeeping take (an estimate, for reports).
    std::size_t postingCount() const;
    std::size_t memoryBytes() const;

private:
    std::vector<std::vector<PackedPosting>> m_lists;
};

}  // namespace crm::core

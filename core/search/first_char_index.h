// Posting lists for one-character queries (the first keystroke): for each character, the entries that
// match it at the start of a field (a name's first character or the initial of its reading, the first or
// last character of a phone, plate or VIN, the first of a company or tag), with the score each gets.
// Kept up to date entry by entry, so a first keystroke reads one list instead of scanning every entry.
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

// The characters a one-character query can be to match this name at its start: its first character
// and the first letters of that character's readings.
void appendNameStartKeys(std::span<const PinyinChar> name, std::vector<char32_t>& keys);
// The first character of every item of a normalized field and, with `tails`, the last one too.
void appendItemEndKeys(std::string_view items, bool tails, std::vector<char32_t>& keys);

class FirstCharIndex {
public:
    // The postings of `key`, in no particular order.
    std::span<const ScoredSlot> postings(char32_t key) const;
    // Adds the posting of entry `posting.slot` under `key` (once per entry and key).
    void add(char32_t key, const ScoredSlot& posting);
    // Forgets every posting of the entry in `slot`.
    void removeSlot(std::uint32_t slot);
    // The entry in `from` now lives in `to` (which has no postings).
    void moveSlot(std::uint32_t from, std::uint32_t to);
    void clear();

private:
    struct Membership {
        std::vector<ScoredSlot>* list;  // values of m_lists never move
        std::uint32_t position;
    };
    std::unordered_map<char32_t, std::vector<ScoredSlot>> m_lists;
    std::vector<std::vector<Membership>> m_memberships;  // by slot
};

}  // namespace crm::core

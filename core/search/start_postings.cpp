// StartPostings: key derivation from a normalized entry, posting lists sorted by slot (an entry's posting
// found by binary search).
#include "core/search/start_postings.h"

#include <algorithm>
#include <bit>

namespace crm::core {
namespace {

// UTF-8 bytes of the code point whose lead byte is `lead`.
std::size_t utf8Length(unsigned char lead) {
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

// The code point starting at `text[0]` (the index holds valid UTF-8 written by the normalizers).
char32_t firstCodePoint(std::string_view text) {
    const auto lead = static_cast<unsigned char>(text[0]);
    const std::size_t length = utf8Length(lead);
    if (length == 1 || length > text.size()) {
        return lead;
    }
    char32_t cp = lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
    }
    return cp;
}

// Where the last code point of `text` starts.
std::size_t lastCodePointStart(std::string_view text) {
    std::size_t start = text.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
        --start;
    }
    return start;
}

// The query letters that match one letter of a syllable ("u" stands for "ü", spelled "v").
void appendLetterOptions(char letter, std::vector<char32_t>& out) {
    out.push_back(static_cast<char32_t>(letter));
    if (letter == 'v') {
        out.push_back(U'u');
    }
}

std::uint16_t letterBits(char letter) {
    return neighbourBit(static_cast<char32_t>(letter)) | (letter == 'v' ? neighbourBit(U'u') : 0);
}

// What may start a match at this character: the character itself and the first letters of its readings.
void appendStartLetters(const PinyinChar& c, std::vector<char32_t>& out) {
    out.push_back(c.cp);
    for (SyllableId id : c.readings.view()) {
        appendLetterOptions(Pinyin::syllable(id)[0], out);
    }
}

std::uint16_t startBits(std::span<const PinyinChar> name, std::size_t at) {
    std::uint16_t bits = 0;
    if (at < name.size()) {
        bits |= neighbourBit(name[at].cp);
        for (SyllableId id : name[at].readings.view()) {
            bits |= letterBits(Pinyin::syllable(id)[0]);
        }
    }
    return bits;
}

// The second letters of the character's readings.
std::uint16_t secondLetterBits(const PinyinChar& c) {
    std::uint16_t bits = 0;
    for (SyllableId id : c.readings.view()) {
        const std::string_view syllable = Pinyin::syllable(id);
        if (syllable.size() >= 2) {
            bits |= letterBits(syllable[1]);
        }
    }
    return bits;
}

}  // namespace

std::uint16_t neighbourBit(char32_t cp) {
    return static_cast<std::uint16_t>(1u << (std::countr_zero(searchBloomBit(cp)) % 16));
}

void appendNameStartKeys(std::span<const PinyinChar> name, std::vector<StartKey>& keys) {
    if (name.empty()) {
        return;
    }
    std::vector<char32_t> first, second;
    appendStartLetters(name[0], first);
    for (char32_t a : first) {
        keys.push_back({postingKey(a), kAnyNeighbour});
    }
    // Two letters of one reading of the first character ("zh" of "zhang"); then its third letter or the
    // start of the second character.
    for (SyllableId id : name[0].readings.view()) {
        const std::string_view syllable = Pinyin::syllable(id);
        if (syllable.size() >= 2) {
            const std::uint16_t next = (syllable.size() >= 3 ? letterBits(syllable[2]) : 0) | startBits(name, 1);
            std::vector<char32_t> a, b;
            appendLetterOptions(syllable[0], a);
            appendLetterOptions(syllable[1], b);
            for (char32_t x : a) {
                for (char32_t y : b) {
                    keys.push_back({postingKey(x, y), next});
                }
            }
        }
    }
    // The first character (or an initial of it), then what may start the second ("张w", "zw"); then the
    // second letter of the second character's reading or the start of the third character.
    if (name.size() > 1) {
        appendStartLetters(name[1], second);
        const std::uint16_t next = secondLetterBits(name[1]) | startBits(name, 2);
        for (char32_t a : first) {
            for (char32_t b : second) {
                keys.push_back({postingKey(a, b), next});
            }
        }
    }
}

void appendItemEndKeys(std::string_view items, bool tails, std::vector<StartKey>& keys) {
    std::size_t begin = 0;
    while (begin < items.size()) {
        std::size_t end = items.find(kSearchItemSeparator, begin);
        if (end == std::string_view::npos) {
            end = items.size();
        }
        if (end > begin) {
            const std::string_view item = items.substr(begin, end - begin);
            const char32_t head = firstCodePoint(item);
            const std::size_t headLength = utf8Length(static_cast<unsigned char>(item[0]));
            keys.push_back({postingKey(head), kAnyNeighbour});
            if (headLength < item.size()) {
                const std::string_view rest = item.substr(headLength);
                const std::size_t secondLength = utf8Length(static_cast<unsigned char>(rest[0]));
                const std::uint16_t next =
                    secondLength < rest.size() ? neighbourBit(firstCodePoint(rest.substr(secondLength))) : 0;
                keys.push_back({postingKey(head, firstCodePoint(rest)), next});
            }
            if (tails) {
                const std::size_t lastStart = lastCodePointStart(item);
                const char32_t last = firstCodePoint(item.substr(lastStart));
                keys.push_back({postingKey(last), kAnyNeighbour});
                if (lastStart > 0) {
                    const std::string_view before = item.substr(0, lastStart);
                    const std::size_t secondLastStart = lastCodePointStart(before);
                    const std::uint16_t previous =
                        secondLastStart > 0 ? neighbourBit(firstCodePoint(
                                                  before.substr(lastCodePointStart(before.substr(0, secondLastStart)))))
                                            : 0;
                    keys.push_back({postingKey(firstCodePoint(before.substr(secondLastStart)), last), previous});
                }
            }
        }
        begin = end + 1;
    }
}

std::uint32_t StartPostings::addList() {
    m_lists.emplace_back();
    return static_cast<std::uint32_t>(m_lists.size() - 1);
}

namespace {

// Where the posting of `slot` is or would go in a list sorted by slot.
std::vector<PackedPosting>::iterator slotPosition(std::vector<PackedPosting>& list, std::uint32_t slot) {
    return std::lower_bound(list.begin(), list.end(), slot,
                            [](const PackedPosting& posting, std::uint32_t s) { return posting.slot() < s; });
}

// Inserts `posting` at its place by slot; a full list grows by a quarter (not doubled: the many lists' spare
// room is most of what they would waste).
void insertBySlot(std::vector<PackedPosting>& list, const PackedPosting& posting) {
    if (list.size() == list.capacity()) {
        list.reserve(list.size() + list.size() / 4 + 4);
    }
    if (list.empty() || list.back().slot() < posting.slot()) {
        list.push_back(posting);
    } else {
        list.insert(slotPosition(list, posting.slot()), posting);
    }
}

}  // namespace

void StartPostings::add(std::uint32_t list, const Posting& posting) {
    insertBySlot(m_lists[list], PackedPosting::of(posting));
}

void StartPostings::remove(std::uint32_t list, std::uint32_t slot) {
    std::vector<PackedPosting>& postings = m_lists[list];
    const auto at = slotPosition(postings, slot);
    if (at != postings.end() && at->slot() == slot) {
        postings.erase(at);
    }
}

void StartPostings::move(std::uint32_t list, std::uint32_t from, std::uint32_t to) {
    std::vector<PackedPosting>& postings = m_lists[list];
    const auto at = slotPosition(postings, from);
    if (from == to || at == postings.end() || at->slot() != from) {
        return;
    }
    Posting moved = at->unpack();
    moved.slot = to;
    postings.erase(at);
    insertBySlot(postings, PackedPosting::of(moved));
}

void StartPostings::clear() {
    for (std::vector<PackedPosting>& list : m_lists) {
        list.clear();
    }
}

void StartPostings::shrinkToFit() {
    for (std::vector<PackedPosting>& list : m_lists) {
        list.shrink_to_fit();
    }
}

std::size_t StartPostings::postingCount() const {
    std::size_t count = 0;
    for (const auto& list : m_lists) {
        count += list.size();
    }
    return count;
}

std::size_t StartPostings::memoryBytes() const {
    std::size_t bytes = m_lists.capacity() * sizeof(std::vector<PackedPosting>);
    for (const auto& list : m_lists) {
        bytes += list.capacity() * sizeof(PackedPosting);
    }
    return bytes;
}

}  // namespace crm::core

// FirstCharIndex: key derivation from a normalized entry, posting lists with O(1) removal (every entry
// remembers where its postings are).
#include "core/search/first_char_index.h"

#include <algorithm>

namespace crm::core {
namespace {

// The code point starting at `text[0]` (the index holds valid UTF-8 written by the normalizers).
char32_t firstCodePoint(std::string_view text) {
    const auto lead = static_cast<unsigned char>(text[0]);
    const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (length == 1 || length > text.size()) {
        return lead;
    }
    char32_t cp = lead & (0x7F >> length);
    for (std::size_t i = 1; i < length; ++i) {
        cp = (cp << 6) | (static_cast<unsigned char>(text[i]) & 0x3F);
    }
    return cp;
}

char32_t lastCodePoint(std::string_view text) {
    std::size_t start = text.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
        --start;
    }
    return firstCodePoint(text.substr(start));
}

}  // namespace

void appendNameStartKeys(std::span<const PinyinChar> name, std::vector<char32_t>& keys) {
    if (name.empty()) {
        return;
    }
    keys.push_back(name[0].cp);
    for (SyllableId id : name[0].readings.view()) {
        const char first = Pinyin::syllable(id)[0];
        keys.push_back(static_cast<char32_t>(first));
        if (first == 'v') {
            keys.push_back(U'u');  // the matcher lets "u" stand for "ü"
        }
    }
}

void appendItemEndKeys(std::string_view items, bool tails, std::vector<char32_t>& keys) {
    std::size_t begin = 0;
    while (begin < items.size()) {
        std::size_t end = items.find(kSearchItemSeparator, begin);
        if (end == std::string_view::npos) {
            end = items.size();
        }
        if (end > begin) {
            const std::string_view item = items.substr(begin, end - begin);
            keys.push_back(firstCodePoint(item));
            if (tails) {
                keys.push_back(lastCodePoint(item));
            }
        }
        begin = end + 1;
    }
}

std::span<const ScoredSlot> FirstCharIndex::postings(char32_t key) const {
    const auto it = m_lists.find(key);
    return it == m_lists.end() ? std::span<const ScoredSlot>() : std::span<const ScoredSlot>(it->second);
}

void FirstCharIndex::add(char32_t key, const ScoredSlot& posting) {
    std::vector<ScoredSlot>& list = m_lists[key];
    if (m_memberships.size() <= posting.slot) {
        m_memberships.resize(posting.slot + 1);
    }
    m_memberships[posting.slot].push_back({&list, static_cast<std::uint32_t>(list.size())});
    list.push_back(posting);
}

void FirstCharIndex::removeSlot(std::uint32_t slot) {
    if (slot >= m_memberships.size()) {
        return;
    }
    for (const Membership& membership : m_memberships[slot]) {
        std::vector<ScoredSlot>& list = *membership.list;
        const auto last = static_cast<std::uint32_t>(list.size() - 1);
        if (membership.position != last) {
            // The list's last posting fills the hole; its entry learns the new position.
            const ScoredSlot moved = list[last];
            list[membership.position] = moved;
            for (Membership& other : m_memberships[moved.slot]) {
                if (other.list == &list) {
                    other.position = membership.position;
                    break;
                }
            }
        }
        list.pop_back();
    }
    m_memberships[slot].clear();
}

void FirstCharIndex::moveSlot(std::uint32_t from, std::uint32_t to) {
    if (from >= m_memberships.size() || from == to) {
        return;
    }
    if (m_memberships.size() <= to) {
        m_memberships.resize(to + 1);
    }
    for (const Membership& membership : m_memberships[from]) {
        (*membership.list)[membership.position].slot = to;
    }
    m_memberships[to] = std::move(m_memberships[from]);
    m_memberships[from].clear();
}

void FirstCharIndex::clear() {
    m_lists.clear();
    m_memberships.clear();
}

}  // namespace crm::core

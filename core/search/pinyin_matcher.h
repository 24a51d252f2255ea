// Matches a query of Han characters, full pinyin, initials or a mix ("张伟", "zhangwei", "zw", "张w",
// "zhang伟") against a name, whose characters each carry their toneless readings.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/search/pinyin.h"
#include "core/search/search_hit.h"

namespace crm::core {

// One character of a name that takes part in matching (separators such as "·" are skipped).
struct PinyinChar {
    char32_t cp = 0;            // folded (ASCII letters lower case)
    std::uint32_t offset = 0;   // byte offset in the original UTF-8 name
    std::uint8_t length = 0;    // UTF-8 bytes
    Readings readings;          // empty for non-Han characters, which match literally
};

struct PinyinMatch {
    MatchKind kind = MatchKind::None;
    bool whole = false;          // the match spans every character of the name
    std::uint32_t firstChar = 0; // matched characters [firstChar, endChar)
    std::uint32_t endChar = 0;
};

// A name prepared once for matching (readings looked up, surname applied).
class PinyinName {
public:
    PinyinName() = default;
    explicit PinyinName(std::string_view utf8Name);

    std::span<const PinyinChar> chars() const { return m_chars; }
    // Bit set of everything a query may use against this name (see searchBloomBit).
    std::uint64_t bloom() const { return m_bloom; }
    // Bits of what may start a match: each character's own bit and its readings' first letters.
    std::uint64_t startBloom() const { return m_startBloom; }
    // An order key: the primary syllable of the first characters, 10 bits each, most significant first.
    std::uint64_t sortKey() const { return m_sortKey; }
    // Primary readings, e.g. "zhang wei" (tests, debugging).
    std::string primarySpelling() const;

private:
    std::vector<PinyinChar> m_chars;
    std::uint64_t m_bloom = 0;
    std::uint64_t m_startBloom = 0;
    std::uint64_t m_sortKey = 0;
};

// The bloom bit of a folded code point: letters and digits have their own bits, others share 28.
std::uint64_t searchBloomBit(char32_t cp);

// Longest query the matcher takes (longer queries never match a name).
constexpr std::size_t kMaxPinyinQuery = 63;

// `query` must be folded and without separators (compactText, decoded).
PinyinMatch matchPinyin(std::span<const PinyinChar> name, std::u32string_view query);
inline PinyinMatch matchPinyin(const PinyinName& name, std::u32string_view query) {
    return matchPinyin(name.chars(), query);
}

}  // namespace crm::core

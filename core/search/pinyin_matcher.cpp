// Pinyin matching of a query against a name: a small dynamic programme over (character, query position).
#include "core/search/pinyin_matcher.h"

#include <bit>

#include "core/search/text_fold.h"

namespace crm::core {
namespace {

bool sameLetter(char32_t query, char syllable) {
    return query == static_cast<char32_t>(syllable) || (syllable == 'v' && query == U'u');
}

std::uint64_t sortCode(const PinyinChar& c) {
    if (!c.readings.empty()) {
        return c.readings.ids[0] + 2u;
    }
    if (c.cp >= U'a' && c.cp <= U'z') {
        // Latin names sort among the syllables starting with the same letter.
        for (std::size_t id = 0; id < Pinyin::syllableCount(); ++id) {
            if (Pinyin::syllable(static_cast<SyllableId>(id))[0] >= static_cast<char>(c.cp)) {
                return id + 2;
            }
        }
    }
    return c.cp >= U'0' && c.cp <= U'9' ? 1 : 1023;
}

}  // namespace

std::uint64_t searchBloomBit(char32_t cp) {
    if (cp >= U'a' && cp <= U'z') {
        return std::uint64_t{1} << (cp - U'a');
    }
    if (cp >= U'0' && cp <= U'9') {
        return std::uint64_t{1} << (26 + cp - U'0');
    }
    return std::uint64_t{1} << (36 + (static_cast<std::uint32_t>(cp) * 2654435761u >> 16) % 28);
}

PinyinName::PinyinName(std::string_view utf8Name) {
    std::u32string folded;
    for (const DecodedChar& c : decodeUtf8(utf8Name)) {
        const char32_t cp = foldChar(c.cp);
        if (isSeparatorChar(cp)) {
            continue;
        }
        m_chars.push_back({cp, c.offset, c.length, {}});
        folded += cp;
    }
    const std::vector<Readings> readings = Pinyin::nameReadings(folded);
    for (std::size_t i = 0; i < m_chars.size(); ++i) {
        PinyinChar& c = m_chars[i];
        c.readings = readings[i];
        m_bloom |= searchBloomBit(c.cp);
        m_startBloom |= searchBloomBit(c.cp);
        for (SyllableId id : c.readings.view()) {
            const char first = Pinyin::syllable(id)[0];
            m_startBloom |= searchBloomBit(static_cast<char32_t>(first));
            for (char letter : Pinyin::syllable(id)) {
                m_bloom |= searchBloomBit(static_cast<char32_t>(letter));
                if (letter == 'v') {
                    m_bloom |= searchBloomBit(U'u');
                }
            }
        }
        if (i < 6) {
            m_sortKey |= sortCode(c) << (50 - 10 * i);
        }
    }
}

std::string PinyinName::primarySpelling() const {
    std::string out;
    for (const PinyinChar& c : m_chars) {
        if (!out.empty()) {
            out += ' ';
        }
        if (c.readings.empty()) {
            appendUtf8(out, c.cp);
        } else {
            out += Pinyin::syllable(c.readings.ids[0]);
        }
    }
    return out;
}

PinyinMatch matchPinyin(std::span<const PinyinChar> chars, std::u32string_view query) {
    const std::size_t n = chars.size();
    const std::size_t m = query.size();
    PinyinMatch best;
    if (m == 0 || m > kMaxPinyinQuery || n == 0) {
        return best;
    }
    for (std::size_t start = 0; start < n && best.kind == MatchKind::None; ++start) {
        // Bit p set: the query's first p code points are consumed by characters [start, j),
        // in `full` with every one of them read whole, in `abbreviated` with some cut short.
        std::uint64_t full = 1;
        std::uint64_t abbreviated = 0;
        for (std::size_t j = start; j < n && (full | abbreviated) != 0; ++j) {
            const PinyinChar& c = chars[j];
            std::uint64_t nextFull = 0;
            std::uint64_t nextAbbreviated = 0;
            auto finish = [&](bool allWhole, bool lastWhole) {
                PinyinMatch candidate;
                candidate.firstChar = static_cast<std::uint32_t>(start);
                candidate.endChar = static_cast<std::uint32_t>(j + 1);
                candidate.whole = start == 0 && j + 1 == n;
                if (start > 0) {
                    candidate.kind = MatchKind::Substring;
                } else if (allWhole) {
                    candidate.kind = lastWhole && candidate.whole ? MatchKind::Exact : MatchKind::Prefix;
                } else {
                    candidate.kind = MatchKind::Initials;
                }
                if (candidate.kind > best.kind || (candidate.kind == best.kind && candidate.whole && !best.whole)) {
                    best = candidate;
                }
            };
            for (int pass = 0; pass < 2; ++pass) {
                const bool allWhole = pass == 0;
                std::uint64_t positions = allWhole ? full : abbreviated;
                while (positions != 0) {
                    const auto p = static_cast<std::size_t>(std::countr_zero(positions));
                    positions &= positions - 1;
                    if (query[p] == c.cp) {
                        if (p + 1 == m) {
                            finish(allWhole, true);
                        } else {
                            (allWhole ? nextFull : nextAbbreviated) |= std::uint64_t{1} << (p + 1);
                        }
                    }
                    for (SyllableId id : c.readings.view()) {
                        const std::string_view syllable = Pinyin::syllable(id);
                        for (std::size_t t = 1; t <= syllable.size() && p + t <= m; ++t) {
                            if (!sameLetter(query[p + t - 1], syllable[t - 1])) {
                                break;
                            }
                            const bool whole = t == syllable.size();
                            if (p + t == m) {
                                finish(allWhole, whole);
                            } else if (whole && allWhole) {
                                nextFull |= std::uint64_t{1} << (p + t);
                            } else {
                                nextAbbreviated |= std::uint64_t{1} << (p + t);
                            }
                        }
                    }
                }
            }
            if (best.kind == MatchKind::Exact) {
                return best;
            }
            full = nextFull;
            abbreviated = nextAbbreviated & ~nextFull;
        }
    }
    return best;
}

}  // namespace crm::core

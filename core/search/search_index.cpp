// SearchIndex and SearchSession: normalization at upsert, a bloom-filtered linear scan per query,
// top-k ranking, highlights for the returned hits only.
//
// Sections: helpers · SearchIndex maintenance · query preparation · scan and ranking · highlights ·
// SearchSession.
#include "core/search/search_index.h"

#include <algorithm>

#include "core/search/text_fold.h"

namespace crm::core {
namespace {

// ---- helpers --------------------------------------------------------------------------------------

constexpr char kItemSeparator = '\x1f';

std::uint64_t bloomOf(std::string_view folded) {
    std::uint64_t bloom = 0;
    for (const DecodedChar& c : decodeUtf8(folded)) {
        if (c.cp != static_cast<char32_t>(kItemSeparator) && c.cp != U' ') {
            bloom |= searchBloomBit(c.cp);
        }
    }
    return bloom;
}

bool covers(std::uint64_t have, std::uint64_t need) { return (have & need) == need; }

template <typename Normalize>
std::string joinItems(const std::vector<std::string>& items, Normalize normalize) {
    std::string out;
    for (const std::string& item : items) {
        std::string value = normalize(item);
        if (value.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += kItemSeparator;
        }
        out += value;
    }
    return out;
}

// std::string_view::find for the short haystacks of one entry, without a library call per entry.
std::size_t findIn(std::string_view hay, std::string_view needle, std::size_t from) {
    const char first = needle[0];
    const std::size_t rest = needle.size() - 1;
    for (std::size_t i = from; i + needle.size() <= hay.size(); ++i) {
        if (hay[i] == first && hay.compare(i + 1, rest, needle, 1, rest) == 0) {
            return i;
        }
    }
    return std::string_view::npos;
}

struct Occurrence {
    MatchKind kind = MatchKind::None;
    std::size_t pos = 0;
};

// The best place `needle` occurs in `hay` (items separated by kItemSeparator): a whole item beats
// an item's start (or its end, when tails count as prefixes) beats anywhere inside.
Occurrence bestOccurrence(std::string_view hay, std::string_view needle, bool tailIsPrefix) {
    Occurrence best;
    if (needle.empty()) {
        return best;
    }
    for (std::size_t pos = findIn(hay, needle, 0); pos != std::string_view::npos; pos = findIn(hay, needle, pos + 1)) {
        const std::size_t end = pos + needle.size();
        const bool atStart = pos == 0 || hay[pos - 1] == kItemSeparator;
        const bool atEnd = end == hay.size() || hay[end] == kItemSeparator;
        const MatchKind kind = atStart && atEnd                      ? MatchKind::Exact
                               : atStart || (tailIsPrefix && atEnd) ? MatchKind::Prefix
                                                                    : MatchKind::Substring;
        if (kind > best.kind) {
            best = {kind, pos};
            if (kind == MatchKind::Exact) {
                break;
            }
        }
    }
    return best;
}

bool isAsciiAlnum(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
    });
}

}  // namespace

// ---- SearchIndex maintenance ----------------------------------------------------------------------

int SearchIndex::score(MatchKind kind, bool whole, SearchField field) {
    if (kind == MatchKind::None) {
        return 0;
    }
    return static_cast<int>(kind) * 100 + (whole ? 10 : 0) + (9 - static_cast<int>(field));
}

void SearchIndex::reserve(std::size_t count) {
    m_entries.reserve(count);
    m_hot.reserve(count);
    m_byId.reserve(count);
    m_text.reserve(count * 64);
    m_nameChars.reserve(count * 3);
}

void SearchIndex::upsert(SearchEntry entry) {
    const PinyinName name(entry.name);
    const std::array<std::string, kColumns> columns = {
        joinItems(entry.phones, [](const std::string& s) { return phoneDigits(s); }),
        joinItems(entry.plates, [](const std::string& s) { return compactText(s); }),
        joinItems(entry.vins, [](const std::string& s) { return compactText(s); }),
        foldText(entry.company),
        joinItems(entry.tags, [](const std::string& s) { return foldText(s); }),
    };
    Hot hot{};
    hot.nameBloom = name.bloom();
    hot.nameStartBloom = name.startBloom();
    hot.sortKey = name.sortKey();
    hot.textOffset = static_cast<std::uint32_t>(m_text.size());
    for (std::size_t k = 0; k < kColumns; ++k) {
        const std::string_view value = std::string_view(columns[k]).substr(0, 0xFFFF);
        hot.blooms[k] = bloomOf(value);
        hot.lengths[k] = static_cast<std::uint16_t>(value.size());
        m_text += value;
    }
    const auto chars = name.chars().subspan(0, std::min<std::size_t>(name.chars().size(), 0xFFFF));
    hot.nameOffset = static_cast<std::uint32_t>(m_nameChars.size());
    hot.nameLength = static_cast<std::uint16_t>(chars.size());
    m_nameChars.insert(m_nameChars.end(), chars.begin(), chars.end());
    ++m_generation;
    if (const auto it = m_byId.find(entry.id); it != m_byId.end()) {
        const Hot& old = m_hot[it->second];
        m_garbage += old.nameLength * sizeof(PinyinChar);
        for (std::uint16_t length : old.lengths) {
            m_garbage += length;
        }
        m_hot[it->second] = hot;
        m_entries[it->second] = std::move(entry);
        compactIfWasteful();
        return;
    }
    m_byId.emplace(entry.id, static_cast<std::uint32_t>(m_entries.size()));
    m_entries.push_back(std::move(entry));
    m_hot.push_back(hot);
}

bool SearchIndex::remove(std::string_view id) {
    const auto it = m_byId.find(std::string(id));
    if (it == m_byId.end()) {
        return false;
    }
    const std::uint32_t index = it->second;
    m_byId.erase(it);
    const Hot& old = m_hot[index];
    m_garbage += old.nameLength * sizeof(PinyinChar);
    for (std::uint16_t length : old.lengths) {
        m_garbage += length;
    }
    if (index + 1 != m_entries.size()) {
        m_entries[index] = std::move(m_entries.back());
        m_hot[index] = m_hot.back();
        m_byId[m_entries[index].id] = index;
    }
    m_entries.pop_back();
    m_hot.pop_back();
    ++m_generation;
    compactIfWasteful();
    return true;
}

void SearchIndex::compactIfWasteful() {
    const std::size_t total = m_text.size() + m_nameChars.size() * sizeof(PinyinChar);
    if (m_garbage < 4096 || m_garbage * 2 < total) {
        return;
    }
    std::string text;
    std::vector<PinyinChar> chars;
    text.reserve(total);
    for (Hot& hot : m_hot) {
        std::size_t length = 0;
        for (std::uint16_t l : hot.lengths) {
            length += l;
        }
        const auto offset = static_cast<std::uint32_t>(text.size());
        text.append(m_text, hot.textOffset, length);
        hot.textOffset = offset;
        const auto nameOffset = static_cast<std::uint32_t>(chars.size());
        chars.insert(chars.end(), m_nameChars.begin() + hot.nameOffset,
                     m_nameChars.begin() + hot.nameOffset + hot.nameLength);
        hot.nameOffset = nameOffset;
    }
    m_text = std::move(text);
    m_nameChars = std::move(chars);
    m_garbage = 0;
}

void SearchIndex::clear() {
    m_entries.clear();
    m_hot.clear();
    m_text.clear();
    m_nameChars.clear();
    m_garbage = 0;
    m_byId.clear();
    ++m_generation;
}

const SearchEntry* SearchIndex::find(std::string_view id) const {
    const auto it = m_byId.find(std::string(id));
    return it == m_byId.end() ? nullptr : &m_entries[it->second];
}

std::string_view SearchIndex::column(const Hot& hot, Column column) const {
    std::size_t offset = hot.textOffset;
    for (int k = 0; k < column; ++k) {
        offset += hot.lengths[k];
    }
    return std::string_view(m_text).substr(offset, hot.lengths[column]);
}

// ---- query preparation ----------------------------------------------------------------------------

struct SearchIndex::Query {
    std::string text;     // foldText: company, tags
    std::string compact;  // compactText: plates, VINs
    std::u32string name;  // compact, decoded: the pinyin matcher
    std::string digits;   // phone digits, when the query looks like a phone fragment
    bool vin = false;     // compact is ASCII letters and digits
    std::uint64_t nameBloom = 0, nameStartBit = 0, digitsBloom = 0, compactBloom = 0, textBloom = 0;
};

SearchIndex::Query SearchIndex::prepare(std::string_view raw) {
    Query query;
    query.text = foldText(raw);
    query.compact = compactText(raw);
    for (const DecodedChar& c : decodeUtf8(query.compact)) {
        query.name += c.cp;
        query.nameBloom |= searchBloomBit(c.cp);
    }
    if (query.name.size() > kMaxPinyinQuery) {
        query.name.clear();
    }
    if (!query.name.empty()) {
        query.nameStartBit = searchBloomBit(query.name[0]);
    }
    if (isPhoneLike(raw)) {
        query.digits = phoneDigits(raw);
    }
    query.vin = isAsciiAlnum(query.compact);
    query.digitsBloom = bloomOf(query.digits);
    query.compactBloom = bloomOf(query.compact);
    query.textBloom = bloomOf(query.text);
    return query;
}

bool SearchIndex::narrows(const Query& previous, const Query& next) {
    auto extends = [](const auto& before, const auto& after) {
        return after.empty() || (!before.empty() && after.starts_with(before));
    };
    return extends(previous.name, next.name) && extends(previous.digits, next.digits) &&
           extends(previous.compact, next.compact) && extends(previous.text, next.text) &&
           (!next.vin || next.compact.empty() || previous.vin);
}

// ---- scan and ranking -----------------------------------------------------------------------------

SearchIndex::Scored SearchIndex::evaluate(const Query& query, std::uint32_t index) const {
    const Hot& hot = m_hot[index];
    Scored best{index, 0, SearchField::Name, MatchKind::None};
    auto consider = [&](MatchKind kind, bool whole, SearchField field) {
        const int value = score(kind, whole, field);
        if (value > best.score) {
            best = {index, static_cast<std::uint16_t>(value), field, kind};
        }
    };
    if (!query.name.empty() && covers(hot.nameBloom, query.nameBloom) &&
        covers(hot.nameStartBloom, query.nameStartBit)) {
        const PinyinMatch match = matchPinyin(nameChars(hot), query.name);
        consider(match.kind, match.whole, SearchField::Name);
        if (match.kind == MatchKind::Exact) {
            return best;
        }
    }
    std::size_t offset = hot.textOffset;
    auto list = [&](Column k, bool active, std::uint64_t need, std::string_view needle, bool tailIsPrefix,
                    SearchField field) {
        const std::size_t begin = offset;
        offset += hot.lengths[k];
        if (!active || needle.empty() || needle.size() > hot.lengths[k] || !covers(hot.blooms[k], need)) {
            return;
        }
        const Occurrence found =
            bestOccurrence(std::string_view(m_text.data() + begin, hot.lengths[k]), needle, tailIsPrefix);
        consider(found.kind, found.kind == MatchKind::Exact, field);
    };
    list(kPhones, true, query.digitsBloom, query.digits, true, SearchField::Phone);
    list(kPlates, true, query.compactBloom, query.compact, true, SearchField::Plate);
    list(kVins, query.vin, query.compactBloom, query.compact, true, SearchField::Vin);
    list(kCompany, true, query.textBloom, query.text, false, SearchField::Company);
    list(kTags, true, query.textBloom, query.text, false, SearchField::Tag);
    return best;
}

void SearchIndex::scan(const Query& query, const std::vector<std::uint32_t>* candidates,
                       std::vector<Scored>& out) const {
    if (query.text.empty() && query.compact.empty() && query.digits.empty()) {
        return;
    }
    auto visit = [&](std::uint32_t index) {
        const Scored scored = evaluate(query, index);
        if (scored.kind != MatchKind::None) {
            out.push_back(scored);
        }
    };
    if (candidates) {
        for (std::uint32_t index : *candidates) {
            visit(index);
        }
    } else {
        for (std::uint32_t index = 0; index < m_hot.size(); ++index) {
            visit(index);
        }
    }
}

std::vector<SearchHit> SearchIndex::rank(const Query& query, std::vector<Scored> matches, std::size_t limit) const {
    auto better = [this](const Scored& a, const Scored& b) {
        if (a.score != b.score) {
            return a.score > b.score;
        }
        if (m_hot[a.slot].sortKey != m_hot[b.slot].sortKey) {
            return m_hot[a.slot].sortKey < m_hot[b.slot].sortKey;
        }
        const SearchEntry& x = m_entries[a.slot];
        const SearchEntry& y = m_entries[b.slot];
        if (x.name != y.name) {
            return x.name < y.name;
        }
        return x.id < y.id;
    };
    const std::size_t count = std::min(limit, matches.size());
    std::partial_sort(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(count), matches.end(), better);
    std::vector<SearchHit> hits;
    hits.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const Scored& scored = matches[i];
        hits.push_back({m_entries[scored.slot].id, scored.kind, scored.field, scored.score,
                        highlights(query, scored)});
    }
    return hits;
}

std::vector<SearchHit> SearchIndex::search(std::string_view text, std::size_t limit) const {
    const Query query = prepare(text);
    std::vector<Scored> matches;
    scan(query, nullptr, matches);
    return rank(query, std::move(matches), limit);
}

// ---- highlights -----------------------------------------------------------------------------------

std::vector<Highlight> SearchIndex::highlights(const Query& query, const Scored& scored) const {
    const SearchEntry& entry = m_entries[scored.slot];
    std::vector<Highlight> out;
    auto add = [&](SearchField field, std::uint32_t item, std::uint32_t begin, std::uint32_t end) {
        Highlight highlight{field, item, begin, end};
        if (field == scored.field) {
            out.insert(std::find_if(out.begin(), out.end(), [&](const Highlight& h) { return h.field != field; }),
                       highlight);
        } else {
            out.push_back(highlight);
        }
    };
    if (!query.name.empty()) {
        const auto chars = nameChars(m_hot[scored.slot]);
        const PinyinMatch match = matchPinyin(chars, query.name);
        if (match.kind != MatchKind::None) {
            const PinyinChar& last = chars[match.endChar - 1];
            add(SearchField::Name, 0, chars[match.firstChar].offset, last.offset + last.length);
        }
    }
    auto items = [&](const std::vector<std::string>& values, SearchField field, std::string_view needle,
                     bool tailIsPrefix, auto normalize) {
        if (needle.empty()) {
            return;
        }
        ByteMap map;
        for (std::size_t i = 0; i < values.size(); ++i) {
            const std::string folded = normalize(values[i], &map);
            const Occurrence found = bestOccurrence(folded, needle, tailIsPrefix);
            if (found.kind != MatchKind::None) {
                add(field, static_cast<std::uint32_t>(i), map[found.pos].first,
                    map[found.pos + needle.size() - 1].second);
            }
        }
    };
    auto digits = [](const std::string& s, ByteMap* map) { return phoneDigits(s, map); };
    auto compact = [](const std::string& s, ByteMap* map) { return compactText(s, map); };
    auto fold = [](const std::string& s, ByteMap* map) { return foldText(s, map); };
    items(entry.phones, SearchField::Phone, query.digits, true, digits);
    items(entry.plates, SearchField::Plate, query.compact, true, compact);
    if (query.vin) {
        items(entry.vins, SearchField::Vin, query.compact, true, compact);
    }
    items({entry.company}, SearchField::Company, query.text, false, fold);
    items(entry.tags, SearchField::Tag, query.text, false, fold);
    return out;
}

// ---- SearchSession --------------------------------------------------------------------------------

std::vector<SearchHit> SearchSession::search(std::string_view text, std::size_t limit) {
    const SearchIndex::Query query = SearchIndex::prepare(text);
    const bool narrow = m_valid && m_generation == m_index.generation() &&
                        SearchIndex::narrows(SearchIndex::prepare(m_query), query);
    std::vector<SearchIndex::Scored> matches;
    m_lastScanned = narrow ? m_matches.size() : m_index.size();
    m_index.scan(query, narrow ? &m_matches : nullptr, matches);
    m_matches.clear();
    m_matches.reserve(matches.size());
    for (const auto& scored : matches) {
        m_matches.push_back(scored.slot);
    }
    m_query = std::string(text);
    m_generation = m_index.generation();
    m_valid = true;
    return m_index.rank(query, std::move(matches), limit);
}

void SearchSession::reset() {
    m_valid = false;
    m_matches.clear();
    m_query.clear();
}

}  // namespace crm::core

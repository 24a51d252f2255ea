// SearchIndex and SearchSession: normalization at upsert, a bloom-filtered linear scan per query,
// top-k ranking. (Postings of the first keystrokes: search_index_postings.cpp; highlights of the returned
// hits: search_index_highlights.cpp.)
//
// Sections: helpers · SearchIndex maintenance · query preparation · scan and ranking · SearchSession.
#include "core/search/search_index.h"

#include <algorithm>

#include "core/search/occurrence.h"
#include "core/search/search_index_plan.h"
#include "core/search/text_fold.h"

namespace crm::core {
namespace {

// The index's large buffers grow by a quarter, never double: the heap's high-water mark is what a large store pays
// for (the heap never shrinks), and doubling held a buffer three times its size for a moment. The room they keep
// is given back only when it is more than a quarter (shrinking copies the buffer once more).
constexpr std::size_t kEntryBytesHeadroom = 512;  // an entry's packed bytes are rarely more

template <class Buffer>
void reserveQuarterMore(Buffer& buffer, std::size_t more) {
    if (buffer.size() + more > buffer.capacity()) {
        buffer.reserve(std::max(buffer.size() + more, buffer.capacity() + buffer.capacity() / 4));
    }
}

template <class Buffer>
void shrinkIfRoomy(Buffer& buffer) {
    if (buffer.capacity() - buffer.size() > buffer.capacity() / 4) {
        buffer.shrink_to_fit();
    }
}

// ---- helpers --------------------------------------------------------------------------------------

constexpr char kItemSeparator = kSearchItemSeparator;

// Bit set of the adjacent byte pairs of `text` (items not joined): every pair of a needle is in the set of
// any text that contains it. Pairs rule out far more than single characters do (a phone number has nearly
// every digit, but few of the 100 digit pairs); a one-byte needle has no pairs and rules out nothing.
std::uint64_t pairBloomOf(std::string_view text) {
    std::uint64_t bloom = 0;
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] != kItemSeparator && text[i - 1] != kItemSeparator) {
            const std::uint32_t pair =
                static_cast<unsigned char>(text[i - 1]) << 8 | static_cast<unsigned char>(text[i]);
            bloom |= std::uint64_t{1} << ((pair * 2654435761u) >> 26);
        }
    }
    return bloom;
}

bool covers(std::uint64_t have, std::uint64_t need) {
    return (have & need) == need;
}

// searchBloomBit of every character of the items of `text`.
std::uint64_t charBloomOf(std::string_view text) {
    std::uint64_t bloom = 0;
    for (const DecodedChar& c : decodeUtf8(text)) {
        if (c.cp != static_cast<char32_t>(kItemSeparator)) {
            bloom |= searchBloomBit(c.cp);
        }
    }
    return bloom;
}

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

bool isAsciiAlnum(std::string_view text) {
    return std::all_of(text.begin(), text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'); });
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
    m_entryOffsets.reserve(count);
    m_entryBytes.reserve(count * 48);
    m_slots.reserve(count, [this](std::uint32_t slot) { return idOf(slot); });
    m_hot.reserve(count);
    m_presence.reserve(count);
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
    std::size_t textBytes = 0;
    for (const std::string& value : columns) {
        textBytes += std::min<std::size_t>(value.size(), 0xFFFF);
    }
    reserveQuarterMore(m_text, textBytes);
    std::uint64_t charBloom = 0;
    for (std::size_t k = 0; k < kColumns; ++k) {
        const std::string_view value = std::string_view(columns[k]).substr(0, 0xFFFF);
        hot.blooms[k] = pairBloomOf(value);
        charBloom |= charBloomOf(value);
        hot.lengths[k] = static_cast<std::uint16_t>(value.size());
        m_text += value;
    }
    const auto chars = name.chars().subspan(0, std::min<std::size_t>(name.chars().size(), 0xFFFF));
    hot.nameOffset = static_cast<std::uint32_t>(m_nameChars.size());
    hot.nameLength = static_cast<std::uint16_t>(chars.size());
    Presence presence{name.startBloom(), name.bloom(), charBloom, {}};
    for (std::size_t k = 0; k < kColumns; ++k) {
        addItemGrams(column(hot, static_cast<Column>(k)), presence.itemGrams);
    }
    reserveQuarterMore(m_nameChars, chars.size());
    m_nameChars.insert(m_nameChars.end(), chars.begin(), chars.end());
    ++m_generation;
    const auto entryOffset = static_cast<std::uint32_t>(m_entryBytes.size());
    reserveQuarterMore(m_entryBytes, kEntryBytesHeadroom);
    appendPackedEntry(entry, m_entryBytes);
    if (const std::uint32_t slot = slotOf(entry.id); slot != SlotTable::kNone) {
        m_garbage += garbageOf(slot);
        unindexStartKeys(slot);  // (from the entry's text as it was)
        m_hot[slot] = hot;
        m_presence[slot] = presence;
        m_entryOffsets[slot] = entryOffset;
        indexStartKeys(slot);
        compactIfWasteful();
        return;
    }
    const auto slot = static_cast<std::uint32_t>(m_hot.size());
    reserveQuarterMore(m_entryOffsets, 1);
    reserveQuarterMore(m_hot, 1);
    reserveQuarterMore(m_presence, 1);
    m_entryOffsets.push_back(entryOffset);
    m_hot.push_back(hot);
    m_presence.push_back(presence);
    m_slots.insert(slot, [this](std::uint32_t s) { return idOf(s); });
    indexStartKeys(slot);
}

std::uint32_t SearchIndex::slotOf(std::string_view id) const {
    return m_slots.find(id, [this](std::uint32_t slot) { return idOf(slot); });
}

std::size_t SearchIndex::garbageOf(std::uint32_t slot) const {
    const Hot& hot = m_hot[slot];
    std::size_t bytes = hot.nameLength * sizeof(PinyinChar) + entry(slot).size();
    for (std::uint16_t length : hot.lengths) {
        bytes += length;
    }
    return bytes;
}

bool SearchIndex::remove(std::string_view id) {
    const std::uint32_t index = slotOf(id);
    if (index == SlotTable::kNone) {
        return false;
    }
    const auto idOfSlot = [this](std::uint32_t slot) { return idOf(slot); };
    m_slots.erase(id, idOfSlot);
    m_garbage += garbageOf(index);
    unindexStartKeys(index);
    const auto last = static_cast<std::uint32_t>(m_hot.size() - 1);
    if (index != last) {
        unindexStartKeys(last, index);
        m_entryOffsets[index] = m_entryOffsets[last];
        m_hot[index] = m_hot[last];
        m_presence[index] = m_presence[last];
        m_slots.moved(idOf(index), index, idOfSlot);
    }
    m_entryOffsets.pop_back();
    m_hot.pop_back();
    m_presence.pop_back();
    ++m_generation;
    compactIfWasteful();
    return true;
}

void SearchIndex::compactIfWasteful() {
    const std::size_t total = m_text.size() + m_nameChars.size() * sizeof(PinyinChar) + m_entryBytes.size();
    if (m_garbage < 4096 || m_garbage * 2 < total) {
        return;
    }
    std::string text, entryBytes;
    std::vector<PinyinChar> chars;
    text.reserve(m_text.size());
    entryBytes.reserve(m_entryBytes.size());
    for (std::uint32_t slot = 0; slot < m_hot.size(); ++slot) {
        const auto entryOffset = static_cast<std::uint32_t>(entryBytes.size());
        entryBytes.append(m_entryBytes, m_entryOffsets[slot], entry(slot).size());
        m_entryOffsets[slot] = entryOffset;
        Hot& hot = m_hot[slot];
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
    m_entryBytes = std::move(entryBytes);
    m_nameChars = std::move(chars);
    m_garbage = 0;
}

void SearchIndex::clear() {
    m_entryBytes.clear();
    m_entryOffsets.clear();
    m_slots.clear();
    m_hot.clear();
    m_presence.clear();
    m_text.clear();
    m_nameChars.clear();
    m_garbage = 0;
    m_startPostings.clear();
    ++m_generation;
}

void SearchIndex::shrinkToFit() {
    shrinkIfRoomy(m_entryBytes);
    shrinkIfRoomy(m_entryOffsets);
    shrinkIfRoomy(m_hot);
    shrinkIfRoomy(m_presence);
    shrinkIfRoomy(m_text);
    shrinkIfRoomy(m_nameChars);
    m_startPostings.shrinkToFit();
}

std::optional<SearchEntry> SearchIndex::find(std::string_view id) const {
    const std::uint32_t slot = slotOf(id);
    if (slot == SlotTable::kNone) {
        return std::nullopt;
    }
    return entry(slot).unpack();
}

std::string_view SearchIndex::column(const Hot& hot, Column column) const {
    std::size_t offset = hot.textOffset;
    for (int k = 0; k < column; ++k) {
        offset += hot.lengths[k];
    }
    return std::string_view(m_text).substr(offset, hot.lengths[column]);
}

// ---- query preparation ----------------------------------------------------------------------------

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
    query.digitsBloom = pairBloomOf(query.digits);
    query.compactBloom = pairBloomOf(query.compact);
    query.textBloom = pairBloomOf(query.text);
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
    return evaluate(Plan(query), index);
}

SearchIndex::Scored SearchIndex::evaluate(const Plan& plan, std::uint32_t index) const {
    const Hot& hot = m_hot[index];
    Scored best{hot.sortKey, index, 0, SearchField::Name, MatchKind::None};
    auto consider = [&](MatchKind kind, bool whole, SearchField field) {
        const int value = score(kind, whole, field);
        if (value > best.score) {
            best = {hot.sortKey, index, static_cast<std::uint16_t>(value), field, kind};
        }
    };
    const Query& query = plan.query;
    if (plan.matchName && covers(hot.nameBloom, query.nameBloom) && covers(hot.nameStartBloom, query.nameStartBit)) {
        const PinyinMatch match = matchPinyin(nameChars(hot), query.name);
        consider(match.kind, match.whole, SearchField::Name);
        if (match.kind == MatchKind::Exact) {
            return best;
        }
    }
    std::array<std::uint32_t, kColumns> offsets;
    std::uint32_t offset = hot.textOffset;
    for (int k = 0; k < kColumns; ++k) {
        offsets[k] = offset;
        offset += hot.lengths[k];
    }
    for (std::size_t i = 0; i < plan.count; ++i) {
        const Plan::Needle& needle = plan.needles[i];
        const std::uint16_t length = hot.lengths[needle.column];
        if (needle.size > length || !covers(hot.blooms[needle.column], needle.need)) {
            continue;
        }
        const Occurrence found = bestOccurrence(std::string_view(m_text.data() + offsets[needle.column], length),
                                                std::string_view(needle.bytes, needle.size), needle.tailIsPrefix);
        consider(found.kind, found.kind == MatchKind::Exact, needle.field);
    }
    return best;
}

void SearchIndex::scan(const Query& query, const std::vector<std::uint32_t>* candidates, Best& best,
                       std::vector<std::uint32_t>* matched, MatchKind above) const {
    if (query.text.empty() && query.compact.empty() && query.digits.empty()) {
        return;
    }
    // In slices, each its own call: a browser first runs WebAssembly with a quick baseline compiler and
    // switches a function to optimized code on its next call once it is hot, so one call looping over
    // 100,000 entries would run entirely unoptimized the first time.
    constexpr std::uint32_t kSlice = 4096;
    const Plan plan(query);
    const auto count = static_cast<std::uint32_t>(candidates ? candidates->size() : m_hot.size());
    const std::uint32_t* slots = candidates ? candidates->data() : nullptr;
    for (std::uint32_t begin = 0; begin < count; begin += kSlice) {
        scanSlice(plan, slots, begin, std::min(count, begin + kSlice), best, matched, above);
    }
}

void SearchIndex::scanSlice(const Plan& plan, const std::uint32_t* slots, std::uint32_t begin, std::uint32_t end,
                            Best& best, std::vector<std::uint32_t>* matched, MatchKind above) const {
    for (std::uint32_t i = begin; i < end; ++i) {
        const std::uint32_t index = slots ? slots[i] : i;
        const Scored scored = evaluate(plan, index);
        if (scored.kind > above) {
            best.offer(scored);
            if (matched) {
                matched->push_back(index);
            }
        }
    }
}

bool SearchIndex::Better::operator()(const Scored& a, const Scored& b) const {
    if (a.score != b.score) {
        return a.score > b.score;
    }
    if (a.sortKey != b.sortKey) {
        return a.sortKey < b.sortKey;
    }
    const PackedEntry x = index->entry(a.slot);
    const PackedEntry y = index->entry(b.slot);
    if (x.name() != y.name()) {
        return x.name() < y.name();
    }
    return x.id() < y.id();
}

std::vector<SearchHit> SearchIndex::rank(const Query& query, Best best) const {
    const std::vector<Scored> top = best.takeSorted();
    std::vector<SearchHit> hits;
    hits.reserve(top.size());
    for (const Scored& scored : top) {
        hits.push_back({std::string(idOf(scored.slot)), scored.kind, scored.field, scored.score, highlights(query, scored)});
    }
    return hits;
}

std::vector<SearchHit> SearchIndex::search(std::string_view text, std::size_t limit) const {
    const Query query = prepare(text);
    Best best(limit, Better{this});
    if (postingsBest(query, limit, best) == 0) {
        if (!startCandidatesBest(query, limit, m_hot.size(), best).answered(limit)) {
            scan(query, nullptr, best, nullptr);
        }
    }
    return rank(query, std::move(best));
}

// ---- SearchSession --------------------------------------------------------------------------------

std::vector<SearchHit> SearchSession::search(std::string_view text, std::size_t limit) {
    SearchIndex::Query query = SearchIndex::prepare(text);
    SearchIndex::Best best(limit, SearchIndex::Better{&m_index});
    // Narrowing: m_matches (or every entry) holds every match of m_query, so of any query extending it.
    const bool narrow = m_valid && m_generation == m_index.generation() && SearchIndex::narrows(m_query, query);
    const std::vector<std::uint32_t>* from = narrow && !m_matchesAll ? &m_matches : nullptr;
    const std::size_t candidates = from ? from->size() : m_index.size();
    SearchIndex::StartCandidates starts;
    if (const std::size_t postings = m_index.postingsBest(query, limit, best); postings != 0) {
        m_lastScanned = 0;
        m_matchCount = postings;
        m_fromPostings = true;
        m_fewStartMatches = false;
    } else if (!(narrow && m_fewStartMatches) &&
               (starts = m_index.startCandidatesBest(query, limit, candidates, best)).answered(limit)) {
        m_lastScanned = starts.evaluated;
        m_matchCount = starts.startMatches;
        m_fromPostings = true;
        m_fewStartMatches = false;
    } else {
        // The candidates that may hold the query (a few words each), then a scan of those. Once the
        // postings held too few start matches, longer queries scan too.
        m_fewStartMatches = starts.tried || (narrow && m_fewStartMatches);
        m_nextMatches.clear();
        if (!query.name.empty()) {
            m_index.entriesThatMayHold(query, from, m_mayHold);
            from = &m_mayHold;
        }
        m_index.scan(query, from, best, &m_nextMatches);
        std::swap(m_matches, m_nextMatches);
        m_lastScanned = candidates;
        m_matchCount = m_matches.size();
        m_fromPostings = false;
    }
    // Answered from the postings without narrowing: every entry remains a candidate for the next keystroke.
    m_matchesAll = m_fromPostings ? !narrow || m_matchesAll : false;
    m_valid = true;
    m_generation = m_index.generation();
    std::vector<SearchHit> hits = m_index.rank(query, std::move(best));
    m_query = std::move(query);
    return hits;
}

void SearchSession::reset() {
    m_valid = false;
    m_fewStartMatches = false;
    m_matchesAll = false;
    m_matches.clear();
    m_matchCount = 0;
    m_fromPostings = false;
    m_query = {};
}

}  // namespace crm::core

// SearchIndex's first keystrokes: every entry's postings in StartPostings, scored at upsert with the very
// evaluation a one- or two-character search would run; the searches that read them instead of scanning
// (short queries, and longer ones whose matches at a field's start are among the postings of their first
// and last two characters); and the cheap superset of a query's matches that a scan then evaluates.
#include "core/search/search_index.h"

#include <algorithm>

#include "core/search/search_index_plan.h"
#include "core/search/text_fold.h"

namespace crm::core {
namespace {

// The key of a query of one or two characters (0 for other lengths).
PostingKey keyOf(std::u32string_view name) {
    return name.size() == 1 ? postingKey(name[0]) : name.size() == 2 ? postingKey(name[0], name[1]) : 0;
}

}  // namespace

bool SearchIndex::hasPlainNeedles(const Query& query) {
    return !query.name.empty() && query.text == query.compact &&
           (query.digits.empty() || query.digits == query.compact);
}

void SearchIndex::addItemGrams(std::string_view text, ItemGrams& grams) {
    auto set = [&](std::uint32_t gram, std::uint32_t base) {
        const std::uint32_t bit = base + ((gram * 2654435761u) >> 25);
        grams[bit / 64] |= std::uint64_t{1} << (bit % 64);
    };
    auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(text[i])); };
    for (std::size_t i = 1; i < text.size(); ++i) {
        if (text[i] == kSearchItemSeparator || text[i - 1] == kSearchItemSeparator) {
            continue;
        }
        set(byte(i - 1) << 8 | byte(i), 0);
        if (i >= 2 && text[i - 2] != kSearchItemSeparator) {
            set(byte(i - 2) << 16 | byte(i - 1) << 8 | byte(i), 128);
        }
    }
}

SearchIndex::Query SearchIndex::prepareKey(PostingKey key) {
    std::string typed;
    if (key >> 32) {
        appendUtf8(typed, static_cast<char32_t>(key >> 32));
    }
    appendUtf8(typed, static_cast<char32_t>(key & 0xFFFFFFFF));
    return prepare(typed);
}

const SearchIndex::Query& SearchIndex::keyQuery(PostingKey key) {
    if (m_keyQueryCache.empty()) {
        m_keyQueryCache.resize(std::size_t{1} << kKeyQueryCacheBits);
    }
    CachedKeyQuery& cached = m_keyQueryCache[(key * 0x9E3779B97F4A7C15u) >> (64 - kKeyQueryCacheBits)];
    if (!cached.filled || cached.key != key) {
        cached = {key, true, prepareKey(key)};
    }
    return cached.query;
}

std::uint32_t SearchIndex::keyList(PostingKey key) {
    const auto [it, added] = m_keyLists.try_emplace(key, kNoList);
    if (added) {
        const Query& query = keyQuery(key);
        if (hasPlainNeedles(query) && keyOf(query.name) == key) {
            it->second = m_startPostings.addList();
        }
    }
    return it->second;
}

std::optional<std::uint32_t> SearchIndex::knownKeyList(PostingKey key) const {
    const auto it = m_keyLists.find(key);
    return it == m_keyLists.end() ? std::nullopt : std::optional<std::uint32_t>(it->second);
}

void SearchIndex::collectStartKeys(std::uint32_t slot) {
    const Hot& hot = m_hot[slot];
    // Every key with the fields it starts (or ends): only those can match it at a field's start, and any
    // other field inside at best, which never beats that; so only those are evaluated.
    std::vector<StartKey>& keys = m_keyScratch;
    std::vector<KeyOfField>& fieldsOfKey = m_keyFieldsScratch;
    keys.clear();
    fieldsOfKey.clear();
    auto tag = [&](SearchField field) {
        for (const StartKey& key : keys) {
            fieldsOfKey.push_back({key.key, Plan::bit(field), key.neighbours});
        }
        keys.clear();
    };
    appendNameStartKeys(nameChars(hot), keys);
    tag(SearchField::Name);
    constexpr std::array<SearchField, kColumns> kFields = {SearchField::Phone, SearchField::Plate, SearchField::Vin,
                                                           SearchField::Company, SearchField::Tag};
    for (int k = 0; k < kColumns; ++k) {
        appendItemEndKeys(column(hot, static_cast<Column>(k)), k != kCompany && k != kTags, keys);
        tag(kFields[k]);
    }
    std::sort(fieldsOfKey.begin(), fieldsOfKey.end(),
              [](const KeyOfField& a, const KeyOfField& b) { return a.key < b.key; });
}

void SearchIndex::indexStartKeys(std::uint32_t slot) {
    if (!postingsHoldEverySlot()) {
        return;  // (more entries than a posting can name: every search scans)
    }
    collectStartKeys(slot);
    const std::vector<KeyOfField>& fieldsOfKey = m_keyFieldsScratch;
    for (std::size_t i = 0; i < fieldsOfKey.size();) {
        const PostingKey key = fieldsOfKey[i].key;
        unsigned fields = 0;
        std::uint16_t neighbours = 0;
        for (; i < fieldsOfKey.size() && fieldsOfKey[i].key == key; ++i) {
            fields |= fieldsOfKey[i].fields;
            neighbours |= fieldsOfKey[i].neighbours;
        }
        // The very score a search for these characters computes (evaluate), once, now.
        if (const std::uint32_t list = keyList(key); list != kNoList) {
            const Scored scored = evaluate(Plan(keyQuery(key), fields), slot);
            if (scored.kind > MatchKind::Substring) {
                m_startPostings.add(list, {slot, scored.score, neighbours});
            }
        }
    }
}

void SearchIndex::unindexStartKeys(std::uint32_t slot, std::uint32_t movedTo) {
    collectStartKeys(slot);
    const std::vector<KeyOfField>& fieldsOfKey = m_keyFieldsScratch;
    for (std::size_t i = 0; i < fieldsOfKey.size(); ++i) {
        if (i > 0 && fieldsOfKey[i].key == fieldsOfKey[i - 1].key) {
            continue;
        }
        // Only keys with a list can hold a posting (a key's list, once made, never changes).
        if (const auto list = knownKeyList(fieldsOfKey[i].key); list && *list != kNoList) {
            if (movedTo == SlotTable::kNone) {
                m_startPostings.remove(*list, slot);
            } else {
                m_startPostings.move(*list, slot, movedTo);
            }
        }
    }
}

std::size_t SearchIndex::postingsBest(const Query& query, std::size_t limit, Best& best) const {
    if (!postingsHoldEverySlot()) {
        return 0;
    }
    const PostingKey typed = keyOf(query.name);
    const std::optional<std::uint32_t> list = knownKeyList(typed);
    if (!list || *list == kNoList) {
        return 0;
    }
    // The postings' scores hold for exactly this normalized query ("A", " a" and "ａ" are all "a").
    const Query key = prepareKey(typed);
    if (key.name != query.name || key.text != query.text || key.compact != query.compact ||
        key.digits != query.digits || key.vin != query.vin) {
        return 0;
    }
    // Every other entry matches inside a field at best, which ranks below any match at a field's start.
    const PostingList postings = m_startPostings.postings(*list);
    if (postings.empty() || postings.size() < limit) {
        return 0;
    }
    for (const Posting& posting : postings) {
        best.offer({m_hot[posting.slot].sortKey, posting.slot, posting.score,
                    static_cast<SearchField>(9 - posting.score % 10), static_cast<MatchKind>(posting.score / 100)});
    }
    return postings.size();
}

SearchIndex::StartCandidates SearchIndex::startCandidatesBest(const Query& query, std::size_t limit, std::size_t budget,
                                                              Best& best) const {
    if (query.name.size() < 3 || !hasPlainNeedles(query) || !postingsHoldEverySlot()) {
        return {};
    }
    // A match at a field's start begins with the first two characters; a phone's, plate's or VIN's tail
    // ends with the last two. Both keys' postings are complete when the key is valid or was never seen.
    const std::size_t n = query.name.size();
    const PostingKey head = postingKey(query.name[0], query.name[1]);
    const PostingKey tail = postingKey(query.name[n - 2], query.name[n - 1]);
    const std::optional<std::uint32_t> headList = knownKeyList(head);
    const std::optional<std::uint32_t> tailList = knownKeyList(tail);
    if ((headList && *headList == kNoList) || (tailList && *tailList == kNoList)) {
        return {};
    }
    const PostingList heads = headList ? m_startPostings.postings(*headList) : PostingList();
    const PostingList tails = tailList && tail != head ? m_startPostings.postings(*tailList) : PostingList();
    StartCandidates result;
    result.evaluated = heads.size() + tails.size();
    if (result.evaluated < limit) {
        result.tried = true;  // too few to answer, whatever they score
        return result;
    }
    if (result.evaluated >= budget) {
        return {};
    }
    result.tried = true;
    // Each entry once (it may be in both lists) where the query's third character may follow the head (or
    // its third last precede the tail), then evaluated like a scan, keeping start matches only.
    const std::uint16_t afterHead = neighbourBit(query.name[2]);
    const std::uint16_t beforeTail = neighbourBit(query.name[n - 3]);
    std::vector<std::uint32_t> slots;
    std::vector<std::uint64_t> seen(tails.empty() ? 0 : (m_hot.size() + 63) / 64);
    for (const Posting& posting : heads) {
        if (posting.neighbours & afterHead) {
            slots.push_back(posting.slot);
            if (!seen.empty()) {
                seen[posting.slot / 64] |= std::uint64_t{1} << (posting.slot % 64);
            }
        }
    }
    for (const Posting& posting : tails) {
        if ((posting.neighbours & beforeTail) && !(seen[posting.slot / 64] >> (posting.slot % 64) & 1)) {
            slots.push_back(posting.slot);
        }
    }
    Best found(limit, Better{this});
    std::vector<std::uint32_t> matched;
    scan(query, &slots, found, &matched, MatchKind::Substring);
    result.evaluated = slots.size();
    result.startMatches = matched.size();
    if (result.answered(limit)) {
        best = std::move(found);
    }
    return result;
}

void SearchIndex::entriesThatMayHold(const Query& query, const std::vector<std::uint32_t>* from,
                                     std::vector<std::uint32_t>& out) const {
    // In the name, the first character starts a character (or one of its readings) and the others are
    // characters or letters of readings. In the other fields, whichever needle matched (phone digits,
    // compact or folded text) has every one of its characters, byte pairs and triples there: so has each
    // bit the needles' blooms share.
    const std::uint64_t first = searchBloomBit(query.name[0]);
    std::uint64_t rest = 0;
    for (std::size_t i = 1; i < query.name.size(); ++i) {
        rest |= searchBloomBit(query.name[i]);
    }
    std::uint64_t chars = ~std::uint64_t{0};
    ItemGrams grams;
    grams.fill(~std::uint64_t{0});
    for (const std::string* needle : {&query.compact, &query.text, &query.digits}) {
        if (needle->empty()) {
            continue;
        }
        std::uint64_t needleChars = 0;
        for (const DecodedChar& c : decodeUtf8(*needle)) {
            needleChars |= searchBloomBit(c.cp);
        }
        ItemGrams needleGrams{};
        addItemGrams(*needle, needleGrams);
        chars &= needleChars;
        for (std::size_t k = 0; k < grams.size(); ++k) {
            grams[k] &= needleGrams[k];
        }
    }
    auto mayHold = [&](std::uint32_t slot) {
        const Presence& p = m_presence[slot];
        return ((p.nameStart & first) != 0 && (p.nameAny & rest) == rest) ||
               ((p.itemChars & chars) == chars && (p.itemGrams[0] & grams[0]) == grams[0] &&
                (p.itemGrams[1] & grams[1]) == grams[1] && (p.itemGrams[2] & grams[2]) == grams[2] &&
                (p.itemGrams[3] & grams[3]) == grams[3]);
    };
    out.clear();
    if (from) {
        for (std::uint32_t slot : *from) {
            if (mayHold(slot)) {
                out.push_back(slot);
            }
        }
        return;
    }
    const auto count = static_cast<std::uint32_t>(m_presence.size());
    for (std::uint32_t slot = 0; slot < count; ++slot) {
        if (mayHold(slot)) {
            out.push_back(slot);
        }
    }
}

SearchIndex::Stats SearchIndex::stats() const {
    Stats stats;
    stats.postings = m_startPostings.postingCount();
    stats.postingBytes = m_startPostings.memoryBytes();
    stats.keys = m_keyLists.size();
    stats.keyQueryBytes = m_keyLists.size() * (sizeof(PostingKey) + sizeof(std::uint32_t) + 2 * sizeof(void*)) +
                          m_keyLists.bucket_count() * sizeof(void*) +
                          m_keyQueryCache.capacity() * sizeof(CachedKeyQuery);
    stats.presenceBytes = m_presence.capacity() * sizeof(Presence);
    stats.entryBytes = m_entryBytes.capacity() + m_entryOffsets.capacity() * sizeof(std::uint32_t) + m_slots.memoryBytes();
    stats.hotBytes = m_hot.capacity() * sizeof(Hot);
    stats.textBytes = m_text.capacity() + m_nameChars.capacity() * sizeof(PinyinChar);
    return stats;
}

}  // namespace crm::core

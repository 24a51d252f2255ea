// SearchIndex's highlights: which bytes of which field matched, for the returned hits only (the scan keeps
// no positions), found again on the original text through the normalizers' byte maps.
#include "core/search/search_index.h"

#include <algorithm>

#include "core/search/occurrence.h"
#include "core/search/text_fold.h"

namespace crm::core {

std::vector<Highlight> SearchIndex::highlights(const Query& query, const Scored& scored) const {
    const SearchEntry entry = this->entry(scored.slot).unpack();
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

}  // namespace crm::core

// SearchIndex::Plan, shared by the files that evaluate queries against entries (the scan, the postings):
// a query laid out for the evaluation loop.
#pragma once
#include "core/search/search_index.h"

namespace crm::core {

// A query laid out for the scan loop: plain pointers and sizes, only the fields that can match (and of
// those, only the fields in `fields`, a bit per SearchField).
struct SearchIndex::Plan {
    static constexpr unsigned kAllFields = ~0u;
    static constexpr unsigned bit(SearchField field) { return 1u << static_cast<unsigned>(field); }
    struct Needle {
        const char* bytes;
        std::uint32_t size;
        Column column;
        SearchField field;
        bool tailIsPrefix;
        std::uint64_t need;  // byte pairs (pairBloomOf)
    };
    explicit Plan(const Query& query, unsigned fields = kAllFields)
        : query(query), matchName(!query.name.empty() && (fields & bit(SearchField::Name)) != 0) {
        auto add = [&](Column column, SearchField field, const std::string& needle, bool tailIsPrefix,
                       std::uint64_t need) {
            if (!needle.empty() && (fields & bit(field)) != 0) {
                needles[count++] = {
                    needle.data(), static_cast<std::uint32_t>(needle.size()), column, field, tailIsPrefix, need};
            }
        };
        add(kPhones, SearchField::Phone, query.digits, true, query.digitsBloom);
        add(kPlates, SearchField::Plate, query.compact, true, query.compactBloom);
        if (query.vin) {
            add(kVins, SearchField::Vin, query.compact, true, query.compactBloom);
        }
        add(kCompany, SearchField::Company, query.text, false, query.textBloom);
        add(kTags, SearchField::Tag, query.text, false, query.textBloom);
    }
    const Query& query;
    bool matchName;
    std::array<Needle, kColumns> needles{};
    std::size_t count = 0;
};

}  // namespace crm::core

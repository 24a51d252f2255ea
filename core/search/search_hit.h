// What a search returns: the matched customer, how well it matched, and which characters of which
// field matched (for highlighting in the UI).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace crm::core {

// How a query matched a field; a higher value ranks higher.
enum class MatchKind : std::uint8_t {
    None = 0,
    Substring = 1,  // somewhere inside ("伟" or "wei" in 张伟, a phone's middle digits)
    Initials = 2,   // from the start, some characters abbreviated ("zw", "zhw", "zwei" for 张伟)
    Prefix = 3,     // from the start, whole syllables then possibly a partial one ("zhang", "张w");
                    // for phones, plates and VINs also the tail ("5678", "A12345", a VIN's last 6)
    Exact = 4,      // the whole field ("zhangwei", "张伟", "zhang伟", a whole phone number)
};

// Fields in tie-break order: at equal kind, a name match ranks above a phone match, and so on.
enum class SearchField : std::uint8_t { Name, Phone, Plate, Vin, Company, Tag };

// Bytes [begin, end) of the UTF-8 text of `field` (its `item`-th value for phones, plates, VINs and
// tags; 0 for name and company) matched the query.
struct Highlight {
    SearchField field = SearchField::Name;
    std::uint32_t item = 0;
    std::uint32_t begin = 0;
    std::uint32_t end = 0;

    bool operator==(const Highlight&) const = default;
};

struct SearchHit {
    std::string id;
    MatchKind kind = MatchKind::None;
    SearchField field = SearchField::Name;  // the field that gave the best match
    int score = 0;                          // higher first; see SearchIndex::score
    std::vector<Highlight> highlights;      // the best field's first, then any other matching fields
};

const char* matchKindName(MatchKind kind);
const char* searchFieldName(SearchField field);

}  // namespace crm::core

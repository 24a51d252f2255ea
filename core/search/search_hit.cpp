// Names of match kinds and fields (logs, tests, benchmark output).
#include "core/search/search_hit.h"

namespace crm::core {

const char* matchKindName(MatchKind kind) {
    switch (kind) {
    case MatchKind::None: return "none";
    case MatchKind::Substring: return "substring";
    case MatchKind::Initials: return "initials";
    case MatchKind::Prefix: return "prefix";
    case MatchKind::Exact: return "exact";
    }
    return "?";
}

const char* searchFieldName(SearchField field) {
    switch (field) {
    case SearchField::Name: return "name";
    case SearchField::Phone: return "phone";
    case SearchField::Plate: return "plate";
    case SearchField::Vin: return "vin";
    case SearchField::Company: return "company";
    case SearchField::Tag: return "tag";
    }
    return "?";
}

}  // namespace crm::core

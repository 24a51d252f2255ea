// Lets doctest print the search enums in failed checks.
#pragma once
#include <ostream>

#include "core/search/search_hit.h"

namespace crm::core {
inline std::ostream& operator<<(std::ostream& out, MatchKind kind) { return out << matchKindName(kind); }
inline std::ostream& operator<<(std::ostream& out, SearchField field) { return out << searchFieldName(field); }
inline std::ostream& operator<<(std::ostream& out, const Highlight& h) {
    return out << searchFieldName(h.field) << "[" << h.item << "] " << h.begin << ".." << h.end;
}
}  // namespace crm::core

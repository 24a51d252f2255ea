// Where a needle occurs among the items of one normalized field (phones, plates, VINs, company, tags), and
// how well: the whole item, its start (or end), or inside. Used by the scan for every entry and by highlights.
#pragma once
#include <cstddef>
#include <string_view>

#include "core/search/search_hit.h"
#include "core/search/start_postings.h"

namespace crm::core {

struct Occurrence {
    MatchKind kind = MatchKind::None;
    std::size_t pos = 0;
};

// The best place `needle` occurs in `hay` (items separated by kSearchItemSeparator): a whole item beats
// an item's start (or its end, when tails count as prefixes) beats anywhere inside. Plain byte loops
// over the short haystacks of one entry: this runs for most entries of a scan.
inline Occurrence bestOccurrence(std::string_view hay, std::string_view needle, bool tailIsPrefix) {
    Occurrence best;
    const std::size_t m = needle.size();
    const std::size_t n = hay.size();
    if (m == 0 || m > n) {
        return best;
    }
    const char* h = hay.data();
    const char* q = needle.data();
    const char first = q[0];
    for (std::size_t pos = 0; pos + m <= n; ++pos) {
        if (h[pos] != first) {
            continue;
        }
        std::size_t k = 1;
        while (k < m && h[pos + k] == q[k]) {
            ++k;
        }
        if (k != m) {
            continue;
        }
        const std::size_t end = pos + m;
        const bool atStart = pos == 0 || h[pos - 1] == kSearchItemSeparator;
        const bool atEnd = end == n || h[end] == kSearchItemSeparator;
        const MatchKind kind = atStart && atEnd                     ? MatchKind::Exact
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

}  // namespace crm::core

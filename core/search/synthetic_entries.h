// Deterministic, realistic-looking search entries (Chinese names, phones, plates, VINs) for the
// search benchmark and tests; not the demo data set.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/search/search_entry.h"

namespace crm::core {

// `count` entries with ids "c000000", "c000001", ...; the same seed gives the same entries.
std::vector<SearchEntry> syntheticSearchEntries(std::size_t count, std::uint32_t seed = 1);

}  // namespace crm::core

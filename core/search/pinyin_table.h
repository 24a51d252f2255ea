// The generated pinyin table's raw layout (defined in the build dir by scripts/gen_pinyin_table.py).
// Use core/search/pinyin.h to read it; this header only describes the data.
#pragma once
#include <cstdint>
#include <span>
#include <string_view>

namespace crm::core::pinyin_table {

struct Table {
    // Sorted toneless syllables ("v" for "ü"), each followed by '\0'.
    std::string_view syllableText;
    std::uint16_t syllableCount;
    // Code points denseBegin .. denseBegin + dense.size() - 1: primary syllable index + 1 in
    // bits 0-14 (0 = no reading), bit 15 set when `extra` holds further readings.
    char32_t denseBegin;
    std::span<const std::uint16_t> dense;
    // Every other code point with a reading, sorted: cp << 10 | has-extra << 9 | syllable index.
    std::span<const std::uint32_t> sparse;
    // Further readings (most common first), sorted by code point: cp << 10 | syllable index.
    std::span<const std::uint32_t> extra;
};

const Table& table();

}  // namespace crm::core::pinyin_table

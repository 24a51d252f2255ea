// Toneless Mandarin readings of Han characters (generated from Unihan at build time) and of personal
// names, where a leading polyphonic surname takes its surname reading (单 shan, 曾 zeng, 尉迟 yu chi).
#pragma once
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

using SyllableId = std::uint16_t;

// The readings of one character, most common first ("v" stands for "ü": 吕 → lv).
struct Readings {
    static constexpr std::size_t kMax = 4;
    std::array<SyllableId, kMax> ids{};
    std::uint8_t count = 0;

    std::span<const SyllableId> view() const { return {ids.data(), count}; }
    bool empty() const { return count == 0; }
    void add(SyllableId id);
};

class Pinyin {
public:
    static std::size_t syllableCount();
    // The toneless syllable, e.g. "zhang"; empty for an id out of range.
    static std::string_view syllable(SyllableId id);
    // The id of a toneless syllable, or nothing when it is not a Mandarin syllable.
    static std::optional<SyllableId> find(std::string_view syllable);
    // Readings of a code point; empty for anything without a Mandarin reading.
    static Readings readings(char32_t cp);
    // Readings as text (tests, tools): "解" → {"jie", "xie"}.
    static std::vector<std::string> spell(std::string_view utf8Char);
    // If `name` starts with a polyphonic or compound surname, its length in code points and the
    // surname reading of each of those characters; otherwise 0.
    static std::size_t surname(std::u32string_view name, std::span<Readings> out);
    // The readings of each character of a personal name, the surname taking its surname reading.
    static std::vector<Readings> nameReadings(std::u32string_view name);
};

}  // namespace crm::core

// Text folding for search: UTF-8 decoding, full-width → ASCII, case folding, separator removal and
// phone digit extraction, applied identically to indexed fields and to queries.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm::core {

// One decoded code point and where its bytes are in the UTF-8 source.
struct DecodedChar {
    char32_t cp;
    std::uint32_t offset;
    std::uint8_t length;
};

// Decodes UTF-8; an invalid byte becomes U+FFFD of length 1.
std::vector<DecodedChar> decodeUtf8(std::string_view text);
void appendUtf8(std::string& out, char32_t cp);

// Full-width ASCII → ASCII, ideographic space → space, ASCII letters → lower case.
char32_t foldChar(char32_t cp);
// Characters that never matter in a search key: white space, middle dots (·・‧•), - _ ' . / and similar.
bool isSeparatorChar(char32_t cp);
bool isHan(char32_t cp);

// For each output byte, the input bytes [first, second) it came from (to map matches back for highlights).
using ByteMap = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Folded text with runs of white space collapsed to one space and trimmed (company, tags).
std::string foldText(std::string_view text, ByteMap* map = nullptr);
// Folded text without separators (plates, VINs, the pinyin query): "京A·12345" → "京a12345".
std::string compactText(std::string_view text, ByteMap* map = nullptr);
// True when the text is a phone fragment: digits with only + - ( ) . and spaces around them.
bool isPhoneLike(std::string_view text);
// Digits of a phone number without a +86 / 0086 country prefix ("+86 138-1234-5678" → "13812345678").
std::string phoneDigits(std::string_view text, ByteMap* map = nullptr);

}  // namespace crm::core

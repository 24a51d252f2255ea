// Text folding for search: UTF-8 decoding, case and width folding, separators, phone digits.
#include "core/search/text_fold.h"

namespace crm::core {

std::vector<DecodedChar> decodeUtf8(std::string_view text) {
    std::vector<DecodedChar> out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 1;
        char32_t cp = lead;
        if (lead >= 0xF0 && lead < 0xF5) {
            length = 4;
            cp = lead & 0x07;
        } else if (lead >= 0xE0) {
            length = lead < 0xF0 ? 3 : 0;
            cp = lead & 0x0F;
        } else if (lead >= 0xC2) {
            length = 2;
            cp = lead & 0x1F;
        } else if (lead >= 0x80) {
            length = 0;
        }
        bool valid = length != 0 && i + length <= text.size();
        for (std::size_t k = 1; valid && k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            valid = (next & 0xC0) == 0x80;
            cp = (cp << 6) | (next & 0x3F);
        }
        if (valid && ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
                      (cp >= 0xD800 && cp <= 0xDFFF))) {
            valid = false;
        }
        if (!valid) {
            cp = 0xFFFD;
            length = 1;
        }
        out.push_back({cp, static_cast<std::uint32_t>(i), static_cast<std::uint8_t>(length)});
        i += length;
    }
    return out;
}

void appendUtf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

char32_t foldChar(char32_t cp) {
    if (cp >= 0xFF01 && cp <= 0xFF5E) {
        cp -= 0xFEE0;
    } else if (cp == 0x3000 || cp == U'\t' || cp == U'\n' || cp == U'\r' || cp == 0xA0) {
        cp = U' ';
    }
    if (cp >= U'A' && cp <= U'Z') {
        cp += 32;
    }
    return cp;
}

bool isSeparatorChar(char32_t cp) {
    switch (cp) {
    case U' ': case U'-': case U'_': case U'\'': case U'.': case U'/': case U'\u00B7': case U'\u2022':
    case U'\u2027': case U'\u30FB': case U'\u2010': case U'\u2013': case U'\u2014': case U'\u3002':
        return true;
    default:
        return false;
    }
}

bool isHan(char32_t cp) {
    return (cp >= 0x3400 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x323AF) ||
           cp == 0x3007;
}

namespace {

void append(std::string& out, ByteMap* map, char32_t cp, std::uint32_t begin, std::uint32_t end) {
    appendUtf8(out, cp);
    if (map) {
        map->resize(out.size(), {begin, end});
    }
}

}  // namespace

std::string foldText(std::string_view text, ByteMap* map) {
    std::string out;
    out.reserve(text.size());
    if (map) {
        map->clear();
    }
    bool pendingSpace = false;
    DecodedChar space{};
    for (const DecodedChar& c : decodeUtf8(text)) {
        const char32_t cp = foldChar(c.cp);
        if (cp == U' ') {
            pendingSpace = !out.empty();
            space = c;
            continue;
        }
        if (pendingSpace) {
            append(out, map, U' ', space.offset, space.offset + space.length);
            pendingSpace = false;
        }
        append(out, map, cp, c.offset, c.offset + c.length);
    }
    return out;
}

std::string compactText(std::string_view text, ByteMap* map) {
    std::string out;
    out.reserve(text.size());
    if (map) {
        map->clear();
    }
    for (const DecodedChar& c : decodeUtf8(text)) {
        const char32_t cp = foldChar(c.cp);
        if (!isSeparatorChar(cp)) {
            append(out, map, cp, c.offset, c.offset + c.length);
        }
    }
    return out;
}

bool isPhoneLike(std::string_view text) {
    bool digit = false;
    for (const DecodedChar& c : decodeUtf8(text)) {
        const char32_t cp = foldChar(c.cp);
        if (cp >= U'0' && cp <= U'9') {
            digit = true;
        } else if (cp != U' ' && cp != U'-' && cp != U'+' && cp != U'(' && cp != U')' && cp != U'.') {
            return false;
        }
    }
    return digit;
}

std::string phoneDigits(std::string_view text, ByteMap* map) {
    std::string digits;
    ByteMap where;
    bool plus = false;
    for (const DecodedChar& c : decodeUtf8(text)) {
        const char32_t cp = foldChar(c.cp);
        if (cp >= U'0' && cp <= U'9') {
            digits += static_cast<char>(cp);
            where.emplace_back(c.offset, c.offset + c.length);
        } else if (cp == U'+' && digits.empty()) {
            plus = true;
        }
    }
    std::size_t drop = 0;
    if (plus && digits.starts_with("86")) {
        drop = 2;
    } else if (digits.starts_with("0086")) {
        drop = 4;
    } else if (digits.size() == 13 && digits.starts_with("861")) {
        drop = 2;  // a mobile number written with its country code but no "+"
    }
    if (map) {
        map->assign(where.begin() + static_cast<std::ptrdiff_t>(drop), where.end());
    }
    return digits.substr(drop);
}

}  // namespace crm::core

// LEB128 unsigned varints, shared by the packed encodings (packed_json, packed_doc, document records).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace crm::core {

inline void putVarint(std::string& out, uint64_t v) {
    while (v >= 0x80) {
        out.push_back(static_cast<char>((v & 0x7f) | 0x80));
        v >>= 7;
    }
    out.push_back(static_cast<char>(v));
}

// Reads a varint from the front of `in` and drops it; false (in unchanged) when cut short or too long.
inline bool takeVarint(std::string_view& in, uint64_t& v) {
    v = 0;
    for (size_t i = 0; i < in.size() && i < 10; ++i) {
        uint8_t b = static_cast<uint8_t>(in[i]);
        v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
        if (!(b & 0x80)) {
            in.remove_prefix(i + 1);
            return true;
        }
    }
    return false;
}

} // namespace crm::core

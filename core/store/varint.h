// LEB128 unsigned varints and a bounds-checked reader, shared by the packed encodings (packed_json,
// packed_doc, document records).
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

// Reads a byte string front to back; every step checks bounds, so damaged bytes are refused, never overrun.
class ByteCursor {
public:
    explicit ByteCursor(std::string_view bytes) : m_rest(bytes) {}
    bool atEnd() const { return m_rest.empty(); }
    size_t remaining() const { return m_rest.size(); }
    const char* position() const { return m_rest.data(); }
    // Goes back to a position this cursor passed (its end stays).
    void rewind(const char* to) { m_rest = std::string_view(to, static_cast<size_t>(m_rest.data() + m_rest.size() - to)); }
    bool varint(uint64_t& v) { return takeVarint(m_rest, v); }
    bool byte(uint8_t& b) {
        if (m_rest.empty()) return false;
        b = static_cast<uint8_t>(m_rest[0]);
        m_rest.remove_prefix(1);
        return true;
    }
    bool bytes(uint64_t n, std::string_view& out) {
        if (n > m_rest.size()) return false;
        out = m_rest.substr(0, n);
        m_rest.remove_prefix(n);
        return true;
    }

private:
    std::string_view m_rest;
};

} // namespace crm::core

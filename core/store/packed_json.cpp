// Packed JSON: the byte layout, the encoder, a bounded decoder, and a field peek that decodes nothing.
//
// Layout of one value (a tag byte, then its payload; integers as LEB128 varints):
//   0x00 null · 0x01 false · 0x02 true · 0x03 signed (zigzag varint) · 0x04 unsigned (varint)
//   0x05 double (8 bytes, little-endian bits) · 0x06 string (length, bytes) · 0x07 array (count, values)
//   0x08 object (count, then key number and value per member, in the object's own order)
//   0x09 binary (length, bytes, has-subtype byte, subtype varint)
//   0x40|n unsigned n < 64 · 0x80|n string of length n < 128 (length in the tag)
#include "core/store/packed_json.h"

#include "core/store/varint.h"

#include <cstring>

namespace crm::core {

// ---- KeyTable ---------------------------------------------------------------------------------

uint32_t KeyTable::intern(std::string_view key) {
    auto it = m_ids.find(key);
    if (it != m_ids.end()) return it->second;
    uint32_t id = static_cast<uint32_t>(m_keys.size());
    m_keys.emplace_back(key);
    m_ids.emplace(std::string_view(m_keys.back()), id);
    return id;
}

KeyTable& KeyTable::operator=(const KeyTable& other) {
    if (this == &other) return *this;
    m_keys.clear();
    m_ids.clear();
    for (const std::string& key : other.m_keys) intern(key);
    return *this;
}

std::optional<uint32_t> KeyTable::find(std::string_view key) const {
    auto it = m_ids.find(key);
    if (it == m_ids.end()) return std::nullopt;
    return it->second;
}

std::string KeyTable::encode() const { return Json(std::vector<std::string>(m_keys.begin(), m_keys.end())).dump(); }

bool KeyTable::restore(std::string_view json) {
    Json parsed = Json::parse(json, nullptr, false);
    if (!parsed.is_array() || parsed.size() < m_keys.size()) return false;
    KeyTable fresh;
    for (size_t i = 0; i < parsed.size(); ++i) {
        if (!parsed[i].is_string()) return false;
        const std::string& key = parsed[i].get_ref<const std::string&>();
        if (i < m_keys.size() && m_keys[i] != key) return false;  // must extend the table in use
        if (fresh.find(key)) return false;
        fresh.intern(key);
    }
    *this = fresh;
    return true;
}

// ---- encoder ----------------------------------------------------------------------------------

namespace {
enum Tag : uint8_t {
    kNull = 0x00, kFalse = 0x01, kTrue = 0x02, kSigned = 0x03, kUnsigned = 0x04, kDouble = 0x05,
    kString = 0x06, kArray = 0x07, kObject = 0x08, kBinary = 0x09, kSmallUnsigned = 0x40, kShortString = 0x80,
};
constexpr size_t kMaxDepth = 100000;


void putString(std::string& out, const std::string& s) {
    if (s.size() < 128) {
        out.push_back(static_cast<char>(kShortString | s.size()));
    } else {
        out.push_back(static_cast<char>(kString));
        putVarint(out, s.size());
    }
    out += s;
}
} // namespace

void packJson(const Json& value, KeyTable& keys, std::string& out) {
    switch (value.type()) {
    case Json::value_t::null: out.push_back(static_cast<char>(kNull)); break;
    case Json::value_t::boolean: out.push_back(static_cast<char>(value.get<bool>() ? kTrue : kFalse)); break;
    case Json::value_t::number_integer: {
        int64_t v = value.get<int64_t>();
        out.push_back(static_cast<char>(kSigned));
        putVarint(out, (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63));
        break;
    }
    case Json::value_t::number_unsigned: {
        uint64_t v = value.get<uint64_t>();
        if (v < 64) {
            out.push_back(static_cast<char>(kSmallUnsigned | v));
        } else {
            out.push_back(static_cast<char>(kUnsigned));
            putVarint(out, v);
        }
        break;
    }
    case Json::value_t::number_float: {
        double d = value.get<double>();
        uint64_t bits = 0;
        std::memcpy(&bits, &d, sizeof bits);
        out.push_back(static_cast<char>(kDouble));
        for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
        break;
    }
    case Json::value_t::string: putString(out, value.get_ref<const std::string&>()); break;
    case Json::value_t::array:
        out.push_back(static_cast<char>(kArray));
        putVarint(out, value.size());
        for (const Json& item : value) packJson(item, keys, out);
        break;
    case Json::value_t::object:
        out.push_back(static_cast<char>(kObject));
        putVarint(out, value.size());
        for (auto it = value.begin(); it != value.end(); ++it) {
            putVarint(out, keys.intern(it.key()));
            packJson(it.value(), keys, out);
        }
        break;
    case Json::value_t::binary: {
        const auto& bin = value.get_binary();
        out.push_back(static_cast<char>(kBinary));
        putVarint(out, bin.size());
        out.append(reinterpret_cast<const char*>(bin.data()), bin.size());
        out.push_back(bin.has_subtype() ? 1 : 0);
        putVarint(out, bin.has_subtype() ? bin.subtype() : 0);
        break;
    }
    case Json::value_t::discarded: out.push_back(static_cast<char>(kNull)); break;
    }
}

std::string packJson(const Json& value, KeyTable& keys) {
    std::string out;
    packJson(value, keys, out);
    return out;
}

// ---- decoder ----------------------------------------------------------------------------------

namespace {
class Reader : public ByteCursor {
public:
    Reader(std::string_view bytes, const KeyTable& keys) : ByteCursor(bytes), m_keys(keys) {}
    bool tag(uint8_t& t) { return byte(t); }

    // A string value's bytes (short or long form); false when the next value is not a string.
    bool stringValue(uint8_t t, std::string_view& out) {
        if (t & kShortString) return bytes(t & 0x7f, out);
        uint64_t n = 0;
        return t == kString && varint(n) && bytes(n, out);
    }

    bool value(Json& out, size_t depth) {
        uint8_t t = 0;
        if (depth > kMaxDepth || !tag(t)) return false;
        if (t & kShortString) {
            std::string_view s;
            if (!bytes(t & 0x7f, s)) return false;
            out = std::string(s);
            return true;
        }
        if (t & kSmallUnsigned) {
            out = static_cast<uint64_t>(t & 0x3f);
            return true;
        }
        uint64_t n = 0;
        switch (t) {
        case kNull: out = nullptr; return true;
        case kFalse: out = false; return true;
        case kTrue: out = true; return true;
        case kSigned:
            if (!varint(n)) return false;
            out = static_cast<int64_t>((n >> 1) ^ (~(n & 1) + 1));
            return true;
        case kUnsigned:
            if (!varint(n)) return false;
            out = n;
            return true;
        case kDouble: {
            std::string_view raw;
            if (!bytes(8, raw)) return false;
            uint64_t bits = 0;
            for (int i = 0; i < 8; ++i) bits |= static_cast<uint64_t>(static_cast<uint8_t>(raw[i])) << (8 * i);
            double d = 0;
            std::memcpy(&d, &bits, sizeof d);
            out = d;
            return true;
        }
        case kString: {
            std::string_view s;
            if (!varint(n) || !bytes(n, s)) return false;
            out = std::string(s);
            return true;
        }
        case kArray: {
            if (!varint(n) || n > remaining()) return false;  // each item takes a byte
            out = Json::array();
            auto& items = out.get_ref<Json::array_t&>();
            items.resize(n);
            for (Json& item : items) {
                if (!value(item, depth + 1)) return false;
            }
            return true;
        }
        case kObject: {
            if (!varint(n) || n > remaining()) return false;
            out = Json::object();
            auto& members = out.get_ref<Json::object_t&>();
            for (uint64_t i = 0; i < n; ++i) {
                uint64_t id = 0;
                if (!varint(id) || id > UINT32_MAX) return false;
                const std::string* key = m_keys.key(static_cast<uint32_t>(id));
                if (!key) return false;
                Json member;
                if (!value(member, depth + 1)) return false;
                members.emplace_hint(members.end(), *key, std::move(member));
            }
            return members.size() == n;  // a repeated key is malformed
        }
        case kBinary: {
            std::string_view raw;
            uint64_t subtype = 0;
            uint8_t has = 0;
            if (!varint(n) || !bytes(n, raw) || !tag(has) || !varint(subtype)) return false;
            std::vector<uint8_t> data(raw.begin(), raw.end());
            out = has ? Json::binary(std::move(data), static_cast<Json::binary_t::subtype_type>(subtype))
                      : Json::binary(std::move(data));
            return true;
        }
        default: return false;
        }
    }

    // Skips one value without building it.
    bool skip(size_t depth) {
        uint8_t t = 0;
        if (depth > kMaxDepth || !tag(t)) return false;
        std::string_view ignored;
        if (t & kShortString) return bytes(t & 0x7f, ignored);
        if (t & kSmallUnsigned) return true;
        uint64_t n = 0;
        switch (t) {
        case kNull: case kFalse: case kTrue: return true;
        case kSigned: case kUnsigned: return varint(n);
        case kDouble: return bytes(8, ignored);
        case kString: return varint(n) && bytes(n, ignored);
        case kArray:
            if (!varint(n)) return false;
            for (uint64_t i = 0; i < n; ++i) {
                if (!skip(depth + 1)) return false;
            }
            return true;
        case kObject:
            if (!varint(n)) return false;
            for (uint64_t i = 0; i < n; ++i) {
                uint64_t id = 0;
                if (!varint(id) || !skip(depth + 1)) return false;
            }
            return true;
        case kBinary: {
            uint8_t has = 0;
            return varint(n) && bytes(n, ignored) && tag(has) && varint(n);
        }
        default: return false;
        }
    }

    // Reports every string value (object keys excluded) to fn, skipping everything else.
    bool strings(size_t depth, const std::function<void(std::string_view)>& fn) {
        const char* start = position();
        uint8_t t = 0;
        if (depth > kMaxDepth || !tag(t)) return false;
        std::string_view s;
        if ((t & kShortString) || t == kString) {
            if (!stringValue(t, s)) return false;
            fn(s);
            return true;
        }
        uint64_t n = 0;
        if (t == kArray || t == kObject) {
            if (!varint(n)) return false;
            for (uint64_t i = 0; i < n; ++i) {
                uint64_t id = 0;
                if ((t == kObject && !varint(id)) || !strings(depth + 1, fn)) return false;
            }
            return true;
        }
        rewind(start);
        return skip(depth);
    }

    // Copies one value to `out` with its object keys mapped (bytes copied as they are, key numbers re-encoded).
    bool remap(size_t depth, const std::function<uint32_t(uint32_t)>& mapKey, std::string& out) {
        const char* start = position();
        uint8_t t = 0;
        if (depth > kMaxDepth || !tag(t)) return false;
        uint64_t n = 0;
        if (t == kArray || t == kObject) {
            if (!varint(n)) return false;
            out.append(start, position());
            for (uint64_t i = 0; i < n; ++i) {
                if (t == kObject) {
                    uint64_t id = 0;
                    if (!varint(id) || id > UINT32_MAX) return false;
                    putVarint(out, mapKey(static_cast<uint32_t>(id)));
                }
                if (!remap(depth + 1, mapKey, out)) return false;
            }
            return true;
        }
        rewind(start);
        if (!skip(depth)) return false;
        out.append(start, position());
        return true;
    }

private:
    const KeyTable& m_keys;
};
} // namespace

std::optional<Json> unpackJson(std::string_view bytes, const KeyTable& keys) {
    Reader reader(bytes, keys);
    Json out;
    if (!reader.value(out, 0) || !reader.atEnd()) return std::nullopt;
    return out;
}

bool remapPackedKeys(std::string_view bytes, const std::function<uint32_t(uint32_t)>& mapKey, std::string& out) {
    static const KeyTable none;
    Reader reader(bytes, none);
    return reader.remap(0, mapKey, out) && reader.atEnd();
}

void forEachPackedString(std::string_view bytes, const std::function<void(std::string_view)>& fn) {
    static const KeyTable none;
    Reader reader(bytes, none);
    reader.strings(0, fn);
}

std::string_view packedStringField(std::string_view bytes, const KeyTable& keys, std::string_view field) {
    auto wanted = keys.find(field);
    Reader reader(bytes, keys);
    uint8_t t = 0;
    uint64_t n = 0;
    if (!wanted || !reader.tag(t) || t != kObject || !reader.varint(n)) return {};
    for (uint64_t i = 0; i < n; ++i) {
        uint64_t id = 0;
        if (!reader.varint(id)) return {};
        if (id == *wanted) {
            std::string_view s;
            return reader.tag(t) && reader.stringValue(t, s) ? s : std::string_view();
        }
        if (!reader.skip(1)) return {};
    }
    return {};
}

} // namespace crm::core

// A compact binary form of JSON values for documents held in memory and on disk: one byte string per
// value, object keys interned in a KeyTable (a document's "type", "customer_id", … are stored once per
// store, not once per document). Decoding gives back exactly the nlohmann::json that was encoded: the
// same kinds (signed, unsigned, float), the same bits of every double, the same strings and keys.
//
// Checklist of the seam: supports every value nlohmann::json can hold (binary values included);
// does not compress strings; decoding is bounded (corrupt bytes give nullopt, never a crash).
#pragma once
#include "core/json.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace crm::core {

// Object keys by number, append-only: a key keeps its number for the life of the table, so bytes encoded
// with it stay readable. The table is persisted with the records that use it (WriteBehind).
class KeyTable {
public:
    uint32_t intern(std::string_view key);
    const std::string* key(uint32_t id) const { return id < m_keys.size() ? &m_keys[id] : nullptr; }
    std::optional<uint32_t> find(std::string_view key) const;
    size_t size() const { return m_keys.size(); }

    // The table as a JSON array of strings, and back. restore() replaces the table; false (table
    // unchanged) when the JSON is not an array of distinct strings that extends the current table.
    std::string encode() const;
    bool restore(std::string_view json);

    KeyTable() = default;
    KeyTable(const KeyTable& other) { *this = other; }
    KeyTable& operator=(const KeyTable& other);

private:
    std::deque<std::string> m_keys;  // a deque: the strings never move, so m_ids can view them
    std::unordered_map<std::string_view, uint32_t> m_ids;
};

// Appends the encoding of `value` to `out`.
void packJson(const Json& value, KeyTable& keys, std::string& out);
std::string packJson(const Json& value, KeyTable& keys);
// The value encoded in `bytes` (which must hold exactly one value); nullopt when malformed.
std::optional<Json> unpackJson(std::string_view bytes, const KeyTable& keys);
// Copies packed bytes with every object key number replaced by mapKey(number) (appended to `out`); each key
// number met is also reported to it. False when the bytes are malformed.
bool remapPackedKeys(std::string_view bytes, const std::function<uint32_t(uint32_t)>& mapKey, std::string& out);
// Calls fn with every string value in the packed bytes (not object keys), in order, without decoding the
// rest; stops quietly at malformed bytes.
void forEachPackedString(std::string_view bytes, const std::function<void(std::string_view)>& fn);
// A top-level object's string field, read without decoding the rest ("" when absent or not a string).
std::string_view packedStringField(std::string_view bytes, const KeyTable& keys, std::string_view field);

} // namespace crm::core

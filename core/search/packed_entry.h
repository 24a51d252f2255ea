// A SearchEntry as bytes, so the search index keeps each customer's original text in one shared string instead of
// a struct of strings and vectors: the id, name and company, then phones, plates, VINs and tags, each a varint
// count followed by its items; every string a varint length and its bytes. Read back whole or field by field.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include "core/search/search_entry.h"

namespace crm::core {

// Appends `entry`'s bytes to `out`.
void appendPackedEntry(const SearchEntry& entry, std::string& out);

// Reads the entry that starts at `bytes` (written by appendPackedEntry; trusted, not checked).
class PackedEntry {
public:
    explicit PackedEntry(const char* bytes) : m_bytes(bytes) {}
    std::string_view id() const;
    std::string_view name() const;
    SearchEntry unpack() const;
    std::size_t size() const;  // bytes the entry takes

private:
    const char* m_bytes;
};

}  // namespace crm::core

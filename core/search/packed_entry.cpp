// PackedEntry: writing and reading a search entry's bytes (layout in packed_entry.h).
#include "core/search/packed_entry.h"

#include <cstdint>
#include <vector>

#include "core/store/varint.h"

namespace crm::core {
namespace {

void putString(std::string& out, std::string_view text) {
    putVarint(out, text.size());
    out.append(text);
}

void putList(std::string& out, const std::vector<std::string>& items) {
    putVarint(out, items.size());
    for (const std::string& item : items) {
        putString(out, item);
    }
}

// Reads front to back over trusted bytes (only the index writes them).
struct Reader {
    const char* at;
    std::size_t count() {
        std::uint64_t value = 0;
        for (int shift = 0;; shift += 7) {
            const auto byte = static_cast<std::uint8_t>(*at++);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80)) {
                return static_cast<std::size_t>(value);
            }
        }
    }
    std::string_view string() {
        const std::size_t length = count();
        const std::string_view text(at, length);
        at += length;
        return text;
    }
    std::vector<std::string> list() {
        std::vector<std::string> items(count());
        for (std::string& item : items) {
            item = string();
        }
        return items;
    }
    void skipList() {
        for (std::size_t n = count(); n > 0; --n) {
            string();
        }
    }
};

}  // namespace

void appendPackedEntry(const SearchEntry& entry, std::string& out) {
    putString(out, entry.id);
    putString(out, entry.name);
    putString(out, entry.company);
    putList(out, entry.phones);
    putList(out, entry.plates);
    putList(out, entry.vins);
    putList(out, entry.tags);
}

std::string_view PackedEntry::id() const {
    return Reader{m_bytes}.string();
}

std::string_view PackedEntry::name() const {
    Reader reader{m_bytes};
    reader.string();
    return reader.string();
}

SearchEntry PackedEntry::unpack() const {
    Reader reader{m_bytes};
    SearchEntry entry;
    entry.id = reader.string();
    entry.name = reader.string();
    entry.company = reader.string();
    entry.phones = reader.list();
    entry.plates = reader.list();
    entry.vins = reader.list();
    entry.tags = reader.list();
    return entry;
}

std::size_t PackedEntry::size() const {
    Reader reader{m_bytes};
    for (int k = 0; k < 3; ++k) {
        reader.string();
    }
    for (int k = 0; k < 4; ++k) {
        reader.skipList();
    }
    return static_cast<std::size_t>(reader.at - m_bytes);
}

}  // namespace crm::core

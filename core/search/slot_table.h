// Entry ids → slots for the search index without a copy of any id: an open-addressed table (linear probing, load
// at most 0.7, 4 bytes a place) of slot numbers, whose ids are read back from the index through `idOf(slot)`.
// Removal shifts the following places back (no tombstones), so lookups stay short after many edits.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace crm::core {

class SlotTable {
public:
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};

    std::size_t size() const { return m_count; }
    std::size_t memoryBytes() const { return m_places.capacity() * sizeof(std::uint32_t); }
    void clear() {
        m_places.clear();
        m_count = 0;
    }
    void reserve(std::size_t count, const auto& idOf) {
        if (count * 10 > m_places.size() * 7) {
            rehash(placesFor(count), idOf);
        }
    }

    // The slot whose id is `id`, or kNone.
    std::uint32_t find(std::string_view id, const auto& idOf) const {
        const std::size_t at = locate(id, idOf);
        return at == kNowhere ? kNone : m_places[at];
    }
    // Adds `slot` (whose id, idOf(slot), is not in the table yet).
    void insert(std::uint32_t slot, const auto& idOf) {
        reserve(m_count + 1, idOf);
        place(slot, idOf(slot));
        ++m_count;
    }
    // Forgets the slot of `id` (if any).
    void erase(std::string_view id, const auto& idOf) {
        std::size_t hole = locate(id, idOf);
        if (hole == kNowhere) {
            return;
        }
        // Later places of the same run move back into the hole unless their home lies after the hole.
        for (std::size_t at = next(hole);; at = next(at)) {
            const std::uint32_t slot = m_places[at];
            if (slot == kNone) {
                break;
            }
            const std::size_t want = home(idOf(slot));
            const bool stays = hole < at ? (hole < want && want <= at) : (hole < want || want <= at);
            if (!stays) {
                m_places[hole] = slot;
                hole = at;
            }
        }
        m_places[hole] = kNone;
        --m_count;
    }
    // The entry with `id` now lives in `slot`.
    void moved(std::string_view id, std::uint32_t slot, const auto& idOf) {
        if (const std::size_t at = locate(id, idOf); at != kNowhere) {
            m_places[at] = slot;
        }
    }

private:
    static constexpr std::size_t kNowhere = ~std::size_t{0};
    static std::size_t placesFor(std::size_t count) {
        std::size_t places = 16;
        while (count * 10 > places * 7) {
            places *= 2;
        }
        return places;
    }
    std::size_t home(std::string_view id) const { return std::hash<std::string_view>{}(id) & (m_places.size() - 1); }
    std::size_t next(std::size_t at) const { return (at + 1) & (m_places.size() - 1); }
    std::size_t locate(std::string_view id, const auto& idOf) const {
        if (m_places.empty()) {
            return kNowhere;
        }
        for (std::size_t at = home(id);; at = next(at)) {
            const std::uint32_t slot = m_places[at];
            if (slot == kNone) {
                return kNowhere;
            }
            if (idOf(slot) == id) {
                return at;
            }
        }
    }
    void place(std::uint32_t slot, std::string_view id) {
        std::size_t at = home(id);
        while (m_places[at] != kNone) {
            at = next(at);
        }
        m_places[at] = slot;
    }
    void rehash(std::size_t places, const auto& idOf) {
        std::vector<std::uint32_t> old(places, kNone);
        old.swap(m_places);
        for (const std::uint32_t slot : old) {
            if (slot != kNone) {
                place(slot, idOf(slot));
            }
        }
    }

    std::vector<std::uint32_t> m_places;  // slot numbers, kNone where empty
    std::size_t m_count = 0;
};

}  // namespace crm::core

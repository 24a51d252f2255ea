// Entry ids → slots for the search index without a copy of any id: an open-addressed table (linear probing, load
// at most 0.7, 4 bytes a place) of slot numbers, whose ids are read back from the index through `idOf(slot)`.
// Removal shifts the following places back (no tombstones), so lookups stay short after many edits.
// Growing is spread over the inserts that follow: the full table stays beside its double-sized successor, which
// takes kMovesPerInsert of its places with each insert (lookups ask the new one, then the old), so no single insert
// rehashes every id (at 90,000 rows, 15 ms of a pulled write slice in the page).
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace crm::core {

class SlotTable {
public:
    static constexpr std::uint32_t kNone = ~std::uint32_t{0};
    static constexpr std::size_t kMovesPerInsert = 16;  // old places moved per insert while growing

    std::size_t size() const { return m_count; }
    std::size_t memoryBytes() const { return (m_places.capacity() + m_old.capacity()) * sizeof(std::uint32_t); }
    bool growing() const { return !m_old.empty(); }
    void clear() {
        m_places.clear();
        m_old = {};
        m_moved = 0;
        m_count = 0;
    }
    // Room for `count` ids at once (a bulk load sizes the table up front; no growth spread over inserts then).
    void reserve(std::size_t count, const auto& idOf) {
        if (count * 10 > m_places.size() * 7) {
            finishGrowing(idOf);
            rehash(placesFor(count), idOf);
        }
    }

    // The slot whose id is `id`, or kNone.
    std::uint32_t find(std::string_view id, const auto& idOf) const {
        if (const std::size_t at = locate(m_places, id, idOf); at != kNowhere) return m_places[at];
        if (const std::size_t at = locate(m_old, id, idOf); at != kNowhere) return m_old[at];
        return kNone;
    }
    // Adds `slot` (whose id, idOf(slot), is not in the table yet).
    void insert(std::uint32_t slot, const auto& idOf) {
        if (growing()) {
            moveSome(idOf);
        } else if (m_places.empty()) {
            m_places.assign(placesFor(1), kNone);
        } else if ((m_count + 1) * 10 > m_places.size() * 7) {
            m_old = std::move(m_places);
            m_places.assign(placesFor(m_count + 1), kNone);
            m_moved = 0;
            moveSome(idOf);
        }
        place(slot, idOf(slot));
        ++m_count;
    }
    // Forgets the slot of `id` (if any). While growing, the move is finished first (the old table's runs must not
    // shift under it).
    void erase(std::string_view id, const auto& idOf) {
        finishGrowing(idOf);
        std::size_t hole = locate(m_places, id, idOf);
        if (hole == kNowhere) {
            return;
        }
        // Later places of the same run move back into the hole unless their home lies after the hole.
        for (std::size_t at = next(m_places, hole);; at = next(m_places, at)) {
            const std::uint32_t slot = m_places[at];
            if (slot == kNone) {
                break;
            }
            const std::size_t want = home(m_places, idOf(slot));
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
        if (const std::size_t at = locate(m_places, id, idOf); at != kNowhere) {
            m_places[at] = slot;
        }
        if (const std::size_t at = locate(m_old, id, idOf); at != kNowhere) {  // not moved yet, or moved already
            m_old[at] = slot;
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
    static std::size_t home(const std::vector<std::uint32_t>& places, std::string_view id) {
        return std::hash<std::string_view>{}(id) & (places.size() - 1);
    }
    static std::size_t next(const std::vector<std::uint32_t>& places, std::size_t at) {
        return (at + 1) & (places.size() - 1);
    }
    static std::size_t locate(const std::vector<std::uint32_t>& places, std::string_view id, const auto& idOf) {
        if (places.empty()) {
            return kNowhere;
        }
        for (std::size_t at = home(places, id);; at = next(places, at)) {
            const std::uint32_t slot = places[at];
            if (slot == kNone) {
                return kNowhere;
            }
            if (idOf(slot) == id) {
                return at;
            }
        }
    }
    void place(std::uint32_t slot, std::string_view id) {
        std::size_t at = home(m_places, id);
        while (m_places[at] != kNone) {
            at = next(m_places, at);
        }
        m_places[at] = slot;
    }
    // The old table's next places into the new one (the old table keeps them until it is dropped whole, so its runs
    // stay intact for lookups); dropped once every place has moved.
    void moveSome(const auto& idOf, std::size_t count = kMovesPerInsert) {
        const std::size_t end = std::min(m_old.size(), m_moved + count);
        for (; m_moved < end; ++m_moved) {
            if (const std::uint32_t slot = m_old[m_moved]; slot != kNone) {
                place(slot, idOf(slot));
            }
        }
        if (m_moved == m_old.size()) {
            m_old = {};
            m_moved = 0;
        }
    }
    void finishGrowing(const auto& idOf) {
        if (growing()) {
            moveSome(idOf, m_old.size());
        }
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
    std::vector<std::uint32_t> m_old;     // while growing: the full table whose places are being moved
    std::size_t m_moved = 0;              // while growing: m_old's places moved so far
    std::size_t m_count = 0;
};

}  // namespace crm::core

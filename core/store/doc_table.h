// The document store's table of documents: per document a compact entry (its id and packed bytes live in
// ByteArenas, not in heap strings of their own), found by id through an open-addressed hash table, listed in
// update-sequence order (appended: sequences only grow) and in id order (sorted when first asked for after
// new ids arrive). Entries are never removed, so an entry's number (DocIndex) names its document for as long
// as the table lives: indexes hold those instead of copies of ids.
#pragma once
#include "core/store/byte_arena.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>
#include <vector>

namespace crm::core {

using DocIndex = uint32_t;  // an entry's number
constexpr DocIndex kNoDoc = UINT32_MAX;

class DocTable {
public:
    struct Entry {
        const char* id = nullptr;      // in m_ids (never moves)
        const char* packed = nullptr;  // in m_packed (moves on compaction): the packed document, or none
        uint32_t packedSize = 0;
        uint32_t idSize = 0;
        uint16_t type = 0;             // the store's type number for the winner
        bool live = false;             // the winner is not deleted
        uint64_t seq = 0;              // latest change; 0: none
    };  // 32 bytes on wasm32

    DocIndex find(std::string_view id) const;  // kNoDoc when absent
    // The entry for `id`, added (without packed bytes, seq 0) when absent; second: added.
    std::pair<DocIndex, bool> insert(std::string_view id);
    // Sizes the id hash table for `documents` entries at once (nothing when it already holds them): a load that
    // knows how many are coming rehashes what it has once, now, instead of in a doubling step partway through.
    // Out of memory, it throws std::bad_alloc with the table as it was.
    void reserve(size_t documents);
    size_t capacity() const { return m_slotCount * 7 / 10; }  // entries the id table takes before it grows
    size_t size() const { return m_entries.size(); }
    Entry& operator[](DocIndex ref) { return m_entries[ref]; }
    const Entry& operator[](DocIndex ref) const { return m_entries[ref]; }
    std::string_view id(DocIndex ref) const { return {m_entries[ref].id, m_entries[ref].idSize}; }
    std::string_view packed(DocIndex ref) const { return {m_entries[ref].packed, m_entries[ref].packedSize}; }

    // Replaces the packed bytes (in place when they fit, else appended; the old bytes become garbage, and
    // the arena is compacted once garbage passes a quarter of the live bytes).
    void setPacked(DocIndex ref, std::string_view bytes);
    // Gives the entry its latest change (0: none); its earlier place in sequence order is left as a tombstone.
    // `held`: its new place waits aside until settle() or settleSome() releases it (a load spread over many steps,
    // whose seqs come out of order: reads between the steps find the order settled instead of sorting it every time).
    void setSeq(DocIndex ref, uint64_t seq, bool held = false);
    bool hasHeldSeqs() const { return !m_heldSeqs.empty(); }

    // Entries whose latest change is after `since`, in sequence order; fn returns false to stop.
    // Two entries loaded with the same seq: the one set last keeps it, the other's becomes 0.
    template <class Fn>
    void forEachAfter(uint64_t since, Fn&& fn) const {
        const std::deque<SeqSlot>& slots = seqOrder();
        auto it = std::upper_bound(slots.begin(), slots.end(), since,
                                   [](uint64_t s, const SeqSlot& slot) { return s < slot.seq; });
        for (; it != slots.end(); ++it) {
            if (m_entries[it->ref].seq == it->seq && !fn(it->ref)) return;
        }
    }
    // Settles the sequence order: the held places released into it, then sorted where loads left it out of order
    // (a bulk load does it once at its end, so that a seq claimed twice is settled before anyone reads
    // Entry::seq). forEachAfter sorts when needed too, but leaves held places aside.
    void settle() const { settleSome(SIZE_MAX); }
    // The same a piece at a time, for a load's end in frame steps: about `work` slot visits a call (releasing a
    // held place is one, the sort visits each slot a few times); true once settled (nothing held, the order
    // sorted). A change to the order or a read of it in between finishes it at once.
    bool settleSome(size_t work) const { return settlePieces(work, true); }
    bool seqOrderSettled() const { return m_seqSettled; }  // as reads find it: held places are not in it
    // Every entry, in id order (byte-wise, as std::string compares); fn returns false to stop. fn may add
    // documents (by position: an id added before the current one shifts the rest by one).
    template <class Fn>
    void forEachById(Fn&& fn) const {
        for (size_t i = 0; i < idOrder().size(); ++i) {
            if (!fn(m_byId[i])) return;
        }
    }

    size_t packedBytes() const { return m_packedLive; }  // live packed bytes
    // Memory beside the live packed bytes: entries, hash table, orders, id bytes, arena slack and garbage.
    size_t overheadBytes() const;

private:
    struct SeqSlot {
        uint64_t seq;
        DocIndex ref;
    };
    const std::deque<SeqSlot>& seqOrder() const;
    const std::deque<DocIndex>& idOrder() const;
    // Where settling the sequence order in pieces stands: the held places released into m_bySeq, then a stable
    // radix sort (least significant digit first) whose passes go back and forth between m_bySeq and a spare
    // array, then the pass that drops tombstones.
    struct Settling {
        enum class Phase { Release, Largest, Count, Scatter, CopyBack, Clean } phase = Phase::Release;
        std::unique_ptr<SeqSlot[]> spare;  // as many slots as m_bySeq
        size_t count = 0;                  // m_bySeq's size when started
        size_t at = 0;                     // the next slot of this phase's pass
        uint64_t largest = 0;
        unsigned shift = 0;                // the digit of this pass
        bool inSpare = false;              // the spare holds the latest pass's result
        std::vector<size_t> starts;        // per digit value: its count, then where its next slot goes
        size_t kept = 0;                   // (Clean) slots kept so far
    };
    // About `work` slot visits of settling; one not under way starts, from releasing the held places when
    // `release` (else they stay aside). True once settled.
    bool settlePieces(size_t work, bool release) const;
    void startSort(Settling& s) const;                  // the sort's first phase, over m_bySeq as it is now
    bool settleStep(Settling& s, size_t& work) const;  // one phase's piece; false when settled
    bool releaseStep(Settling& s, size_t& work) const;  // (Release) the same
    // A slot of the id hash table: 0 when empty, else the entry's number + 1 in the low kRefBits bits and a
    // tag (the top bits of the id's hash) above them, so most probes that miss never read an id.
    using Slot = uint32_t;
    static constexpr unsigned kRefBits = 27;  // up to 134 million documents
    static constexpr Slot kRefMask = (Slot{1} << kRefBits) - 1;
    static Slot tagOf(size_t hash) { return static_cast<Slot>(hash >> (sizeof(size_t) * 8 - (32 - kRefBits))); }
    void grow();
    void rehash(size_t slotCount);  // into slotCount slots (a power of two, at least 16)
    // The slot holding id (whose hash is `hash`), or the empty slot where it would go.
    size_t slotOf(std::string_view id, size_t hash) const;
    void place(DocIndex ref, size_t hash);  // into the first empty slot from the hash's (ref is not in the table)
    Slot& slotAt(size_t slot) const { return m_slotPages[slot >> kSlotPageBits][slot & (kSlotPageSlots - 1)]; }

    // deque: no doubling copy, entries stay put. Mutable: settling the seq order zeroes yielded seqs.
    mutable std::deque<Entry> m_entries;
    // The id hash table (open addressing, linear probing: Slot above), m_slotCount slots in pages of 64 KB:
    // doubling it never asks for one block of the whole table (8 MB at a million documents), and a page that
    // cannot be had leaves the old table whole (the insert throws std::bad_alloc, nothing changed).
    static constexpr size_t kSlotPageBits = 14;
    static constexpr size_t kSlotPageSlots = size_t{1} << kSlotPageBits;
    std::vector<std::unique_ptr<Slot[]>> m_slotPages;
    size_t m_slotCount = 0;
    ByteArena m_ids;
    ByteArena m_packed;
    size_t m_packedLive = 0;
    // The orders are deques, not vectors: growing never needs one block twice their size (near the memory
    // ceiling a 131,072-document vector's doubling to 4 MB was refused, and then every write after it).
    mutable std::deque<SeqSlot> m_bySeq;    // ascending seq once settled; stale slots are tombstones
    mutable bool m_seqSettled = true;       // false after a load appended a seq out of order
    mutable size_t m_seqTombstones = 0;
    mutable std::deque<SeqSlot> m_heldSeqs;  // places in sequence order not yet released (setSeq's `held`)
    mutable std::unique_ptr<Settling> m_settling;  // while the order is settled piece by piece
    mutable std::deque<DocIndex> m_byId;      // the first m_byId.size() entries, in id order
};

}  // namespace crm::core

// DocTable: the id hash table, packed bytes in the arena, and the lazily settled sequence and id orders
// (see doc_table.h).
#include "core/store/doc_table.h"

#include <algorithm>
#include <functional>

namespace crm::core {

namespace {
size_t hashOf(std::string_view id) { return std::hash<std::string_view>{}(id); }
}  // namespace

size_t DocTable::slotOf(std::string_view id) const {
    const size_t mask = m_slotCount - 1;
    for (size_t slot = hashOf(id) & mask;; slot = (slot + 1) & mask) {
        DocIndex held = slotAt(slot);
        if (held == 0 || this->id(held - 1) == id) return slot;
    }
}

DocIndex DocTable::find(std::string_view id) const {
    if (m_slotCount == 0) return kNoDoc;
    DocIndex held = slotAt(slotOf(id));
    return held == 0 ? kNoDoc : held - 1;
}

std::pair<DocIndex, bool> DocTable::insert(std::string_view id) {
    if (DocIndex found = find(id); found != kNoDoc) return {found, false};
    if ((m_entries.size() + 1) * 10 > m_slotCount * 7) grow();  // load factor at most 0.7
    Entry entry;
    entry.id = m_ids.append(id);
    entry.idSize = static_cast<uint32_t>(id.size());
    const DocIndex ref = static_cast<DocIndex>(m_entries.size());
    m_entries.push_back(entry);
    slotAt(slotOf(this->id(ref))) = ref + 1;
    return {ref, true};
}

void DocTable::grow() {
    // Every new page first (zeroed), then the old ones go: a refused page throws with the old table intact.
    const size_t count = std::max<size_t>(16, m_slotCount * 2);
    std::vector<std::unique_ptr<DocIndex[]>> pages;
    pages.reserve((count + kSlotPageSlots - 1) / kSlotPageSlots);
    for (size_t at = 0; at < count; at += kSlotPageSlots)
        pages.push_back(std::make_unique<DocIndex[]>(std::min(kSlotPageSlots, count - at)));
    m_slotPages.swap(pages);
    m_slotCount = count;
    for (DocIndex ref = 0; ref < m_entries.size(); ++ref) slotAt(slotOf(id(ref))) = ref + 1;
}

void DocTable::setPacked(DocIndex ref, std::string_view bytes) {
    Entry& entry = m_entries[ref];
    m_packedLive += bytes.size();
    m_packedLive -= entry.packedSize;
    if (bytes.size() <= entry.packedSize) {  // fits where it is: the tail becomes garbage
        // The arena's bytes are writable; Entry holds them as const so that readers cannot write.
        if (!bytes.empty()) std::copy(bytes.begin(), bytes.end(), const_cast<char*>(entry.packed));
        m_packed.release(entry.packedSize - bytes.size());
    } else {
        m_packed.release(entry.packedSize);
        entry.packed = m_packed.append(bytes);
    }
    entry.packedSize = static_cast<uint32_t>(bytes.size());
    if (bytes.empty()) entry.packed = nullptr;
    if (m_packed.garbage() > std::max(ByteArena::kChunkBytes, m_packedLive / 4)) {
        std::vector<ByteArena::Ref> live;
        live.reserve(m_entries.size());
        for (Entry& e : m_entries) live.push_back({&e.packed, e.packedSize});
        m_packed.compact(std::move(live));
    }
}

void DocTable::setSeq(DocIndex ref, uint64_t seq) {
    Entry& entry = m_entries[ref];
    if (entry.seq) ++m_seqTombstones;
    entry.seq = seq;
    if (!seq) return;
    if (!m_bySeq.empty() && m_bySeq.back().seq >= seq) m_seqSettled = false;
    m_bySeq.push_back({seq, ref});
    if (m_seqSettled && m_seqTombstones > 1024 && m_seqTombstones > m_bySeq.size() / 2) {
        m_bySeq.erase(std::remove_if(m_bySeq.begin(), m_bySeq.end(),
                                     [&](const SeqSlot& s) { return m_entries[s.ref].seq != s.seq; }),
                      m_bySeq.end());
        m_seqTombstones = 0;
    }
}

const std::deque<DocTable::SeqSlot>& DocTable::seqOrder() const {
    if (m_seqSettled) return m_bySeq;
    // Loaded out of order: sort (stably: of two slots with one seq, the later set wins) and drop tombstones.
    std::stable_sort(m_bySeq.begin(), m_bySeq.end(), [](const SeqSlot& a, const SeqSlot& b) { return a.seq < b.seq; });
    std::deque<SeqSlot> settled;
    for (size_t i = 0, end; i < m_bySeq.size(); i = end) {
        for (end = i; end < m_bySeq.size() && m_bySeq[end].seq == m_bySeq[i].seq;) ++end;
        const SeqSlot* holder = nullptr;  // the last slot of this seq whose entry still has it
        for (size_t k = end; k-- > i;) {
            const SeqSlot& slot = m_bySeq[k];
            Entry& entry = m_entries[slot.ref];
            if (entry.seq != slot.seq) continue;  // a tombstone
            if (!holder) {
                holder = &slot;
            } else if (slot.ref != holder->ref) {
                entry.seq = 0;  // a stale record claimed the same seq: it yields
            }
        }
        if (holder) settled.push_back(*holder);
    }
    m_bySeq = std::move(settled);
    m_seqTombstones = 0;
    m_seqSettled = true;
    return m_bySeq;
}

const std::deque<DocIndex>& DocTable::idOrder() const {
    const size_t sorted = m_byId.size();
    if (sorted == m_entries.size()) return m_byId;
    auto byId = [this](DocIndex a, DocIndex b) { return id(a) < id(b); };
    for (size_t ref = sorted; ref < m_entries.size(); ++ref) m_byId.push_back(static_cast<DocIndex>(ref));
    std::sort(m_byId.begin() + sorted, m_byId.end(), byId);
    std::inplace_merge(m_byId.begin(), m_byId.begin() + sorted, m_byId.end(), byId);
    return m_byId;
}

size_t DocTable::overheadBytes() const {
    return m_entries.size() * sizeof(Entry) + m_slotCount * sizeof(DocIndex) + m_ids.bytes() +
           m_packed.bytes() - m_packedLive + m_bySeq.size() * sizeof(SeqSlot) + m_byId.size() * sizeof(DocIndex);
}

}  // namespace crm::core

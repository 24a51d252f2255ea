// DocTable: the id hash table, packed bytes in the arena, and the lazily settled sequence and id orders
// (see doc_table.h).
#include "core/store/doc_table.h"

#include <algorithm>
#include <functional>
#include <new>
#include <memory>
#include <optional>
#include <utility>
#include <stdexcept>

namespace crm::core {

namespace {
size_t hashOf(std::string_view id) { return std::hash<std::string_view>{}(id); }
}  // namespace

size_t DocTable::slotOf(std::string_view id, size_t hash) const {
    const size_t mask = m_slotCount - 1;
    const Slot tag = tagOf(hash);
    for (size_t slot = hash & mask;; slot = (slot + 1) & mask) {
        const Slot held = slotAt(slot);
        if (held == 0) return slot;
        if ((held >> kRefBits) == tag && this->id((held & kRefMask) - 1) == id) return slot;
    }
}

void DocTable::place(DocIndex ref, size_t hash) {
    const size_t mask = m_slotCount - 1;
    size_t slot = hash & mask;
    while (slotAt(slot) != 0) slot = (slot + 1) & mask;
    slotAt(slot) = (tagOf(hash) << kRefBits) | (ref + 1);
}

DocIndex DocTable::find(std::string_view id) const {
    if (m_slotCount == 0) return kNoDoc;
    const Slot held = slotAt(slotOf(id, hashOf(id)));
    return held == 0 ? kNoDoc : (held & kRefMask) - 1;
}

std::pair<DocIndex, bool> DocTable::insert(std::string_view id) {
    const size_t hash = hashOf(id);
    if (m_slotCount > 0) {
        if (const Slot held = slotAt(slotOf(id, hash)); held != 0) return {(held & kRefMask) - 1, false};
    }
    if (m_entries.size() + 1 >= kRefMask) throw std::length_error("DocTable: too many documents");
    if ((m_entries.size() + 1) * 10 > m_slotCount * 7) grow();  // load factor at most 0.7
    Entry entry;
    entry.id = m_ids.append(id);
    entry.idSize = static_cast<uint32_t>(id.size());
    const DocIndex ref = static_cast<DocIndex>(m_entries.size());
    m_entries.push_back(entry);
    place(ref, hash);
    return {ref, true};
}

void DocTable::grow() { rehash(std::max<size_t>(16, m_slotCount * 2)); }

void DocTable::reserve(size_t documents) {
    documents = std::min<size_t>(documents, kRefMask - 1);
    size_t count = std::max<size_t>(16, m_slotCount);
    while (documents * 10 > count * 7) count *= 2;  // the load factor insert keeps: at most 0.7
    if (count > m_slotCount) rehash(count);
}

void DocTable::rehash(size_t count) {
    // Every new page first (zeroed), then the old ones go: a refused page throws with the old table intact.
    std::vector<std::unique_ptr<Slot[]>> pages;
    pages.reserve((count + kSlotPageSlots - 1) / kSlotPageSlots);
    for (size_t at = 0; at < count; at += kSlotPageSlots)
        pages.push_back(std::make_unique<Slot[]>(std::min(kSlotPageSlots, count - at)));
    m_slotPages.swap(pages);
    m_slotCount = count;
    for (DocIndex ref = 0; ref < m_entries.size(); ++ref) place(ref, hashOf(id(ref)));  // ids are distinct
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

void DocTable::setSeq(DocIndex ref, uint64_t seq, bool held) {
    if (m_settling) settle();  // a settling in pieces is finished before the order changes
    Entry& entry = m_entries[ref];
    if (entry.seq) ++m_seqTombstones;
    entry.seq = seq;
    if (!seq) return;
    if (held) {
        m_heldSeqs.push_back({seq, ref});
        return;
    }
    if (!m_bySeq.empty() && m_bySeq.back().seq >= seq) m_seqSettled = false;
    m_bySeq.push_back({seq, ref});
    if (m_seqSettled && m_seqTombstones > 1024 && m_seqTombstones > m_bySeq.size() / 2) {
        m_bySeq.erase(std::remove_if(m_bySeq.begin(), m_bySeq.end(),
                                     [&](const SeqSlot& s) { return m_entries[s.ref].seq != s.seq; }),
                      m_bySeq.end());
        m_seqTombstones = 0;
    }
}

namespace {
// The radix sort's digit: 11 bits a pass over the bits the largest seq uses (two passes below 4 million). A
// comparison sort of the 880,000 slots after the 100,000-customer demo's records stage was one 50 ms task.
constexpr unsigned kDigitBits = 11;
constexpr size_t kDigitValues = size_t{1} << kDigitBits;
}  // namespace

const std::deque<DocTable::SeqSlot>& DocTable::seqOrder() const {
    settlePieces(SIZE_MAX, false);
    return m_bySeq;
}

bool DocTable::settlePieces(size_t work, bool release) const {
    if (!m_settling) {
        if (m_seqSettled && (!release || m_heldSeqs.empty())) return true;
        m_settling = std::make_unique<Settling>();
        if (!release) startSort(*m_settling);
    }
    while (settleStep(*m_settling, work)) {
        if (work == 0) return false;
    }
    return true;
}

void DocTable::startSort(Settling& s) const {
    // Loaded out of order: sort (stably: of two slots with one seq, the later set wins) and drop tombstones.
    s.phase = Settling::Phase::Largest;
    s.at = 0;
    s.count = m_bySeq.size();
    try {
        s.spare.reset(new SeqSlot[s.count]);  // not zero-filled: the first pass writes every slot
        s.starts.resize(kDigitValues);
    } catch (const std::bad_alloc&) {  // out of memory for the spare array: by comparisons in place, at once
        s.spare.reset();
        std::stable_sort(m_bySeq.begin(), m_bySeq.end(), [](const SeqSlot& a, const SeqSlot& b) { return a.seq < b.seq; });
        s.phase = Settling::Phase::Clean;
    }
}

bool DocTable::releaseStep(Settling& s, size_t& work) const {
    for (; work > 0 && !m_heldSeqs.empty(); --work) {  // moved block by block: the two never hold every slot at once
        const SeqSlot slot = m_heldSeqs.front();
        m_heldSeqs.pop_front();
        if (m_entries[slot.ref].seq != slot.seq) continue;  // set again since
        if (!m_bySeq.empty() && m_bySeq.back().seq >= slot.seq) m_seqSettled = false;
        m_bySeq.push_back(slot);
    }
    if (!m_heldSeqs.empty()) return true;
    std::deque<SeqSlot>().swap(m_heldSeqs);
    if (m_seqSettled) {  // released in order: nothing to sort
        m_settling.reset();  // (s with it)
        return false;
    }
    startSort(s);
    return true;
}

bool DocTable::settleStep(Settling& s, size_t& work) const {
    using Phase = Settling::Phase;
    const size_t end = s.at + std::min(work, s.count - s.at);
    work -= end - s.at;
    const bool passDone = end == s.count;
    auto onPass = [&](auto&& visit) {  // the pass over [at, end) from the array holding the latest order
        if (s.inSpare) visit(s.spare.get(), m_bySeq);
        else visit(m_bySeq, s.spare.get());
    };
    auto digit = [&](const SeqSlot& slot) { return (slot.seq >> s.shift) & (kDigitValues - 1); };
    switch (s.phase) {
    case Phase::Release:
        return releaseStep(s, work);
    case Phase::Largest:
        for (size_t i = s.at; i < end; ++i) s.largest = std::max(s.largest, m_bySeq[i].seq);
        s.at = end;
        if (passDone) {
            s.at = 0;
            s.phase = s.largest != 0 ? Phase::Count : Phase::Clean;
        }
        return true;
    case Phase::Count:
        onPass([&](const auto& from, const auto&) {
            for (size_t i = s.at; i < end; ++i) ++s.starts[digit(from[i])];
        });
        s.at = end;
        if (passDone) {
            size_t at = 0;
            for (size_t& start : s.starts) at += std::exchange(start, at);
            s.at = 0;
            s.phase = Phase::Scatter;
        }
        return true;
    case Phase::Scatter:
        onPass([&](const auto& from, auto&& to) {
            for (size_t i = s.at; i < end; ++i) to[s.starts[digit(from[i])]++] = from[i];
        });
        s.at = end;
        if (passDone) {
            s.at = 0;
            s.inSpare = !s.inSpare;
            s.shift += kDigitBits;
            std::fill(s.starts.begin(), s.starts.end(), 0);
            const bool sorted = s.shift >= 64 || (s.largest >> s.shift) == 0;
            s.phase = !sorted ? Phase::Count : s.inSpare ? Phase::CopyBack : Phase::Clean;
        }
        return true;
    case Phase::CopyBack:
        std::copy(s.spare.get() + s.at, s.spare.get() + end, m_bySeq.begin() + static_cast<std::ptrdiff_t>(s.at));
        s.at = end;
        if (passDone) {
            s.at = 0;
            s.phase = Phase::Clean;
        }
        return true;
    case Phase::Clean:
        break;
    }
    s.spare.reset();
    s.starts = {};
    // In place: each seq's holder goes to the next place kept (never after where it was read).
    for (size_t i = s.at, next; i < end; i = next) {
        for (next = i; next < s.count && m_bySeq[next].seq == m_bySeq[i].seq;) ++next;
        std::optional<SeqSlot> holder;  // the last slot of this seq whose entry still has it
        for (size_t k = next; k-- > i;) {
            const SeqSlot& slot = m_bySeq[k];
            Entry& entry = m_entries[slot.ref];
            if (entry.seq != slot.seq) continue;  // a tombstone
            if (!holder) {
                holder = slot;
            } else if (slot.ref != holder->ref) {
                entry.seq = 0;  // a stale record claimed the same seq: it yields
            }
        }
        if (holder) m_bySeq[s.kept++] = *holder;
        s.at = next;
    }
    if (s.at < s.count) return true;
    m_bySeq.resize(s.kept);
    m_bySeq.shrink_to_fit();
    m_seqTombstones = 0;
    m_seqSettled = true;
    m_settling.reset();  // (s with it)
    return false;
}

namespace {
// Entry numbers with 8 bytes of their id (from some offset, big-endian, zero-padded), sorted as integers.
struct KeyedRef {
    uint64_t key;
    DocIndex ref;
};

uint64_t eightBytesAt(std::string_view id, size_t offset) {
    uint64_t key = 0;
    for (size_t i = 0; i < 8; ++i) key = (key << 8) | (offset + i < id.size() ? uint8_t(id[offset + i]) : 0);
    return key;
}

// Sorts refs, whose ids all share their first `offset` bytes, by id: by the next 8 bytes as one integer (no
// id is read twice per level, and the sort moves 16-byte values in one array), then each run of equal keys
// by the 8 after. Small runs, and runs whose ids all end within these bytes (a zero byte and the end of an
// id look alike here), are sorted by the ids themselves.
template <class IdOf>
void sortByIdFrom(KeyedRef* begin, KeyedRef* end, size_t offset, const IdOf& idOf) {
    auto byId = [&](const KeyedRef& a, const KeyedRef& b) { return idOf(a.ref) < idOf(b.ref); };
    if (end - begin <= 16) {
        std::sort(begin, end, byId);
        return;
    }
    for (KeyedRef* k = begin; k != end; ++k) k->key = eightBytesAt(idOf(k->ref), offset);
    std::sort(begin, end, [](const KeyedRef& a, const KeyedRef& b) { return a.key < b.key; });
    for (KeyedRef* run = begin; run != end;) {
        KeyedRef* runEnd = run + 1;
        bool longer = idOf(run->ref).size() > offset + 8;
        for (; runEnd != end && runEnd->key == run->key; ++runEnd) longer = longer || idOf(runEnd->ref).size() > offset + 8;
        if (runEnd - run > 1) {
            if (longer) sortByIdFrom(run, runEnd, offset + 8, idOf);
            else std::sort(run, runEnd, byId);
        }
        run = runEnd;
    }
}
}  // namespace

const std::deque<DocIndex>& DocTable::idOrder() const {
    const size_t sorted = m_byId.size();
    if (sorted == m_entries.size()) return m_byId;
    auto byId = [this](DocIndex a, DocIndex b) { return id(a) < id(b); };
    try {  // 16 bytes a new entry for a moment (14 MB after loading 880,000 documents)
        std::vector<KeyedRef> added;
        added.reserve(m_entries.size() - sorted);
        for (size_t ref = sorted; ref < m_entries.size(); ++ref) added.push_back({0, static_cast<DocIndex>(ref)});
        sortByIdFrom(added.data(), added.data() + added.size(), 0, [this](DocIndex ref) { return id(ref); });
        for (const KeyedRef& k : added) m_byId.push_back(k.ref);
    } catch (const std::bad_alloc&) {  // no block that large near the memory ceiling: sorted where they are
        m_byId.resize(sorted);
        for (size_t ref = sorted; ref < m_entries.size(); ++ref) m_byId.push_back(static_cast<DocIndex>(ref));
        std::sort(m_byId.begin() + sorted, m_byId.end(), byId);
    }
    if (sorted > 0) std::inplace_merge(m_byId.begin(), m_byId.begin() + sorted, m_byId.end(), byId);
    return m_byId;
}

size_t DocTable::overheadBytes() const {
    return m_entries.size() * sizeof(Entry) + m_slotCount * sizeof(Slot) + m_ids.bytes() +
           m_packed.bytes() - m_packedLive + m_bySeq.size() * sizeof(SeqSlot) + m_byId.size() * sizeof(DocIndex);
}

}  // namespace crm::core

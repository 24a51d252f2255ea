// WriteBehind: one Persistence batch per commit, retry on failure, compaction of the log into segments,
// streamed load (segments, then the log; the later copy of a document wins).
#include "core/store/write_behind.h"

#include "core/store/segment.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <new>
#include <optional>
#include <utility>

namespace crm::core {

namespace {
// A burst (a bulk write; a pull that saving has fallen behind): while at least this many documents wait to be
// saved, each batch writes its documents as new segments (one a stage, more when they pass a megabyte), deleting
// their older log records in the same transaction, instead of a log record each — so every document reaches disk
// once, not once in the log and again when the log is folded. Smaller writes go to the log as before (folded at idle or at 4,000).
constexpr size_t kBurstRecords = 2 * WriteBehind::kMaxRecordsPerBatch;

// The most documents a load sizes the id table for up front (16 MB of table; twice the 100,000-customer demo's
// 880,000 documents): a larger stored sequence, or a wrong one, leaves the rest to growth as documents come.
constexpr uint64_t kMaxReservedDocuments = 2'000'000;

// Adds the update seq, and the key table when it has keys not yet on disk; returns the keys it covers.
size_t addMeta(Batch& batch, const DocumentStore& store, size_t savedKeys) {
    batch.meta.push_back(Record{WriteBehind::kUpdateSeqKey, std::to_string(store.updateSeq())});
    if (store.keys().size() > savedKeys) batch.meta.push_back(Record{WriteBehind::kKeyTableKey, store.keys().encode()});
    return store.keys().size();
}

// A batch's segments, each holding one stage's documents (segment.h), numbered on from `first` in the order they
// are opened. A stage's segment that has reached kSegmentBytes takes no more; with `rollOver` (a burst: its
// documents all go into segments, or a log record each would be put now and deleted again by the fold right
// after) the next one is opened instead.
class StagedSegments {
public:
    explicit StagedSegments(uint64_t first) : m_next(first) {}
    // The segment `id` goes in; nullptr when its stage's segment is full and `rollOver` is false.
    segment::Writer* openFor(std::string_view id, bool rollOver) {
        const size_t s = segment::stageOf(id) == segment::Stage::Records;
        if (m_open[s] && m_open[s]->bytes() >= WriteBehind::kSegmentBytes) {
            if (!rollOver) return nullptr;
            close(s);
        }
        if (!m_open[s]) m_open[s].emplace(m_next++);
        return &*m_open[s];
    }
    bool full() const {
        return m_open[0] && m_open[0]->bytes() >= WriteBehind::kSegmentBytes && m_open[1] &&
               m_open[1]->bytes() >= WriteBehind::kSegmentBytes;
    }
    // Puts the segments into the batch; returns their places (stage, number) and entry counts.
    std::vector<std::pair<segment::Place, size_t>> addTo(Batch& batch) {
        close(0);
        close(1);
        for (Record& segment : m_closed) batch.segments.push_back(std::move(segment));
        return std::move(m_added);
    }

private:
    void close(size_t s) {
        if (!m_open[s]) return;
        const segment::Stage stage = s ? segment::Stage::Records : segment::Stage::FirstScreen;
        m_closed.push_back(Record{segment::key(m_open[s]->number(), stage), m_open[s]->finish()});
        m_added.emplace_back(segment::Place{stage, m_open[s]->number()}, m_open[s]->count());
        m_open[s].reset();
    }
    uint64_t m_next;
    std::optional<segment::Writer> m_open[2];
    std::vector<Record> m_closed;
    std::vector<std::pair<segment::Place, size_t>> m_added;
};
} // namespace

WriteBehind::WriteBehind(DocumentStore& store, Persistence& persistence)
    : m_store(store), m_persistence(persistence) {}

WriteBehind::~WriteBehind() { *m_alive = false; }

void WriteBehind::load(std::function<void(const LoadReport&)> onDone,
                       std::function<void(const LoadReport&)> onRecordsLoaded) {
    auto report = std::make_shared<LoadReport>();
    std::weak_ptr<bool> alive = m_alive;
    const bool staged = m_persistence.loadsInStages();
    m_onRecordsLoaded = std::move(onRecordsLoaded);
    if (staged) m_store.setRecordsPending(true);
    m_store.beginBulkLoad();  // listeners hear once, at the end, instead of once per record
    m_persistence.loadWithSegments(
        [this, report, alive](std::vector<Record>&& segments) {
            if (!alive.expired()) loadSegments(std::move(segments), *report);
        },
        [this, report, alive](std::vector<Record>&& docs, std::vector<Record>&& meta) {
            if (alive.expired()) return;
            // Metadata first: packed records need the key table.
            for (const Record& r : meta) {
                if (r.key == kKeyTableKey) {
                    if (m_store.restoreKeys(r.value)) {
                        m_savedKeys = m_store.keys().size();
                    } else {
                        report->corruptKeys.push_back(r.key);
                    }
                    continue;
                }
                if (r.key != kUpdateSeqKey) continue;
                uint64_t seq = 0;
                auto [ptr, ec] = std::from_chars(r.value.data(), r.value.data() + r.value.size(), seq);
                if (ec == std::errc() && ptr == r.value.data() + r.value.size()) {
                    m_store.restoreUpdateSeq(seq);
                    // No more documents are stored than sequences were handed out: the id table is sized once,
                    // here, rather than doubled (every id rehashed in one step) while the records stage comes in.
                    try {
                        m_store.reserveDocuments(static_cast<size_t>(std::min<uint64_t>(seq, kMaxReservedDocuments)));
                    } catch (const std::bad_alloc&) {
                        // not in one go: the table grows as the documents come, as it did before
                    }
                } else {
                    report->corruptKeys.push_back(r.key);
                }
            }
            for (const Record& r : docs) {
                if (m_persistence.holdsSegments() && DocumentStore::isDocumentKey(r.key)) m_log.insert(r.key);
                loadDocument(r.key, r.value, *report);
            }
        },
        [this, report, alive, staged, onDone = std::move(onDone)](const PersistStatus& status) {
            if (alive.expired()) return;
            m_store.endBulkLoad();
            report->status = status;
            // Records left unread (a chunk that did not fit in memory, a failed read) may hold later copies,
            // segment numbers and sequences than memory knows: writing could overwrite them. Changes stay in
            // memory (the screens say how many) and nothing stored is touched.
            if (!status.ok()) {
                m_loadIncomplete = true;
                m_lastError = status;
            }
            // The Records stage follows by steps (after a failed first stage it is not read: nothing is saved).
            m_recordsLoading = staged && status.ok();
            if (m_recordsLoading) m_store.beginBulkLoad(true);
            else m_store.setRecordsPending(false);
            if (onDone) onDone(*report);
            if (!alive.expired() && !m_recordsLoading && m_onRecordsLoaded) m_onRecordsLoaded(m_recordsReport);
        });
}

bool WriteBehind::loadRecordsStep(const std::function<bool()>& more) {
    // The stage's end is steps of its own, never added to a step that took segments in: the sequence order
    // settled (the held sequences released, then sorted), a piece at a time within the frame's allowance (in one
    // go it was 35-80 ms at 100,000 customers, the one task over 50 ms after `ready` in about half the reopens),
    // then the reload notice.
    if (m_recordsEnd && m_recordsNext >= m_recordsEntries.size()) {
        if (!m_store.seqOrderSettled()) {
            while (!m_store.settleSomeSeqOrder(kSeqSlotsPerPiece) && more()) {
            }
            return true;
        }
        finishRecords(*std::exchange(m_recordsEnd, std::nullopt));
        return false;
    }
    std::weak_ptr<bool> alive = m_alive;
    while (m_recordsLoading && more()) {
        if (m_recordsNext < m_recordsEntries.size()) {
            loadRecordsEntries(m_recordsNext + kRecordsPerCheck);
            continue;
        }
        if (m_recordsEnd) return true;  // ended: the next step finishes it
        m_recordsEntries.clear();
        m_recordsSegment.clear();
        m_recordsNext = 0;
        const Persistence::LaterStage got = m_persistence.takeLaterSegment(
            [this, alive](std::vector<Record>&& segments) {
                if (!alive.expired()) takeRecordsSegment(std::move(segments));
            },
            [this, alive](const PersistStatus& status) {
                if (!alive.expired()) m_recordsEnd = status;
            });
        if (got != Persistence::LaterStage::Delivered) return true;
    }
    return m_recordsLoading;
}

void WriteBehind::takeRecordsSegment(std::vector<Record>&& segments) {
    for (Record& stored : segments) {
        if (!m_recordsEntries.empty()) {  // more than one at a time: the earlier ones are taken in at once
            loadRecordsEntries(m_recordsEntries.size());
            m_recordsEntries.clear();
            m_recordsNext = 0;
        }
        m_recordsSegment = std::move(stored.value);
        auto contents = openSegment(stored.key, m_recordsSegment, m_recordsReport);
        if (!contents) continue;
        m_recordsEntries.reserve(contents->entries.size());
        for (const segment::Entry& e : contents->entries) m_recordsEntries.emplace_back(e.id, e.record);
    }
}

void WriteBehind::finishRecords(const PersistStatus& status) {
    loadRecordsEntries(m_recordsEntries.size());  // (none left when it ends by a step)
    m_recordsEntries = {};
    m_recordsSegment = {};
    m_recordsNext = 0;
    m_recordsLoading = false;
    m_store.endBulkLoad(true);
    m_store.setRecordsPending(false);
    m_recordsReport.status = status;
    if (!status.ok()) {  // records left unread: nothing is written from now on (as after a failed load)
        m_loadIncomplete = true;
        m_lastError = status;
    }
    if (m_onRecordsLoaded) m_onRecordsLoaded(m_recordsReport);
}

bool WriteBehind::segmentAllowed(std::string_view id) const {
    return !m_recordsLoading || segment::stageOf(id) != segment::Stage::Records;
}

void WriteBehind::loadDocument(std::string_view key, std::string_view value, LoadReport& report) {
    // Stored more than once (log and segment, two segments): the later write wins, whatever the order read.
    if (DocumentStore::isDocumentKey(key) && !segment::supersedes(DocumentStore::recordSeq(value), m_store.docSeq(key))) {
        ++report.superseded;
        return;
    }
    if (m_store.loadRecord(key, value)) {
        ++report.loaded;
    } else {
        report.corruptKeys.emplace_back(key);
    }
}

void WriteBehind::loadRecordsEntries(size_t upTo) {
    for (const size_t end = std::min(upTo, m_recordsEntries.size()); m_recordsNext < end; ++m_recordsNext) {
        loadDocument(m_recordsEntries[m_recordsNext].first, m_recordsEntries[m_recordsNext].second, m_recordsReport);
    }
}

std::optional<segment::Contents> WriteBehind::openSegment(std::string_view key, std::string_view bytes,
                                                          LoadReport& report) {
    auto contents = segment::read(bytes);
    if (!contents || segment::key(contents->number, segment::stageOfKey(key)) != key) {
        report.corruptKeys.emplace_back(key);
        return std::nullopt;
    }
    ++report.segments;
    m_segments[{segment::stageOfKey(key), contents->number}] = contents->entries.size();
    m_nextSegment = std::max(m_nextSegment, contents->number + 1);
    return contents;
}

void WriteBehind::loadSegments(std::vector<Record>&& segments, LoadReport& report) {
    for (const Record& stored : segments) {
        auto contents = openSegment(stored.key, stored.value, report);
        if (!contents) continue;
        for (const segment::Entry& e : contents->entries) loadDocument(e.id, e.record, report);  // read in place
    }
}

bool WriteBehind::compactionDue() const {
    if (!m_persistence.holdsSegments()) return false;
    return m_log.size() >= kCompactLogRecords || (!m_store.hasDirty() && m_log.size() >= kIdleCompactRecords);
}

bool WriteBehind::compact() {
    StagedSegments writers(m_nextSegment);
    std::vector<std::string> folded;
    for (const std::string& id : m_log) {
        if (m_store.isDirty(id) || !segmentAllowed(id)) continue;  // dirty: its log record is older than memory
        segment::Writer* writer = writers.openFor(id, false);
        if (!writer) continue;
        auto record = m_store.encodeRecord(id);
        if (record) writer->add(id, *record);
        folded.push_back(id);
        if (writers.full()) break;
    }
    if (folded.empty()) return false;
    Batch batch;
    m_sendingSegments = writers.addTo(batch);
    batch.erasedDocs = folded;
    m_folding = std::move(folded);
    send(batch);  // out of memory, the log stays as it is and the next commit retries
    return true;
}

void WriteBehind::send(Batch& batch) {
    m_inFlightKeys = addMeta(batch, m_store, m_savedKeys);
    m_writing = true;
    std::weak_ptr<bool> alive = m_alive;
    try {
        m_persistence.write(batch, [this, alive](const PersistStatus& status) {
            if (alive.expired()) return;
            if (status.ok()) noteWritten();
            m_folding.clear();
            finish(status);
        });
    } catch (const std::bad_alloc&) {  // not handed over
        m_writing = false;
        m_folding.clear();
        throw;
    }
}

void WriteBehind::commit() {
    if (m_writing || m_loadIncomplete) return;
    if (compactionDue()) {
        try {
            if (compact()) return;
        } catch (const std::bad_alloc&) {
            // A segment needs a megabyte in one piece; without it, changes are still saved as log records.
            if (!m_store.hasDirty()) throw;
        }
    }
    if (!m_store.hasDirty()) return;
    const size_t dirty = m_store.dirtyCount();
    bool burst = m_persistence.holdsSegments() &&
                 (dirty >= kBurstRecords || (m_bulkArrival && dirty >= kBulkSegmentRecords));
    try {
        writeBatch(burst);
    } catch (const std::bad_alloc&) {
        if (!burst) throw;
        writeBatch(false);  // as log records, which need no megabyte in one piece
    }
}

void WriteBehind::writeBatch(bool burst) {
    m_inFlight = m_store.takeDirty(burst ? kMaxBurstRecordsPerBatch : kMaxRecordsPerBatch);
    try {
        Batch batch;
        StagedSegments writers(m_nextSegment);
        for (const std::string& id : m_inFlight) {
            auto value = m_store.encodeRecord(id);
            if (!value) {
                batch.erasedDocs.push_back(id);
            } else if (burst && DocumentStore::isDocumentKey(id) && segmentAllowed(id)) {
                writers.openFor(id, true)->add(id, *value);
                m_folding.push_back(id);  // written into a segment, as a compaction's
                if (m_log.count(id)) batch.erasedDocs.push_back(id);  // its older log record, in the same transaction
            } else {
                batch.docs.push_back(Record{id, std::move(*value)});
            }
        }
        m_sendingSegments = writers.addTo(batch);
        send(batch);
    } catch (const std::bad_alloc&) {
        // Out of memory before the batch was handed over: its ids wait again, in front, for the next commit.
        m_folding.clear();
        m_store.markDirty(m_inFlight);
        m_inFlight.clear();
        throw;
    }
}

void WriteBehind::noteWritten() {
    if (!m_persistence.holdsSegments()) return;  // no log to keep track of
    // First, whatever follows: no later segment may reuse a number.
    for (const auto& [place, entries] : m_sendingSegments) m_nextSegment = std::max(m_nextSegment, place.second + 1);
    for (const std::string& id : m_folding) m_log.erase(id);
    try {
        for (const auto& [place, entries] : m_sendingSegments) m_segments[place] = entries;
        std::unordered_set<std::string> inSegment(m_folding.begin(), m_folding.end());
        for (const std::string& id : m_inFlight) {
            if (DocumentStore::isDocumentKey(id) && !inSegment.count(id)) m_log.insert(id);
        }
    } catch (const std::bad_alloc&) {
        // Saved, but not listed for compaction: their log records stay until the next load lists them.
    }
}

void WriteBehind::finish(const PersistStatus& status) {
    m_writing = false;
    m_failed = !status.ok();
    m_lastError = status;
    if (m_failed) m_store.markDirty(m_inFlight);  // nothing acknowledged is lost: retried by the next commit
    else m_savedKeys = std::max(m_savedKeys, m_inFlightKeys);
    m_inFlight.clear();
    if (m_failed) return;
    try {
        commit();  // the next batch at once (with IndexedDB: from the completed write's own task)
    } catch (const std::bad_alloc&) {
        // This runs from the persistence's completion, outside the frame loop: the batch is back among the
        // dirty ids and the frame loop's next commit meets the shortage where it is noted.
    }
}

SaveState WriteBehind::state() const {
    if (m_writing) return SaveState::Saving;
    if (m_failed || (m_loadIncomplete && m_store.hasDirty())) return SaveState::Failed;
    return m_store.hasDirty() ? SaveState::Unsaved : SaveState::Saved;
}

} // namespace crm::core

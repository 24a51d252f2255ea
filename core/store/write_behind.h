// Write-behind persistence: drains the DocumentStore's dirty set into one Persistence batch per
// commit, retries failed batches, and streams stored records back into the store at start-up. With a
// persistence that holds segments (IndexedDB), the per-document records it writes are the log: once the log
// has grown, or at idle, a commit folds logged documents into one segment (segment.h) instead, in one
// transaction that also deletes the log records it replaces.
#pragma once
#include "core/store/document_store.h"
#include "core/store/persistence.h"
#include "core/store/segment.h"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace crm::core {

enum class SaveState { Saved, Unsaved, Saving, Failed };

struct LoadReport {
    size_t loaded = 0;                     // records decoded into the store
    size_t superseded = 0;                 // copies skipped because a later copy of the document was loaded
    size_t segments = 0;                   // segments read
    std::vector<std::string> corruptKeys;  // records skipped because they could not be decoded
    PersistStatus status;                  // the persistence's own outcome
};

class WriteBehind {
public:
    // Metadata records: the store's update sequence, and the object-key table packed records use (saved
    // in every batch that follows a new key, so a record never reaches disk before the keys it needs).
    static constexpr const char* kUpdateSeqKey = "update_seq";
    static constexpr const char* kKeyTableKey = "key_table";

    WriteBehind(DocumentStore& store, Persistence& persistence);
    ~WriteBehind();
    WriteBehind(const WriteBehind&) = delete;
    WriteBehind& operator=(const WriteBehind&) = delete;

    // Streams every stored record into the store (listeners see each document), then onDone. A load that
    // ends with a failure leaves the persistence untouched from then on: later changes stay in memory.
    // With persistence that loadsInStages() (segment.h's stages), onDone ends the first stage (the first
    // screen's segments and the log); the Records stage then comes in by loadRecordsStep, and onRecordsLoaded
    // runs once it is in (at once, after onDone, without stages). Until then the store refuses writes to the
    // Records stage's documents (DocumentStore::setRecordsPending).
    void load(std::function<void(const LoadReport&)> onDone,
              std::function<void(const LoadReport&)> onRecordsLoaded = nullptr);
    // Takes in the Records stage's documents while `more()` allows (checked every kRecordsPerCheck documents;
    // a segment is fetched only when more() allows it too; the stage's end is a step of its own). Returns whether
    // more is to come.
    static constexpr size_t kRecordsPerCheck = 128;
    // The stage's end (its held sequences released, the sequence order sorted) between checks of `more()`:
    // slot visits, about half a millisecond's work.
    static constexpr size_t kSeqSlotsPerPiece = 65536;
    bool loadRecordsStep(const std::function<bool()>& more);
    bool recordsLoading() const { return m_recordsLoading; }
    size_t recordsLoadedCount() const { return m_recordsReport.loaded; }

    // Records per batch: encoding them stays a short task (the page issues a batch's IndexedDB puts 100 a
    // task), while a sync writing thousands of documents commits few transactions; the rest go in the next
    // batches, oldest first.
    static constexpr size_t kMaxRecordsPerBatch = 400;
    // A burst's batch (its documents go into segments, a few `put`s whatever their number) takes up to this many:
    // about a megabyte of the demo's documents, so each stage's segment is a few hundred kilobytes. IndexedDB
    // reads small values far slower per byte (README: a reopen read 60 KB segments several times slower than
    // 180 KB ones), and a batch of 400 split into two stages made segments of ~35 and ~60 KB.
    static constexpr size_t kMaxBurstRecordsPerBatch = 4000;

    // Compaction (persistence that holdsSegments() only). A segment is closed once it holds this many bytes
    // (encoding one stays a short task, and a load reads few values); the log is folded once it holds
    // kCompactLogRecords document records, or kIdleCompactRecords when nothing else waits to be saved.
    static constexpr size_t kSegmentBytes = 1 << 20;
    static constexpr size_t kCompactLogRecords = 4000;
    static constexpr size_t kIdleCompactRecords = 500;

    // Documents arriving in bulk (a sync pull in progress; told by its owner): a batch of at least this many
    // documents is written as ONE segment, as a burst's, rather than a log record each, so each pulled document
    // reaches disk once, in one `put` for the batch (a log record each cost the page a `put` now and a `delete`
    // when folded). Fewer wait in the log as before.
    static constexpr size_t kBulkSegmentRecords = 100;
    void setBulkArrival(bool bulk) { m_bulkArrival = bulk; }

    // If the store has dirty ids and no batch is in flight: takes the oldest (at most kMaxRecordsPerBatch),
    // encodes ONE batch and writes it; once it is written, the next batch follows by itself. On failure the
    // ids go back to dirty, so the next commit() retries them. When the log is due for compaction, the batch
    // is a compaction instead: logged documents that are not dirty (their stored record is what memory
    // holds) go into a new segment, their log records are deleted in the same transaction.
    // Out of memory (std::bad_alloc) before the batch is handed over, it throws with nothing lost: the ids
    // are dirty again and the log unchanged.
    void commit();

    SaveState state() const;
    const PersistStatus& lastError() const { return m_lastError; }
    size_t pendingCount() const { return m_store.dirtyCount() + m_inFlight.size(); }
    bool inFlight() const { return m_writing; }
    size_t logCount() const { return m_log.size(); }          // document records in the log
    size_t segmentCount() const { return m_segments.size(); }  // segments stored

private:
    bool compactionDue() const;
    bool compact();  // false when nothing could be folded (every logged document is dirty)
    void finish(const PersistStatus& status);
    // One batch of dirty ids (with `burst`, documents as segments: one, or more when they exceed kSegmentBytes);
    // out of memory, it throws with the ids dirty again.
    void writeBatch(bool burst);
    // Hands a batch (with the segments listed in m_sendingSegments) to the persistence; out of memory before it is
    // handed over, it throws with nothing changed.
    void send(Batch& batch);
    void noteWritten();  // a batch is saved: the log and segments it changed
    // Whether a document may go into a segment now: not a Records document while that stage is still being read
    // (a new Records segment could take the number of one not read yet), which waits in the log.
    bool segmentAllowed(std::string_view id) const;
    void takeRecordsSegment(std::vector<Record>&& segments);
    void loadSegments(std::vector<Record>&& segments, LoadReport& report);
    // A stored segment's entries (views into `bytes`), its number noted; nullopt (and a corrupt key reported) when
    // the bytes are not a whole segment with the number its key says.
    std::optional<segment::Contents> openSegment(std::string_view key, std::string_view bytes, LoadReport& report);
    void loadRecordsEntries(size_t upTo);  // the Records stage's current segment's entries, up to entry `upTo`
    void finishRecords(const PersistStatus& status);
    void loadDocument(std::string_view key, std::string_view value, LoadReport& report);

    DocumentStore& m_store;
    Persistence& m_persistence;
    bool m_writing = false;
    bool m_failed = false;
    bool m_loadIncomplete = false;  // the load ended with a failure: nothing is written (see load)
    std::vector<std::string> m_inFlight;   // ids a plain batch writes
    std::vector<std::string> m_folding;    // ids a compaction folds into segment m_nextSegment
    std::unordered_set<std::string> m_log;  // documents whose record is in the log
    std::map<segment::Place, size_t> m_segments;  // stored segments: stage and number -> entries
    std::vector<std::pair<segment::Place, size_t>> m_sendingSegments;  // the batch in flight's: place -> entries
    uint64_t m_nextSegment = 1;
    size_t m_savedKeys = 0;     // keys of the store's KeyTable known to be on disk
    size_t m_inFlightKeys = 0;  // keys the batch in flight writes
    PersistStatus m_lastError;
    bool m_bulkArrival = false;
    // The Records stage (load): whether it is still coming in, the segment being taken in, what was read.
    bool m_recordsLoading = false;
    std::string m_recordsSegment;  // the stored value the views in m_recordsEntries point into
    std::vector<std::pair<std::string_view, std::string_view>> m_recordsEntries;
    size_t m_recordsNext = 0;
    std::optional<PersistStatus> m_recordsEnd;  // the stage's outcome, once read; finishRecords in a step of its own
                                                // (after one that releases the held sequences)
    LoadReport m_recordsReport;
    std::function<void(const LoadReport&)> m_onRecordsLoaded;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  // guards late callbacks
};

} // namespace crm::core

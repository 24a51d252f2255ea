// The seam between the document store and durable storage: batches of records written all-or-nothing,
// and a streamed load at start-up. Implemented by FilePersistence (native) and the IndexedDB one (web/).
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace crm::core {

// One stored record: a key and its encoded value (a packed record, or a compact JSON string).
struct Record {
    std::string key;
    std::string value;
};

// Everything one commit changes: written in one transaction, never partially.
struct Batch {
    std::vector<Record> docs;              // document records to put (key = document id)
    std::vector<std::string> erasedDocs;   // document records to delete (purge)
    std::vector<Record> meta;              // metadata records (update sequence, checkpoints, settings)
    // Only for persistence that holdsSegments(): segments to put (key = segment::key(number)) and to delete.
    std::vector<Record> segments;
    std::vector<std::string> erasedSegments;
};

// The outcome of a persistence operation. code is empty on success, else one of:
// "unavailable" (storage cannot be opened: private mode, disabled), "quota" (storage full),
// "blocked" (another tab holds an older version open), "memory" (records did not fit in memory: a load
// that ends so is partial), "io" (anything else).
struct PersistStatus {
    std::string code;
    std::string detail;  // technical detail for logs; user-facing text comes from i18n by code
    bool ok() const { return code.empty(); }
};

class Persistence {
public:
    using ChunkFn = std::function<void(std::vector<Record>&& docs, std::vector<Record>&& meta)>;
    using DoneFn = std::function<void(const PersistStatus&)>;
    using SegmentFn = std::function<void(std::vector<Record>&& segments)>;

    virtual ~Persistence() = default;

    // Streams every stored record back in chunks (onChunk may run many times), then calls onDone once.
    // Callbacks may run synchronously (native) or later from the main loop (web).
    virtual void load(ChunkFn onChunk, DoneFn onDone) = 0;

    // Writes one batch atomically. onDone reports success only once the batch is durable.
    virtual void write(const Batch& batch, DoneFn onDone) = 0;

    // Segments (core/store/segment.h: many documents per stored value, compacted from the document records
    // by WriteBehind). Persistence that holds them writes Batch::segments and erasedSegments in the same
    // transaction as the rest of the batch, and loadWithSegments delivers the metadata first (a chunk without
    // documents), then every stored segment through onSegments, then the document records.
    virtual bool holdsSegments() const { return false; }
    virtual void loadWithSegments(SegmentFn onSegments, ChunkFn onChunk, DoneFn onDone) {
        (void)onSegments;
        load(std::move(onChunk), std::move(onDone));
    }

    // Staged loading (segment.h's stages). Persistence that loads in stages delivers only the first stage's
    // segments in loadWithSegments (its onDone ends the first stage); the Records stage's segments then come one
    // per call of takeLaterSegment, from the caller's own steps: it hands at most one to onSegments (Delivered),
    // or has none read yet (Waiting), or the load has ended (Ended: onDone ran with its outcome).
    virtual bool loadsInStages() const { return false; }
    enum class LaterStage { Delivered, Waiting, Ended };
    virtual LaterStage takeLaterSegment(const SegmentFn& onSegments, const DoneFn& onDone) {
        (void)onSegments;
        onDone({});
        return LaterStage::Ended;
    }
};

} // namespace crm::core

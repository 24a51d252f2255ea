// The seam between the document store and durable storage: batches of records written all-or-nothing,
// and a streamed load at start-up. Implemented by FilePersistence (native) and the IndexedDB one (web/).
#pragma once
#include <functional>
#include <string>
#include <vector>

namespace crm::core {

// One stored record: a key and its encoded value (a compact JSON string).
struct Record {
    std::string key;
    std::string value;
};

// Everything one commit changes: written in one transaction, never partially.
struct Batch {
    std::vector<Record> docs;              // document records to put (key = document id)
    std::vector<std::string> erasedDocs;   // document records to delete (purge)
    std::vector<Record> meta;              // metadata records (update sequence, checkpoints, settings)
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

    virtual ~Persistence() = default;

    // Streams every stored record back in chunks (onChunk may run many times), then calls onDone once.
    // Callbacks may run synchronously (native) or later from the main loop (web).
    virtual void load(ChunkFn onChunk, DoneFn onDone) = 0;

    // Writes one batch atomically. onDone reports success only once the batch is durable.
    virtual void write(const Batch& batch, DoneFn onDone) = 0;
};

} // namespace crm::core

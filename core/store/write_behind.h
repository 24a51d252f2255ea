// Write-behind persistence: drains the DocumentStore's dirty set into one Persistence batch per
// commit, retries failed batches, and streams stored records back into the store at start-up.
#pragma once
#include "core/store/document_store.h"
#include "core/store/persistence.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crm::core {

enum class SaveState { Saved, Unsaved, Saving, Failed };

struct LoadReport {
    size_t loaded = 0;                     // records decoded into the store
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

    // Streams every stored record into the store (listeners see each document), then onDone.
    void load(std::function<void(const LoadReport&)> onDone);

    // Records per batch: encoding them stays a short task (the page issues a batch's IndexedDB puts 100 a
    // task), while a sync writing thousands of documents commits few transactions; the rest go in the next
    // batches, oldest first.
    static constexpr size_t kMaxRecordsPerBatch = 400;

    // If the store has dirty ids and no batch is in flight: takes the oldest (at most kMaxRecordsPerBatch),
    // encodes ONE batch and writes it; once it is written, the next batch follows by itself. On failure the
    // ids go back to dirty, so the next commit() retries them.
    void commit();

    SaveState state() const;
    const PersistStatus& lastError() const { return m_lastError; }
    size_t pendingCount() const { return m_store.dirtyCount() + m_inFlight.size(); }
    bool inFlight() const { return m_writing; }

private:
    void finish(const PersistStatus& status);

    DocumentStore& m_store;
    Persistence& m_persistence;
    bool m_writing = false;
    bool m_failed = false;
    std::vector<std::string> m_inFlight;
    size_t m_savedKeys = 0;     // keys of the store's KeyTable known to be on disk
    size_t m_inFlightKeys = 0;  // keys the batch in flight writes
    PersistStatus m_lastError;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);  // guards late callbacks
};

} // namespace crm::core

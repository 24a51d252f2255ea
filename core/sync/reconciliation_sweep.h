// The reconciliation sweep: whatever the checkpoints say, the server is asked (_revs_diff) about every
// local leaf changed since the last sweep, in batches, before sync may call itself up to date.
//
// This unit knows what to ask and how far the server has confirmed; the replicator's push lane sends the
// questions and re-sends what the server lacks. The confirmed sequence is kept in a _local document.
// Skipped: leaves known to be on the server this session (pulled from it, or confirmed by a _revs_diff)
// and revisions the server refused (listed as rejections).
#pragma once
#include "core/json.h"
#include "core/store/document_store.h"

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace crm::core {

struct SweepBatch {
    Json asked = Json::object();  // {id: [leaf revs]}: the _revs_diff request body
    uint64_t lastSeq = 0;         // the store sequence the batch ends at
};

class ReconciliationSweep {
public:
    static constexpr size_t kBatchDocs = 200;           // documents per _revs_diff question
    static constexpr int64_t kIdleIntervalMs = 300000;  // while idle, a sweep at most every 5 minutes
    static constexpr int kMaxResends = 3;               // re-sent and still missing: NotConfirmed
    static constexpr size_t kScanLimit = 1000;          // local changes looked at per batch (a short task)

    explicit ReconciliationSweep(DocumentStore& store);

    // Where the confirmed sequence is kept (per server and direction); reads it. Ends a sweep in progress.
    void load(const std::string& docId);
    uint64_t sweptSeq() const { return m_swept; }
    bool active() const { return m_active; }
    // Local leaves changed since the last sweep, or the idle interval passed.
    bool due(int64_t nowMs) const;
    // Nothing changed since the last sweep: "up to date" may be shown.
    bool covered() const { return m_store.updateSeq() <= m_swept; }

    void begin();
    // The next question (its `asked` may be empty: all skipped), or nullopt when the sweep reached the sequence it
    // started at. `skip(id, rev)`: leaves not to ask about (refused by the server).
    std::optional<SweepBatch> nextBatch(const std::function<bool(const std::string&, const std::string&)>& skip);
    // The server has every leaf of the batch: the sweep moves past it.
    void confirmed(const SweepBatch& batch);
    // The server lacked some and they were sent again: false once that happened too often for one batch.
    bool resent();
    void finish(int64_t nowMs);  // the sweep reached its end: confirmed up to there, saved
    void abandon();              // a failure: the next sweep resumes from the last confirmed batch

    // A leaf the server is known to hold (pulled from it, confirmed by _revs_diff): not asked about again.
    void noteServerHas(const std::string& id, const std::string& rev);

private:
    DocumentStore& m_store;
    std::string m_docId;
    uint64_t m_swept = 0;   // every leaf changed up to here is confirmed on the server
    uint64_t m_cursor = 0;  // this sweep: confirmed up to here
    uint64_t m_end = 0;     // this sweep ends here (the store's sequence when it began)
    bool m_active = false;
    int m_resends = 0;
    int64_t m_nextIdleAt = 0;
    std::map<std::string, std::string> m_serverHas;  // id -> its only leaf, known to be on the server
};

}  // namespace crm::core

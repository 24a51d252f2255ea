// The push direction: the local changes feed after the checkpoint → `_revs_diff` (leaves, and the revisions
// that introduced their attachments) → `_bulk_docs` {new_edits:false} with `_revisions`; attachments go inline
// only when the server lacks the revision that added them (412/417 or a refused stub: again, inline). Then the
// checkpoint (the server's first). When nothing is left to send, the reconciliation sweep (reconciliation_sweep.h)
// asks the server about every local leaf changed since the last sweep and sends again what it lacks.
// Rejections (the server refused a revision, or a leaf whose _rev and _revisions disagree) are this lane's own.
// A batch with nothing to offer (every change just pulled or known to be on the server) costs no request: the
// lane only moves its position (`position()`), and that position is checkpointed once, when the replicator has
// caught up in both directions (`saveScanned`), not once a pulled batch.
#pragma once
#include "core/sync/couch_answers.h"
#include "core/sync/lane.h"
#include "core/sync/reconciliation_sweep.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace crm::core {

class PushLane : public Lane {
public:
    PushLane(LaneContext& context, ReconciliationSweep& sweep);

    bool enabled() const override;
    bool busy() const { return m_busy; }
    bool sweeping() const { return m_sweeping; }
    void pushNext();           // the next batch of local changes (or the sweep, or caught up)
    void sweepFromTick();      // the sweep's next step, for an HttpClient that cannot defer
    void pushIfDue(int64_t now);  // live: local edits since the checkpoint, or a sweep that is due
    size_t sweepResent() const { return m_sweepResent; }
    // Where the local changes feed is known to be on the server: the checkpoint, or further on when later
    // batches had nothing to offer (not yet checkpointed).
    Json position() const { return m_scanned.is_null() ? committed() : m_scanned; }
    // Caught up with a position beyond the checkpoint: writes the checkpoint for it (true; then caught up again).
    bool saveScanned();

private:
    struct Item {
        std::string id;
        std::vector<std::string> revs;                                          // leaves to offer
        std::map<std::string, std::map<std::string, std::string>> attAncestor;  // rev -> att name -> rev that added it
    };

    void resetWork() override;
    void resume() override { pushNext(); }
    bool waitingForWork() const override { return m_sweepStep || m_sweepDeferred; }
    void beforeFailing() override { m_sweep.abandon(); }

    std::optional<Item> offer(const Change& change) const;
    void onRevsDiff(const std::vector<Item>& items, const RevsByDoc& diff, const Json& lastSeq, bool full);
    bool pushable(const Json& doc);
    void inlineAttachment(Json& att) const;
    void inlineStubs(Json& doc) const;
    void bulkDocs(std::vector<Json> docs, std::vector<bool> hasStubs, Json lastSeq, bool full, bool retry);
    void onBulkDocs(std::vector<Json>& sent, const std::vector<bool>& stubs, HttpResponse& resp, const Json& lastSeq,
                    bool full, bool retry);
    void sweepNext();
    void sweepLater();
    void onSweepDiff(const SweepBatch& batch, const RevsByDoc& missing);
    void finishBatch(const Json& lastSeq, bool full);
    void skipBatch(const Json& lastSeq, bool full);  // nothing offered: the position moves, no checkpoint

    ReconciliationSweep& m_sweep;
    bool m_busy = false;
    bool m_sweeping = false;       // the reconciliation sweep is asking the server
    bool m_sweepStep = false;      // its next batch waits for tick() (an HttpClient that cannot defer)
    bool m_sweepDeferred = false;  // its next batch is queued with HttpClient::defer
    size_t m_sweepResent = 0;
    Json m_scanned;  // beyond the checkpoint, every change up to here is on the server (null: the checkpoint)
    int64_t m_batchStartMs = 0;
};

}  // namespace crm::core

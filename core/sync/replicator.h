// CouchDB replication protocol, both directions, between the local DocumentStore and a remote
// CouchDB-compatible database (Apache CouchDB, PouchDB Server) reached through an HttpClient.
//
// The replicator only owns the two lanes (pull_lane.h, push_lane.h), the run's state and progress, and what both
// need: the request queue, what the server is known to hold (server_revs.h), the reconciliation sweep. Each lane
// owns its checkpoint (checkpointer.h), back-off (backoff.h), rejections (rejection_list.h) and batch size.
// Errors are SyncError values (couch_wire.h); every answer is checked against the protocol's shape first
// (couch_answers.h). Up to date only after a reconciliation sweep found nothing missing on the server.
//
// Everything is asynchronous through HttpClient callbacks (which may run immediately) and tick(),
// called from the main loop for timers (backoff, live polling, local changes to push).
#pragma once
#include "core/clock.h"
#include "core/json.h"
#include "core/store/document_store.h"
#include "core/sync/backoff.h"
#include "core/sync/couch_wire.h"
#include "core/sync/http_client.h"
#include "core/sync/pull_lane.h"
#include "core/sync/push_lane.h"
#include "core/sync/reconciliation_sweep.h"
#include "core/sync/rejection_list.h"
#include "core/sync/replication_options.h"
#include "core/sync/server_revs.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace crm::core {

class Replicator {
public:
    Replicator(DocumentStore& store, HttpClient& http, const Clock& clock, ReplicationOptions options);
    ~Replicator();
    Replicator(const Replicator&) = delete;
    Replicator& operator=(const Replicator&) = delete;

    void start();
    void stop();
    // From the main loop: drives retries, back-off timers and live polling, and writes the next slice of a
    // pulled batch, of at most `writeMs` (none: Options::writeSliceMs; 0: none this time, the HttpClient's
    // deferred work goes on with it).
    void tick(std::optional<int64_t> writeMs = std::nullopt);
    bool writing() const;         // a pulled batch is being written into the store
    void setOnline(bool online);  // false pauses (no requests); true resumes from the last checkpoint

    SyncState state() const;
    const SyncProgress& progress() const;
    const std::vector<Rejection>& rejections() const;
    DocSyncState docState(const std::string& id) const;
    std::string lastError() const;  // what went wrong last (detail); cleared once both directions are caught up
    const SyncError& lastSyncError() const { return m_lastError; }  // the same, as a value with a kind
    // "Sync now", or the browser is back online: lanes waiting to retry (or failed) start again at once.
    void retryNow();
    size_t stalls() const { return m_pull.stalls() + m_push.stalls(); }  // lanes restarted after going quiet
    size_t sweepResent() const { return m_push.sweepResent(); }  // revisions the sweep found missing and sent again
    uint64_t sweptSeq() const { return m_sweep.sweptSeq(); }     // every local leaf up to here is confirmed
    int64_t lastSyncMs() const;                               // when both directions were last caught up; 0: never
    size_t requestCount() const;

    size_t batchSize() const;                                       // the largest lane's adaptive batch size
    bool bulkGetSupported() const { return m_pull.bulkGetSupported(); }  // false once the server refused _bulk_get
    // "_local/<hash>" checkpoint id of one direction (replication_id.h).
    std::string checkpointId(bool pull) const;
    int64_t retryAtMs() const;  // when the next retry is due; 0: none pending
    // Never synced, and a lane failed because the server has no such database (404): nothing to sync with.
    bool databaseMissing() const;

private:
    void laneCaughtUp(Lane& lane);
    void refreshProgress();
    bool anyEnabled(Lane::Status status) const;

    DocumentStore& m_store;
    const Clock& m_clock;
    ReplicationOptions m_options;
    CouchDatabase m_db;
    SplitMix64 m_random;
    SyncProgress m_progress;
    RequestQueue m_queue;
    ReconciliationSweep m_sweep;
    ServerRevs m_serverRevs;
    SyncError m_lastError;
    LaneContext m_context;
    PullLane m_pull;
    PushLane m_push;
    bool m_started = false;
    bool m_online = true;
    uint64_t m_pendingSince = UINT64_MAX, m_pendingSeq = 0;  // cache of the push lane's pending count
    size_t m_pendingPush = 0;
    mutable std::vector<Rejection> m_allRejections;  // both lanes' (rejections())
    int64_t m_lastSyncMs = 0;
    int64_t m_startMs = 0;
};

}  // namespace crm::core

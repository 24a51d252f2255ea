// CouchDB replication protocol, both directions, between the local DocumentStore and a remote
// CouchDB-compatible database (Apache CouchDB, PouchDB Server) reached through an HttpClient.
//
// Pull: remote _changes (style=all_docs, batches, pipelined; feed=longpoll when live) → local missing
// revisions → _bulk_get?revs=true (fallback: GET doc?open_revs) → store.bulkDocs(newEdits=false).
// Push: local changes feed → POST _revs_diff → POST _bulk_docs {new_edits:false} with _revisions;
// attachments go inline only when the server lacks the revision that introduced them.
// Each direction keeps a _local checkpoint (session_id + history) on BOTH sides, written only after the
// batch it covers is in the target. Every answer is checked against the protocol's shape first
// (couch_answers.h): anything else is an error of its kind, never "nothing to do". Errors (SyncError values):
// per-document rejections are recorded (always with their revision) and not retried until the document
// changes; 401 → LoginRequired; network errors, 5xx, 429, timeouts and wrong answers retry with
// exponential backoff + jitter (at most backoffMaxMs) from the last checkpoint; retryNow() restarts at once.
// Up to date only after a reconciliation sweep (reconciliation_sweep.h) found nothing missing on the server.
//
// Everything is asynchronous through HttpClient callbacks (which may run immediately) and tick(),
// called from the main loop for timers (backoff, live polling, local changes to push).
#pragma once
#include "core/clock.h"
#include "core/json.h"
#include "core/store/document_store.h"
#include "core/sync/couch_answers.h"
#include "core/sync/http_client.h"
#include "core/sync/reconciliation_sweep.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace crm::core {

enum class SyncState {
    Idle,
    Connecting,
    Pulling,
    Pushing,
    Checking /* the reconciliation sweep: asking the server whether it lacks local leaves */,
    UpToDate,
    Paused /* offline or backing off */,
    LoginRequired,
    Failed
};
enum class DocSyncState { LocalOnly, Synced, Rejected, Conflict };

struct SyncProgress {
    size_t pulledDocs = 0, pushedDocs = 0, pendingDocs = 0;
    uint64_t bytes = 0;        // request + response bodies
    double docsPerSecond = 0;  // pulled + pushed since start()
    double etaSeconds = -1;    // -1: unknown
};

struct Rejection {
    std::string id, rev, error, reason;
};

struct ReplicationOptions {
    std::string remoteUrl;  // database URL, e.g. http://127.0.0.1:5984/crm or a same-origin /db/crm
    bool live = false;
    bool pull = true;
    bool push = true;
    size_t batchSize = 200;
    // ---- additions ----
    std::vector<std::pair<std::string, std::string>> headers;  // sent with every request (e.g. Authorization)
    int requestTimeoutMs = 30000;
    int longpollTimeoutMs = 25000;      // feed=longpoll&timeout= when live and caught up
    int64_t livePollIntervalMs = 1000;  // at least this long between two longpoll requests
    int64_t backoffBaseMs = 1000;
    int64_t backoffMaxMs = 60000;
    uint64_t seed = 0x5eed5eedULL;  // jitter and session ids: deterministic for tests
    bool useBulkGet = true;         // false: always GET doc?open_revs (also chosen automatically)
    size_t maxBatchSize = 0;        // adaptive growth cap; 0: 4 × batchSize
    int64_t writeSliceMs = 4;       // a pulled batch is written in slices of this long (tick() goes on); 0: at once
};

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
    size_t stalls() const { return m_stalls; }                // lanes found active with nothing to wait for, restarted
    size_t sweepResent() const { return m_sweepResent; }      // revisions the sweep found missing and sent again
    uint64_t sweptSeq() const { return m_sweep.sweptSeq(); }  // every local leaf up to here is confirmed
    int64_t lastSyncMs() const;                               // when both directions were last caught up; 0: never
    size_t requestCount() const;

    // ---- additions ----
    size_t batchSize() const { return m_batchSize; }     // current adaptive batch size
    bool bulkGetSupported() const { return m_bulkGet; }  // false once the server refused _bulk_get
    // "_local/<hash>" checkpoint id of one direction (a stable hash of local id + remote URL + direction).
    std::string checkpointId(bool pull) const;
    int64_t retryAtMs() const;  // when the next retry is due; 0: none pending

    struct Lane;  // one direction's state machine (replicator.cpp)

private:
    friend struct Lane;
    void send(Lane& lane, HttpRequest request, std::function<void(Lane&, HttpResponse&)> handler);
    void pump();
    void laneDone(Lane& lane);
    void refreshProgress();
    std::string url(const std::string& path) const;
    std::string localPeerId();
    uint64_t random();

    DocumentStore& m_store;
    HttpClient& m_http;
    const Clock& m_clock;
    ReplicationOptions m_options;
    std::string m_base;  // remoteUrl without a trailing '/'
    std::unique_ptr<Lane> m_pull, m_push;
    bool m_started = false;
    bool m_online = true;
    bool m_bulkGet = true;
    size_t m_batchSize = 200;
    uint64_t m_rng = 0;
    SyncProgress m_progress;
    uint64_t m_pendingSince = UINT64_MAX, m_pendingSeq = 0;  // cache of the push lane's pending count
    size_t m_pendingPush = 0;
    std::vector<Rejection> m_rejections;
    std::map<std::string, std::string> m_syncedRev;  // id -> winning rev known to be on the server
    SyncError m_lastError;
    ReconciliationSweep m_sweep;
    size_t m_stalls = 0;
    size_t m_sweepResent = 0;
    std::string m_session;  // this run's session_id in the checkpoints
    int64_t m_lastSyncMs = 0;
    int64_t m_startMs = 0;
    size_t m_requests = 0;
    // Completions are queued and run by pump(), so immediate callbacks never recurse.
    std::deque<std::function<void()>> m_completions;
    bool m_pumping = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

}  // namespace crm::core

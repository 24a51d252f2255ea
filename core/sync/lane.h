// What a replication lane is, whichever its direction: a state machine (read checkpoints → batches → write
// checkpoints → caught up) that owns its checkpoint, its back-off, its rejections and its batch size, and talks to
// the server through the replicator's RequestQueue. PullLane and PushLane say what a batch is.
//
// Every HTTP completion is queued and run by RequestQueue::pump(), so immediate callbacks (tests, native tools)
// never recurse; each lane carries an epoch: a reset (error, offline, stop) makes late answers of the old epoch
// harmless. Failures are SyncError values: 401 waits for a login, transient kinds back off and resume from the
// checkpoint, 413 halves the batch and runs it again at once, anything else fails the lane.
#pragma once
#include "core/clock.h"
#include "core/store/document_store.h"
#include "core/sync/backoff.h"
#include "core/sync/checkpointer.h"
#include "core/sync/couch_wire.h"
#include "core/sync/rejection_list.h"
#include "core/sync/server_revs.h"

#include <deque>
#include <functional>
#include <memory>

namespace crm::core {

struct ReplicationOptions;
struct SyncProgress;
class Lane;

// A lane's requests in flight: answers of an older epoch are dropped; none by `watchdog`: a timeout.
struct LaneChannel {
    uint64_t epoch = 0;
    int inFlight = 0;
    int64_t watchdog = 0;
};

// Sends requests for the lanes, counts them, and runs their completions one after another from pump().
class RequestQueue {
public:
    RequestQueue(HttpClient& http, const Clock& clock, uint64_t& bytes) : m_http(http), m_clock(clock), m_bytes(bytes) {}
    ~RequestQueue() { m_alive.reset(); }
    void send(LaneChannel& channel, HttpRequest request, std::function<void(HttpResponse&)> handler);
    // Runs `task` soon from the platform (HttpClient::defer) unless the channel was reset; false: cannot.
    bool defer(LaneChannel& channel, std::function<void()> task);
    void pump();
    size_t requests() const { return m_requests; }

private:
    HttpClient& m_http;
    const Clock& m_clock;
    uint64_t& m_bytes;
    size_t m_requests = 0;
    std::deque<std::function<void()>> m_completions;
    bool m_pumping = false;
    std::shared_ptr<bool> m_alive = std::make_shared<bool>(true);
};

// What a lane uses of the replicator, passed explicitly.
struct LaneContext {
    DocumentStore& store;
    const Clock& clock;
    const ReplicationOptions& options;
    const CouchDatabase& db;
    RequestQueue& queue;
    SplitMix64& random;
    SyncProgress& progress;
    ServerRevs& serverRevs;
    std::function<void(SyncError)> report;  // the replicator's last error
    std::function<void()> changed;          // progress moved
    std::function<void(Lane&)> caughtUp;    // a lane has caught up
};

class Lane {
public:
    enum class Status { Idle, Connecting, Active, CaughtUp, Retrying, LoginRequired, Failed };

    Lane(LaneContext& context, Direction direction);
    virtual ~Lane() = default;
    Lane(const Lane&) = delete;
    Lane& operator=(const Lane&) = delete;

    void start(std::string checkpointId, const std::string& session);  // a new run: nothing known yet
    void begin();                                                       // (again) from the last checkpoint
    void stop();                                                        // idle; late answers ignored
    void setOnline(bool online, bool started);
    void retryNow();  // waiting to retry, or failed: at once
    // Timers: the retry, the watchdog, and the stall check (active with nothing to wait for: restarted).
    void tick(int64_t now);

    virtual bool enabled() const = 0;
    Status status() const { return m_status; }
    bool initialized() const { return m_initialized; }
    int64_t retryAt() const { return m_retryAt; }
    const Json& committed() const { return m_checkpointer.committed(); }
    const std::string& checkpointId() const { return m_checkpointer.id(); }
    const RejectionList& rejections() const { return m_rejections; }
    size_t batchSize() const { return m_batchSize; }
    size_t stalls() const { return m_stalls; }
    const SyncError& failure() const { return m_failure; }  // what made it Failed / LoginRequired

protected:
    virtual void resetWork() = 0;                         // drop the batches in progress
    virtual void resume() = 0;                            // the checkpoint is known: the batches begin
    virtual void afterCheckpointRead() { finishInit(); }  // pull: reads the database info first
    virtual bool waitingForWork() const { return false; }  // deferred work queued (not a stall)
    virtual void beforeFailing() {}                        // pull: keeps the batch being written

    void finishInit();
    void reset();
    void send(HttpRequest request, std::function<void(HttpResponse&)> handler);
    bool defer(std::function<void()> task);
    HttpRequest request(const std::string& method, const std::string& path, std::string body = {}) const {
        return m_context.db.request(method, path, std::move(body));
    }
    void fail(SyncError error);  // by its kind: back off, wait for a login, halve the batch, or fail
    void failRetry(SyncError error);
    void succeeded() { m_backoff.reset(); }
    void writeCheckpoint(const Json& seq, std::function<void()> then);
    void reject(Rejection rejection, std::string detail);  // listed, and the last error
    void adaptBatchSize(bool wasFull, int64_t batchStartMs);
    void caughtUp();  // status CaughtUp (once), the replicator told
    int64_t now() const { return m_context.clock.nowMs(); }

    LaneContext& m_context;
    Direction m_direction;
    Status m_status = Status::Idle;
    Checkpointer m_checkpointer;
    RejectionList m_rejections;
    size_t m_batchSize;

private:
    enum class Fail { Retry, Login, Fatal };
    void failAs(Fail kind, SyncError error);

    LaneChannel m_channel;
    Backoff m_backoff;
    int64_t m_retryAt = 0;
    SyncError m_failure;
    bool m_initialized = false;
    int64_t m_quietSince = 0;
    size_t m_stalls = 0;
};

}  // namespace crm::core

// A replication lane's common part: requests and their epoch, failures by kind, back-off, checkpoints, batch
// size (see lane.h).
#include "core/sync/lane.h"

#include "core/sync/replication_options.h"

#include <algorithm>
#include <exception>

namespace crm::core {

namespace {
constexpr int64_t kStallMs = 2000;  // a lane active with nothing to wait for this long is restarted
}

// ---- RequestQueue ----

void RequestQueue::send(LaneChannel& channel, HttpRequest request, std::function<void(HttpResponse&)> handler) {
    ++m_requests;
    m_bytes += request.body.size();
    ++channel.inFlight;
    channel.watchdog = std::max(channel.watchdog, m_clock.nowMs() + request.timeoutMs + 5000);
    uint64_t epoch = channel.epoch;
    LaneChannel* ch = &channel;
    std::weak_ptr<bool> alive = m_alive;
    m_http.send(request, [this, alive, ch, epoch, handler = std::move(handler)](HttpResponse response) mutable {
        if (alive.expired()) return;
        m_completions.push_back(
            [this, ch, epoch, handler = std::move(handler), response = std::move(response)]() mutable {
                if (ch->epoch != epoch) return;  // the lane was reset meanwhile
                if (--ch->inFlight == 0) ch->watchdog = 0;
                m_bytes += response.body.size();
                handler(response);
            });
        pump();
    });
}

bool RequestQueue::defer(LaneChannel& channel, std::function<void()> task) {
    std::weak_ptr<bool> alive = m_alive;
    uint64_t epoch = channel.epoch;
    LaneChannel* ch = &channel;
    return m_http.defer([this, alive, ch, epoch, task = std::move(task)] {
        if (alive.expired() || ch->epoch != epoch) return;  // replicator gone, or the lane was reset
        task();
        pump();
    });
}

void RequestQueue::pump() {
    if (m_pumping) return;
    m_pumping = true;
    while (!m_completions.empty()) {
        auto fn = std::move(m_completions.front());
        m_completions.pop_front();
        fn();
    }
    m_pumping = false;
}

// ---- Lane ----

Lane::Lane(LaneContext& context, Direction direction)
    : m_context(context),
      m_direction(direction),
      m_checkpointer(
          context.store, context.db,
          [this](HttpRequest request, std::function<void(HttpResponse&)> handler) {
              send(std::move(request), std::move(handler));
          },
          direction),
      m_batchSize(context.options.batchSize),
      m_backoff(context.options.backoffBaseMs, context.options.backoffMaxMs) {}

void Lane::start(std::string checkpointId, const std::string& session) {
    reset();
    m_initialized = false;
    m_backoff.reset();
    m_checkpointer.begin(std::move(checkpointId), session);
    m_status = Status::Idle;
}

void Lane::reset() {
    ++m_channel.epoch;
    m_channel.inFlight = 0;
    m_channel.watchdog = 0;
    m_quietSince = 0;
    resetWork();
}

void Lane::begin() {
    reset();
    if (!enabled()) {
        m_status = Status::Idle;
        return;
    }
    if (!m_initialized) {
        m_status = Status::Connecting;
        m_checkpointer.read([this](SyncError error) {
            if (error) return fail(std::move(error));
            succeeded();
            if (auto local = m_checkpointer.local()) m_rejections.load(*local);
            afterCheckpointRead();
        });
        return;
    }
    m_status = Status::Active;
    resume();
}

void Lane::finishInit() {
    m_initialized = true;
    begin();
}

void Lane::stop() {
    reset();
    m_status = Status::Idle;
}

void Lane::setOnline(bool online, bool started) {
    reset();
    if (online) {
        m_backoff.reset();
        if (started) begin();  // from the last checkpoint
    } else if (m_status != Status::LoginRequired && m_status != Status::Failed) {
        m_status = Status::Idle;
    }
}

void Lane::retryNow() {
    if (m_status != Status::Retrying && m_status != Status::Failed) return;
    m_backoff.reset();
    begin();
}

void Lane::tick(int64_t now) {
    if (m_status == Status::Retrying && now >= m_retryAt) begin();
    // An HttpClient that never answers must not stall the replication.
    if (m_channel.inFlight > 0 && m_channel.watchdog && now > m_channel.watchdog)
        failRetry(SyncError{SyncErrorKind::Timeout, 0, "timeout: no answer from the server"});
    // A lane never goes quiet while it has work: active with nothing in flight, nothing being written and
    // nothing queued for a while means a lost continuation; it resumes from its checkpoint.
    bool waiting = m_channel.inFlight > 0 || waitingForWork();
    bool working = m_status == Status::Active || m_status == Status::Connecting;
    if (working && !waiting) {
        if (m_quietSince == 0) {
            m_quietSince = now;
        } else if (now - m_quietSince >= kStallMs) {
            ++m_stalls;
            begin();
        }
    } else {
        m_quietSince = 0;
    }
}

void Lane::send(HttpRequest request, std::function<void(HttpResponse&)> handler) {
    m_context.queue.send(m_channel, std::move(request), [this, handler = std::move(handler)](HttpResponse& response) {
        try {
            handler(response);
        } catch (const std::exception& e) {
            failRetry(SyncError{SyncErrorKind::WrongShape, response.status,
                                std::string("Unexpected answer from the server: ") + e.what()});
        }
    });
}

bool Lane::defer(std::function<void()> task) {
    return m_context.queue.defer(m_channel, std::move(task));
}

void Lane::fail(SyncError error) {
    if (error.status == 413 && m_batchSize > 1) {
        // Too large for the server: halve the batch and run it again at once.
        m_batchSize = std::max<size_t>(1, m_batchSize / 2);
        m_context.report(std::move(error));
        return begin();
    }
    if (error.kind == SyncErrorKind::LoginRequired) return failAs(Fail::Login, std::move(error));
    failAs(error.transient() ? Fail::Retry : Fail::Fatal, std::move(error));
}

void Lane::failRetry(SyncError error) {
    failAs(Fail::Retry, std::move(error));
}

void Lane::failAs(Fail kind, SyncError error) {
    beforeFailing();
    reset();
    m_failure = kind == Fail::Retry ? SyncError{} : error;
    m_context.report(std::move(error));
    if (kind == Fail::Login) {
        m_status = Status::LoginRequired;
    } else if (kind == Fail::Fatal) {
        m_status = Status::Failed;
    } else {
        m_retryAt = now() + m_backoff.nextDelay(m_context.random);
        m_status = Status::Retrying;
    }
    m_context.changed();
}

void Lane::writeCheckpoint(const Json& seq, std::function<void()> then) {
    m_checkpointer.write(seq, Json{{"rejected", m_rejections.toJson()}},
                         [this, then = std::move(then)](SyncError error) {
                             if (error) return fail(std::move(error));
                             succeeded();
                             then();
                         });
}

void Lane::reject(Rejection rejection, std::string detail) {
    m_rejections.add(std::move(rejection));
    m_context.report(SyncError{SyncErrorKind::Rejected, 0, std::move(detail)});
}

void Lane::adaptBatchSize(bool wasFull, int64_t batchStartMs) {
    const ReplicationOptions& o = m_context.options;
    size_t cap = o.maxBatchSize ? o.maxBatchSize : o.batchSize * 4;
    if (wasFull && now() - batchStartMs < 1000 && m_batchSize < cap) m_batchSize = std::min(cap, m_batchSize * 2);
}

void Lane::caughtUp() {
    if (m_status == Status::CaughtUp) return;
    m_status = Status::CaughtUp;
    m_context.caughtUp(*this);
}

}  // namespace crm::core

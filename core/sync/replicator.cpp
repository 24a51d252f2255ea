// Replicator: two lanes, the run's state and progress (see replicator.h).
//
// Sections: construction · lifecycle · tick · state and progress
#include "core/sync/replicator.h"

#include "core/sync/replication_id.h"

#include <algorithm>

namespace crm::core {

namespace {
ReplicationOptions normalized(ReplicationOptions o) {
    while (!o.remoteUrl.empty() && o.remoteUrl.back() == '/')
        o.remoteUrl.pop_back();
    if (o.batchSize == 0) o.batchSize = 1;
    if (o.backoffBaseMs < 1) o.backoffBaseMs = 1;
    if (o.backoffMaxMs < o.backoffBaseMs) o.backoffMaxMs = o.backoffBaseMs;
    return o;
}
}  // namespace

// ---- construction ----

Replicator::Replicator(DocumentStore& store, HttpClient& http, const Clock& clock, ReplicationOptions options)
    : m_store(store),
      m_clock(clock),
      m_options(normalized(std::move(options))),
      m_db{m_options.remoteUrl, m_options.headers, m_options.requestTimeoutMs},
      m_random(m_options.seed),
      m_queue(http, clock, m_progress.bytes),
      m_sweep(store),
      m_serverRevs(store, m_sweep, m_options.push),
      m_context{store,
                clock,
                m_options,
                m_db,
                m_queue,
                m_random,
                m_progress,
                m_serverRevs,
                [this](SyncError error) { m_lastError = std::move(error); },
                [this] { refreshProgress(); },
                [this](Lane& lane) { laneCaughtUp(lane); }},
      m_pull(m_context),
      m_push(m_context, m_sweep) {}

Replicator::~Replicator() = default;

std::string Replicator::checkpointId(bool pull) const {
    return replicationId(m_store, m_db.base, pull ? Direction::Pull : Direction::Push);
}

// ---- lifecycle ----

void Replicator::start() {
    m_started = true;
    m_startMs = m_clock.nowMs();
    m_progress = SyncProgress{};
    m_lastError = {};
    ensurePeerId(m_store, m_random, m_clock.nowMs());
    std::string session = newSessionId(m_random, m_startMs);
    m_pull.start(checkpointId(true), session);
    m_push.start(checkpointId(false), session);
    m_sweep.load(m_push.checkpointId() + "-sweep");
    if (!m_online) return;
    m_pull.begin();
    m_push.begin();
    m_queue.pump();
    refreshProgress();
}

void Replicator::retryNow() {
    if (!m_started || !m_online) return;
    m_pull.retryNow();
    m_push.retryNow();
    m_queue.pump();
    refreshProgress();
}

void Replicator::stop() {
    m_started = false;
    m_pull.stop();
    m_push.stop();
}

void Replicator::setOnline(bool online) {
    if (online == m_online) return;
    m_online = online;
    m_pull.setOnline(online, m_started);
    m_push.setOnline(online, m_started);
    m_queue.pump();
    refreshProgress();
}

bool Replicator::writing() const {
    return m_pull.writing();
}

// ---- tick ----

void Replicator::tick(std::optional<int64_t> writeMs) {
    if (!m_started || !m_online) return;
    int64_t now = m_clock.nowMs();
    m_pull.tick(now);
    m_push.tick(now);
    m_push.sweepFromTick();
    if (!writeMs || *writeMs > 0) m_pull.writeFromTick(writeMs.value_or(m_options.writeSliceMs));
    if (m_options.live) {
        m_pull.pollIfDue(now);
        // Local edits, or the reconciliation sweep (changes since the last one, idle interval); not while a pulled
        // batch is being written: its documents are noted as the server's once it is in, then offer nothing.
        if (!m_pull.writing()) m_push.pushIfDue(now);
    }
    m_queue.pump();
    refreshProgress();
}

void Replicator::laneCaughtUp(Lane& lane) {
    if (&lane == &m_push && m_push.initialized()) m_serverRevs.forgetUpTo(seqNumber(m_push.position()));
    if (&lane == &m_pull && m_push.enabled() && m_push.status() == Lane::Status::CaughtUp && !m_push.busy() &&
        m_sweep.due(m_clock.nowMs())) {
        // What the pull wrote after the push caught up is swept (it is not pushed: the server has it).
        return m_push.pushNext();  // comes back here once the push lane is caught up again
    }
    bool allDone = (!m_pull.enabled() || m_pull.status() == Lane::Status::CaughtUp) &&
                   (!m_push.enabled() || m_push.status() == Lane::Status::CaughtUp);
    if (allDone && m_push.enabled() && m_push.saveScanned()) return;  // comes back here once it is written
    if (allDone && (!m_push.enabled() || m_sweep.covered())) {
        m_lastSyncMs = m_clock.nowMs();
        m_lastError = {};  // recovered: rejections stay listed in rejections()
    }
    refreshProgress();
}

// ---- state and progress ----

void Replicator::refreshProgress() {
    size_t pending = m_pull.enabled() ? m_pull.pending() : 0;
    if (m_push.enabled() && m_push.initialized()) {
        uint64_t since = seqNumber(m_push.position());
        if (since != m_pendingSince || m_store.updateSeq() != m_pendingSeq) {  // O(changes): only when they moved
            m_pendingSince = since;
            m_pendingSeq = m_store.updateSeq();
            m_pendingPush = m_store.changesCount(since);
        }
        pending += m_pendingPush;
    }
    m_progress.pendingDocs = pending;
    double seconds = static_cast<double>(m_clock.nowMs() - m_startMs) / 1000.0;
    size_t done = m_progress.pulledDocs + m_progress.pushedDocs;
    m_progress.docsPerSecond = seconds > 0.001 ? static_cast<double>(done) / seconds : 0;
    if (pending == 0) {
        m_progress.etaSeconds = 0;
    } else if (m_progress.docsPerSecond > 0) {
        m_progress.etaSeconds = static_cast<double>(pending) / m_progress.docsPerSecond;
    } else {
        m_progress.etaSeconds = -1;
    }
}

bool Replicator::anyEnabled(Lane::Status status) const {
    return (m_pull.enabled() && m_pull.status() == status) || (m_push.enabled() && m_push.status() == status);
}

SyncState Replicator::state() const {
    if (!m_started) return SyncState::Idle;
    if (!m_online) return SyncState::Paused;
    using S = Lane::Status;
    if (anyEnabled(S::LoginRequired)) return SyncState::LoginRequired;
    if (anyEnabled(S::Failed)) return SyncState::Failed;
    if (anyEnabled(S::Retrying)) return SyncState::Paused;
    if (anyEnabled(S::Connecting) || anyEnabled(S::Idle)) return SyncState::Connecting;
    if (m_pull.enabled() && m_pull.status() == S::Active) return SyncState::Pulling;
    if (m_push.enabled() && m_push.status() == S::Active)
        return m_push.sweeping() ? SyncState::Checking : SyncState::Pushing;
    if (!m_pull.enabled() && !m_push.enabled()) return SyncState::Idle;
    // Up to date only once a sweep has confirmed every local leaf on the server.
    if (m_push.enabled() && m_push.initialized() && !m_sweep.covered()) {
        return m_store.updateSeq() > seqNumber(m_push.position()) ? SyncState::Pushing : SyncState::Checking;
    }
    return SyncState::UpToDate;
}

const SyncProgress& Replicator::progress() const {
    return m_progress;
}

const std::vector<Rejection>& Replicator::rejections() const {
    m_allRejections = m_pull.rejections().all();
    const std::vector<Rejection>& pushed = m_push.rejections().all();
    m_allRejections.insert(m_allRejections.end(), pushed.begin(), pushed.end());
    return m_allRejections;
}

std::string Replicator::lastError() const {
    return m_lastError.detail;
}

int64_t Replicator::lastSyncMs() const {
    return m_lastSyncMs;
}

size_t Replicator::requestCount() const {
    return m_queue.requests();
}

size_t Replicator::batchSize() const {
    size_t size = 0;
    if (m_pull.enabled()) size = m_pull.batchSize();
    if (m_push.enabled()) size = std::max(size, m_push.batchSize());
    return size;
}

int64_t Replicator::retryAtMs() const {
    int64_t at = 0;
    for (const Lane* lane : {static_cast<const Lane*>(&m_pull), static_cast<const Lane*>(&m_push)}) {
        if (lane->status() == Lane::Status::Retrying && (at == 0 || lane->retryAt() < at)) at = lane->retryAt();
    }
    return at;
}

bool Replicator::databaseMissing() const {
    auto missing = [](const Lane& lane) {
        return lane.enabled() && lane.status() == Lane::Status::Failed &&
               lane.failure().kind == SyncErrorKind::NotFound;
    };
    return m_lastSyncMs == 0 && (missing(m_pull) || missing(m_push));
}

DocSyncState Replicator::docState(const std::string& id) const {
    std::optional<RevisionTree> tree = m_store.revisionTree(id);
    if (!tree || tree->empty()) return DocSyncState::LocalOnly;
    if (!tree->conflicts().empty()) return DocSyncState::Conflict;
    if (m_pull.rejections().rejectsLeaf(id, *tree) || m_push.rejections().rejectsLeaf(id, *tree))
        return DocSyncState::Rejected;
    if (m_serverRevs.hasWinner(id, tree->winner()->rev.str())) return DocSyncState::Synced;
    if (m_push.initialized() && m_store.docSeq(id) <= seqNumber(m_push.position())) return DocSyncState::Synced;
    return DocSyncState::LocalOnly;
}

}  // namespace crm::core

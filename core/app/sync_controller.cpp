// Sync use case: replicator lifecycle, online state, the account (through CouchSession), conflict list, status JSON.
//
// Sections: guarded HTTP · names · lifecycle · account · status
#include "core/app/sync_controller.h"

#include <algorithm>
#include <functional>
#include <optional>

namespace crm::core {

// ---- guarded HTTP: answers to a replaced replicator (or a closed controller) are dropped, not delivered ----
class SyncController::GuardedHttp : public HttpClient {
public:
    explicit GuardedHttp(HttpClient& inner) : m_inner(inner), m_alive(std::make_shared<bool>(true)) {}
    ~GuardedHttp() override { *m_alive = false; }
    void send(const HttpRequest& request, std::function<void(HttpResponse)> done) override {
        ++m_sent;
        std::shared_ptr<bool> alive = m_alive;
        m_inner.send(request, [alive, done = std::move(done)](HttpResponse response) {
            if (*alive && done) done(std::move(response));
        });
    }
    bool defer(std::function<void()> task) override {
        std::shared_ptr<bool> alive = m_alive;
        return m_inner.defer([alive, task = std::move(task)] {
            if (*alive && task) task();
        });
    }
    size_t sent() const { return m_sent; }

private:
    HttpClient& m_inner;
    std::shared_ptr<bool> m_alive;
    size_t m_sent = 0;
};

// ---- names ----
const char* syncStateName(SyncState state) {
    switch (state) {
        case SyncState::Idle:
            return "idle";
        case SyncState::Connecting:
            return "connecting";
        case SyncState::Pulling:
            return "pulling";
        case SyncState::Pushing:
            return "pushing";
        case SyncState::Checking:
            return "checking";
        case SyncState::UpToDate:
            return "up_to_date";
        case SyncState::Paused:
            return "paused";
        case SyncState::LoginRequired:
            return "login_required";
        case SyncState::Failed:
            return "failed";
    }
    return "idle";
}

const char* syncStateKey(SyncState state) {
    switch (state) {
        case SyncState::Idle:
            return "sync.state.idle";
        case SyncState::Connecting:
            return "sync.state.connecting";
        case SyncState::Pulling:
            return "sync.state.pulling";
        case SyncState::Pushing:
            return "sync.state.pushing";
        case SyncState::Checking:
            return "sync.state.checking";
        case SyncState::UpToDate:
            return "sync.state.up_to_date";
        case SyncState::Paused:
            return "sync.state.paused";
        case SyncState::LoginRequired:
            return "sync.state.login_required";
        case SyncState::Failed:
            return "sync.state.failed";
    }
    return "sync.state.idle";
}

namespace {
std::string trimmed(const std::string& s) {
    size_t b = s.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    size_t e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}
}  // namespace

// ---- lifecycle ----
SyncController::SyncController(CrmSession& session, HttpClient* http, std::string defaultUrl)
    : m_session(session), m_http(http), m_defaultUrl(std::move(defaultUrl)) {
    if (m_http) {
        m_accountHttp = std::make_unique<GuardedHttp>(*m_http);
        m_couchSession = std::make_unique<CouchSession>(*m_accountHttp);
    }
    // Loading records and every write or replicated revision pass here: the conflict list stays current.
    m_listener = m_session.store().addListener([this](const Change& change) {
        if (change.reloaded) {  // scanned again in background steps (tick), or to the end when asked
            m_conflicts.clear();
            m_conflictsStale = true;
            m_conflictScanNext = 0;
        } else if (!m_conflictsStale || m_session.store().idRef(change.id) < m_conflictScanNext) {
            noteConflicts(change.id);  // (an entry the scan has not reached is read when it gets there)
        }
    });
    scanConflicts(SIZE_MAX);
}

SyncController::~SyncController() {
    m_session.store().removeListener(m_listener);
    m_replicator.reset();
}

void SyncController::noteConflicts(const std::string& id) {
    if (m_session.store().hasConflicts(id))
        m_conflicts.insert(id);
    else
        m_conflicts.erase(id);
}

void SyncController::scanConflicts(size_t entries) {
    const DocumentStore& store = m_session.store();
    const size_t count = store.entryCount();
    const size_t end = std::min(count, size_t(m_conflictScanNext) + std::min(entries, count));
    std::string id;
    for (size_t ref = m_conflictScanNext; ref < end; ++ref) {
        id.assign(store.idOf(static_cast<DocIndex>(ref)));
        if (store.hasConflicts(id)) m_conflicts.insert(id);
    }
    m_conflictScanNext = static_cast<DocIndex>(std::max<size_t>(end, m_conflictScanNext));
    m_conflictsStale = m_conflictScanNext < count;
}

const std::set<std::string>& SyncController::conflicts() const {
    if (m_conflictsStale) const_cast<SyncController*>(this)->scanConflicts(SIZE_MAX);  // (no controller is const)
    return m_conflicts;
}

std::string SyncController::databaseUrl() const {
    std::string url = trimmed(m_serverUrl);
    while (!url.empty() && url.back() == '/')
        url.pop_back();
    return url.empty() ? m_defaultUrl : url;
}

std::string SyncController::sessionUrl() const {
    std::string url = databaseUrl();
    url = url.substr(0, url.find_first_of("?#"));
    size_t hostStart = url.find("://");
    hostStart = hostStart == std::string::npos ? 0 : hostStart + 3;
    size_t slash = url.rfind('/');
    std::string root = (slash != std::string::npos && slash >= hostStart && url.find('/', hostStart) <= slash)
                           ? url.substr(0, slash)
                           : url;
    return root + "/_session";
}

void SyncController::setServerUrl(const std::string& url) {
    if (trimmed(url) == trimmed(m_serverUrl) && (m_replicator || !m_session.isComplete())) return;
    m_serverUrl = url;
    if (m_session.isComplete() && m_disabledReason.empty()) rebuild();
}

void SyncController::rebuild() {
    if (m_replicationHttp) m_retiredRequests += m_replicationHttp->sent();
    m_replicator.reset();
    m_replicationHttp.reset();
    m_account = {};
    if (!m_http) return;
    m_replicationHttp = std::make_unique<GuardedHttp>(*m_http);
    ReplicationOptions options;
    options.remoteUrl = databaseUrl();
    options.live = true;
    options.seed = std::hash<std::string>{}(m_session.newId("sync"));  // differs per device and page load
    m_replicator =
        std::make_unique<Replicator>(m_session.store(), *m_replicationHttp, m_session.clock(), options);
    m_replicator->setOnline(m_online);
    if (m_enabled) m_replicator->start();
    if (m_online) checkSession();
}

void SyncController::tick(bool online, FrameBudget& background) {
    // While a pull runs, its documents reach the write-behind in bulk: saved as segments, each once.
    m_session.setBulkArrival(m_replicator && m_replicator->state() == SyncState::Pulling);
    bool changed = !m_onlineKnown || online != m_online;
    m_online = online;
    m_onlineKnown = true;
    while (m_conflictsStale && m_session.isComplete() && background.allows()) scanConflicts(kConflictScanEntries);
    if (!m_disabledReason.empty()) return;
    if (!m_replicator && m_http && m_session.isComplete()) rebuild();  // first frame after loading: sync starts
    if (!m_replicator) return;
    if (changed) {
        m_replicator->setOnline(online);
        if (online && m_account.state == SyncAccount::State::Unknown) checkSession();
    }
    std::optional<int64_t> writeMs;  // default: nothing to write
    if (m_replicator->writing())
        writeMs = background.allows() ? std::max<int64_t>(1, static_cast<int64_t>(background.remainingMs())) : 0;
    m_replicator->tick(writeMs);
}

void SyncController::disable(std::string reasonKey) {
    m_disabledReason = std::move(reasonKey);
    stop();
    m_replicator.reset();
}

void SyncController::start() {
    if (!m_disabledReason.empty()) return;
    m_enabled = true;
    if (m_replicator) m_replicator->start();
}

void SyncController::syncNow() {
    if (!m_disabledReason.empty() || !m_replicator) return;
    if (!m_enabled) return start();
    m_replicator->retryNow();
}

void SyncController::stop() {
    m_enabled = false;
    if (m_replicator) m_replicator->stop();
}

SyncState SyncController::state() const {
    return m_replicator ? m_replicator->state() : SyncState::Idle;
}

bool SyncController::noServerConfigured() const {
    return trimmed(m_serverUrl).empty() && m_replicator && m_replicator->databaseMissing();
}

const char* SyncController::stateKey() const {
    return noServerConfigured() ? "sync.state.no_server" : syncStateKey(state());
}

size_t SyncController::requestCount() const {
    return m_retiredRequests + (m_replicationHttp ? m_replicationHttp->sent() : 0);
}

// ---- account: CouchDB cookie sessions (core/sync/couch_session.h) ----
void SyncController::checkSession() {
    if (!m_couchSession || !m_disabledReason.empty()) return;
    if (m_account.state != SyncAccount::State::LoggingIn) m_account.state = SyncAccount::State::Checking;
    m_couchSession->check(sessionUrl(), [this](SessionAnswer answer) {
        if (m_account.state == SyncAccount::State::LoggingIn) return;  // a login answered meanwhile
        using K = SessionAnswer::Kind;
        if (answer.kind == K::Failed) {
            m_account.state = SyncAccount::State::Unknown;  // checked again when the network returns
            return;
        }
        m_account.name = answer.name;
        m_account.admin = answer.admin;
        m_account.state = answer.kind == K::LoggedIn ? SyncAccount::State::LoggedIn : SyncAccount::State::Anonymous;
        if (answer.kind == K::Expired) m_account.error = "sync.login_expired";
    });
}

void SyncController::login(const std::string& name, const std::string& password) {
    if (!m_couchSession) return;
    m_account.state = SyncAccount::State::LoggingIn;
    m_account.error.clear();
    m_account.detail.clear();
    m_couchSession->login(sessionUrl(), name, password, [this](SessionAnswer answer) {
        if (answer.kind == SessionAnswer::Kind::LoggedIn) {
            m_account.state = SyncAccount::State::LoggedIn;
            m_account.name = answer.name;
            m_account.admin = false;
            m_account.error.clear();
            // Sync waiting for a login goes on now; local edits made meanwhile are pushed.
            if (m_replicator && m_enabled) {
                SyncState s = m_replicator->state();
                if (s == SyncState::LoginRequired || s == SyncState::Failed || s == SyncState::Idle) {
                    m_replicator->start();
                }
            }
            checkSession();  // roles
            return;
        }
        m_account.state = SyncAccount::State::Anonymous;
        m_account.error = answer.kind == SessionAnswer::Kind::WrongPassword ? "sync.login_wrong"
                          : answer.error.status == 0                        ? "sync.login_network"
                                                                            : "sync.login_failed";
        m_account.detail = answer.error.detail;
    });
}

void SyncController::logout() {
    if (!m_couchSession) return;
    m_account.state = SyncAccount::State::LoggingOut;
    m_account.error.clear();
    m_account.detail.clear();
    m_couchSession->logout(sessionUrl(), [this](SessionAnswer answer) {
        if (answer.kind == SessionAnswer::Kind::Failed) {
            m_account.error = "sync.logout_failed";
            m_account.detail = answer.error.detail;
        }
        m_account.state = SyncAccount::State::Unknown;
        m_account.name.clear();
        checkSession();
    });
}

// ---- status (window.crm.sync.status()) ----
Json SyncController::status() const {
    Json out = {
        {"state", syncStateName(state())}, {"url", databaseUrl()},        {"online", m_online}, {"enabled", m_enabled},
        {"requests", requestCount()},      {"disabled", m_disabledReason}, {"noServer", noServerConfigured()}};
    Json rejections = Json::array();
    if (m_replicator) {
        const SyncProgress& p = m_replicator->progress();
        out["pulled"] = p.pulledDocs;
        out["pushed"] = p.pushedDocs;
        out["pending"] = p.pendingDocs;
        out["bytes"] = p.bytes;
        out["docsPerSecond"] = p.docsPerSecond;
        out["etaSeconds"] = p.etaSeconds;
        for (const Rejection& r : m_replicator->rejections()) {
            rejections.push_back({{"id", r.id}, {"rev", r.rev}, {"error", r.error}, {"reason", r.reason}});
        }
        out["lastError"] = m_replicator->lastError();
        out["errorKind"] = syncErrorKindName(m_replicator->lastSyncError().kind);
        out["sweptSeq"] = m_replicator->sweptSeq();
        out["sweepResent"] = m_replicator->sweepResent();
        out["stalls"] = m_replicator->stalls();
        out["retryAtMs"] = m_replicator->retryAtMs();
        out["lastSyncMs"] = m_replicator->lastSyncMs();
    } else {
        out.update({{"pulled", 0},
                    {"pushed", 0},
                    {"pending", 0},
                    {"bytes", 0},
                    {"lastError", ""},
                    {"errorKind", ""},
                    {"lastSyncMs", 0}});
    }
    out["rejections"] = rejections;
    out["conflicts"] = conflicts();
    const char* accountState = "unknown";
    switch (m_account.state) {
        case SyncAccount::State::Unknown:
            accountState = "unknown";
            break;
        case SyncAccount::State::Checking:
            accountState = "checking";
            break;
        case SyncAccount::State::Anonymous:
            accountState = "anonymous";
            break;
        case SyncAccount::State::LoggedIn:
            accountState = "logged_in";
            break;
        case SyncAccount::State::LoggingIn:
            accountState = "logging_in";
            break;
        case SyncAccount::State::LoggingOut:
            accountState = "logging_out";
            break;
    }
    out["account"] = {
        {"state", accountState}, {"name", m_account.name}, {"admin", m_account.admin}, {"error", m_account.error}};
    return out;
}

}  // namespace crm::core

// The sync use case: owns the Replicator for the configured server, feeds it the page's online state every
// frame, keeps the account (CouchDB cookie session through core/sync/couch_session.h: log in, check, log out;
// the password is never stored; an expired session says so) and the list of documents in conflict, and builds
// the status JSON of window.crm.sync (core/app/sync_api.h).
#pragma once
#include "core/app/crm_session.h"
#include "core/sync/http_client.h"
#include "core/sync/couch_session.h"
#include "core/sync/replicator.h"
#include "core/app/frame_budget.h"

#include <memory>
#include <set>
#include <string>

namespace crm::core {

struct SyncAccount {
    enum class State { Unknown, Checking, Anonymous, LoggedIn, LoggingIn, LoggingOut };
    State state = State::Unknown;
    std::string name;    // logged-in user
    bool admin = false;  // the session has the _admin role (PouchDB Server's admin party: anyone)
    std::string error;   // i18n key of the last login problem ("" none)
    std::string detail;  // the server's or the network's words, shown next to it
};

class SyncController {
public:
    // `http` null: no network access on this platform (sync stays off). `defaultUrl`: the database URL
    // used while the server URL setting is empty (the page's own /db/crm).
    SyncController(CrmSession& session, HttpClient* http, std::string defaultUrl);
    ~SyncController();
    SyncController(const SyncController&) = delete;
    SyncController& operator=(const SyncController&) = delete;

    // The server URL setting ("" = default). Changing it replaces the replicator (after the data is loaded).
    void setServerUrl(const std::string& url);
    // Once a frame: the page's online state, then the replicator's timers and the account check; writing
    // pulled documents takes its share of the frame's background allowance.
    void tick(bool online, FrameBudget& background);

    // Sync on/off (window.crm.sync.start/stop, the screen's button). On by default.
    void start();
    void stop();
    // "Sync now" (the screen's button, window.crm.sync.now(), the browser's online event): a retry waiting
    // for its back-off starts at once.
    void syncNow();
    bool enabled() const { return m_enabled; }
    // Sync off for good on this page (the demo database): `reasonKey` is the i18n key the screen shows.
    void disable(std::string reasonKey);
    const std::string& disabledReason() const { return m_disabledReason; }

    // Account: POST/GET/DELETE {server}/_session. The password is only passed through.
    void login(const std::string& name, const std::string& password);
    void logout();
    void checkSession();
    const SyncAccount& account() const { return m_account; }

    const Replicator* replicator() const { return m_replicator.get(); }
    SyncState state() const;
    // No sync server: the server URL setting is empty and the page's own /db/crm does not exist (a static
    // host). Not an error: the screens say so and offer to set one.
    bool noServerConfigured() const;
    const char* stateKey() const;  // i18n key of the state ("sync.state.no_server" when there is no server)
    std::string databaseUrl() const;  // the effective database URL
    std::string sessionUrl() const;   // {server root}/_session
    bool online() const { return m_online; }
    size_t requestCount() const;  // HTTP requests replication has sent (all replicators of this page)
    // Conflicted documents. After a bulk load the store is scanned again in background steps (tick), a few
    // thousand entries a step; asking before the scan ends finishes it at once. conflictsKnown(): scanned, so
    // the status bar can wait for it instead of forcing it.
    const std::set<std::string>& conflicts() const;
    bool conflictsKnown() const { return !m_conflictsStale; }
    static constexpr size_t kConflictScanEntries = 4096;  // store entries a background step scans

    // {state, noServer, pulled, pushed, pending, bytes, docsPerSecond, etaSeconds, rejections, lastError, lastSyncMs,
    //  requests, conflicts, url, online, enabled, account}
    Json status() const;

private:
    class GuardedHttp;
    void rebuild();
    void noteConflicts(const std::string& id);
    // The next `entries` of the store's entries (by number) scanned for conflicts after a load; SIZE_MAX: the
    // rest (and, from entry 0, the whole store at start).
    void scanConflicts(size_t entries);

    CrmSession& m_session;
    HttpClient* m_http;
    std::string m_defaultUrl;
    std::string m_serverUrl;
    bool m_enabled = true;
    std::string m_disabledReason;
    bool m_online = false;
    bool m_onlineKnown = false;
    std::unique_ptr<GuardedHttp> m_replicationHttp;
    std::unique_ptr<Replicator> m_replicator;
    size_t m_retiredRequests = 0;  // sent by replaced replicators (their late answers are dropped)
    std::unique_ptr<GuardedHttp> m_accountHttp;
    std::unique_ptr<CouchSession> m_couchSession;  // destroyed before m_accountHttp, whose answers then stop
    SyncAccount m_account;
    std::set<std::string> m_conflicts;
    bool m_conflictsStale = false;  // a bulk load was heard and the store not scanned to the end since
    DocIndex m_conflictScanNext = 0;  // while stale: the entries before this one are scanned (later changes noted)
    int m_listener = 0;
};

const char* syncStateName(SyncState state);  // "idle" | "connecting" | … | "login_required" | "failed"
const char* syncStateKey(SyncState state);   // i18n key "sync.state.<name>"

}  // namespace crm::core

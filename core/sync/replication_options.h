// What a replication is asked to do and what it reports: its options, its state, its progress.
#pragma once
#include <cstddef>
#include <cstdint>
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
    int64_t writeSliceMs = 4;       // a pulled batch is written (a large _changes page read) in slices of this long; 0: at once
};

}  // namespace crm::core

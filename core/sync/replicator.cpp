// Replicator: the CouchDB replication protocol over HttpClient, as PouchDB and CouchDB run it.
//
// Each direction is a Lane, a small state machine: read checkpoints (both sides) → batches → write
// checkpoints (both sides) → caught up (live: longpoll / watch the local feed). Every HTTP completion
// is queued and run by pump(), so immediate callbacks (tests, native tools) never recurse, and each
// lane carries an epoch: a reset (error, offline, stop) makes late answers of the old epoch harmless.
//
// Sections: helpers · Lane (common: errors, checkpoints) · pull · push · Replicator

#include "core/sync/replicator.h"

#include "core/json_field.h"
#include "core/store/base64.h"
#include "core/store/md5.h"

#include <algorithm>
#include <cstdio>
#include <exception>

namespace crm::core {

// ---- helpers ----------------------------------------------------------------------------------

namespace {

constexpr const char* kPeerDocId = "_local/crm-sync-peer";
constexpr size_t kHistorySize = 5;
constexpr int kOpenRevsConcurrency = 4;
constexpr size_t kWriteChunk = 10;      // documents per store.bulkDocs call while writing a pulled batch
constexpr size_t kQueuedBatches = 3;    // pull: _changes batches read ahead of the one being written
constexpr size_t kPrefetchBatches = 2;  // pull: of those, how many have their documents fetched at once
constexpr size_t kBulkGetDocs = 100;    // pull: documents per _bulk_get request (its answer is parsed in one go)
constexpr size_t kBulkGetParallel = 2;  // pull: of a batch's _bulk_get requests, how many travel at once
constexpr int64_t kStallMs = 2000;      // a lane active with nothing to wait for this long is restarted

std::string percentEncode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (unsigned char c : s) {
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~') {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        }
    }
    return out;
}

// A document's path under the database: reserved prefixes keep their slash (as PouchDB sends them).
std::string docPath(const std::string& id) {
    for (const char* prefix : {"_design/", "_local/"}) {
        std::string p(prefix);
        if (id.compare(0, p.size(), p) == 0) return p + percentEncode(id.substr(p.size()));
    }
    return percentEncode(id);
}

std::string seqParam(const Json& seq) {
    if (seq.is_string()) return percentEncode(seq.get<std::string>());
    if (seq.is_number()) return seq.dump();
    return percentEncode(seq.dump());
}

uint64_t seqNumber(const Json& seq) {
    if (seq.is_number_unsigned()) return seq.get<uint64_t>();
    if (seq.is_number_integer()) return static_cast<uint64_t>(std::max<int64_t>(0, seq.get<int64_t>()));
    if (seq.is_string()) {
        uint64_t n = 0;
        for (char c : seq.get<std::string>()) {
            if (c < '0' || c > '9') break;
            n = n * 10 + static_cast<uint64_t>(c - '0');
        }
        return n;
    }
    return 0;
}

std::optional<Json> parseJson(const std::string& body) {
    Json j = Json::parse(body, nullptr, false);
    if (j.is_discarded()) return std::nullopt;
    return j;
}

bool retryable(int status) {
    return status == 0 || status == 408 || status == 429 || status >= 500;
}

// Attachment stubs of a fetched document whose bodies the store does not have yet.
bool needsAttachmentData(const Json& doc, const DocumentStore& store) {
    auto atts = doc.find("_attachments");
    if (atts == doc.end() || !atts->is_object()) return false;
    for (auto it = atts->begin(); it != atts->end(); ++it) {
        if (!it->is_object() || it->contains("data")) continue;
        std::string digest = stringField(*it, "digest");
        if (digest.empty() || !store.hasAttachment(digest)) return true;
    }
    return false;
}

struct FetchItem {
    std::string id;
    std::vector<std::string> revs;
};

}  // namespace

// ---- Lane -------------------------------------------------------------------------------------

struct Replicator::Lane {
    enum class Status { Idle, Connecting, Active, CaughtUp, Retrying, LoginRequired, Failed };
    enum class Fail { Retry, Login, Fatal };

    struct PullBatch {
        std::vector<FetchItem> rows;  // id + leaf revisions from _changes
        Json lastSeq;
        size_t limit = 0;
        uint64_t serial = 0;  // names the batch for its fetch's answer
        bool fetching = false, fetched = false;
        std::vector<Json> docs;  // the missing revisions, once fetched
    };

    Replicator& r;
    bool pull;
    Status status = Status::Idle;
    uint64_t epoch = 0;
    int inFlight = 0;
    int attempt = 0;
    int64_t retryAt = 0;
    int64_t watchdog = 0;  // no answer by then while requests are in flight: treated as a timeout
    bool initialized = false;
    std::string checkpointId;
    Json remoteCheckpoint;  // null: none on the server yet
    bool remoteCheckpointWritable = true;
    Json committed = 0;  // last checkpointed sequence (remote seq for pull, local seq for push)
    int64_t batchStartMs = 0;
    // pull
    std::deque<PullBatch> batches;
    uint64_t nextBatchSerial = 0;
    bool changesInFlight = false;
    bool caughtUp = false;
    bool processing = false;
    Json nextSince = 0;
    size_t remotePending = 0;
    Json remoteUpdateSeq = 0;  // from the database info at start (progress estimate only)
    int64_t nextPollAt = 0;
    struct WriteJob {
        std::vector<Json> docs;
        size_t next = 0;
        std::vector<std::string> ids;
    };
    std::shared_ptr<WriteJob> writeJob;  // pull: a fetched batch being written in slices
    bool writeDeferred = false;          // the next slice is queued with HttpClient::defer
    // push
    bool busy = false;
    bool sweeping = false;       // the reconciliation sweep is asking the server (push lane only)
    bool sweepStep = false;      // its next batch waits for tick() (an HttpClient that cannot defer)
    bool sweepDeferred = false;  // its next batch is queued with HttpClient::defer
    int64_t quietSince = 0;      // since when the lane is active with nothing in flight (stall watch)

    Lane(Replicator& owner, bool isPull) : r(owner), pull(isPull) {}

    int64_t now() const { return r.m_clock.nowMs(); }
    bool enabled() const { return pull ? r.m_options.pull : r.m_options.push; }

    // Drops the work in progress (late answers are ignored); the next begin() resumes from `committed`.
    void reset() {
        ++epoch;
        inFlight = 0;
        watchdog = 0;
        batches.clear();
        changesInFlight = processing = busy = sweeping = sweepStep = sweepDeferred = false;
        quietSince = 0;
        caughtUp = false;
        writeJob.reset();
        writeDeferred = false;
    }

    void fail(Fail kind, SyncError error) {
        keepWrittenBatch();
        reset();
        if (!pull) r.m_sweep.abandon();
        r.m_lastError = std::move(error);
        if (kind == Fail::Login) {
            status = Status::LoginRequired;
        } else if (kind == Fail::Fatal) {
            status = Status::Failed;
        } else {
            ++attempt;
            int64_t delay = r.m_options.backoffBaseMs;
            for (int i = 1; i < attempt && delay < r.m_options.backoffMaxMs; ++i)
                delay *= 2;
            delay = std::min(delay, r.m_options.backoffMaxMs);
            // Jitter: between half and all of the delay.
            int64_t half = delay / 2;
            delay = half + static_cast<int64_t>(r.random() % static_cast<uint64_t>(half + 1));
            retryAt = now() + delay;
            status = Status::Retrying;
        }
        r.refreshProgress();
    }

    void failResponse(const std::string& what, const HttpResponse& resp) {
        if (resp.status == 413 && r.m_batchSize > 1) {
            // Too large for the server: halve the batch and run it again at once.
            r.m_batchSize = std::max<size_t>(1, r.m_batchSize / 2);
            r.m_lastError = httpError(what, resp);
            begin();
            return;
        }
        if (resp.status == 401) {
            fail(Fail::Login, httpError(what, resp));
        } else if (retryable(resp.status) || (resp.status >= 200 && resp.status < 300)) {
            fail(Fail::Retry, httpError(what, resp));
        } else {
            fail(Fail::Fatal, httpError(what, resp));
        }
    }

    // An answer of the wrong shape: transient (a proxy or a server in trouble), retried with back-off.
    void wrongAnswer(SyncError error) { fail(Fail::Retry, std::move(error)); }

    void send(HttpRequest req, std::function<void(Lane&, HttpResponse&)> handler) {
        r.send(*this, std::move(req), std::move(handler));
    }

    HttpRequest request(const std::string& method, const std::string& path, std::string body = {}) const {
        HttpRequest req;
        req.method = method;
        req.url = r.url(path);
        req.body = std::move(body);
        req.timeoutMs = r.m_options.requestTimeoutMs;
        req.headers.emplace_back("Accept", "application/json");
        if (!req.body.empty()) req.headers.emplace_back("Content-Type", "application/json");
        return req;
    }

    void begin() {
        reset();
        if (!enabled()) {
            status = Status::Idle;
            return;
        }
        if (!initialized) {
            status = Status::Connecting;
            readCheckpoint();
            return;
        }
        status = Status::Active;
        if (pull) {
            nextSince = committed;
            requestChanges(false);
        } else {
            pushNext();
        }
    }

    void succeeded() { attempt = 0; }

    // ---- checkpoints ----

    void readCheckpoint() {
        send(request("GET", checkpointId), [](Lane& l, HttpResponse& resp) {
            if (resp.status == 200) {
                auto doc = checkpointAnswer(resp.body, l.checkpointId);
                if (!doc.ok()) return l.wrongAnswer(std::move(doc.error));
                l.remoteCheckpoint = std::move(doc.value);
            } else if (resp.status == 404) {
                l.remoteCheckpoint = nullptr;
            } else if (resp.status == 403) {
                l.remoteCheckpoint = nullptr;  // not readable: the local checkpoint alone decides
                l.remoteCheckpointWritable = false;
            } else {
                return l.failResponse("Reading the checkpoint", resp);
            }
            l.committed = l.startSeq();
            l.succeeded();
            if (!l.pull) {
                l.loadRejections();
                l.initialized = true;
                return l.begin();
            }
            l.readDatabaseInfo();
        });
    }

    // Pull only: the database info says whether the database exists and how far its feed goes.
    void readDatabaseInfo() {
        send(request("GET", ""), [](Lane& l, HttpResponse& resp) {
            if (resp.status == 401 || resp.status == 404) return l.failResponse("Opening the server's database", resp);
            if (resp.status == 200) {
                if (auto j = parseJson(resp.body); j && j->is_object() && j->contains("update_seq")) {
                    l.remoteUpdateSeq = (*j)["update_seq"];
                }
            }  // anything else: only the progress estimate is missing
            l.initialized = true;
            l.begin();
        });
    }

    // Where to resume: CouchDB's comparison of the two replication logs. On a session match the
    // local side's sequence is used: it never runs ahead of what this store holds or has sent.
    Json startSeq() const {
        auto local = r.m_store.getLocal(checkpointId);
        const Json& remote = remoteCheckpoint;
        if (!local || !local->is_object()) return 0;
        if (!remoteCheckpointWritable && remote.is_null()) return local->value("last_seq", Json(0));
        if (!remote.is_object()) return 0;
        if (local->value("version", Json()) != remote.value("version", Json())) return 0;
        std::string localSession = stringField(*local, "session_id");
        if (!localSession.empty() && localSession == stringField(remote, "session_id"))
            return local->value("last_seq", Json(0));
        auto remoteHistory = remote.find("history");
        auto localHistory = local->find("history");
        if (remoteHistory == remote.end() || !remoteHistory->is_array() || localHistory == local->end() ||
            !localHistory->is_array()) {
            return 0;
        }
        for (const Json& entry : *localHistory) {
            std::string session = stringField(entry, "session_id");
            if (session.empty()) continue;
            for (const Json& other : *remoteHistory) {
                if (stringField(other, "session_id") == session) return entry.value("last_seq", Json(0));
            }
        }
        return 0;
    }

    Json updatedCheckpoint(Json doc, const Json& seq) const {
        if (!doc.is_object()) doc = Json{{"_id", checkpointId}};
        Json history = Json::array();
        history.push_back(Json{{"session_id", r.m_session}, {"last_seq", seq}});
        auto old = doc.find("history");
        if (old != doc.end() && old->is_array()) {
            for (const Json& entry : *old) {
                if (history.size() >= kHistorySize) break;
                if (stringField(entry, "session_id") != r.m_session) history.push_back(entry);
            }
        }
        doc["history"] = std::move(history);
        doc["session_id"] = r.m_session;
        doc["last_seq"] = seq;
        doc["version"] = 1;
        doc["replicator"] = "crm";
        return doc;
    }

    void putLocalCheckpoint(const Json& seq) {
        auto local = r.m_store.getLocal(checkpointId);
        Json doc = updatedCheckpoint(local ? *local : Json(), seq);
        if (!pull) {
            Json rejected = Json::array();
            for (const Rejection& rej : r.m_rejections) {
                rejected.push_back(
                    Json{{"id", rej.id}, {"rev", rej.rev}, {"error", rej.error}, {"reason", rej.reason}});
            }
            doc["rejected"] = std::move(rejected);
        }
        r.m_store.putLocal(std::move(doc));
    }

    void loadRejections() {
        auto local = r.m_store.getLocal(checkpointId);
        if (!local) return;
        auto it = local->find("rejected");
        if (it == local->end() || !it->is_array()) return;
        for (const Json& j : *it) {
            Rejection rej{stringField(j, "id"), stringField(j, "rev"), stringField(j, "error"), stringField(j, "reason")};
            if (rej.id.empty()) continue;
            bool known = std::any_of(r.m_rejections.begin(), r.m_rejections.end(),
                                     [&](const Rejection& x) { return x.id == rej.id && x.rev == rej.rev; });
            if (!known) r.m_rejections.push_back(std::move(rej));
        }
    }

    // Target first, then source (as PouchDB and CouchDB write them); `committed` moves once the
    // checkpoint on this device is written, which happens only after the batch is in the target.
    void writeCheckpoint(const Json& seq, std::function<void(Lane&)> cont) {
        if (seq == committed) {
            cont(*this);
            return;
        }
        if (pull) {
            putLocalCheckpoint(seq);
            committed = seq;
            putRemoteCheckpoint(seq, false, std::move(cont));
        } else {
            putRemoteCheckpoint(seq, false, [seq, cont = std::move(cont)](Lane& l) {
                l.putLocalCheckpoint(seq);
                l.committed = seq;
                cont(l);
            });
        }
    }

    void putRemoteCheckpoint(const Json& seq, bool retried, std::function<void(Lane&)> cont) {
        if (!remoteCheckpointWritable) {
            cont(*this);
            return;
        }
        Json doc = updatedCheckpoint(remoteCheckpoint, seq);
        send(request("PUT", checkpointId, doc.dump()),
             [doc, seq, retried, cont = std::move(cont)](Lane& l, HttpResponse& resp) mutable {
                 if (resp.status == 200 || resp.status == 201) {
                     auto written = putAnswer(resp.body);
                     if (!written.ok()) return l.wrongAnswer(std::move(written.error));
                     doc["_rev"] = written.value;
                     l.remoteCheckpoint = std::move(doc);
                     l.succeeded();
                     cont(l);
                 } else if (resp.status == 409 && !retried) {
                     // Someone else wrote it: learn its revision, then write again.
                     l.send(l.request("GET", l.checkpointId),
                            [seq, cont = std::move(cont)](Lane& l2, HttpResponse& got) mutable {
                                if (got.status == 200) {
                                    auto doc = checkpointAnswer(got.body, l2.checkpointId);
                                    if (!doc.ok()) return l2.wrongAnswer(std::move(doc.error));
                                    l2.remoteCheckpoint = std::move(doc.value);
                                } else if (got.status == 404) {
                                    l2.remoteCheckpoint = nullptr;
                                } else {
                                    return l2.failResponse("Reading the checkpoint", got);
                                }
                                l2.putRemoteCheckpoint(seq, true, std::move(cont));
                            });
                 } else if (resp.status == 401) {
                     l.failResponse("Writing the checkpoint", resp);
                 } else if (resp.status >= 400 && resp.status < 500 && resp.status != 408 && resp.status != 429) {
                     l.remoteCheckpointWritable = false;  // read-only access: keep the local checkpoint only
                     cont(l);
                 } else {
                     l.failResponse("Writing the checkpoint", resp);
                 }
             });
    }

    // ---- pull -------------------------------------------------------------------------------

    void requestChanges(bool longpoll) {
        if (changesInFlight || batches.size() >= kQueuedBatches) return;
        size_t limit = r.m_batchSize;
        std::string path = "_changes?style=all_docs&since=" + seqParam(nextSince) + "&limit=" + std::to_string(limit);
        HttpRequest req = request("GET", path);
        if (longpoll) {
            req.url += "&feed=longpoll&timeout=" + std::to_string(r.m_options.longpollTimeoutMs);
            req.timeoutMs = r.m_options.longpollTimeoutMs + r.m_options.requestTimeoutMs;
            nextPollAt = now() + r.m_options.livePollIntervalMs;
        }
        changesInFlight = true;
        int64_t sentAt = now();
        send(std::move(req), [limit, longpoll, sentAt](Lane& l, HttpResponse& resp) {
            if (longpoll && resp.status == 0 && l.now() - sentAt >= l.r.m_options.longpollTimeoutMs) {
                // A server that holds a longpoll past its timeout: no changes, not an error.
                l.changesInFlight = false;
                l.nextPollAt = l.now();
                return;
            }
            l.onChanges(resp, limit);
        });
    }

    void onChanges(HttpResponse& resp, size_t limit) {
        changesInFlight = false;
        if (resp.status != 200) return failResponse("Reading the server's changes", resp);
        auto page = changesAnswer(resp.body);
        if (!page.ok()) return wrongAnswer(std::move(page.error));
        PullBatch batch;
        batch.limit = limit;
        batch.serial = ++nextBatchSerial;
        batch.lastSeq = page.value.lastSeq;
        for (ChangeRow& row : page.value.rows)
            batch.rows.push_back(FetchItem{std::move(row.id), std::move(row.revs)});
        bool hasPending = page.value.pending.has_value();
        if (hasPending) {
            remotePending = *page.value.pending;
        } else {
            // Servers without "pending" (PouchDB Server): estimated from the database's update_seq.
            uint64_t at = seqNumber(batch.lastSeq), top = seqNumber(remoteUpdateSeq);
            remotePending = top > at ? static_cast<size_t>(top - at) : 0;
        }
        succeeded();
        nextSince = batch.lastSeq;
        if (batch.rows.empty()) {
            caughtUp = true;
            // Nothing new; still checkpoint a moved sequence once nothing else is pending.
            if (batch.lastSeq != committed && batches.empty() && !processing) batches.push_back(std::move(batch));
        } else {
            // Caught up once a batch comes back short (CouchDB 2+ also says how many are pending).
            caughtUp = batch.rows.size() < limit && (!hasPending || remotePending == 0);
            if (status == Status::CaughtUp) status = Status::Active;
            batches.push_back(std::move(batch));
        }
        r.refreshProgress();
        processNext();
        if (!caughtUp) requestChanges(false);  // pipelining: the next batch travels while this one is written
        idleCheck();
    }

    void idleCheck() {
        if (!pull || processing || !batches.empty() || changesInFlight) return;
        if (status != Status::Active && status != Status::CaughtUp) return;
        if (!caughtUp) {
            requestChanges(false);
            return;
        }
        if (status != Status::CaughtUp) {
            status = Status::CaughtUp;
            nextPollAt = std::max(nextPollAt, now());
            r.laneDone(*this);
        }
    }

    // Batches are written one at a time, in order; the documents of the next ones are fetched meanwhile
    // (pipelining: the server prepares batch k+1 while batch k is written and checkpointed).
    void processNext() {
        prefetch();
        if (processing || batches.empty() || !batches.front().fetched) return;
        processing = true;
        status = Status::Active;
        batchStartMs = now();
        std::vector<Json> docs = std::move(batches.front().docs);
        if (docs.empty()) return finishPullBatch();
        onFetched(std::move(docs));
    }

    void prefetch() {
        for (size_t i = 0; i < batches.size() && i < kPrefetchBatches; ++i) {
            PullBatch& batch = batches[i];
            if (batch.fetching || batch.fetched) continue;
            std::vector<FetchItem> plan;
            for (const FetchItem& row : batch.rows) {
                auto missing = r.m_store.missingRevs(row.id, row.revs);
                if (!missing.empty()) plan.push_back(FetchItem{row.id, std::move(missing)});
            }
            if (plan.empty()) {
                batch.fetched = true;
                continue;
            }
            batch.fetching = true;
            fetchDocs(std::move(plan), false, [serial = batch.serial](Lane& l, std::vector<Json> docs) {
                for (PullBatch& b : l.batches) {
                    if (b.serial != serial) continue;
                    b.docs = std::move(docs);
                    b.fetching = false;
                    b.fetched = true;
                }
                l.processNext();
            });
        }
    }

    using DocsFn = std::function<void(Lane&, std::vector<Json>)>;

    void fetchDocs(std::vector<FetchItem> plan, bool attachments, DocsFn cont) {
        if (r.m_bulkGet && r.m_options.useBulkGet) {
            bulkGet(std::move(plan), attachments, std::move(cont));
        } else {
            openRevs(std::move(plan), attachments, std::move(cont));
        }
    }

    struct BulkGetState {
        std::vector<std::vector<FetchItem>> plans;
        std::vector<std::vector<Json>> parts;
        size_t sent = 0, done = 0;
        bool attachments = false;
        DocsFn cont;
    };

    // A batch's documents in requests of at most kBulkGetDocs, kBulkGetParallel of them travelling at once:
    // the server works on one while the other is parsed, and each answer (parsed in one go) and each
    // request (a fetch() call costs the page a millisecond or two) is a short task of its own.
    void bulkGet(std::vector<FetchItem> plan, bool attachments, DocsFn cont) {
        if (plan.size() <= kBulkGetDocs) return bulkGetPart(std::move(plan), attachments, std::move(cont));
        auto state = std::make_shared<BulkGetState>();
        for (size_t first = 0; first < plan.size(); first += kBulkGetDocs) {
            auto from = plan.begin() + static_cast<std::ptrdiff_t>(first);
            auto to = plan.begin() + static_cast<std::ptrdiff_t>(std::min(plan.size(), first + kBulkGetDocs));
            state->plans.emplace_back(std::make_move_iterator(from), std::make_move_iterator(to));
        }
        state->parts.resize(state->plans.size());
        state->attachments = attachments;
        state->cont = std::move(cont);
        for (size_t k = 0; k < kBulkGetParallel; ++k)
            bulkGetNext(state);
    }

    void bulkGetNext(const std::shared_ptr<BulkGetState>& state) {
        if (state->sent >= state->plans.size()) return;
        size_t part = state->sent++;
        bulkGetPart(std::move(state->plans[part]), state->attachments, [state, part](Lane& l, std::vector<Json> docs) {
            state->parts[part] = std::move(docs);
            if (++state->done < state->parts.size()) return l.bulkGetNext(state);
            std::vector<Json> all;
            for (std::vector<Json>& p : state->parts)
                all.insert(all.end(), std::make_move_iterator(p.begin()), std::make_move_iterator(p.end()));
            state->cont(l, std::move(all));
        });
    }

    // A _bulk_get that failed in passing (connection dropped, body cut short, 5xx) is sent once more at once:
    // it only reads, and resetting the lane would also throw away the batches fetched alongside it. A second
    // failure, or 429 (slow down), fails the lane (back-off, resume from the checkpoint).
    void bulkGetPart(std::vector<FetchItem> plan, bool attachments, DocsFn cont, bool isRetry = false) {
        if (!r.m_bulkGet) return openRevs(std::move(plan), attachments, std::move(cont));  // a sibling found out
        Json docs = Json::array();
        for (const FetchItem& item : plan) {
            for (const std::string& rev : item.revs)
                docs.push_back(Json{{"id", item.id}, {"rev", rev}});
        }
        std::string path = std::string("_bulk_get?revs=true&latest=true") + (attachments ? "&attachments=true" : "");
        send(request("POST", path, Json{{"docs", std::move(docs)}}.dump()),
             [plan = std::move(plan), attachments, cont = std::move(cont), isRetry](Lane& l,
                                                                                    HttpResponse& resp) mutable {
                 if (resp.status == 404 || resp.status == 405 || resp.status == 400 || resp.status == 501) {
                     l.r.m_bulkGet = false;  // an older server: one GET with open_revs per document
                     return l.openRevs(std::move(plan), attachments, std::move(cont));
                 }
                 std::set<std::string> asked;
                 for (const FetchItem& item : plan)
                     asked.insert(item.id);
                 Checked<FetchedDocs> answer;
                 if (resp.status == 200) answer = bulkGetAnswer(std::move(resp.body), asked);
                 bool inPassing = resp.status == 0 || resp.status >= 500 || (resp.status == 200 && !answer.ok());
                 if (inPassing && !isRetry) return l.bulkGetPart(std::move(plan), attachments, std::move(cont), true);
                 if (resp.status != 200) return l.failResponse("Fetching documents", resp);
                 if (!answer.ok()) return l.wrongAnswer(std::move(answer.error));
                 l.refuseFetched(answer.value.refused);
                 l.succeeded();
                 cont(l, std::move(answer.value.docs));
             });
    }

    struct OpenRevsState {
        std::vector<FetchItem> plan;
        size_t next = 0, outstanding = 0;
        std::vector<Json> docs;
        bool attachments = false;
        DocsFn cont;
    };

    void openRevs(std::vector<FetchItem> plan, bool attachments, DocsFn cont) {
        auto state = std::make_shared<OpenRevsState>();
        state->plan = std::move(plan);
        state->attachments = attachments;
        state->cont = std::move(cont);
        openRevsMore(state);
    }

    void openRevsMore(const std::shared_ptr<OpenRevsState>& st) {
        if (st->next >= st->plan.size() && st->outstanding == 0) {
            auto cont = std::move(st->cont);
            cont(*this, std::move(st->docs));
            return;
        }
        while (st->next < st->plan.size() && st->outstanding < static_cast<size_t>(kOpenRevsConcurrency)) {
            const FetchItem& item = st->plan[st->next++];
            Json revs(item.revs);
            std::string path = docPath(item.id) + "?revs=true&latest=true&open_revs=" + percentEncode(revs.dump()) +
                               (st->attachments ? "&attachments=true" : "");
            ++st->outstanding;
            std::string id = item.id;
            send(request("GET", path), [st, id](Lane& l, HttpResponse& resp) {
                --st->outstanding;
                if (resp.status == 404) return l.openRevsMore(st);  // deleted meanwhile: nothing to fetch
                if (resp.status != 200) return l.failResponse("Fetching documents", resp);
                auto answer = openRevsAnswer(std::move(resp.body), id);
                if (!answer.ok()) return l.wrongAnswer(std::move(answer.error));
                l.refuseFetched(answer.value.refused);
                for (Json& doc : answer.value.docs)
                    st->docs.push_back(std::move(doc));
                l.openRevsMore(st);
            });
        }
    }

    // Revisions the server holds in a form the store cannot (e.g. _rev and _revisions disagree): listed as
    // rejections naming the revision; the rest of the batch goes on.
    void refuseFetched(const std::vector<Unrepresentable>& refused) {
        for (const Unrepresentable& u : refused) {
            if (!rejected(u.id, u.rev)) r.m_rejections.push_back(Rejection{u.id, u.rev, "bad_request", u.reason});
            r.m_lastError =
                SyncError{SyncErrorKind::Rejected, 0, "Could not store " + u.id + " " + u.rev + ": " + u.reason};
        }
    }

    void onFetched(std::vector<Json> docs) {
        // Attachments: fetched a second time with their data only when the store lacks their digest.
        std::vector<FetchItem> needData;
        for (const Json& doc : docs) {
            if (needsAttachmentData(doc, r.m_store)) needData.push_back(FetchItem{stringField(doc, "_id"), {stringField(doc, "_rev")}});
        }
        if (needData.empty()) return writePulled(std::move(docs));
        fetchDocs(std::move(needData), true, [docs = std::move(docs)](Lane& l, std::vector<Json> withData) mutable {
            for (Json& full : withData) {
                for (Json& doc : docs) {
                    if (stringField(doc, "_id") == stringField(full, "_id") && stringField(doc, "_rev") == stringField(full, "_rev"))
                        doc = std::move(full);
                }
            }
            l.writePulled(std::move(docs));
        });
    }

    // Writes a fetched (and fully validated) batch into the store in time slices: a slice ends after
    // writeSliceMs and the next one runs from HttpClient::defer (between frames) or tick(), so a large
    // batch never blocks a frame for long. The checkpoint covering the batch is written only once every
    // slice is in.
    void writePulled(std::vector<Json> docs) {
        auto job = std::make_shared<WriteJob>();
        job->docs = std::move(docs);
        for (const Json& d : job->docs)
            job->ids.push_back(stringField(d, "_id"));
        writeJob = std::move(job);
        continueWrite();
    }

    void deferWrite() {
        if (writeDeferred) return;
        std::weak_ptr<bool> alive = r.m_alive;
        uint64_t at = epoch;
        Lane* lane = this;
        writeDeferred = r.m_http.defer([alive, at, lane] {
            if (alive.expired() || lane->epoch != at) return;  // replicator gone, or the lane was reset
            lane->writeDeferred = false;
            if (!lane->writeJob || lane->status != Status::Active) return;
            lane->continueWrite();
            lane->r.pump();
        });
    }

    // Writes the job's next documents in chunks, until all are in or `sliceMs` has passed (0: no limit).
    // True when all are in.
    bool writeSome(WriteJob& job, int64_t sliceMs) {
        int64_t start = now();
        while (job.next < job.docs.size()) {
            size_t end = std::min(job.docs.size(), job.next + kWriteChunk);
            std::vector<std::string> revs;  // a failed write names the revision it refused
            for (size_t k = job.next; k < end; ++k)
                revs.push_back(stringField(job.docs[k], "_rev"));
            std::vector<Json> slice(std::make_move_iterator(job.docs.begin() + static_cast<std::ptrdiff_t>(job.next)),
                                    std::make_move_iterator(job.docs.begin() + static_cast<std::ptrdiff_t>(end)));
            job.next = end;
            size_t k = 0;
            for (const WriteResult& res : r.m_store.bulkDocs(std::move(slice), false)) {
                const std::string& rev = revs[k++];
                if (res.ok()) {
                    ++r.m_progress.pulledDocs;
                    continue;
                }
                if (!rejected(res.id, rev))
                    r.m_rejections.push_back(Rejection{res.id, rev, res.error->error, res.error->reason});
                r.m_lastError = SyncError{SyncErrorKind::Rejected, 0,
                                          "Could not store " + res.id + " " + rev + ": " + res.error->reason};
            }
            if (sliceMs > 0 && job.next < job.docs.size() && now() - start >= sliceMs) return false;
        }
        return true;
    }

    // A failure elsewhere in the pipeline (a later batch's request) does not waste the batch being written:
    // its documents are complete revisions, so they go in now. The checkpoint stays where it was; the retry
    // reads the same changes again and fetches only what is still missing.
    void keepWrittenBatch() {
        if (!writeJob) return;
        writeSome(*writeJob, 0);
        for (const std::string& id : writeJob->ids)
            rememberSynced(id);
    }

    // The server has the document's current winner (just pulled from it); the tree, or null if none.
    std::optional<RevisionTree> rememberSynced(const std::string& id) {
        std::optional<RevisionTree> tree = r.m_store.revisionTree(id);
        if (!tree || tree->empty()) return std::nullopt;
        r.m_syncedRev[id] = tree->winner()->rev.str();
        if (r.m_options.push && tree->leaves().size() == 1) r.m_sweep.noteServerHas(id, r.m_syncedRev[id]);
        return tree;
    }

    void continueWrite() { continueWrite(r.m_options.writeSliceMs); }
    void continueWrite(int64_t sliceMs) {
        std::shared_ptr<WriteJob> job = writeJob;
        if (!job) return;
        if (!writeSome(*job, sliceMs)) {
            r.refreshProgress();
            deferWrite();
            return;  // the next slice: soon if the HttpClient can defer, else from tick()
        }
        writeJob.reset();
        // Remember what the server has; collect conflicted documents lacking their common ancestor.
        std::vector<std::pair<std::string, std::string>> ancestors;
        std::vector<std::string>& ids = job->ids;
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        for (const std::string& id : ids) {
            std::optional<RevisionTree> tree = rememberSynced(id);
            if (!tree) continue;
            RevId win = tree->winner()->rev;
            for (const RevId& c : tree->conflicts()) {
                auto lca = r.m_store.commonAncestor(id, win, c);
                if (lca && !r.m_store.get(id, GetOptions{.rev = lca->str()})) ancestors.emplace_back(id, lca->str());
            }
        }
        fetchAncestors(std::move(ancestors), 0);
    }

    // The conflict dialog's common ancestor: the store keeps leaf bodies only, the server usually
    // still has the ancestor's body (until compaction). Failures here are not errors.
    void fetchAncestors(std::vector<std::pair<std::string, std::string>> list, size_t index) {
        if (index >= list.size()) return finishPullBatch();
        auto [id, rev] = list[index];
        send(request("GET", docPath(id) + "?rev=" + percentEncode(rev)),
             [list = std::move(list), index, id = id, rev = rev](Lane& l, HttpResponse& resp) mutable {
                 if (resp.status == 401) return l.failResponse("Fetching a common ancestor", resp);
                 if (resp.status == 200) {
                     if (auto j = parseJson(resp.body)) l.r.m_store.keepAncestorBody(id, rev, *j);
                 }
                 l.fetchAncestors(std::move(list), index + 1);
             });
    }

    void finishPullBatch() {
        Json seq = batches.front().lastSeq;
        writeCheckpoint(seq, [](Lane& l) {
            PullBatch& done = l.batches.front();
            l.adaptBatchSize(done.rows.size() >= done.limit);
            l.batches.pop_front();
            l.processing = false;
            l.r.refreshProgress();
            l.processNext();
            if (!l.caughtUp) l.requestChanges(false);
            l.idleCheck();
        });
    }

    void adaptBatchSize(bool wasFull) {
        size_t cap = r.m_options.maxBatchSize ? r.m_options.maxBatchSize : r.m_options.batchSize * 4;
        if (wasFull && now() - batchStartMs < 1000 && r.m_batchSize < cap)
            r.m_batchSize = std::min(cap, r.m_batchSize * 2);
    }

    // ---- push -------------------------------------------------------------------------------

    struct PushItem {
        std::string id;
        std::vector<std::string> revs;                                          // leaves to offer
        std::map<std::string, std::map<std::string, std::string>> attAncestor;  // rev -> att name -> rev that added it
    };

    bool rejected(const std::string& id, const std::string& rev) const {
        return std::any_of(r.m_rejections.begin(), r.m_rejections.end(),
                           [&](const Rejection& x) { return x.id == id && x.rev == rev; });
    }

    void pushNext() {
        if (busy) return;
        uint64_t since = seqNumber(committed);
        ChangesResult ch = r.m_store.changes(since, r.m_batchSize, true);
        if (ch.results.empty()) {
            if (r.m_sweep.due(now())) return sweepNext();
            if (status != Status::CaughtUp) {
                status = Status::CaughtUp;
                r.laneDone(*this);
            }
            return;
        }
        busy = true;
        status = Status::Active;
        batchStartMs = now();
        bool full = ch.results.size() >= r.m_batchSize;
        Json lastSeq = ch.lastSeq;
        auto items = std::make_shared<std::vector<PushItem>>();
        Json diff = Json::object();
        for (const Change& change : ch.results) {
            if (change.revs.size() == 1) {
                // Just pulled (or already confirmed): the server has it, no need to ask.
                auto synced = r.m_syncedRev.find(change.id);
                if (synced != r.m_syncedRev.end() && synced->second == change.revs.front()) continue;
            }
            PushItem item;
            item.id = change.id;
            std::optional<RevisionTree> tree = r.m_store.revisionTree(change.id);
            for (const std::string& rev : change.revs) {
                if (rejected(change.id, rev)) continue;
                item.revs.push_back(rev);
                // For each attachment, the revision that introduced it: if the server has that
                // revision it has the attachment, and a stub is enough.
                auto doc = r.m_store.get(change.id, GetOptions{.rev = rev});
                auto parsed = RevId::parse(rev);
                if (!doc || !tree || !parsed || !doc->contains("_attachments")) continue;
                std::vector<std::string> history = tree->history(*parsed);
                for (auto it = (*doc)["_attachments"].begin(); it != (*doc)["_attachments"].end(); ++it) {
                    auto revpos = it->find("revpos");
                    if (revpos == it->end() || !revpos->is_number_unsigned()) continue;
                    uint64_t pos = revpos->get<uint64_t>();
                    if (pos == 0 || pos >= parsed->gen || parsed->gen - pos >= history.size()) continue;
                    item.attAncestor[rev][it.key()] = RevId{pos, history[parsed->gen - pos]}.str();
                }
            }
            if (item.revs.empty()) continue;
            Json asked = Json::array();
            for (const std::string& rev : item.revs)
                asked.push_back(rev);
            for (const auto& [rev, atts] : item.attAncestor) {
                for (const auto& [name, anc] : atts) {
                    if (std::find(asked.begin(), asked.end(), Json(anc)) == asked.end()) asked.push_back(anc);
                }
            }
            diff[item.id] = std::move(asked);
            items->push_back(std::move(item));
        }
        if (items->empty()) return finishPushBatch(lastSeq, full);
        auto asked = std::make_shared<Json>(std::move(diff));
        send(request("POST", "_revs_diff", asked->dump()), [items, asked, lastSeq, full](Lane& l, HttpResponse& resp) {
            if (resp.status != 200) return l.failResponse("Comparing revisions with the server", resp);
            auto missing = revsDiffAnswer(resp.body, *asked);
            if (!missing.ok()) return l.wrongAnswer(std::move(missing.error));
            l.succeeded();
            l.onRevsDiff(*items, missing.value, lastSeq, full);
        });
    }

    // The server confirmed (by _revs_diff) that it holds this leaf.
    void serverHas(const std::string& id, const std::string& rev, const RevisionTree* tree) {
        if (tree && tree->leaves().size() == 1) r.m_sweep.noteServerHas(id, rev);
    }

    // A leaf whose _rev and _revisions disagree is never sent: it becomes a rejection naming its revision.
    bool pushable(const Json& doc) {
        auto problem = revisionProblem(doc);
        if (!problem) return true;
        std::string id = stringField(doc, "_id"), rev = stringField(doc, "_rev");
        if (!rejected(id, rev)) r.m_rejections.push_back(Rejection{id, rev, "bad_request", *problem});
        r.m_lastError = SyncError{SyncErrorKind::Rejected, 0, "Not sent: " + id + " " + rev + ": " + *problem};
        return false;
    }

    void onRevsDiff(const std::vector<PushItem>& items, const RevsByDoc& diff, const Json& lastSeq, bool full) {
        std::vector<Json> docs;
        std::vector<bool> hasStubs;
        for (const PushItem& item : items) {
            std::set<std::string> missing;
            if (auto entry = diff.find(item.id); entry != diff.end())
                missing.insert(entry->second.begin(), entry->second.end());
            std::optional<RevisionTree> tree = r.m_store.revisionTree(item.id);
            std::string winner = (tree && !tree->empty()) ? tree->winner()->rev.str() : std::string();
            for (const std::string& rev : item.revs) {
                if (!missing.count(rev)) {
                    if (rev == winner) {
                        r.m_syncedRev[item.id] = rev;  // the server has it already
                        serverHas(item.id, rev, tree ? &*tree : nullptr);
                    }
                    continue;
                }
                auto doc = r.m_store.get(item.id, GetOptions{.rev = rev, .revs = true});
                if (!doc) continue;  // not a leaf any more: a later batch sends its successor
                if (!pushable(*doc)) continue;
                bool stubs = false;
                if (doc->contains("_attachments")) {
                    auto ancestors = item.attAncestor.find(rev);
                    for (auto it = (*doc)["_attachments"].begin(); it != (*doc)["_attachments"].end(); ++it) {
                        std::string anc;
                        if (ancestors != item.attAncestor.end()) {
                            auto a = ancestors->second.find(it.key());
                            if (a != ancestors->second.end()) anc = a->second;
                        }
                        if (!anc.empty() && !missing.count(anc)) {
                            stubs = true;
                            continue;  // the server has the revision that added it: stays a stub
                        }
                        inlineAttachment(*it);
                    }
                }
                docs.push_back(std::move(*doc));
                hasStubs.push_back(stubs);
            }
        }
        if (docs.empty()) return finishPushBatch(lastSeq, full);
        bulkDocs(std::move(docs), std::move(hasStubs), lastSeq, full, false);
    }

    void inlineAttachment(Json& att) const {
        auto data = r.m_store.attachmentData(stringField(att, "digest"));
        if (!data) return;
        att.erase("stub");
        att.erase("length");
        att["data"] = base64Encode(*data);
    }

    void bulkDocs(std::vector<Json> docs, std::vector<bool> hasStubs, Json lastSeq, bool full, bool retry) {
        Json body{{"docs", Json::array()}, {"new_edits", false}};
        for (const Json& d : docs)
            body["docs"].push_back(d);
        auto sent = std::make_shared<std::vector<Json>>(std::move(docs));
        auto stubs = std::make_shared<std::vector<bool>>(std::move(hasStubs));
        send(request("POST", "_bulk_docs", body.dump()),
             [sent, stubs, lastSeq, full, retry](Lane& l, HttpResponse& resp) {
                 l.onBulkDocs(*sent, *stubs, resp, lastSeq, full, retry);
             });
    }

    void onBulkDocs(std::vector<Json>& sent, const std::vector<bool>& stubs, HttpResponse& resp, const Json& lastSeq,
                    bool full, bool retry) {
        if (resp.status == 413) {
            if (sent.size() > 1) {
                r.m_batchSize = std::max<size_t>(1, std::min(r.m_batchSize, sent.size()) / 2);
                status = Status::Active;
                begin();  // same batch again, smaller; no backoff: the server asked for it
                return;
            }
            Json& doc = sent.front();
            r.m_rejections.push_back(
                Rejection{stringField(doc, "_id"), stringField(doc, "_rev"), "too_large", "The server refused a document this large"});
            return finishPushBatch(lastSeq, full);
        }
        if ((resp.status == 412 || resp.status == 417) && !retry) {
            // The server lacks an attachment sent as a stub: send them all with their data.
            for (Json& doc : sent) {
                if (doc.contains("_attachments")) {
                    for (auto it = doc["_attachments"].begin(); it != doc["_attachments"].end(); ++it) {
                        if (it->contains("stub")) inlineAttachment(*it);
                    }
                }
            }
            return bulkDocs(std::move(sent), std::vector<bool>(sent.size(), false), lastSeq, full, true);
        }
        if (resp.status != 201 && resp.status != 200 && resp.status != 202)
            return failResponse("Sending documents", resp);
        std::set<std::string> sentIds;
        for (const Json& doc : sent)
            sentIds.insert(stringField(doc, "_id"));
        auto answer = bulkDocsAnswer(resp.body, sentIds);
        if (!answer.ok()) return wrongAnswer(std::move(answer.error));
        std::map<std::string, std::vector<const RefusedDoc*>> errors;  // id -> error entries
        for (const RefusedDoc& e : answer.value)
            errors[e.id].push_back(&e);
        succeeded();
        std::vector<Json> again;
        size_t failed = 0;
        for (size_t i = 0; i < sent.size(); ++i) {
            Json& doc = sent[i];
            std::string id = stringField(doc, "_id"), rev = stringField(doc, "_rev");
            auto errs = errors.find(id);
            const RefusedDoc* err = nullptr;
            if (errs != errors.end()) {
                for (const RefusedDoc* e : errs->second) {
                    if (e->rev.empty() || e->rev == rev) err = e;
                }
            }
            if (!err) {
                auto tree = r.m_store.revisionTree(id);
                if (tree && !tree->empty() && tree->winner()->rev.str() == rev) r.m_syncedRev[id] = rev;
                // Older rejections of this document end once their revision is no longer a leaf.
                r.m_rejections.erase(std::remove_if(r.m_rejections.begin(), r.m_rejections.end(),
                                                    [&](const Rejection& x) {
                                                        if (x.id != id) return false;
                                                        auto xr = RevId::parse(x.rev);
                                                        return !(tree && xr && tree->isLeaf(*xr));
                                                    }),
                                     r.m_rejections.end());
                continue;
            }
            const std::string& error = err->error;
            if (error != "forbidden" && error != "unauthorized" && i < stubs.size() && stubs[i] && !retry) {
                // Probably an attachment stub the server cannot resolve: once more, with the data.
                if (doc.contains("_attachments")) {
                    for (auto it = doc["_attachments"].begin(); it != doc["_attachments"].end(); ++it) {
                        if (it->contains("stub")) inlineAttachment(*it);
                    }
                }
                again.push_back(std::move(doc));
                continue;
            }
            ++failed;
            if (!rejected(id, rev)) r.m_rejections.push_back(Rejection{id, rev, error, err->reason});
            r.m_lastError = SyncError{SyncErrorKind::Rejected, 0,
                                      "The server refused " + id + " " + rev + ": " + error +
                                          (err->reason.empty() ? "" : " (" + err->reason + ")")};
        }
        r.m_progress.pushedDocs += sent.size() - failed - again.size();
        if (!again.empty()) {
            std::vector<bool> none(again.size(), false);
            return bulkDocs(std::move(again), std::move(none), lastSeq, full, true);
        }
        finishPushBatch(lastSeq, full);
    }

    // ---- reconciliation sweep (push lane): before "up to date", whatever the checkpoints say ----

    // Asks the server about the next batch of local leaves changed since the last sweep.
    void sweepNext() {
        r.m_sweep.begin();
        sweeping = busy = true;
        sweepStep = false;
        status = Status::Active;
        auto batch =
            r.m_sweep.nextBatch([this](const std::string& id, const std::string& rev) { return rejected(id, rev); });
        if (!batch) {
            r.m_sweep.finish(now());
            sweeping = busy = false;
            return pushNext();  // local changes made meanwhile are pushed (and swept); else caught up
        }
        if (batch->asked.empty()) {  // all known to be on the server: the next batch, in a task of its own
            r.m_sweep.confirmed(*batch);
            return sweepLater();
        }
        auto asked = std::make_shared<SweepBatch>(std::move(*batch));
        send(request("POST", "_revs_diff", asked->asked.dump()), [asked](Lane& l, HttpResponse& resp) {
            if (resp.status != 200) return l.failResponse("Checking with the server", resp);
            auto missing = revsDiffAnswer(resp.body, asked->asked);
            if (!missing.ok()) return l.wrongAnswer(std::move(missing.error));
            l.succeeded();
            l.onSweepDiff(*asked, missing.value);
        });
    }

    void sweepLater() {
        std::weak_ptr<bool> alive = r.m_alive;
        uint64_t at = epoch;
        Lane* lane = this;
        sweepDeferred = r.m_http.defer([alive, at, lane] {
            if (alive.expired() || lane->epoch != at) return;
            lane->sweepDeferred = false;
            if (!lane->sweeping) return;
            lane->sweepNext();
            lane->r.pump();
        });
        sweepStep = !sweepDeferred;
    }

    // What the server lacks is sent again (complete, attachments inline), then the same batch is asked
    // about once more: the sweep moves on only when the server confirms it has everything.
    void onSweepDiff(const SweepBatch& batch, const RevsByDoc& missing) {
        std::vector<Json> docs;
        for (const auto& [id, revs] : missing) {
            for (const std::string& rev : revs) {
                auto doc = r.m_store.get(id, GetOptions{.rev = rev, .revs = true});
                if (!doc || !pushable(*doc)) continue;
                if (doc->contains("_attachments")) {
                    for (auto it = (*doc)["_attachments"].begin(); it != (*doc)["_attachments"].end(); ++it)
                        inlineAttachment(*it);
                }
                docs.push_back(std::move(*doc));
            }
        }
        bool none = std::all_of(missing.begin(), missing.end(), [](const auto& m) { return m.second.empty(); });
        if (none) {
            r.m_sweep.confirmed(batch);
            return sweepNext();
        }
        if (!r.m_sweep.resent()) {
            return fail(Fail::Retry,
                        SyncError{SyncErrorKind::NotConfirmed, 0,
                                  "Checking with the server: it still lacks " + std::to_string(docs.size()) +
                                      " documents after they were sent again"});
        }
        if (docs.empty()) return sweepNext();  // changed or refused meanwhile: asked again without them
        r.m_sweepResent += docs.size();
        std::vector<bool> stubs(docs.size(), false);
        bulkDocs(std::move(docs), std::move(stubs), Json(), false, false);
    }

    void finishPushBatch(const Json& lastSeq, bool full) {
        if (sweeping) return sweepNext();  // the sweep's re-sent documents: ask about the same batch again
        writeCheckpoint(lastSeq, [full](Lane& l) {
            l.adaptBatchSize(full);
            l.busy = false;
            l.r.refreshProgress();
            l.pushNext();
        });
    }
};

// ---- Replicator -------------------------------------------------------------------------------

Replicator::Replicator(DocumentStore& store, HttpClient& http, const Clock& clock, ReplicationOptions options)
    : m_store(store), m_http(http), m_clock(clock), m_options(std::move(options)), m_sweep(store) {
    m_base = m_options.remoteUrl;
    while (!m_base.empty() && m_base.back() == '/')
        m_base.pop_back();
    if (m_options.batchSize == 0) m_options.batchSize = 1;
    if (m_options.backoffBaseMs < 1) m_options.backoffBaseMs = 1;
    if (m_options.backoffMaxMs < m_options.backoffBaseMs) m_options.backoffMaxMs = m_options.backoffBaseMs;
    m_batchSize = m_options.batchSize;
    m_rng = m_options.seed ? m_options.seed : 0x9e3779b97f4a7c15ULL;
    m_pull = std::make_unique<Lane>(*this, true);
    m_push = std::make_unique<Lane>(*this, false);
}

Replicator::~Replicator() {
    m_alive.reset();
}

uint64_t Replicator::random() {
    // splitmix64
    uint64_t z = (m_rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::string Replicator::url(const std::string& path) const {
    return m_base + "/" + path;
}

std::string Replicator::localPeerId() {
    if (auto doc = m_store.getLocal(kPeerDocId)) {
        std::string id = stringField(*doc, "peer_id");
        if (!id.empty()) return id;
    }
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx",
                  static_cast<unsigned long long>(random() ^ static_cast<uint64_t>(m_clock.nowMs())),
                  static_cast<unsigned long long>(random()));
    std::string id = buf;
    m_store.putLocal(Json{{"_id", kPeerDocId}, {"peer_id", id}});
    return id;
}

std::string Replicator::checkpointId(bool pull) const {
    auto doc = m_store.getLocal(kPeerDocId);
    std::string peer = doc ? stringField(*doc, "peer_id") : std::string();
    return "_local/" + Md5::hex("crm-replication-v1\n" + peer + "\n" + m_base + "\n" + (pull ? "pull" : "push"));
}

void Replicator::start() {
    for (Lane* lane : {m_pull.get(), m_push.get()}) {
        lane->reset();
        lane->initialized = false;
        lane->attempt = 0;
        lane->remoteCheckpointWritable = true;
        lane->remoteCheckpoint = nullptr;
        lane->committed = 0;
        lane->status = Lane::Status::Idle;
    }
    m_started = true;
    m_startMs = m_clock.nowMs();
    m_progress = SyncProgress{};
    m_lastError = {};
    localPeerId();
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(random()),
                  static_cast<unsigned long long>(random() ^ static_cast<uint64_t>(m_startMs)));
    m_session = buf;
    m_pull->checkpointId = checkpointId(true);
    m_push->checkpointId = checkpointId(false);
    m_sweep.load(m_push->checkpointId + "-sweep");
    if (!m_online) return;
    m_pull->begin();
    m_push->begin();
    pump();
    refreshProgress();
}

void Replicator::retryNow() {
    if (!m_started || !m_online) return;
    for (Lane* lane : {m_pull.get(), m_push.get()}) {
        if (lane->status != Lane::Status::Retrying && lane->status != Lane::Status::Failed) continue;
        lane->attempt = 0;
        lane->begin();
    }
    pump();
    refreshProgress();
}

void Replicator::stop() {
    m_started = false;
    for (Lane* lane : {m_pull.get(), m_push.get()}) {
        lane->reset();
        lane->status = Lane::Status::Idle;
    }
}

void Replicator::setOnline(bool online) {
    if (online == m_online) return;
    m_online = online;
    for (Lane* lane : {m_pull.get(), m_push.get()}) {
        lane->reset();
        if (online) {
            lane->attempt = 0;
            if (m_started) lane->begin();  // from the last checkpoint
        } else if (lane->status != Lane::Status::LoginRequired && lane->status != Lane::Status::Failed) {
            lane->status = Lane::Status::Idle;
        }
    }
    pump();
    refreshProgress();
}

bool Replicator::writing() const {
    return m_pull->writeJob != nullptr;
}

void Replicator::tick(std::optional<int64_t> writeMs) {
    if (!m_started || !m_online) return;
    int64_t now = m_clock.nowMs();
    for (Lane* lane : {m_pull.get(), m_push.get()}) {
        if (lane->status == Lane::Status::Retrying && now >= lane->retryAt) lane->begin();
        // An HttpClient that never answers must not stall the replication.
        if (lane->inFlight > 0 && lane->watchdog && now > lane->watchdog)
            lane->fail(Lane::Fail::Retry, SyncError{SyncErrorKind::Timeout, 0, "timeout: no answer from the server"});
        // A lane never goes quiet while it has work: active with nothing in flight, nothing being written and
        // nothing queued for a while means a lost continuation; it resumes from its checkpoint.
        bool waiting =
            lane->inFlight > 0 || lane->writeJob || lane->writeDeferred || lane->sweepStep || lane->sweepDeferred;
        bool working = lane->status == Lane::Status::Active || lane->status == Lane::Status::Connecting;
        if (working && !waiting) {
            if (lane->quietSince == 0) {
                lane->quietSince = now;
            } else if (now - lane->quietSince >= kStallMs) {
                ++m_stalls;
                lane->begin();
            }
        } else {
            lane->quietSince = 0;
        }
    }
    if (m_push->sweepStep && m_push->sweeping) m_push->sweepNext();
    const bool mayWrite = !writeMs || *writeMs > 0;
    if (m_pull->writeJob && m_pull->status == Lane::Status::Active && mayWrite)
        m_pull->continueWrite(writeMs.value_or(m_options.writeSliceMs));
    if (m_options.live) {
        Lane& pull = *m_pull;
        if (pull.status == Lane::Status::CaughtUp && !pull.changesInFlight && pull.batches.empty() &&
            now >= pull.nextPollAt) {
            pull.requestChanges(true);
        }
        Lane& push = *m_push;
        if (push.status == Lane::Status::CaughtUp && !push.busy &&
            (m_store.updateSeq() > seqNumber(push.committed) || m_sweep.due(now))) {
            push.pushNext();  // local edits, or the reconciliation sweep (changes since the last one, idle interval)
        }
    }
    pump();
    refreshProgress();
}

void Replicator::send(Lane& lane, HttpRequest request, std::function<void(Lane&, HttpResponse&)> handler) {
    for (const auto& h : m_options.headers)
        request.headers.push_back(h);
    ++m_requests;
    m_progress.bytes += request.body.size();
    ++lane.inFlight;
    lane.watchdog = std::max(lane.watchdog, m_clock.nowMs() + request.timeoutMs + 5000);
    uint64_t epoch = lane.epoch;
    Lane* lp = &lane;
    std::weak_ptr<bool> alive = m_alive;
    m_http.send(request, [this, alive, lp, epoch, handler = std::move(handler)](HttpResponse response) mutable {
        if (alive.expired()) return;
        m_completions.push_back([this, lp, epoch, handler = std::move(handler),
                                 response = std::move(response)]() mutable {
            if (lp->epoch != epoch) return;  // the lane was reset meanwhile
            if (--lp->inFlight == 0) lp->watchdog = 0;
            m_progress.bytes += response.body.size();
            try {
                handler(*lp, response);
            } catch (const std::exception& e) {
                lp->fail(Lane::Fail::Retry, SyncError{SyncErrorKind::WrongShape, response.status,
                                                      std::string("Unexpected answer from the server: ") + e.what()});
            }
        });
        pump();
    });
}

void Replicator::pump() {
    if (m_pumping) return;
    m_pumping = true;
    while (!m_completions.empty()) {
        auto fn = std::move(m_completions.front());
        m_completions.pop_front();
        fn();
    }
    m_pumping = false;
}

void Replicator::laneDone(Lane& done) {
    if (&done == m_push.get() && done.initialized) {
        // What the push checkpoint covers is Synced by itself: forget those entries (memory of a big pull).
        uint64_t covered = seqNumber(done.committed);
        for (auto it = m_syncedRev.begin(); it != m_syncedRev.end();) {
            it = m_store.docSeq(it->first) <= covered ? m_syncedRev.erase(it) : std::next(it);
        }
    }
    if (&done == m_pull.get() && m_push->enabled() && m_push->status == Lane::Status::CaughtUp && !m_push->busy &&
        m_sweep.due(m_clock.nowMs())) {
        // What the pull wrote after the push caught up is swept (it is not pushed: the server has it).
        return m_push->pushNext();  // comes back here once the push lane is caught up again
    }
    bool allDone = true;
    for (Lane* lane : {m_pull.get(), m_push.get()}) {
        if (lane->enabled() && lane->status != Lane::Status::CaughtUp) allDone = false;
    }
    if (allDone && (!m_push->enabled() || m_sweep.covered())) {
        m_lastSyncMs = m_clock.nowMs();
        m_lastError = {};  // recovered: rejections stay listed in rejections()
    }
    refreshProgress();
}

void Replicator::refreshProgress() {
    size_t pending = 0;
    if (m_pull->enabled()) {
        for (const auto& b : m_pull->batches)
            pending += b.rows.size();
        pending += m_pull->remotePending;
    }
    if (m_push->enabled() && m_push->initialized) {
        uint64_t since = seqNumber(m_push->committed);
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

SyncState Replicator::state() const {
    if (!m_started) return SyncState::Idle;
    if (!m_online) return SyncState::Paused;
    using S = Lane::Status;
    const Lane* lanes[] = {m_pull.get(), m_push.get()};
    auto any = [&](S s) {
        return std::any_of(std::begin(lanes), std::end(lanes),
                           [&](const Lane* l) { return l->enabled() && l->status == s; });
    };
    if (any(S::LoginRequired)) return SyncState::LoginRequired;
    if (any(S::Failed)) return SyncState::Failed;
    if (any(S::Retrying)) return SyncState::Paused;
    if (any(S::Connecting) || any(S::Idle)) return SyncState::Connecting;
    if (m_pull->enabled() && m_pull->status == S::Active) return SyncState::Pulling;
    if (m_push->enabled() && m_push->status == S::Active)
        return m_push->sweeping ? SyncState::Checking : SyncState::Pushing;
    if (!m_pull->enabled() && !m_push->enabled()) return SyncState::Idle;
    // Up to date only once a sweep has confirmed every local leaf on the server.
    if (m_push->enabled() && m_push->initialized && !m_sweep.covered()) {
        return m_store.updateSeq() > seqNumber(m_push->committed) ? SyncState::Pushing : SyncState::Checking;
    }
    return SyncState::UpToDate;
}

const SyncProgress& Replicator::progress() const {
    return m_progress;
}
const std::vector<Rejection>& Replicator::rejections() const {
    return m_rejections;
}
std::string Replicator::lastError() const {
    return m_lastError.detail;
}
int64_t Replicator::lastSyncMs() const {
    return m_lastSyncMs;
}
size_t Replicator::requestCount() const {
    return m_requests;
}

int64_t Replicator::retryAtMs() const {
    int64_t at = 0;
    for (const Lane* lane : {m_pull.get(), m_push.get()}) {
        if (lane->status == Lane::Status::Retrying && (at == 0 || lane->retryAt < at)) at = lane->retryAt;
    }
    return at;
}

DocSyncState Replicator::docState(const std::string& id) const {
    std::optional<RevisionTree> tree = m_store.revisionTree(id);
    if (!tree || tree->empty()) return DocSyncState::LocalOnly;
    if (!tree->conflicts().empty()) return DocSyncState::Conflict;
    for (const Rejection& rej : m_rejections) {
        auto rev = RevId::parse(rej.rev);
        if (rej.id == id && rev && tree->isLeaf(*rev)) return DocSyncState::Rejected;
    }
    std::string winner = tree->winner()->rev.str();
    auto synced = m_syncedRev.find(id);
    if (synced != m_syncedRev.end() && synced->second == winner) return DocSyncState::Synced;
    if (m_push->initialized && m_store.docSeq(id) <= seqNumber(m_push->committed)) return DocSyncState::Synced;
    return DocSyncState::LocalOnly;
}

}  // namespace crm::core

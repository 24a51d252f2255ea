// The pull direction: changes → fetch → sliced writes → checkpoint (see pull_lane.h).
#include "core/sync/pull_lane.h"

#include "core/json_field.h"
#include "core/sync/replication_options.h"

#include <algorithm>

namespace crm::core {

namespace {
constexpr size_t kQueuedBatches = 3;    // _changes batches read ahead of the one being written
constexpr size_t kPrefetchBatches = 2;  // of those, how many have their documents fetched at once
constexpr size_t kReadWholeUpTo = 64 * 1024;  // a _changes page larger than this is read in slices
}  // namespace

PullLane::PullLane(LaneContext& context)
    : Lane(context, Direction::Pull),
      m_fetcher(
          context.db,
          [this](HttpRequest request, std::function<void(HttpResponse&)> handler) {
              send(std::move(request), std::move(handler));
          },
          context.options.useBulkGet),
      m_writer(context.store, context.clock) {}

bool PullLane::enabled() const {
    return m_context.options.pull;
}

void PullLane::resetWork() {
    m_batches.clear();
    m_changesInFlight = m_processing = m_feedCaughtUp = m_writeDeferred = false;
    m_writer.drop();
    m_reader.drop();
    m_parked.reset();
}

void PullLane::resume() {
    m_nextSince = committed();
    requestChanges(false);
}

// The database info says whether the database exists and how far its feed goes.
void PullLane::afterCheckpointRead() {
    send(request("GET", ""), [this](HttpResponse& resp) {
        if (resp.status == 401 || resp.status == 404) return fail(httpError("Opening the server's database", resp));
        if (resp.status == 200) {
            if (auto j = parseJson(resp.body); j && j->is_object() && j->contains("update_seq"))
                m_remoteUpdateSeq = (*j)["update_seq"];
        }  // anything else: only the progress estimate is missing
        finishInit();
    });
}

size_t PullLane::pending() const {
    size_t n = m_remotePending;
    for (const Batch& b : m_batches)
        n += b.rows.size();
    return n;
}

void PullLane::pollIfDue(int64_t now) {
    if (status() == Status::CaughtUp && !m_changesInFlight && m_batches.empty() && now >= m_nextPollAt)
        requestChanges(true);
}

void PullLane::requestChanges(bool longpoll) {
    if (m_changesInFlight || m_batches.size() >= kQueuedBatches) return;
    size_t limit = m_batchSize;
    HttpRequest req = request("GET", "_changes?style=all_docs&include_docs=true&since=" + seqParam(m_nextSince) +
                                         "&limit=" + std::to_string(limit));
    const ReplicationOptions& o = m_context.options;
    if (longpoll) {
        req.url += "&feed=longpoll&timeout=" + std::to_string(o.longpollTimeoutMs);
        req.timeoutMs = o.longpollTimeoutMs + o.requestTimeoutMs;
        m_nextPollAt = now() + o.livePollIntervalMs;
    }
    m_changesInFlight = true;
    int64_t sentAt = now();
    send(std::move(req), [this, limit, longpoll, sentAt](HttpResponse& resp) {
        if (longpoll && resp.status == 0 && now() - sentAt >= m_context.options.longpollTimeoutMs) {
            // A server that holds a longpoll past its timeout: no changes, not an error.
            m_changesInFlight = false;
            m_nextPollAt = now();
            return;
        }
        onChanges(resp, limit);
    });
}

// A page larger than kReadWholeUpTo is read in slices of writeSliceMs, each from HttpClient::defer (an
// HttpClient that cannot defer: all of it now). Its head is known at once, so the next page is asked for while it
// is read; that page's answer waits (parked) until this one is read.
void PullLane::onChanges(HttpResponse& resp, size_t limit) {
    m_changesInFlight = false;
    if (resp.status != 200) return fail(httpError("Reading the server's changes", resp));
    if (m_reader.active()) {
        m_changesInFlight = true;  // still nothing more asked for until it is read
        m_parked.emplace(std::move(resp.body), limit);
        return;
    }
    m_readLimit = limit;
    m_reader.start(std::move(resp.body), kReadWholeUpTo);
    if (const ChangesPage* head = m_reader.head()) {
        noteFeed(head->lastSeq, m_reader.rowCount(), head->pending, limit);
        if (!m_feedCaughtUp) requestChanges(false);
        // The first slice in a task of its own: this one has scanned the page and asked for the next.
        if (defer([this] {
                if (m_reader.active()) continueRead();
            }))
            return;
    }
    continueRead();
}

void PullLane::continueRead() {
    if (!m_reader.readSome(m_context.options.writeSliceMs, m_context.clock)) {
        bool deferred = defer([this] {
            if (m_reader.active()) continueRead();
        });
        if (deferred) return;
        m_reader.readSome(0, m_context.clock);
    }
    onPage(m_reader.take());
}

// Where the feed goes on from and whether it is caught up (a page comes back short; CouchDB 2+ also says how many
// are pending; servers without "pending", such as PouchDB Server: estimated from the database's update_seq).
void PullLane::noteFeed(const Json& lastSeq, size_t rows, std::optional<size_t> pending, size_t limit) {
    if (pending) {
        m_remotePending = *pending;
    } else {
        uint64_t at = seqNumber(lastSeq), top = seqNumber(m_remoteUpdateSeq);
        m_remotePending = top > at ? static_cast<size_t>(top - at) : 0;
    }
    m_nextSince = lastSeq;
    m_feedCaughtUp = rows == 0 || (rows < limit && (!pending || m_remotePending == 0));
}

void PullLane::onPage(Checked<ChangesPage> page) {
    size_t limit = m_readLimit;
    if (!page.ok()) return fail(std::move(page.error));
    Batch batch;
    batch.limit = limit;
    batch.serial = ++m_nextSerial;
    batch.lastSeq = page.value.lastSeq;
    for (ChangeRow& row : page.value.rows) {
        batch.rows.push_back(FetchItem{std::move(row.id), std::move(row.revs)});
        batch.firstRevisions.push_back(std::move(row.firstRevision));
    }
    noteFeed(batch.lastSeq, batch.rows.size(), page.value.pending, limit);
    succeeded();
    if (batch.rows.empty()) {
        // Nothing new; still checkpoint a moved sequence once nothing else is pending.
        if (batch.lastSeq != committed() && m_batches.empty() && !m_processing) m_batches.push_back(std::move(batch));
    } else {
        if (m_status == Status::CaughtUp) m_status = Status::Active;
        m_batches.push_back(std::move(batch));
    }
    m_context.changed();
    processNext();
    if (!m_feedCaughtUp) requestChanges(false);  // pipelining: the next batch travels while this one is written
    idleCheck();
    if (m_parked) {
        HttpResponse next;
        next.status = 200;
        next.body = std::move(m_parked->first);
        size_t nextLimit = m_parked->second;
        m_parked.reset();
        onChanges(next, nextLimit);
    }
}

void PullLane::idleCheck() {
    if (m_processing || !m_batches.empty() || m_changesInFlight || m_reader.active()) return;
    if (m_status != Status::Active && m_status != Status::CaughtUp) return;
    if (!m_feedCaughtUp) return requestChanges(false);
    if (m_status != Status::CaughtUp) {
        m_nextPollAt = std::max(m_nextPollAt, now());
        caughtUp();
    }
}

// Batches are written one at a time, in order; the documents of the next ones are fetched meanwhile
// (pipelining: the server prepares batch k+1 while batch k is written and checkpointed).
void PullLane::processNext() {
    prefetch();
    if (m_processing || m_batches.empty() || !m_batches.front().fetched) return;
    m_processing = true;
    m_status = Status::Active;
    m_batchStartMs = now();
    std::vector<Json> docs = std::move(m_batches.front().docs);
    if (docs.empty()) return finishBatch();
    // Attachments: fetched a second time with their data only when the store lacks their digest.
    m_fetcher.completeAttachments(
        std::move(docs), [this](const std::string& digest) { return m_context.store.hasAttachment(digest); },
        [this](Checked<FetchedDocs> got) {
            if (!got.ok()) return fail(std::move(got.error));
            refuseFetched(got.value.refused);
            succeeded();
            m_writer.start(std::move(got.value.docs));
            // Its first slice in a task of its own (this one may have read a page's last slice or written the
            // batch before); a client that cannot defer: now.
            deferWrite();
            if (!m_writeDeferred) continueWrite(m_context.options.writeSliceMs);
        });
}

void PullLane::prefetch() {
    for (size_t i = 0; i < m_batches.size() && i < kPrefetchBatches; ++i) {
        Batch& batch = m_batches[i];
        if (batch.fetching || batch.fetched) continue;
        std::vector<FetchItem> plan;
        for (size_t k = 0; k < batch.rows.size(); ++k) {
            const FetchItem& row = batch.rows[k];
            auto missing = m_context.store.missingRevs(row.id, row.revs);
            if (missing.empty()) continue;
            if (std::optional<Json>& whole = batch.firstRevisions[k]) {
                batch.docs.push_back(std::move(*whole));  // its only revision, and it is missing
            } else {
                plan.push_back(FetchItem{row.id, std::move(missing)});
            }
        }
        batch.firstRevisions.clear();
        if (plan.empty()) {
            batch.fetched = true;
            continue;
        }
        batch.fetching = true;
        m_fetcher.fetch(std::move(plan), false, [this, serial = batch.serial](Checked<FetchedDocs> got) {
            if (!got.ok()) return fail(std::move(got.error));
            refuseFetched(got.value.refused);
            succeeded();
            for (Batch& b : m_batches) {
                if (b.serial != serial) continue;
                b.docs.insert(b.docs.end(), std::make_move_iterator(got.value.docs.begin()),
                              std::make_move_iterator(got.value.docs.end()));
                b.fetching = false;
                b.fetched = true;
            }
            processNext();
        });
    }
}

// Revisions the server holds in a form the store cannot (e.g. _rev and _revisions disagree): listed as
// rejections naming the revision; the rest of the batch goes on.
void PullLane::refuseFetched(const std::vector<Unrepresentable>& refused) {
    for (const Unrepresentable& u : refused)
        reject(Rejection{u.id, u.rev, "bad_request", u.reason},
               "Could not store " + u.id + " " + u.rev + ": " + u.reason);
}

// The batch's next slice (all of it when `sliceMs` is 0); true once every document is in.
bool PullLane::writeSlice(int64_t sliceMs) {
    PulledWriter::Written written;
    bool done = m_writer.writeSome(sliceMs, written);
    m_context.progress.pulledDocs += written.stored;
    for (Rejection& r : written.refused) {
        std::string detail = "Could not store " + r.id + " " + r.rev + ": " + r.reason;
        reject(std::move(r), std::move(detail));
    }
    return done;
}

void PullLane::writeFromTick(int64_t sliceMs) {
    if (m_writer.active() && m_status == Status::Active) continueWrite(sliceMs);
}

void PullLane::deferWrite() {
    if (m_writeDeferred) return;
    m_writeDeferred = defer([this] {
        m_writeDeferred = false;
        if (!m_writer.active() || m_status != Status::Active) return;
        continueWrite(m_context.options.writeSliceMs);
    });
}

// A failure elsewhere in the pipeline (a later batch's request) does not waste the batch being written:
// its documents are complete revisions, so they go in now. The checkpoint stays where it was; the retry
// reads the same changes again and fetches only what is still missing.
void PullLane::keepWrittenBatch() {
    if (!m_writer.active()) return;
    writeSlice(0);
    for (const std::string& id : m_writer.finish())
        m_context.serverRevs.noteCurrent(id);
}

// The checkpoint covering the batch is written only once every slice is in; the next slice runs from
// HttpClient::defer (between frames) or tick().
void PullLane::continueWrite(int64_t sliceMs) {
    if (!m_writer.active()) return;
    if (!writeSlice(sliceMs)) {
        m_context.changed();
        return deferWrite();
    }
    // Remember what the server has; collect conflicted documents lacking their common ancestor.
    std::vector<std::pair<std::string, std::string>> ancestors;
    DocumentStore& store = m_context.store;
    for (const std::string& id : m_writer.finish()) {
        m_context.serverRevs.noteCurrent(id);
        if (!store.hasConflicts(id)) continue;  // the common case, read without building the tree
        std::optional<RevisionTree> tree = store.revisionTree(id);
        if (!tree || tree->empty()) continue;
        RevId win = tree->winner()->rev;
        for (const RevId& c : tree->conflicts()) {
            auto lca = store.commonAncestor(id, win, c);
            if (lca && !store.get(id, GetOptions{.rev = lca->str()})) ancestors.emplace_back(id, lca->str());
        }
    }
    fetchAncestors(std::move(ancestors), 0);
}

// The conflict dialog's common ancestor: the store keeps leaf bodies only, the server usually still has the
// ancestor's body (until compaction). Failures here are not errors.
void PullLane::fetchAncestors(std::vector<std::pair<std::string, std::string>> list, size_t index) {
    if (index >= list.size()) return finishBatch();
    auto [id, rev] = list[index];
    send(request("GET", docPath(id) + "?rev=" + percentEncode(rev)),
         [this, list = std::move(list), index, id = id, rev = rev](HttpResponse& resp) mutable {
             if (resp.status == 401) return fail(httpError("Fetching a common ancestor", resp));
             if (resp.status == 200) {
                 if (auto j = parseJson(resp.body)) m_context.store.keepAncestorBody(id, rev, *j);
             }
             fetchAncestors(std::move(list), index + 1);
         });
}

void PullLane::finishBatch() {
    writeCheckpoint(m_batches.front().lastSeq, [this] {
        Batch& done = m_batches.front();
        adaptBatchSize(done.rows.size() >= done.limit, m_batchStartMs);
        m_batches.pop_front();
        m_processing = false;
        m_context.changed();
        processNext();
        if (!m_feedCaughtUp) requestChanges(false);
        idleCheck();
    });
}

}  // namespace crm::core

// The pull direction, as CouchDB's replicator runs it (changes reader → work queue → worker): the server's
// `_changes` (style=all_docs, include_docs; feed=longpoll when live and caught up; a large page read in time slices:
// ChangesReader) in batches read ahead, the
// missing revisions of the next batches fetched meanwhile (DocFetcher) unless the feed brought them whole (a
// first revision, as PouchDB's replicator takes them: ChangeRow::firstRevision), each batch written in time slices
// (PulledWriter), conflicts' common ancestors fetched for the merge dialog, then the checkpoint (this device first,
// then the server). What the store refuses stays in this lane's own rejection list (and its checkpoint), never the push
// lane's.
#pragma once
#include "core/sync/changes_reader.h"
#include "core/sync/doc_fetcher.h"
#include "core/sync/lane.h"
#include "core/sync/pulled_writer.h"

#include <deque>
#include <optional>
#include <utility>
#include <vector>

namespace crm::core {

class PullLane : public Lane {
public:
    explicit PullLane(LaneContext& context);

    bool enabled() const override;
    bool writing() const { return m_writer.active(); }  // a pulled batch is being written into the store
    // The next slice of the batch being written (tick(): an HttpClient that cannot defer, or the frame's share).
    void writeFromTick(int64_t sliceMs);
    void pollIfDue(int64_t now);  // live: the next longpoll once the interval has passed
    size_t pending() const;       // changes read but not yet written, plus what the server says is left
    bool bulkGetSupported() const { return m_fetcher.bulkGetSupported(); }

private:
    struct Batch {
        std::vector<FetchItem> rows;                      // id + leaf revisions from _changes
        std::vector<std::optional<Json>> firstRevisions;  // per row: its document, when the feed brought it whole
        Json lastSeq;
        size_t limit = 0;
        uint64_t serial = 0;  // names the batch for its fetch's answer
        bool fetching = false, fetched = false;
        std::vector<Json> docs;  // the missing revisions: brought by the feed, and the rest once fetched
    };

    void resetWork() override;
    void resume() override;
    void afterCheckpointRead() override;
    bool waitingForWork() const override { return m_writer.active() || m_writeDeferred || m_reader.active(); }
    void beforeFailing() override { keepWrittenBatch(); }

    void requestChanges(bool longpoll);
    void onChanges(HttpResponse& resp, size_t limit);
    void continueRead();
    void onPage(Checked<ChangesPage> page);
    void noteFeed(const Json& lastSeq, size_t rows, std::optional<size_t> pending, size_t limit);
    void idleCheck();
    void processNext();
    void prefetch();
    void refuseFetched(const std::vector<Unrepresentable>& refused);
    bool writeSlice(int64_t sliceMs);
    void continueWrite(int64_t sliceMs);
    void deferWrite();
    void keepWrittenBatch();
    void fetchAncestors(std::vector<std::pair<std::string, std::string>> list, size_t index);
    void finishBatch();

    DocFetcher m_fetcher;
    PulledWriter m_writer;
    ChangesReader m_reader;  // the _changes page being read (m_changesInFlight stays set meanwhile)
    size_t m_readLimit = 0;  // the limit it was asked with
    std::optional<std::pair<std::string, size_t>> m_parked;  // the next page (body, limit), come while reading
    std::deque<Batch> m_batches;
    uint64_t m_nextSerial = 0;
    bool m_changesInFlight = false;
    bool m_feedCaughtUp = false;
    bool m_processing = false;
    bool m_writeDeferred = false;  // the next slice is queued with HttpClient::defer
    Json m_nextSince = 0;
    size_t m_remotePending = 0;
    Json m_remoteUpdateSeq = 0;  // from the database info at start (progress estimate only)
    int64_t m_nextPollAt = 0;
    int64_t m_batchStartMs = 0;
};

}  // namespace crm::core

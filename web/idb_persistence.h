// The browser's Persistence: documents, segments (many documents per value, core/store/segment.h) and
// metadata in IndexedDB, one transaction per batch, streamed loading in large getAll() chunks (metadata,
// then segments, then document records). Failures come back as PersistStatus codes (quota, unavailable,
// blocked, io).
#pragma once
#include "core/store/persistence.h"

#include <functional>
#include <map>
#include <string>

namespace crm::web {

class IdbPersistence : public core::Persistence {
public:
    // Runs a task soon, between frames (the HTTP client's defer).
    using Defer = std::function<void(std::function<void()>)>;
    // `deferWriteDone`: a finished write is reported through it instead of from IndexedDB's own event, so the
    // write-behind's next batch (which it starts from that report) waits its turn among the app's
    // background work instead of running between every two frames.
    explicit IdbPersistence(std::string databaseName, Defer deferWriteDone = nullptr);
    ~IdbPersistence() override;

    void load(ChunkFn onChunk, DoneFn onDone) override;
    void write(const core::Batch& batch, DoneFn onDone) override;
    bool holdsSegments() const override { return true; }
    void loadWithSegments(SegmentFn onSegments, ChunkFn onChunk, DoneFn onDone) override;
    // The Records stage's segments (core/store/segment.h) are read by idb.js after the first stage, kept in JS
    // (a few at a time) and handed over one per call.
    bool loadsInStages() const override { return true; }
    LaterStage takeLaterSegment(const SegmentFn& onSegments, const DoneFn& onDone) override;

    // Called from JavaScript (see the exports in idb_persistence.cpp).
    void deliverChunk(int request, char* buffer, int length);
    void deliverSegments(int request, char* buffer, int length);
    void complete(int request, const char* code, const char* detail);
    void noteOutOfMemory(int request);  // a chunk of this load could not be taken in

private:
    struct Pending {
        SegmentFn onSegments;
        ChunkFn onChunk;
        DoneFn onDone;
        bool outOfMemory = false;
        bool loading = false;  // a load's (its outcome is reported at once, never deferred)
    };
    std::string m_name;
    Defer m_deferWriteDone;
    int m_nextRequest = 1;
    std::map<int, Pending> m_pending;
};

} // namespace crm::web

// Doctests for WriteBehind: one batch per commit, bounded and oldest first, retry after a failed batch,
// sync and deferred persistence callbacks, streamed load with corrupt records reported.
#include "core/store/write_behind.h"

#include <doctest/doctest.h>

#include <map>

using namespace crm::core;

namespace {
// An in-memory Persistence that can fail on demand and defer its callbacks.
struct FakePersistence : Persistence {
    std::map<std::string, std::string> docs, meta;
    std::vector<Batch> written;
    int failNext = 0;
    bool deferred = false;
    std::vector<std::function<void()>> pending;

    void load(ChunkFn onChunk, DoneFn onDone) override {
        std::vector<Record> d, m;
        for (auto& [k, v] : docs) d.push_back({k, v});
        for (auto& [k, v] : meta) m.push_back({k, v});
        onChunk(std::move(d), std::move(m));
        onDone({});
    }
    void write(const Batch& batch, DoneFn onDone) override {
        auto apply = [this, batch, onDone] {
            if (failNext > 0) {
                --failNext;
                onDone(PersistStatus{"quota", "storage full"});
                return;
            }
            written.push_back(batch);
            for (auto& r : batch.docs) docs[r.key] = r.value;
            for (auto& k : batch.erasedDocs) docs.erase(k);
            for (auto& r : batch.meta) meta[r.key] = r.value;
            onDone({});
        };
        if (deferred) {
            pending.push_back(apply);
        } else {
            apply();
        }
    }
    void runPending() {
        auto p = std::move(pending);
        pending.clear();
        for (auto& f : p) f();
    }
};
} // namespace

TEST_CASE("commit writes the dirty records as one batch, then Saved") {
    DocumentStore store;
    FakePersistence disk;
    WriteBehind wb(store, disk);
    CHECK(wb.state() == SaveState::Saved);
    for (int i = 0; i < 50; ++i) store.put(Json{{"_id", "c" + std::to_string(i)}});
    store.putLocal(Json{{"_id", "_local/cp"}});
    CHECK(wb.state() == SaveState::Unsaved);
    CHECK(wb.pendingCount() == 51);
    wb.commit();
    REQUIRE(disk.written.size() == 1);
    CHECK(disk.written[0].docs.size() == 51);
    CHECK(disk.meta.at("update_seq") == "50");
    CHECK(wb.state() == SaveState::Saved);
    CHECK(wb.pendingCount() == 0);
    wb.commit();  // nothing dirty: no empty batch
    CHECK(disk.written.size() == 1);
}

TEST_CASE("large writes are saved in bounded batches, oldest first: a checkpoint never before its documents") {
    DocumentStore store;
    FakePersistence disk;
    WriteBehind wb(store, disk);
    const size_t n = WriteBehind::kMaxRecordsPerBatch * 2 + 10;
    for (size_t i = 0; i < n; ++i) store.put(Json{{"_id", "z" + std::to_string(n - i)}});  // ids not in order
    store.putLocal(Json{{"_id", "_local/checkpoint"}, {"covers", n}});
    store.put(Json{{"_id", "a-after"}});
    disk.failNext = 1;
    wb.commit();  // the first batch fails: its records go back in front
    CHECK(wb.state() == SaveState::Failed);
    CHECK(wb.pendingCount() == n + 2);
    wb.commit();  // the retry, and the batches after it one by one
    CHECK(wb.state() == SaveState::Saved);
    REQUIRE(disk.written.size() == 3);
    CHECK(disk.written[0].docs.size() == WriteBehind::kMaxRecordsPerBatch);
    CHECK(disk.written[0].docs.front().key == "z" + std::to_string(n));  // the first written
    // The checkpoint is in the last batch, after every document it covers; the later write follows it.
    const std::vector<Record>& last = disk.written[2].docs;
    REQUIRE(last.size() == 12);
    CHECK(last[10].key == "_local/checkpoint");
    CHECK(last[11].key == "a-after");
    CHECK(disk.docs.size() == n + 2);
}

TEST_CASE("one store write is saved whole: a bulk write larger than a batch, and a write reaching back") {
    DocumentStore store;
    FakePersistence disk;
    WriteBehind wb(store, disk);
    const size_t bound = WriteBehind::kMaxRecordsPerBatch;
    std::vector<Json> bulk;
    for (size_t i = 0; i < bound + 300; ++i) bulk.push_back(Json{{"_id", "bulk" + std::to_string(i)}});
    store.bulkDocs(bulk);
    store.put(Json{{"_id", "after"}});
    wb.commit();
    REQUIRE(disk.written.size() == 2);
    CHECK(disk.written[0].docs.size() == bound + 300);  // all of the bulk write, in one transaction
    CHECK(disk.written[1].docs.size() == 1);

    // "a" waits from an earlier write; a later bulk write touches it again: from "a" to that write's end
    // no batch may end (else the bulk write could be half on disk).
    disk.written.clear();
    auto a = store.put(Json{{"_id", "a"}});
    for (size_t i = 0; i < bound + 50; ++i) store.put(Json{{"_id", "single" + std::to_string(i)}});
    store.bulkDocs({Json{{"_id", "a"}, {"_rev", a.rev}, {"v", 2}}, Json{{"_id", "n0"}}, Json{{"_id", "n1"}}});
    store.put(Json{{"_id", "z"}});
    wb.commit();
    REQUIRE(disk.written.size() == 2);
    CHECK(disk.written[0].docs.size() == bound + 53);  // a, the singles, n0, n1
    CHECK(disk.written[0].docs.front().key == "a");
    CHECK(disk.written[0].docs.back().key == "n1");
    CHECK(disk.written[1].docs.size() == 1);
}

TEST_CASE("a checkpoint written again while its earlier write waits moves after the newer documents") {
    // A pull writes its batches in small bulk writes, each followed by its checkpoint. The checkpoint is saved
    // once, after every document written before it, without joining the batches into one transaction.
    DocumentStore store;
    FakePersistence disk;
    WriteBehind wb(store, disk);
    const size_t bound = WriteBehind::kMaxRecordsPerBatch;
    std::string rev;
    for (size_t batch = 0; batch < 3; ++batch) {
        for (size_t slice = 0; slice < bound / 10; ++slice) {
            std::vector<Json> docs;
            for (size_t i = 0; i < 10; ++i)
                docs.push_back(Json{{"_id", "d" + std::to_string(batch) + "-" + std::to_string(slice * 10 + i)}});
            store.bulkDocs(docs);
        }
        Json checkpoint{{"_id", "_local/checkpoint"}, {"batch", batch}};
        if (!rev.empty()) checkpoint["_rev"] = rev;
        rev = store.putLocal(checkpoint).rev;
    }
    wb.commit();
    REQUIRE(disk.written.size() == 4);
    for (size_t b = 0; b < 3; ++b) CHECK(disk.written[b].docs.size() == bound);  // not one 300-document batch
    REQUIRE(disk.written[3].docs.size() == 1);
    CHECK(disk.written[3].docs[0].key == "_local/checkpoint");
    CHECK(disk.written[3].docs[0].value.find("\"batch\":2") != std::string::npos);

}

TEST_CASE("a failed batch is retried by the next commit; nothing is lost") {
    DocumentStore store;
    FakePersistence disk;
    WriteBehind wb(store, disk);
    auto r = store.put(Json{{"_id", "a"}, {"v", 1}});
    store.put(Json{{"_id", "b"}, {"v", 1}});
    disk.failNext = 1;
    wb.commit();
    CHECK(wb.state() == SaveState::Failed);
    CHECK(wb.lastError().code == "quota");
    CHECK(wb.pendingCount() == 2);
    CHECK(disk.docs.empty());
    // An edit after the failure joins the retry, with its newest value.
    auto r2 = store.put(Json{{"_id", "a"}, {"_rev", r.rev}, {"v", 2}});
    wb.commit();
    CHECK(wb.state() == SaveState::Saved);
    CHECK(wb.lastError().ok());
    REQUIRE(disk.written.size() == 1);
    CHECK(disk.written[0].docs.size() == 2);

    DocumentStore reloaded;
    WriteBehind wb2(reloaded, disk);
    LoadReport report;
    wb2.load([&](const LoadReport& rep) { report = rep; });
    CHECK(report.loaded == 2);
    CHECK(report.status.ok());
    CHECK(reloaded.get("a")->at("_rev").get<std::string>() == r2.rev);
    CHECK(reloaded.get("a")->at("v").get<int>() == 2);
    CHECK(reloaded.get("b").has_value());
    CHECK(reloaded.updateSeq() == store.updateSeq());
}

TEST_CASE("deferred callbacks: one batch in flight, edits during it go to the next batch") {
    DocumentStore store;
    FakePersistence disk;
    disk.deferred = true;
    WriteBehind wb(store, disk);
    auto r = store.put(Json{{"_id", "a"}, {"v", 1}});
    wb.commit();
    CHECK(wb.state() == SaveState::Saving);
    store.put(Json{{"_id", "a"}, {"_rev", r.rev}, {"v", 2}});
    wb.commit();  // in flight: does nothing
    CHECK(disk.pending.size() == 1);
    CHECK(wb.pendingCount() == 2);  // one in flight, one dirty
    disk.runPending();  // written: the edit made meanwhile follows by itself
    CHECK(wb.state() == SaveState::Saving);
    CHECK(disk.pending.size() == 1);
    disk.failNext = 1;
    disk.runPending();
    CHECK(wb.state() == SaveState::Failed);
    wb.commit();
    disk.runPending();
    CHECK(wb.state() == SaveState::Saved);
    DocumentStore reread;  // the record on disk holds the edit
    REQUIRE(reread.loadRecord("a", disk.docs.at("a")));
    CHECK(reread.get("a")->at("v").get<int>() == 2);

    // A callback arriving after the WriteBehind is gone is ignored safely.
    {
        WriteBehind gone(store, disk);
        store.put(Json{{"_id", "z"}});
        gone.commit();
    }
    disk.runPending();
}

TEST_CASE("load reports corrupt records and still loads the rest") {
    FakePersistence disk;
    {
        DocumentStore store;
        WriteBehind wb(store, disk);
        store.put(Json{{"_id", "good"}});
        wb.commit();
    }
    disk.docs["broken"] = "{\"s\":";
    DocumentStore store;
    WriteBehind wb(store, disk);
    LoadReport report;
    bool done = false;
    wb.load([&](const LoadReport& rep) {
        report = rep;
        done = true;
    });
    CHECK(done);
    CHECK(report.loaded == 1);
    CHECK(report.corruptKeys == std::vector<std::string>{"broken"});
    CHECK(store.get("good").has_value());
    CHECK(wb.state() == SaveState::Saved);  // loading does not dirty the store
}

// Doctests for WriteBehind: one batch per commit, retry after a failed batch, sync and deferred
// persistence callbacks, streamed load with corrupt records reported.
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

TEST_CASE("commit writes all dirty records as one batch, then Saved") {
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
    disk.runPending();
    CHECK(wb.state() == SaveState::Unsaved);
    wb.commit();
    disk.failNext = 1;
    disk.runPending();
    CHECK(wb.state() == SaveState::Failed);
    wb.commit();
    disk.runPending();
    CHECK(wb.state() == SaveState::Saved);
    CHECK(Json::parse(disk.docs.at("a"))["b"].begin()->at("v").get<int>() == 2);

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

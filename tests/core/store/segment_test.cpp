// Doctests for segments (many documents per stored value) and the write-behind's compaction of its log
// into them: the format, which copy of a document wins, compaction folding only what is saved, a failed
// compaction losing nothing, reloads with segments and log giving back every document and revision, and
// records of earlier versions (JSON in the log) still loading; out of memory and failed loads losing nothing.
#include "core/store/secondary_index.h"
#include "core/store/segment.h"
#include "core/store/write_behind.h"
#include "tests/core/store/store_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <new>

using namespace crm::core;

namespace {
// An in-memory Persistence holding segments, each batch applied all or nothing; can fail on demand.
struct SegmentDisk : Persistence {
    std::map<std::string, std::string> docs, meta, segments;
    std::vector<Batch> written;
    int failNext = 0;
    int failFolds = 0;                      // fail the next batches that write a segment
    int outOfMemory = 0;                    // throw std::bad_alloc for the next batches, as an allocation would
    bool outOfMemoryForSegments = false;    // ... only for batches that write a segment
    PersistStatus loadStatus;               // how a load ends
    std::function<void(const Batch&)> onWrite;  // runs as a batch is written (to edit the store meanwhile)
    bool reverseSegments = false;  // deliver segments newest first (order must not matter)

    bool holdsSegments() const override { return true; }
    void load(ChunkFn onChunk, DoneFn onDone) override { loadWithSegments(nullptr, onChunk, onDone); }
    void loadWithSegments(SegmentFn onSegments, ChunkFn onChunk, DoneFn onDone) override {
        std::vector<Record> d, m, s;
        for (auto& [k, v] : meta) m.push_back({k, v});
        onChunk({}, std::move(m));
        for (auto& [k, v] : segments) s.push_back({k, v});
        if (reverseSegments) std::reverse(s.begin(), s.end());
        if (onSegments) onSegments(std::move(s));
        for (auto& [k, v] : docs) d.push_back({k, v});
        onChunk(std::move(d), {});
        onDone(loadStatus);
    }
    void write(const Batch& batch, DoneFn onDone) override {
        if (outOfMemory > 0 && (!outOfMemoryForSegments || !batch.segments.empty())) {
            --outOfMemory;
            throw std::bad_alloc();
        }
        if (onWrite) onWrite(batch);
        if (failNext > 0 || (failFolds > 0 && !batch.segments.empty())) {
            --(failNext > 0 ? failNext : failFolds);
            return onDone(PersistStatus{"quota", "storage full"});
        }
        written.push_back(batch);
        for (auto& r : batch.docs) docs[r.key] = r.value;
        for (auto& k : batch.erasedDocs) docs.erase(k);
        for (auto& r : batch.meta) meta[r.key] = r.value;
        for (auto& r : batch.segments) segments[r.key] = r.value;
        for (auto& k : batch.erasedSegments) segments.erase(k);
        onDone({});
    }
};

// A store saved through a write-behind into a SegmentDisk.
struct Saving {
    DocumentStore store;
    SegmentDisk disk;
    WriteBehind wb{store, disk};
};

std::string id(size_t i) { return "customer:" + std::to_string(100000 + i); }

void fill(DocumentStore& store, size_t from, size_t to) {
    for (size_t i = from; i < to; ++i) {
        store.put(Json{{"_id", id(i)}, {"type", "customer"}, {"name", "客户 " + std::to_string(i)}, {"n", i}});
    }
}

LoadReport reload(SegmentDisk& disk, DocumentStore& into) {
    WriteBehind wb(into, disk);
    LoadReport report;
    wb.load([&](const LoadReport& r) { report = r; });
    return report;
}

using test::checkSame;
} // namespace

TEST_CASE("a segment reads back its entries; damaged bytes are refused") {
    segment::Writer w(7);
    w.add("a", std::string("\xC8record-a", 9));
    w.add("客户/β", "");
    w.add(std::string("n\0ul", 4), std::string(300, 'x'));
    std::string bytes = w.finish();
    auto read = segment::read(bytes);
    REQUIRE(read.has_value());
    CHECK(read->number == 7);
    REQUIRE(read->entries.size() == 3);
    CHECK(read->entries[0].id == "a");
    CHECK(read->entries[0].record == std::string("\xC8record-a", 9));
    CHECK(read->entries[1].id == "客户/β");
    CHECK(read->entries[1].record.empty());
    CHECK(read->entries[2].id == std::string("n\0ul", 4));
    CHECK(read->entries[2].record.size() == 300);

    for (size_t cut = 0; cut < bytes.size(); ++cut) CHECK_FALSE(segment::read(bytes.substr(0, cut)).has_value());
    CHECK_FALSE(segment::read(bytes + "x").has_value());                    // trailing bytes
    CHECK_FALSE(segment::read("\xC8" + bytes.substr(1)).has_value());       // a document record, not a segment
    std::string otherVersion = bytes;
    otherVersion[1] = 2;
    CHECK_FALSE(segment::read(otherVersion).has_value());
    CHECK(segment::read(segment::Writer(0).finish())->entries.empty());
    CHECK(segment::key(7) == "0000000007");
    CHECK(segment::key(7) < segment::key(10));  // keys sort in number order
}

TEST_CASE("which stored copy of a document wins: the later seq; equal is the same write") {
    CHECK(segment::supersedes(5, 0));
    CHECK(segment::supersedes(6, 5));
    CHECK_FALSE(segment::supersedes(5, 5));
    CHECK_FALSE(segment::supersedes(4, 5));
    CHECK(segment::supersedes(0, 5));  // a JSON record of earlier versions: no seq to compare, loads
    DocumentStore store;
    store.put(Json{{"_id", "a"}});
    store.put(Json{{"_id", "b"}});
    CHECK(DocumentStore::recordSeq(*store.encodeRecord("b")) == 2);
    CHECK(DocumentStore::recordSeq(R"({"s":2,"t":[],"b":{}})") == 0);
    CHECK(DocumentStore::isDocumentKey("a"));
    CHECK(DocumentStore::isDocumentKey("_design/x"));
    CHECK_FALSE(DocumentStore::isDocumentKey("_local/checkpoint"));
    CHECK_FALSE(DocumentStore::isDocumentKey("_att/md5-x"));
}

TEST_CASE_FIXTURE(Saving, "the log is folded into segments once it has grown; a reload gives back everything") {
    const size_t n = WriteBehind::kCompactLogRecords + 1000;
    fill(store, 0, n);
    store.putLocal(Json{{"_id", "_local/checkpoint"}, {"seq", 1}});
    wb.commit();
    CHECK(wb.state() == SaveState::Saved);
    CHECK_FALSE(disk.segments.empty());
    CHECK(wb.segmentCount() == disk.segments.size());
    CHECK(disk.docs.count("_local/checkpoint") == 1);  // _local documents stay in the log
    // Nothing is both a log record and the newest copy in a segment, and nothing is lost.
    size_t inSegments = 0;
    for (auto& [key, bytes] : disk.segments) {
        auto contents = segment::read(bytes);
        REQUIRE(contents.has_value());
        CHECK(segment::key(contents->number) == key);
        for (const segment::Entry& e : contents->entries) CHECK(disk.docs.count(std::string(e.id)) == 0);
        inSegments += contents->entries.size();
        CHECK(bytes.size() < 2 * WriteBehind::kSegmentBytes);
    }
    CHECK(inSegments + disk.docs.size() - 1 == n);
    CHECK(wb.logCount() == disk.docs.size() - 1);

    DocumentStore reloaded;
    LoadReport report = reload(disk, reloaded);
    CHECK(report.status.ok());
    CHECK(report.corruptKeys.empty());
    CHECK(report.segments == disk.segments.size());
    CHECK(report.superseded == 0);
    checkSame(store, reloaded);
    CHECK(reloaded.getLocal("_local/checkpoint")->at("seq") == 1);
}

TEST_CASE_FIXTURE(Saving, "at idle a small log is folded too") {
    fill(store, 0, WriteBehind::kIdleCompactRecords - 1);
    wb.commit();
    CHECK(disk.segments.empty());  // below the idle threshold: stays in the log
    CHECK(wb.logCount() == WriteBehind::kIdleCompactRecords - 1);
    fill(store, WriteBehind::kIdleCompactRecords - 1, WriteBehind::kIdleCompactRecords + 10);
    wb.commit();  // saves them, then (idle) folds the log
    CHECK(disk.segments.size() == 1);
    CHECK(wb.logCount() == 0);
    CHECK(disk.docs.empty());
    DocumentStore reloaded;
    reload(disk, reloaded);
    checkSame(store, reloaded);
}

TEST_CASE_FIXTURE(Saving, "a document waiting to be saved again is not folded: its log record stays until it is saved") {
    const size_t n = WriteBehind::kCompactLogRecords;
    // The documents arrive a batch at a time while batches are written (saving keeps up: no burst), so the
    // log grows to the compaction threshold.
    size_t filled = WriteBehind::kMaxRecordsPerBatch;
    fill(store, 0, filled);
    std::string edited;
    disk.onWrite = [&](const Batch& batch) {
        if (batch.segments.empty() && filled < n) {
            fill(store, filled, filled + WriteBehind::kMaxRecordsPerBatch);
            filled += WriteBehind::kMaxRecordsPerBatch;
        }
        // As the batch that makes the log due is written, the user edits a document already in the log.
        if (edited.empty() && batch.segments.empty() && disk.docs.size() + batch.docs.size() >= n) {
            edited = store.put(Json{{"_id", id(5)}, {"_rev", store.get(id(5))->at("_rev")}, {"v", 2}}).rev;
        }
    };
    wb.commit();
    CHECK(wb.state() == SaveState::Saved);
    REQUIRE_FALSE(edited.empty());
    REQUIRE(disk.segments.size() == 1);
    auto contents = segment::read(disk.segments.begin()->second);
    REQUIRE(contents.has_value());
    CHECK(contents->entries.size() == n - 1);
    for (const segment::Entry& e : contents->entries) CHECK(e.id != id(5));
    CHECK(disk.docs.size() == 1);  // the edit, saved after the fold
    DocumentStore reloaded;
    reload(disk, reloaded);
    CHECK(reloaded.get(id(5))->at("_rev") == edited);
    checkSame(store, reloaded);
}

TEST_CASE_FIXTURE(Saving, "a burst is written as segments, each document once; older log records go in the same batch") {
    const size_t burstBatch = WriteBehind::kMaxBurstRecordsPerBatch;  // a burst's batch takes at most these
    fill(store, 0, 10);
    wb.commit();  // a small write: the log
    REQUIRE(wb.logCount() == 10);
    for (size_t i = 0; i < 10; ++i) store.put(Json{{"_id", id(i)}, {"_rev", store.get(id(i))->at("_rev")}, {"v", 2}});
    fill(store, 10, 10 + burstBatch + 100);  // more than a burst's batch: the rest follow
    size_t written = disk.written.size();
    wb.commit();
    CHECK(wb.state() == SaveState::Saved);
    REQUIRE(disk.written.size() > written + 1);
    const Batch& burst = disk.written[written];
    REQUIRE(burst.segments.size() == 1);
    CHECK(burst.docs.empty());  // no log record for the burst's documents
    auto contents = segment::read(burst.segments[0].value);
    REQUIRE(contents.has_value());
    CHECK(contents->entries.size() == burstBatch);
    for (size_t i = 0; i < 10; ++i) {  // the edited documents' older log records, deleted with it
        CHECK(std::count(burst.erasedDocs.begin(), burst.erasedDocs.end(), id(i)) == 1);
    }
    // Each document reached disk once before the idle fold: the burst in its segment, the rest in the log.
    size_t logPuts = 0;
    for (size_t k = written + 1; k < disk.written.size(); ++k) {
        if (disk.written[k].segments.empty()) logPuts += disk.written[k].docs.size();
    }
    CHECK(logPuts == 10 + burstBatch + 100 - burstBatch);  // fewer than a burst: the log
    DocumentStore reloaded;
    LoadReport report = reload(disk, reloaded);
    CHECK(report.corruptKeys.empty());
    checkSame(store, reloaded);
    CHECK(reloaded.get(id(3))->at("v") == 2);
}

TEST_CASE_FIXTURE(Saving, "a failed compaction changes nothing on disk; the next commit folds the log") {
    fill(store, 0, WriteBehind::kIdleCompactRecords + 10);
    disk.failFolds = 1;
    wb.commit();
    CHECK(wb.state() == SaveState::Failed);
    CHECK(disk.segments.empty());
    CHECK(disk.docs.size() == WriteBehind::kIdleCompactRecords + 10);  // every log record still there
    CHECK(wb.logCount() == WriteBehind::kIdleCompactRecords + 10);
    {
        DocumentStore crashed;  // a reload now (as after a crash) has everything
        reload(disk, crashed);
        checkSame(store, crashed);
    }
    wb.commit();
    CHECK(wb.state() == SaveState::Saved);
    CHECK(disk.segments.size() == 1);
    CHECK(disk.docs.empty());
    DocumentStore reloaded;
    reload(disk, reloaded);
    checkSame(store, reloaded);
}

TEST_CASE_FIXTURE(Saving, "out of memory before a batch is handed over: it throws, nothing is lost, the next commit saves") {
    fill(store, 0, 50);
    disk.outOfMemory = 1;
    CHECK_THROWS_AS(wb.commit(), std::bad_alloc);
    CHECK(store.dirtyCount() == 50);  // every change waits again
    CHECK(wb.state() == SaveState::Unsaved);
    CHECK(disk.written.empty());
    wb.commit();
    CHECK(wb.state() == SaveState::Saved);
    DocumentStore reloaded;
    reload(disk, reloaded);
    checkSame(store, reloaded);
}

TEST_CASE_FIXTURE(Saving, "a burst that finds no memory for its segment is saved as log records") {
    fill(store, 0, 2 * WriteBehind::kMaxRecordsPerBatch + 10);
    disk.outOfMemory = 1000;
    disk.outOfMemoryForSegments = true;  // every batch with a segment fails; plain batches go through
    wb.commit();
    CHECK(wb.state() == SaveState::Saved);
    CHECK(disk.segments.empty());
    CHECK(disk.docs.size() == 2 * WriteBehind::kMaxRecordsPerBatch + 10);
    disk.outOfMemory = 0;
    wb.commit();  // memory again: the log is folded
    CHECK(disk.segments.size() == 1);
    DocumentStore reloaded;
    reload(disk, reloaded);
    checkSame(store, reloaded);
}

TEST_CASE_FIXTURE(Saving, "after a load that failed part-way, nothing is written: unread records are never overwritten") {
    fill(store, 0, 20);
    wb.commit();
    REQUIRE(wb.state() == SaveState::Saved);
    const auto before = disk.docs;
    disk.loadStatus = PersistStatus{"memory", "a loaded chunk did not fit in memory"};
    DocumentStore reopened;
    WriteBehind again(reopened, disk);
    again.load(nullptr);
    reopened.put(Json{{"_id", "customer:new"}, {"type", "customer"}});
    again.commit();
    CHECK(again.state() == SaveState::Failed);
    CHECK(again.pendingCount() == 1);
    CHECK(again.lastError().code == "memory");
    CHECK(disk.docs == before);
}

TEST_CASE_FIXTURE(Saving, "older copies left in earlier segments never win, whatever order the segments are read in") {
    fill(store, 0, WriteBehind::kIdleCompactRecords);
    wb.commit();
    REQUIRE(disk.segments.size() == 1);
    // Edit every document (a conflict on one), fold again: the first segment keeps the older copies.
    for (size_t i = 0; i < WriteBehind::kIdleCompactRecords; ++i) {
        store.put(Json{{"_id", id(i)}, {"_rev", store.get(id(i))->at("_rev")}, {"v", 2}});
    }
    store.bulkDocs({Json{{"_id", id(3)}, {"_rev", "2-ffffffffffffffffffffffffffffffff"},
                         {"_revisions", Json{{"start", 2}, {"ids", {"ffffffffffffffffffffffffffffffff",
                                                                     store.get(id(3), GetOptions{.revs = true})
                                                                         ->at("_revisions")["ids"][1]}}}},
                         {"other", true}}},
                   false);
    REQUIRE(store.hasConflicts(id(3)));
    wb.commit();
    REQUIRE(disk.segments.size() == 2);
    for (bool reverse : {false, true}) {
        disk.reverseSegments = reverse;
        DocumentStore reloaded;
        LoadReport report = reload(disk, reloaded);
        CHECK(report.superseded == (reverse ? WriteBehind::kIdleCompactRecords : 0));
        CHECK(report.loaded == WriteBehind::kIdleCompactRecords * (reverse ? 1 : 2));
        checkSame(store, reloaded);
        CHECK(reloaded.hasConflicts(id(3)));
    }
    // A copy in the log older than the segment's (a crash can leave none, but it must not win either).
    std::string older = disk.segments.begin()->second;
    auto first = segment::read(older);
    disk.docs[std::string(first->entries[0].id)] = std::string(first->entries[0].record);
    DocumentStore reloaded;
    reload(disk, reloaded);
    checkSame(store, reloaded);
}

TEST_CASE("records of earlier versions still load with segments: JSON in the log, saved again packed and folded") {
    SegmentDisk disk;
    disk.docs["customer:1"] =
        R"({"s":7,"t":[[1,"aa",-1,0],[2,"bb",0,0],[2,"cc",0,0]],"b":{"2-bb":{"name":"张伟","n":1},"2-cc":{"name":"李娜"}}})";
    disk.meta["update_seq"] = "7";
    DocumentStore store;
    WriteBehind wb(store, disk);
    LoadReport report;
    wb.load([&](const LoadReport& r) { report = r; });
    CHECK(report.loaded == 1);
    CHECK(store.get("customer:1")->at("name") == "李娜");
    CHECK(store.hasDirty());
    wb.commit();
    CHECK(static_cast<unsigned char>(disk.docs.at("customer:1")[0]) == 0xC8);  // packed now
    fill(store, 0, WriteBehind::kIdleCompactRecords);
    wb.commit();
    CHECK(disk.docs.empty());
    DocumentStore reloaded;
    reload(disk, reloaded);
    checkSame(store, reloaded);
    CHECK(reloaded.get("customer:1", GetOptions{.rev = "2-bb"})->at("n") == 1);
}

TEST_CASE_FIXTURE(Saving, "a damaged segment is reported and the rest loads") {
    fill(store, 0, WriteBehind::kIdleCompactRecords);
    wb.commit();
    fill(store, 1000, 1010);
    wb.commit();
    REQUIRE(disk.segments.size() == 1);
    std::string key = disk.segments.begin()->first;
    disk.segments[key].pop_back();
    DocumentStore reloaded;
    LoadReport report = reload(disk, reloaded);
    CHECK(report.corruptKeys == std::vector<std::string>{key});
    CHECK(reloaded.docCount() == 10);
}

TEST_CASE_FIXTURE(Saving, "a load tells listeners once, after every record is in; an index rebuilds from that") {
    fill(store, 0, WriteBehind::kCompactLogRecords + 10);  // segments and log records
    store.put(Json{{"_id", "vehicle:1"}, {"type", "vehicle"}, {"customer_id", id(7)}});
    wb.commit();
    REQUIRE_FALSE(disk.segments.empty());

    DocumentStore reloaded;
    SecondaryIndex byCustomer(reloaded, "customer_id", SecondaryIndex::Field{"customer_id"});
    std::vector<Change> heard;
    size_t docsWhenHeard = 0;
    reloaded.addListener([&](const Change& change) {
        heard.push_back(change);
        docsWhenHeard = reloaded.docCount();
    });
    LoadReport report = reload(disk, reloaded);
    CHECK(report.status.ok());
    REQUIRE(heard.size() == 1);
    CHECK(heard[0].reloaded);
    CHECK(heard[0].id.empty());
    CHECK(heard[0].seq == store.updateSeq());
    CHECK(docsWhenHeard == store.docCount());
    CHECK(byCustomer.lookup(id(7)) == std::vector<std::string>{"vehicle:1"});
    checkSame(store, reloaded);

    // After the load, each write is heard again as it happens.
    reloaded.put(Json{{"_id", "vehicle:2"}, {"type", "vehicle"}, {"customer_id", id(7)}});
    REQUIRE(heard.size() == 2);
    CHECK_FALSE(heard[1].reloaded);
    CHECK(heard[1].id == "vehicle:2");
    CHECK(byCustomer.lookup(id(7)).size() == 2);
}

TEST_CASE_FIXTURE(Saving, "after a load an index is rebuilt by its first query, with every write made before it") {
    fill(store, 0, 20);
    store.put(Json{{"_id", "vehicle:1"}, {"type", "vehicle"}, {"customer_id", id(3)}});
    store.put(Json{{"_id", "vehicle:2"}, {"type", "vehicle"}, {"customer_id", id(4)}});
    wb.commit();

    DocumentStore reloaded;
    SecondaryIndex byCustomer(reloaded, "customer_id", SecondaryIndex::Field{"customer_id"});
    SecondaryIndex owners(reloaded, "vehicle_owner", SecondaryIndex::Field{"customer_id"}, "vehicle");
    CHECK(reload(disk, reloaded).status.ok());
    CHECK(byCustomer.stale());  // the load's one notice did not build it
    CHECK(owners.stale());
    // Written before anyone asked: vehicle:2 moves to another customer, vehicle:3 arrives, vehicle:1 goes.
    Json moved = *reloaded.get("vehicle:2");
    moved["customer_id"] = id(5);
    REQUIRE(reloaded.put(moved).ok());
    REQUIRE(reloaded.put(Json{{"_id", "vehicle:3"}, {"type", "vehicle"}, {"customer_id", id(3)}}).ok());
    REQUIRE(reloaded.remove("vehicle:1", reloaded.get("vehicle:1")->at("_rev").get<std::string>()).ok());
    CHECK(byCustomer.stale());

    CHECK(byCustomer.lookup(id(3)) == std::vector<std::string>{"vehicle:3"});
    CHECK_FALSE(byCustomer.stale());
    CHECK(byCustomer.lookup(id(4)).empty());
    CHECK(byCustomer.lookup(id(5)) == std::vector<std::string>{"vehicle:2"});
    CHECK(owners.keysOf("vehicle:2") == std::vector<std::string>{id(5)});
    CHECK_FALSE(owners.stale());
    CHECK(owners.lookupPrefix("customer:").size() == 2);

    // Built, it follows each write again.
    REQUIRE(reloaded.put(Json{{"_id", "vehicle:4"}, {"type", "vehicle"}, {"customer_id", id(4)}}).ok());
    CHECK(byCustomer.lookup(id(4)) == std::vector<std::string>{"vehicle:4"});
    CHECK(owners.lookup(id(4)) == std::vector<std::string>{"vehicle:4"});
}

TEST_CASE_FIXTURE(Saving, "after a load an index is rebuilt in steps, with the writes made between them") {
    fill(store, 0, 30);
    for (int v = 0; v < 10; ++v) {
        store.put(Json{{"_id", "vehicle:" + std::to_string(v)}, {"type", "vehicle"}, {"customer_id", id(v)}});
    }
    wb.commit();

    DocumentStore reloaded;
    SecondaryIndex owners(reloaded, "vehicle_owner", SecondaryIndex::Field{"customer_id"}, "vehicle");
    CHECK(reload(disk, reloaded).status.ok());
    REQUIRE(owners.stale());
    size_t steps = 0;
    for (int v = 0; owners.stale(); ++v) {
        owners.buildStep(4);
        ++steps;
        // Between steps: a vehicle moves, one is deleted, one arrives (visited already or not, each is in).
        const std::string vehicle = "vehicle:" + std::to_string(v % 10);
        if (std::optional<Json> doc = reloaded.get(vehicle)) {
            if (v % 3 == 2) {
                REQUIRE(reloaded.remove(vehicle, doc->at("_rev").get<std::string>()).ok());
            } else {
                (*doc)["customer_id"] = id(20 + v % 10);
                REQUIRE(reloaded.put(*doc).ok());
            }
        }
        REQUIRE(reloaded.put(Json{{"_id", "vehicle:new" + std::to_string(v)}, {"type", "vehicle"}, {"customer_id", id(v % 5)}}).ok());
    }
    CHECK(steps > 3);
    SecondaryIndex fresh(reloaded, "vehicle_owner", SecondaryIndex::Field{"customer_id"}, "vehicle");
    CHECK(owners.lookupPrefix("customer:") == fresh.lookupPrefix("customer:"));
    for (int c = 0; c < 30; ++c) CHECK(owners.lookup(id(c)) == fresh.lookup(id(c)));
    for (int v = 0; v < 10; ++v) CHECK(owners.keysOf("vehicle:" + std::to_string(v)) == fresh.keysOf("vehicle:" + std::to_string(v)));
    CHECK(owners.keyCount() == fresh.keyCount());
}

TEST_CASE_FIXTURE(Saving, "documents arriving in bulk (a pull): a batch of 100 or more is one segment, fewer go to the log") {
    const size_t bulk = WriteBehind::kBulkSegmentRecords;
    fill(store, 0, bulk);
    wb.commit();  // not told: the log, as before
    CHECK(disk.segments.empty());
    CHECK(disk.docs.size() == bulk);
    wb.setBulkArrival(true);
    fill(store, bulk, 2 * bulk - 1);  // fewer than the bulk size: still the log
    wb.commit();
    CHECK(disk.segments.empty());
    CHECK(disk.docs.size() == 2 * bulk - 1);
    for (size_t i = 0; i < 5; ++i) store.put(Json{{"_id", id(i)}, {"_rev", store.get(id(i))->at("_rev")}, {"v", 2}});
    fill(store, 2 * bulk, 3 * bulk);
    size_t written = disk.written.size();
    wb.commit();
    REQUIRE(disk.written.size() == written + 1);
    const Batch& batch = disk.written[written];
    REQUIRE(batch.segments.size() == 1);
    CHECK(batch.docs.empty());  // each document once, in the segment
    CHECK(batch.erasedDocs.size() == 5);  // the edited documents' log records, in the same transaction
    auto contents = segment::read(batch.segments[0].value);
    REQUIRE(contents.has_value());
    CHECK(contents->entries.size() == bulk + 5);
    CHECK(wb.state() == SaveState::Saved);
    DocumentStore reloaded;
    reload(disk, reloaded);
    checkSame(store, reloaded);
    CHECK(reloaded.get(id(3))->at("v") == 2);
}

TEST_CASE_FIXTURE(Saving, "a bulk write larger than a segment is saved in one batch as several segments, no log record") {
    const std::string padding(2000, 'x');
    const size_t n = WriteBehind::kSegmentBytes / padding.size() * 5 / 2;  // about two and a half segments
    std::vector<Json> docs;
    for (size_t i = 0; i < n; ++i) docs.push_back(Json{{"_id", id(i)}, {"type", "customer"}, {"notes", padding}});
    store.bulkDocs(docs);
    wb.commit();
    CHECK(wb.state() == SaveState::Saved);
    REQUIRE(disk.written.size() == 1);  // one store write, one transaction
    const Batch& batch = disk.written[0];
    CHECK(batch.docs.empty());
    REQUIRE(batch.segments.size() == 3);
    size_t entries = 0;
    for (size_t k = 0; k < batch.segments.size(); ++k) {
        auto contents = segment::read(batch.segments[k].value);
        REQUIRE(contents.has_value());
        CHECK(batch.segments[k].key == segment::key(contents->number));
        CHECK(contents->number == k + 1);  // numbered on from the first
        entries += contents->entries.size();
    }
    CHECK(entries == n);
    CHECK(wb.segmentCount() == 3);
    CHECK(wb.logCount() == 0);
    // The next segment gets the next number, and a reload gives back everything.
    fill(store, n, n + 2 * WriteBehind::kMaxRecordsPerBatch + 1);
    wb.commit();
    CHECK(disk.segments.count(segment::key(4)) == 1);
    DocumentStore reloaded;
    LoadReport report = reload(disk, reloaded);
    CHECK(report.corruptKeys.empty());
    CHECK(report.superseded == 0);
    checkSame(store, reloaded);
}

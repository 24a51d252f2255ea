// Doctests for the staged load (core/store/segment.h's stages): documents written in segments of their stage,
// the first screen's documents loaded first and the records behind them by steps (segments in either order),
// writes while the records load (first-screen documents saved, records refused as not loaded yet), a type change,
// segments of earlier versions (no stage) read in the first stage, the sequence order after both stages, and the
// segments counted by stage and number (a number can be in both stages).
#include "core/json_field.h"
#include "core/store/secondary_index.h"
#include "core/store/segment.h"
#include "core/store/write_behind.h"
#include "tests/core/store/store_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <map>

using namespace crm::core;

namespace {
// An in-memory Persistence holding segments that loads in stages: loadWithSegments delivers the first stage's
// segments, takeLaterSegment the Records stage's one at a time (in key order, or the reverse; "waiting" between
// two when asked).
struct StagedDisk : Persistence {
    std::map<std::string, std::string> docs, meta, segments;
    bool reverseLater = false;
    bool waitBetween = false;
    std::vector<std::string> later;  // keys still to hand over in the Records stage
    bool waited = false;

    bool holdsSegments() const override { return true; }
    bool loadsInStages() const override { return true; }
    void load(ChunkFn onChunk, DoneFn onDone) override { loadWithSegments(nullptr, onChunk, onDone); }
    void loadWithSegments(SegmentFn onSegments, ChunkFn onChunk, DoneFn onDone) override {
        std::vector<Record> d, m, s;
        for (auto& [k, v] : meta) m.push_back({k, v});
        onChunk({}, std::move(m));
        later.clear();
        for (auto& [k, v] : segments) {
            if (segment::stageOfKey(k) == segment::Stage::Records) later.push_back(k);
            else s.push_back({k, v});
        }
        if (reverseLater) std::reverse(later.begin(), later.end());
        if (onSegments) onSegments(std::move(s));
        for (auto& [k, v] : docs) d.push_back({k, v});
        onChunk(std::move(d), {});
        onDone({});
    }
    LaterStage takeLaterSegment(const SegmentFn& onSegments, const DoneFn& onDone) override {
        if (later.empty()) {
            onDone({});
            return LaterStage::Ended;
        }
        if (waitBetween && !waited) {
            waited = true;
            return LaterStage::Waiting;
        }
        waited = false;
        std::vector<Record> one{{later.front(), segments.at(later.front())}};
        later.erase(later.begin());
        onSegments(std::move(one));
        return LaterStage::Delivered;
    }
    void write(const Batch& batch, DoneFn onDone) override {
        for (auto& r : batch.docs) docs[r.key] = r.value;
        for (auto& k : batch.erasedDocs) docs.erase(k);
        for (auto& r : batch.meta) meta[r.key] = r.value;
        for (auto& r : batch.segments) segments[r.key] = r.value;
        for (auto& k : batch.erasedSegments) segments.erase(k);
        onDone({});
    }
};

void saveAll(WriteBehind& wb, DocumentStore& store) {
    for (int i = 0; i < 1000 && (store.hasDirty() || wb.inFlight()); ++i) wb.commit();
    REQUIRE_FALSE(store.hasDirty());
}

// Customers, their vehicles and follow-ups (a burst: written as segments).
void fill(DocumentStore& store, size_t customers) {
    std::vector<Json> docs;
    for (size_t i = 0; i < customers; ++i) {
        const std::string n = std::to_string(1000 + i);
        docs.push_back({{"_id", "customer:" + n}, {"type", "customer"}, {"name", "客户 " + n}});
        docs.push_back({{"_id", "vehicle:" + n}, {"type", "vehicle"}, {"customer_id", "customer:" + n}});
        docs.push_back({{"_id", "followup:" + n}, {"type", "followup"}, {"customer_id", "customer:" + n}});
        docs.push_back({{"_id", "service_record:" + n}, {"type", "service_record"}, {"customer_id", "customer:" + n}});
    }
    store.bulkDocs(std::move(docs));
}

// A store of `customers` customers with their vehicles, follow-ups and repair orders, saved in bursts (every batch a
// segment) on a staged disk by a write-behind that stays open (for more writes).
struct SavedFill {
    StagedDisk disk;
    DocumentStore original;
    WriteBehind wb{original, disk};
    explicit SavedFill(size_t customers) {
        wb.setBulkArrival(true);
        fill(original, customers);
        saveAll(wb, original);
    }
};

size_t countStage(const std::map<std::string, std::string>& segments, segment::Stage stage) {
    return static_cast<size_t>(std::count_if(segments.begin(), segments.end(),
                                             [&](const auto& kv) { return segment::stageOfKey(kv.first) == stage; }));
}

using test::checkSame;

struct StagedReload {
    DocumentStore store;
    WriteBehind wb;
    bool firstDone = false, recordsDone = false;
    std::vector<Change> reloads;
    explicit StagedReload(StagedDisk& disk) : wb(store, disk) {
        store.addListener([this](const Change& c) {
            if (c.reloaded) reloads.push_back(c);
        });
        wb.load([this](const LoadReport& r) { firstDone = r.status.ok(); },
                [this](const LoadReport& r) { recordsDone = r.status.ok(); });
    }
    void loadRecords() {
        for (int i = 0; i < 10000 && wb.loadRecordsStep([] { return true; }); ++i) {}
        REQUIRE(recordsDone);
    }
};
} // namespace

TEST_CASE("a document's stage follows from its id's type prefix; Records segments have keys after every digit") {
    CHECK(segment::stageOf("customer:1") == segment::Stage::FirstScreen);
    CHECK(segment::stageOf("vehicle:demo-000001-1") == segment::Stage::FirstScreen);
    CHECK(segment::stageOf("settings:ui") == segment::Stage::FirstScreen);
    CHECK(segment::stageOf("no-prefix") == segment::Stage::FirstScreen);
    CHECK(segment::stageOf("followup:x") == segment::Stage::Records);
    CHECK(segment::stageOf("service_record:x") == segment::Stage::Records);
    CHECK(segment::stageOf("complaint:x") == segment::Stage::Records);
    CHECK(segment::stageOf("followups:x") == segment::Stage::FirstScreen);  // the whole prefix, not its start
    CHECK(segment::stageOfType("followup") == segment::Stage::Records);     // a type alone, as an index holds it
    CHECK(segment::stageOfType("customer") == segment::Stage::FirstScreen);
    CHECK(segment::stageOfType("") == segment::Stage::FirstScreen);
    CHECK(segment::key(12) == "0000000012");
    CHECK(segment::key(12, segment::Stage::Records) == "r0000000012");
    CHECK(segment::key(9999999999ULL) < "r");
    CHECK(segment::stageOfKey(segment::key(3, segment::Stage::Records)) == segment::Stage::Records);
    CHECK(segment::stageOfKey(segment::key(3)) == segment::Stage::FirstScreen);
}

TEST_CASE("the first screen's documents load first, the records behind them by steps, in either order") {
    SavedFill saved(1500);
    StagedDisk& disk = saved.disk;
    const DocumentStore& original = saved.original;
    CHECK(countStage(disk.segments, segment::Stage::FirstScreen) > 0);
    CHECK(countStage(disk.segments, segment::Stage::Records) > 0);
    for (const auto& [key, bytes] : disk.segments) {  // each segment holds one stage's documents
        auto contents = segment::read(bytes);
        REQUIRE(contents.has_value());
        for (const segment::Entry& e : contents->entries) CHECK(segment::stageOf(e.id) == segment::stageOfKey(key));
    }
    for (bool reverse : {false, true}) {
        CAPTURE(reverse);
        disk.reverseLater = reverse;
        disk.waitBetween = reverse;
        StagedReload reload(disk);
        REQUIRE(reload.firstDone);
        CHECK_FALSE(reload.recordsDone);
        CHECK(reload.wb.recordsLoading());
        CHECK(reload.store.docCount() == 3000);  // customers and vehicles (everything went into segments)
        CHECK(reload.store.get("customer:1000").has_value());
        CHECK_FALSE(reload.store.get("followup:1000").has_value());
        REQUIRE(reload.reloads.size() == 1);
        CHECK_FALSE(reload.reloads[0].recordsStage);
        // A few documents a step while the step is allowed.
        int allowed = 0;
        CHECK(reload.wb.loadRecordsStep([&] { return ++allowed <= 3; }));
        CHECK(reload.wb.recordsLoadedCount() <= 3 * WriteBehind::kRecordsPerCheck);
        reload.loadRecords();
        CHECK_FALSE(reload.wb.recordsLoading());
        CHECK_FALSE(reload.store.recordsPending());
        REQUIRE(reload.reloads.size() == 2);
        CHECK(reload.reloads[1].recordsStage);
        checkSame(original, reload.store);
    }
}

TEST_CASE("the records stage ends in steps of its own (held sequences released and the order settled, a piece at a time), then the notice alone, never in the step that took its last documents") {
    SavedFill saved(600);
    StagedReload reload(saved.disk);
    const size_t records = saved.original.docCount() - reload.store.docCount();
    size_t steps = 0;
    while (reload.wb.recordsLoadedCount() < records) {  // every step allowed as long as it likes
        REQUIRE(++steps < 1000);
        REQUIRE(reload.wb.loadRecordsStep([] { return true; }));
    }
    CHECK_FALSE(reload.recordsDone);  // all read, the stage not ended yet: refused as not loaded, no reload notice
    CHECK(reload.store.recordsPending());
    CHECK(reload.reloads.size() == 1);
    CHECK_FALSE(reload.store.seqOrderSettled());  // their places in the sequence order still aside
    // The end's first steps (after the one that hears the stage has ended, if the last documents' step did not),
    // one piece each when the frame allows no more: the held sequences released, the order settled, nothing else.
    size_t endSteps = 0;
    while (!reload.store.seqOrderSettled()) {
        REQUIRE(++endSteps <= 3);
        CHECK(reload.wb.loadRecordsStep([] { return false; }));
        CHECK_FALSE(reload.recordsDone);
        CHECK(reload.store.recordsPending());
        CHECK(reload.reloads.size() == 1);
    }
    CHECK(endSteps >= 1);
    CHECK_FALSE(reload.wb.loadRecordsStep([] { return true; }));  // then the end (order settled, notice), alone
    CHECK(reload.recordsDone);
    CHECK_FALSE(reload.store.recordsPending());
    REQUIRE(reload.reloads.size() == 2);
    CHECK(reload.reloads[1].recordsStage);
    checkSame(saved.original, reload.store);
}

TEST_CASE("while the records load: first-screen writes are saved, records refused as not loaded yet, then allowed") {
    SavedFill saved(600);
    StagedDisk& disk = saved.disk;
    {
        StagedReload reload(disk);
        REQUIRE(reload.firstDone);
        auto customer = reload.store.get("customer:1000");
        REQUIRE(customer.has_value());
        (*customer)["name"] = "改名";
        WriteResult edited = reload.store.put(*customer);
        CHECK(edited.ok());
        WriteResult refused = reload.store.put(Json{{"_id", "followup:1000"}, {"type", "followup"}});
        REQUIRE_FALSE(refused.ok());
        CHECK(refused.error->error == kNotLoaded);
        CHECK_FALSE(reload.store.put(Json{{"_id", "complaint:new"}, {"type", "complaint"}}).ok());
        auto replicated = reload.store.bulkDocs({Json{{"_id", "followup:1001"}, {"_rev", "9-abc"}}}, false);
        CHECK(replicated[0].error->error == kNotLoaded);
        // Saving goes on meanwhile (the customer's change), without a Records segment.
        int ticks = 0;
        while ((reload.store.hasDirty() || reload.wb.inFlight()) && ++ticks < 100) reload.wb.commit();
        CHECK_FALSE(reload.store.hasDirty());
        CHECK(reload.store.changes(0).results.size() == 1200 + 0);  // first screen only: settled, records not yet
        reload.loadRecords();
        auto followup = reload.store.get("followup:1000");
        REQUIRE(followup.has_value());
        (*followup)["outcome"] = "reached";
        WriteResult now = reload.store.put(*followup);
        CHECK(now.ok());
        CHECK(now.rev.substr(0, 2) == "2-");  // on the stored revision, not a new tree
        while ((reload.store.hasDirty() || reload.wb.inFlight()) && ++ticks < 200) reload.wb.commit();
        CHECK(reload.store.changes(0).results.size() == 2400);
        // Everything again after a reload, in both stages.
        StagedReload again(disk);
        again.loadRecords();
        checkSame(reload.store, again.store);
        CHECK(stringField(*again.store.get("customer:1000"), "name") == "改名");
    }
}

TEST_CASE("a type change keeps one stage per document (its id's), so the later copy wins") {
    SavedFill saved(300);
    StagedDisk& disk = saved.disk;
    DocumentStore& original = saved.original;
    {
        WriteBehind& wb = saved.wb;
        // A customer document becomes a follow-up, a follow-up a customer (odd, but allowed), both saved in bursts.
        std::vector<Json> changes;
        for (size_t i = 0; i < 300; ++i) {
            const std::string n = std::to_string(1000 + i);
            Json c = *original.get("customer:" + n);
            c["type"] = "followup";
            Json f = *original.get("followup:" + n);
            f["type"] = "customer";
            f["name"] = "from a follow-up";
            changes.push_back(std::move(c));
            changes.push_back(std::move(f));
        }
        for (const WriteResult& r : original.bulkDocs(std::move(changes))) CHECK(r.ok());
        saveAll(wb, original);
    }
    for (bool reverse : {false, true}) {
        disk.reverseLater = reverse;
        StagedReload reload(disk);
        REQUIRE(reload.firstDone);
        // The first stage holds the customer ids' latest copies (now follow-ups), and no follow-up id yet.
        CHECK(stringField(*reload.store.get("customer:1000"), "type") == "followup");
        CHECK_FALSE(reload.store.get("followup:1000").has_value());
        reload.loadRecords();
        CHECK(stringField(*reload.store.get("followup:1000"), "type") == "customer");
        checkSame(original, reload.store);
    }
}

TEST_CASE("segments of earlier versions (no stage in their key) are read in the first stage, records included") {
    SavedFill saved(500);
    StagedDisk& disk = saved.disk;
    const DocumentStore& original = saved.original;
    // As an earlier version stored them: every segment under a key of digits.
    std::map<std::string, std::string> old;
    for (auto& [key, bytes] : disk.segments) old[segment::key(segment::read(bytes)->number)] = bytes;
    disk.segments = old;
    StagedReload reload(disk);
    REQUIRE(reload.firstDone);
    CHECK(reload.store.docCount() == 2000);  // everything in the first stage
    CHECK(reload.store.get("followup:1000").has_value());
    reload.loadRecords();
    checkSame(original, reload.store);
    reload.store.put(Json{{"_id", "customer:new"}, {"type", "customer"}});
    int ticks = 0;
    while ((reload.store.hasDirty() || reload.wb.inFlight()) && ++ticks < 100) reload.wb.commit();
    StagedReload again(disk);
    again.loadRecords();
    checkSame(reload.store, again.store);
}

TEST_CASE("an index of a first-screen type goes on over the records stage; an index of records is rebuilt") {
    SavedFill saved(400);
    StagedDisk& disk = saved.disk;
    StagedReload reload(disk);
    SecondaryIndex owners(reload.store, "owners", SecondaryIndex::Field{"customer_id"}, "vehicle");
    SecondaryIndex followups(reload.store, "followups", SecondaryIndex::Field{"customer_id"}, "followup");
    CHECK(owners.lookup("customer:1000") == std::vector<std::string>{"vehicle:1000"});
    CHECK(followups.lookup("customer:1000").empty());  // not loaded yet
    CHECK_FALSE(owners.stale());
    reload.loadRecords();
    CHECK(owners.stale());  // goes on over the entries the records stage added (none of them vehicles)
    CHECK(owners.lookup("customer:1001") == std::vector<std::string>{"vehicle:1001"});
    CHECK(followups.lookup("customer:1000") == std::vector<std::string>{"followup:1000"});
}

TEST_CASE("a bulk write larger than a segment in each stage: one transaction, segments of one stage each, numbered on") {
    StagedDisk disk;
    DocumentStore original;
    {
        WriteBehind wb(original, disk);
        const std::string padding(2000, 'x');
        const size_t n = WriteBehind::kSegmentBytes / padding.size() * 3 / 2;  // about 1.5 segments a stage
        std::vector<Json> docs;
        for (size_t i = 0; i < n; ++i) {
            const std::string k = std::to_string(1000 + i);
            docs.push_back({{"_id", "customer:" + k}, {"type", "customer"}, {"notes", padding}});
            docs.push_back({{"_id", "followup:" + k}, {"type", "followup"}, {"customer_id", "customer:" + k}, {"notes", padding}});
        }
        original.bulkDocs(std::move(docs));
        wb.commit();
        CHECK(wb.state() == SaveState::Saved);
        CHECK(disk.docs.empty());  // no log record
        CHECK(countStage(disk.segments, segment::Stage::FirstScreen) == 2);
        CHECK(countStage(disk.segments, segment::Stage::Records) == 2);
        std::vector<uint64_t> numbers;
        for (const auto& [key, bytes] : disk.segments) {
            auto contents = segment::read(bytes);
            REQUIRE(contents.has_value());
            CHECK(segment::key(contents->number, segment::stageOfKey(key)) == key);
            numbers.push_back(contents->number);
            for (const segment::Entry& e : contents->entries) CHECK(segment::stageOf(e.id) == segment::stageOfKey(key));
        }
        std::sort(numbers.begin(), numbers.end());
        CHECK(numbers == std::vector<uint64_t>{1, 2, 3, 4});  // unique across both stages
        CHECK(wb.segmentCount() == 4);
    }
    StagedReload reload(disk);
    REQUIRE(reload.firstDone);
    reload.loadRecords();
    checkSame(original, reload.store);
}

TEST_CASE("a first-screen segment written while the records load may share a Records segment's number; each is counted") {
    SavedFill saved(600);
    StagedReload reload(saved.disk);
    REQUIRE(reload.firstDone);
    // A burst of first-screen writes before the Records segments are read: its segment takes the next number after
    // the first stage's, which an unread Records segment already has.
    reload.wb.setBulkArrival(true);
    std::vector<Json> renamed;
    for (size_t i = 0; i < 600; ++i) {
        Json c = *reload.store.get("customer:" + std::to_string(1000 + i));
        c["name"] = "改名 " + std::to_string(i);
        renamed.push_back(std::move(c));
    }
    for (const WriteResult& r : reload.store.bulkDocs(std::move(renamed))) CHECK(r.ok());
    saveAll(reload.wb, reload.store);
    reload.loadRecords();
    std::map<uint64_t, int> stagesByNumber;
    for (const auto& [key, bytes] : saved.disk.segments) ++stagesByNumber[segment::read(bytes)->number];
    CHECK(std::any_of(stagesByNumber.begin(), stagesByNumber.end(), [](const auto& n) { return n.second == 2; }));
    CHECK(reload.wb.segmentCount() == saved.disk.segments.size());
    StagedReload again(saved.disk);
    again.loadRecords();
    CHECK(again.wb.segmentCount() == saved.disk.segments.size());
    checkSame(reload.store, again.store);
}

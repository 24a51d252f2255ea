// Doctests for CrmSession: validated writes, conflicts instead of overwrites, ids and timestamps,
// the customer list kept in step, write-behind retry timing after a failed save, and reopening a
// database from FilePersistence.
#include "core/app/crm_session.h"

#include "core/app/frame_budget.h"
#include "core/app/sync_controller.h"

#include "native/file_persistence.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <set>
#include <unistd.h>

using namespace crm::core;
namespace fs = std::filesystem;

namespace {
constexpr int64_t kNow = 1795516140000;  // 2026-11-24T10:29:00Z

// An in-memory Persistence that fails the next `failNext` writes with `failCode`.
struct FakePersistence : Persistence {
    std::map<std::string, std::string> docs, meta;
    int attempts = 0;
    int failNext = 0;
    std::string failCode = "quota";

    void load(ChunkFn onChunk, DoneFn onDone) override {
        std::vector<Record> d, m;
        for (auto& [k, v] : docs) d.push_back({k, v});
        for (auto& [k, v] : meta) m.push_back({k, v});
        onChunk(std::move(d), std::move(m));
        onDone({});
    }
    void write(const Batch& batch, DoneFn onDone) override {
        ++attempts;
        if (failNext > 0) {
            --failNext;
            onDone(PersistStatus{failCode, "storage full"});
            return;
        }
        for (auto& r : batch.docs) docs[r.key] = r.value;
        for (auto& k : batch.erasedDocs) docs.erase(k);
        for (auto& r : batch.meta) meta[r.key] = r.value;
        onDone({});
    }
};

CustomerForm form(const std::string& name, const std::string& phone = "") {
    CustomerForm f;
    f.name = name;
    f.phone = phone;
    return f;
}

// A fresh temp directory, removed at scope exit.
struct TempDir {
    fs::path path;
    TempDir() {
        static int counter = 0;
        path = fs::temp_directory_path() / ("crm_app_session_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};
} // namespace

TEST_CASE("formatIsoUtc") {
    CHECK(formatIsoUtc(0) == "1970-01-01T00:00:00Z");
    CHECK(formatIsoUtc(kNow) == "2026-11-24T10:29:00Z");
    CHECK(formatIsoUtc(951782400000) == "2000-02-29T00:00:00Z");
    CHECK(formatIsoUtc(1709164799999) == "2024-02-28T23:59:59Z");
    CHECK(formatIsoUtc(4102444800000) == "2100-01-01T00:00:00Z");
    CHECK(formatIsoUtc(-1000) == "1969-12-31T23:59:59Z");
}

TEST_CASE("saveCustomer creates a customer stamped from the clock, and the list shows it") {
    FixedClock clock(kNow);
    CrmSession session(clock, 42);
    session.open(nullptr, nullptr);
    CHECK(session.isLoaded());

    WriteResult r = session.saveCustomer(form("张伟", "138 0013 8000"), "", "");
    REQUIRE(r.ok());
    CHECK(r.id.rfind("customer:", 0) == 0);
    CHECK(r.rev.rfind("1-", 0) == 0);
    std::optional<Json> doc = session.store().get(r.id);
    REQUIRE(doc);
    CHECK((*doc)["type"] == "customer");
    CHECK((*doc)["name"] == "张伟");
    CHECK((*doc)["phones"] == Json::array({"138 0013 8000"}));
    CHECK((*doc)["created_at"] == "2026-11-24T10:29:00Z");
    CHECK((*doc)["updated_at"] == "2026-11-24T10:29:00Z");

    REQUIRE(session.customers().find(r.id));
    CHECK(session.customers().find(r.id)->name == "张伟");
    CHECK(session.customers().size() == 1);

    // An edit an hour later keeps created_at and moves updated_at.
    clock.advance(3600 * 1000);
    WriteResult r2 = session.saveCustomer(form("张伟", "139 0000 0000"), r.id, r.rev);
    REQUIRE(r2.ok());
    CHECK(r2.id == r.id);
    CHECK(r2.rev.rfind("2-", 0) == 0);
    doc = session.store().get(r.id);
    CHECK((*doc)["created_at"] == "2026-11-24T10:29:00Z");
    CHECK((*doc)["updated_at"] == "2026-11-24T11:29:00Z");
    CHECK(session.customers().find(r.id)->phone == "139 0000 0000");
    CHECK(session.customers().find(r.id)->updatedAt == "2026-11-24T11:29:00Z");
}

TEST_CASE("saveCustomer refuses invalid forms and writes nothing") {
    FixedClock clock(kNow);
    CrmSession session(clock, 1);
    session.open(nullptr, nullptr);
    WriteResult r = session.saveCustomer(form("  "), "", "");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->error == "bad_request");
    CHECK(r.error->reason == "error.name_required");
    r = session.saveCustomer(form("张伟", "12345"), "", "");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->reason == "error.phone_invalid");
    CHECK(session.store().docCount() == 0);
    CHECK(session.customers().size() == 0);

    r = session.saveCustomer(form("张伟"), "customer:missing", "1-abc");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error->error == "not_found");
}

TEST_CASE("an edit made from a stale revision is a conflict, not an overwrite") {
    FixedClock clock(kNow);
    CrmSession session(clock, 7);
    session.open(nullptr, nullptr);
    WriteResult created = session.saveCustomer(form("李娜", "13900139000"), "", "");
    REQUIRE(created.ok());
    // Someone else (another tab, the sync) edits the customer first.
    WriteResult theirs = session.saveCustomer(form("李娜", "13700137000"), created.id, created.rev);
    REQUIRE(theirs.ok());
    // The user's form still holds the first revision.
    WriteResult mine = session.saveCustomer(form("李娜娜", "13600136000"), created.id, created.rev);
    REQUIRE_FALSE(mine.ok());
    CHECK(mine.error->error == "conflict");

    std::optional<Json> doc = session.store().get(created.id, GetOptions{"", true});
    REQUIRE(doc);
    CHECK((*doc)["_rev"] == theirs.rev);
    CHECK((*doc)["name"] == "李娜");
    CHECK((*doc)["phones"] == Json::array({"13700137000"}));
    CHECK_FALSE(doc->contains("_conflicts"));
    CHECK(session.customers().find(created.id)->name == "李娜");

    // Removing with the stale revision is a conflict too.
    WriteResult removed = session.removeDocument(created.id, created.rev);
    REQUIRE_FALSE(removed.ok());
    CHECK(removed.error->error == "conflict");
    CHECK(session.customers().size() == 1);
    // With the current one it goes, and the row goes with it.
    removed = session.removeDocument(created.id, theirs.rev);
    CHECK(removed.ok());
    CHECK(session.customers().size() == 0);
    CHECK_FALSE(session.store().get(created.id));
}

TEST_CASE("putDocument without a _rev on an existing id is a conflict") {
    FixedClock clock(kNow);
    CrmSession session(clock, 7);
    session.open(nullptr, nullptr);
    WriteResult a = session.putDocument(Json{{"_id", "customer:x"}, {"type", "customer"}, {"name", "甲"}});
    REQUIRE(a.ok());
    WriteResult b = session.putDocument(Json{{"_id", "customer:x"}, {"type", "customer"}, {"name", "乙"}});
    REQUIRE_FALSE(b.ok());
    CHECK(b.error->error == "conflict");
    CHECK((*session.store().get("customer:x"))["name"] == "甲");
}

TEST_CASE("putDocument validates customers only, and stamps every document") {
    FixedClock clock(kNow);
    CrmSession session(clock, 9);
    session.open(nullptr, nullptr);
    WriteResult bad = session.putDocument(Json{{"type", "customer"}, {"name", ""}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error->reason == "error.name_required");
    bad = session.putDocument(Json{{"type", "customer"}, {"name", "a"}, {"birthday", {{"year", 2023}, {"month", 2}, {"day", 29}}}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error->reason == "error.birthday_invalid");
    bad = session.putDocument(Json::array());
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error->error == "bad_request");

    WriteResult followup = session.putDocument(Json{{"type", "followup"}, {"channel", "phone"}, {"content", "回访"}});
    REQUIRE(followup.ok());
    CHECK(followup.id.rfind("followup:", 0) == 0);
    std::optional<Json> doc = session.store().get(followup.id);
    CHECK((*doc)["created_at"] == "2026-11-24T10:29:00Z");
    CHECK((*doc)["updated_at"] == "2026-11-24T10:29:00Z");
    CHECK(session.customers().size() == 0);  // not a customer

    // An explicit created_at (an import) is kept; updated_at is always now.
    WriteResult imported =
        session.putDocument(Json{{"type", "customer"}, {"name", "导入"}, {"created_at", "2020-01-01T00:00:00Z"}});
    REQUIRE(imported.ok());
    doc = session.store().get(imported.id);
    CHECK((*doc)["created_at"] == "2020-01-01T00:00:00Z");
    CHECK((*doc)["updated_at"] == "2026-11-24T10:29:00Z");
}

TEST_CASE("putDocument: a malformed nested field is a bad_request, not an exception") {
    FixedClock clock(kNow);
    CrmSession session(clock, 9);
    session.open(nullptr, nullptr);
    // A birthday with a string year (e.g. from an import script) must not throw out of the write path.
    Json doc = {{"type", "customer"}, {"name", "a"}, {"birthday", {{"year", "1990"}, {"month", 1}, {"day", 1}}}};
    WriteResult r;
    CHECK_NOTHROW(r = session.putDocument(doc));
    // Whatever the outcome, the session stays consistent.
    CHECK(session.customers().size() == session.store().docCount());
}

TEST_CASE("a document that stops being a customer leaves the list") {
    FixedClock clock(kNow);
    CrmSession session(clock, 3);
    session.open(nullptr, nullptr);
    WriteResult a = session.putDocument(Json{{"type", "customer"}, {"name", "甲"}});
    REQUIRE(a.ok());
    CHECK(session.customers().size() == 1);
    Json doc = *session.store().get(a.id);
    doc["type"] = "archived_customer";
    REQUIRE(session.putDocument(doc).ok());
    CHECK(session.customers().size() == 0);
}

TEST_CASE("ids are unique, typed and start with the clock") {
    FixedClock clock(kNow);
    CrmSession session(clock, 12345);
    std::set<std::string> seen;
    for (int i = 0; i < 70000; ++i) seen.insert(session.newId("customer"));  // past the 16-bit counter
    CHECK(seen.size() == 70000);
    std::string id = session.newId("followup");
    CHECK(id.rfind("followup:", 0) == 0);
    char hexNow[32];
    std::snprintf(hexNow, sizeof hexNow, "%011llx", static_cast<unsigned long long>(kNow));
    CHECK(id.substr(9, 11) == hexNow);

    // Two sessions (two tabs, two devices) at the same millisecond with different seeds do not collide.
    CrmSession other(clock, 54321);
    std::set<std::string> mine, theirs;
    for (int i = 0; i < 1000; ++i) {
        mine.insert(session.newId("customer"));
        theirs.insert(other.newId("customer"));
    }
    for (const std::string& x : theirs) CHECK(mine.count(x) == 0);
}

TEST_CASE("putDocuments: valid documents are written, invalid ones reported in place") {
    FixedClock clock(kNow);
    CrmSession session(clock, 5);
    session.open(nullptr, nullptr);
    std::vector<Json> docs = {
        Json{{"type", "customer"}, {"name", "一"}},
        Json{{"type", "customer"}, {"name", ""}},
        Json{{"type", "customer"}, {"name", "三"}, {"phones", {"123"}}},
        Json{{"_id", "note:1"}, {"type", "note"}},
        Json{{"_id", "note:1"}, {"type", "note"}},  // the same id again: conflict
    };
    std::vector<WriteResult> results = session.putDocuments(docs);
    REQUIRE(results.size() == 5);
    CHECK(results[0].ok());
    CHECK(results[1].error->reason == "error.name_required");
    CHECK(results[2].error->reason == "error.phone_invalid");
    CHECK(results[3].ok());
    CHECK(results[3].id == "note:1");
    REQUIRE_FALSE(results[4].ok());
    CHECK(results[4].error->error == "conflict");
    CHECK(session.store().docCount() == 2);
    CHECK(session.customers().size() == 1);
}

TEST_CASE("write-behind: a failed save is kept pending and retried only after the delay") {
    FixedClock clock(kNow);
    FakePersistence disk;
    CrmSession session(clock, 11);
    bool loaded = false;
    session.open(&disk, [&](const LoadReport& report) {
        loaded = true;
        CHECK(report.status.ok());
    });
    REQUIRE(loaded);
    CHECK(session.saveState() == SaveState::Saved);

    WriteResult a = session.saveCustomer(form("张伟"), "", "");
    REQUIRE(a.ok());
    CHECK(session.saveState() == SaveState::Unsaved);
    CHECK(session.pendingSaves() == 1);

    disk.failNext = 1;
    session.tick();
    CHECK(disk.attempts == 1);
    CHECK(session.saveState() == SaveState::Failed);
    CHECK(session.saveError().code == "quota");
    CHECK(session.pendingSaves() >= 1);
    CHECK(disk.docs.empty());

    // More edits while failed join the pending set.
    WriteResult b = session.saveCustomer(form("李娜"), "", "");
    REQUIRE(b.ok());
    CHECK(session.pendingSaves() == 2);

    // No retry before 3 s of clock, however often the frame loop ticks.
    for (int i = 0; i < 5; ++i) session.tick();
    clock.advance(CrmSession::kSaveRetryMs - 1);
    session.tick();
    CHECK(disk.attempts == 1);
    CHECK(session.saveState() == SaveState::Failed);
    CHECK(session.pendingSaves() == 2);

    clock.advance(1);
    session.tick();
    CHECK(disk.attempts == 2);
    CHECK(session.saveState() == SaveState::Saved);
    CHECK(session.saveError().ok());
    CHECK(session.pendingSaves() == 0);
    CHECK(disk.docs.count(a.id) == 1);
    CHECK(disk.docs.count(b.id) == 1);

    // Nothing pending: ticks write nothing.
    session.tick();
    CHECK(disk.attempts == 2);
}

TEST_CASE("write-behind: a second failure, long after the first, also waits before retrying") {
    FixedClock clock(kNow);
    FakePersistence disk;
    CrmSession session(clock, 11);
    session.open(&disk, nullptr);
    REQUIRE(session.saveCustomer(form("甲"), "", "").ok());
    disk.failNext = 1;
    session.tick();
    clock.advance(CrmSession::kSaveRetryMs);
    session.tick();
    session.tick();
    REQUIRE(session.saveState() == SaveState::Saved);
    int attempts = disk.attempts;

    clock.advance(60 * 1000);
    REQUIRE(session.saveCustomer(form("乙"), "", "").ok());
    disk.failNext = 1;
    session.tick();
    CHECK(disk.attempts == attempts + 1);
    CHECK(session.saveState() == SaveState::Failed);
    session.tick();
    clock.advance(1000);
    session.tick();
    CHECK(disk.attempts == attempts + 1);  // still waiting
    clock.advance(CrmSession::kSaveRetryMs);
    session.tick();
    CHECK(disk.attempts == attempts + 2);
    CHECK(session.saveState() == SaveState::Saved);
}

TEST_CASE("reopening a database from FilePersistence gives the same documents and revisions") {
    TempDir dir;
    std::string path = (dir.path / "crm.log").string();
    FixedClock clock(kNow);
    std::map<std::string, std::string> revs;
    std::string removedId;
    uint64_t seq = 0;
    {
        FilePersistence disk(path);
        CrmSession session(clock, 100);
        LoadReport first;
        session.open(&disk, [&](const LoadReport& r) { first = r; });
        REQUIRE(session.isLoaded());
        CHECK(first.status.ok());
        CHECK(first.loaded == 0);

        for (const char* name : {"张伟", "王芳", "李娜"}) {
            WriteResult r = session.saveCustomer(form(name, "13800138000"), "", "");
            REQUIRE(r.ok());
            revs[r.id] = r.rev;
        }
        WriteResult note = session.putDocument(Json{{"type", "followup"}, {"channel", "phone"}, {"content", "回访"}});
        REQUIRE(note.ok());
        revs[note.id] = note.rev;
        session.tick();
        // An edit and a delete in a second batch.
        auto it = revs.begin();
        WriteResult edited = session.saveCustomer(form("张伟伟", "13900139000"), it->first, it->second);
        REQUIRE(edited.ok());
        it->second = edited.rev;
        ++it;
        removedId = it->first;
        REQUIRE(session.removeDocument(removedId, it->second).ok());
        revs.erase(removedId);
        session.tick();
        CHECK(session.saveState() == SaveState::Saved);
        CHECK(session.pendingSaves() == 0);
        seq = session.store().updateSeq();
    }
    {
        FilePersistence disk(path);
        CrmSession session(clock, 100);
        LoadReport report;
        session.open(&disk, [&](const LoadReport& r) { report = r; });
        REQUIRE(session.isLoaded());
        CHECK(report.status.ok());
        CHECK(report.corruptKeys.empty());
        CHECK(session.store().docCount() == revs.size());
        CHECK(session.store().updateSeq() >= seq);
        for (const auto& [id, rev] : revs) {
            std::optional<Json> doc = session.store().get(id);
            REQUIRE(doc);
            CHECK((*doc)["_rev"] == rev);
        }
        CHECK_FALSE(session.store().get(removedId));
        CHECK(session.customers().size() == 2);
        CHECK(session.customers().find(removedId) == nullptr);
        CHECK(session.customers().view("张伟伟", CustomerColumn::Name, true).size() == 1);
        // Loading does not make anything dirty again.
        CHECK(session.saveState() == SaveState::Saved);
        CHECK(session.pendingSaves() == 0);

        // The reopened database keeps working: edit from the loaded revision.
        const std::string& id = revs.begin()->first;
        WriteResult again = session.saveCustomer(form("张伟", "13900139000"), id, revs.begin()->second);
        CHECK(again.ok());
        CHECK(again.rev.rfind("3-", 0) == 0);
    }
}

TEST_CASE("a replicated customer with a malformed birthday does not throw out of the store's listener") {
    FixedClock clock(kNow);
    CrmSession session(clock, 9);
    session.open(nullptr, nullptr);
    // Replication (new_edits=false) writes documents as the server has them, unvalidated.
    Json doc = {{"_id", "customer:remote"}, {"_rev", "1-0123456789abcdef0123456789abcdef"}, {"type", "customer"},
                {"name", "远程"}, {"birthday", {{"calendar", "solar"}, {"year", "1990"}, {"month", 1}, {"day", 1}}}};
    CHECK_NOTHROW(session.store().bulkDocs({doc}, false));
    CHECK(session.store().docCount() == 1);
    // The customer is listed (its birthday simply not shown).
    REQUIRE(session.customers().find("customer:remote"));
    CHECK(session.customers().find("customer:remote")->name == "远程");
}

TEST_CASE("after a reopen the conflict list is a background step, or found at once when asked first") {
    FixedClock clock(kNow);
    FakePersistence disk;
    {
        CrmSession session(clock, 21);
        session.open(&disk, nullptr);
        // Two branches of one document, as replication stores them: a conflict.
        for (const char* rev : {"2-aaa", "2-bbb"}) {
            std::string hash = std::string(rev).substr(2);
            session.store().bulkDocs({Json{{"_id", "customer:split"}, {"_rev", rev}, {"type", "customer"}, {"name", hash},
                                           {"_revisions", {{"start", 2}, {"ids", {hash, "root"}}}}}},
                                     false);
        }
        REQUIRE(session.store().hasConflicts("customer:split"));
        while (session.pendingSaves() > 0) session.tick();
    }
    for (bool askFirst : {false, true}) {
        CAPTURE(askFirst);
        CrmSession session(clock, 22);
        SyncController sync(session, nullptr, "");
        session.open(&disk, nullptr);
        REQUIRE(session.isLoaded());
        CHECK_FALSE(sync.conflictsKnown());  // the load's notice only marked it
        if (!askFirst) {
            FixedSteadyClock steady;
            FrameBudget none = FrameBudget::spent(steady);
            sync.tick(false, none);  // the frame that shows the loaded store does no background work
            CHECK_FALSE(sync.conflictsKnown());
            FrameBudget budget(steady);
            sync.tick(false, budget);
            CHECK(sync.conflictsKnown());
        }
        CHECK(sync.conflicts() == std::set<std::string>{"customer:split"});
        CHECK(sync.conflictsKnown());
        CHECK(sync.status()["conflicts"] == Json::array({"customer:split"}));
    }
}

TEST_CASE("after a reopen the conflict scan goes in steps, and conflicts made or resolved between them are in it") {
    FixedClock clock(kNow);
    FakePersistence disk;
    const size_t docs = 2 * SyncController::kConflictScanEntries + 100;  // three steps
    auto idOf = [](size_t i) { return "customer:" + std::to_string(100000 + i); };
    auto branch = [](DocumentStore& store, const std::string& id, const std::string& rev) {
        REQUIRE(store.bulkDocs({Json{{"_id", id}, {"_rev", rev}, {"type", "customer"}}}, false)[0].ok());
    };
    {
        CrmSession session(clock, 21);
        session.open(&disk, nullptr);
        std::vector<Json> batch;
        for (size_t i = 0; i < docs; ++i) batch.push_back(Json{{"_id", idOf(i)}, {"_rev", "1-aaa"}, {"type", "customer"}});
        session.store().bulkDocs(std::move(batch), false);
        for (size_t i = 0; i < docs; i += 97) branch(session.store(), idOf(i), "1-bbb");  // a conflict every 97
        while (session.pendingSaves() > 0) session.tick();
    }
    CrmSession session(clock, 22);
    SyncController sync(session, nullptr, "");
    session.open(&disk, nullptr);
    REQUIRE(session.isLoaded());
    FixedSteadyClock steady;
    int steps = 0;
    for (size_t round = 0; !sync.conflictsKnown(); ++round) {
        FrameBudget oneStep(steady, 0.0);  // the first step only
        sync.tick(false, oneStep);
        ++steps;
        // Between steps, all over the store (entries the scan has passed and not yet): new conflicts, resolved
        // ones, a new conflicted document.
        for (size_t i = round * 31 + 5; i < docs; i += 613) branch(session.store(), idOf(i), "1-ccc");
        for (size_t i = round * 97; i < docs; i += 97 * 5) {
            if (session.store().hasConflicts(idOf(i))) REQUIRE(session.store().remove(idOf(i), "1-bbb").ok());
        }
        branch(session.store(), "customer:new" + std::to_string(round), "1-aaa");
        branch(session.store(), "customer:new" + std::to_string(round), "1-bbb");
    }
    CHECK(steps >= 3);
    const std::vector<std::string> expected = session.store().conflictedIds();
    CHECK(expected.size() > 50);
    CHECK(sync.conflicts() == std::set<std::string>(expected.begin(), expected.end()));
    // Scanned, it follows writes as before.
    branch(session.store(), idOf(1), "1-ddd");
    CHECK(sync.conflicts().count(idOf(1)) == 1);
}

// Sync against a server (or a proxy) that gives wrong answers: for every class of wrong answer on every
// replication endpoint, no checkpoint moves past a document whose arrival was not confirmed, sync never
// says up to date while the server lacks a local leaf, and everything arrives once the answers are sane.
// Also: the shape checks (couch_answers) as pure functions, and the reconciliation sweep.
#include "core/sync/couch_answers.h"
#include "core/sync/replicator.h"
#include "tests/core/sync/fake_couch.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace crm::core;
using crm::core::test::FakeCouch;

namespace {

ReplicationOptions syncOptions(const FakeCouch& server, size_t batch = 6) {
    ReplicationOptions o;
    o.remoteUrl = server.base;
    o.batchSize = batch;
    o.maxBatchSize = batch;
    o.backoffBaseMs = 1000;
    o.backoffMaxMs = 60000;
    return o;
}

void fill(FakeCouch& server, DocumentStore& local) {
    for (int i = 0; i < 15; ++i) {
        auto r = server.put(Json{{"_id", "s" + std::to_string(i)}, {"n", i}});
        if (i % 4 == 0) server.put(Json{{"_id", r.id}, {"_rev", r.rev}, {"n", i * 10}});
    }
    for (int i = 0; i < 15; ++i)
        local.put(Json{{"_id", "l" + std::to_string(i)}, {"n", i}});
}

// Every leaf of `from` is in `to`.
bool holdsAll(const DocumentStore& from, const DocumentStore& to) {
    for (const Change& c : from.changes(0, SIZE_MAX, true).results) {
        if (!to.missingRevs(c.id, c.revs).empty()) return false;
    }
    return true;
}

uint64_t localSeq(const DocumentStore& store, const std::string& id) {
    auto doc = store.getLocal(id);
    if (!doc || !doc->contains("last_seq") || !(*doc)["last_seq"].is_number_unsigned()) return 0;
    return (*doc)["last_seq"].get<uint64_t>();
}

// The checkpoints on this device cover only what arrived: pull — every server change up to its sequence is
// in the local store; push — every local change up to its sequence is on the server.
void checkCheckpointsHonest(const Replicator& rep, const DocumentStore& local, const FakeCouch& server) {
    uint64_t pulled = localSeq(local, rep.checkpointId(true));
    for (const Change& c : server.db.changes(0, SIZE_MAX, true).results) {
        if (c.seq > pulled) break;
        bool refused = std::any_of(rep.rejections().begin(), rep.rejections().end(),
                                   [&](const Rejection& x) { return x.id == c.id; });
        if (refused) continue;  // listed as a rejection, with its revision
        CAPTURE(c.id);
        CHECK(local.missingRevs(c.id, c.revs).empty());
    }
    uint64_t pushed = localSeq(local, rep.checkpointId(false));
    for (const Change& c : local.changes(0, SIZE_MAX, true).results) {
        if (c.seq > pushed) break;
        CAPTURE(c.id);
        CHECK(server.db.missingRevs(c.id, c.revs).empty());
    }
}

// Ticks until up to date (or `maxTicks`), checking at every step that checkpoints are honest and that
// "up to date" is never said while the server lacks a local leaf.
SyncState settle(Replicator& rep, FixedClock& clock, const DocumentStore& local, const FakeCouch& server,
                 std::set<SyncErrorKind>* kinds = nullptr, int maxTicks = 600) {
    for (int i = 0; i < maxTicks; ++i) {
        checkCheckpointsHonest(rep, local, server);
        if (kinds && rep.lastSyncError()) kinds->insert(rep.lastSyncError().kind);
        SyncState s = rep.state();
        if (s == SyncState::UpToDate) {
            CHECK(holdsAll(local, server.db));
            return s;
        }
        if (s == SyncState::Failed || s == SyncState::LoginRequired) return s;
        if (rep.retryAtMs())
            clock.set(std::max(clock.nowMs(), rep.retryAtMs()));
        else
            clock.advance(100);
        rep.tick();
    }
    return rep.state();
}

const char* faultName(FakeCouch::Fault f) {
    switch (f) {
        case FakeCouch::Fault::Truncate:
            return "truncated JSON";
        case FakeCouch::Fault::Garbage:
            return "HTML page";
        case FakeCouch::Fault::WrongTypes:
            return "wrong types";
        case FakeCouch::Fault::UnaskedIds:
            return "entries for ids never asked";
        case FakeCouch::Fault::MissingFields:
            return "missing fields";
        case FakeCouch::Fault::Error500:
            return "500";
        case FakeCouch::Fault::Error429:
            return "429";
        default:
            return "other";
    }
}

}  // namespace

TEST_CASE("every class of wrong answer on every endpoint: checkpoints stay honest, everything arrives") {
    const char* endpoints[] = {"GET /_changes",   "POST /_revs_diff", "POST /_bulk_docs",
                               "POST /_bulk_get", "GET /_local",      "PUT /_local"};
    const FakeCouch::Fault faults[] = {FakeCouch::Fault::Truncate,      FakeCouch::Fault::Garbage,
                                       FakeCouch::Fault::WrongTypes,    FakeCouch::Fault::UnaskedIds,
                                       FakeCouch::Fault::MissingFields, FakeCouch::Fault::Error500,
                                       FakeCouch::Fault::Error429};
    for (const char* endpoint : endpoints) {
        for (FakeCouch::Fault fault : faults) {
            std::string where = endpoint, what = faultName(fault);
            CAPTURE(where);
            CAPTURE(what);
            FakeCouch server;
            DocumentStore local;
            fill(server, local);
            server.spoilUnhandled = true;  // a proxy answering for the server: the write never happened
            server.faults.push_back({endpoint, fault, 3});
            FixedClock clock(1000);
            Replicator rep(local, server, clock, syncOptions(server));
            rep.start();
            std::set<SyncErrorKind> kinds;
            REQUIRE(settle(rep, clock, local, server, &kinds) == SyncState::UpToDate);
            CHECK(server.faultsInjected == 3);
            // Wrong answers are errors of their own kind, never "nothing to do".
            bool shape = fault == FakeCouch::Fault::WrongTypes || fault == FakeCouch::Fault::UnaskedIds ||
                         fault == FakeCouch::Fault::MissingFields;
            if (shape) CHECK(kinds.count(SyncErrorKind::WrongShape) == 1);
            if (fault == FakeCouch::Fault::Garbage || fault == FakeCouch::Fault::Truncate)
                CHECK((kinds.count(SyncErrorKind::NotJson) == 1 || kinds.count(SyncErrorKind::WrongShape) == 1));
            if (fault == FakeCouch::Fault::Error500) CHECK(kinds.count(SyncErrorKind::ServerError) == 1);
            if (fault == FakeCouch::Fault::Error429) CHECK(kinds.count(SyncErrorKind::Busy) == 1);
            CHECK(rep.lastError().empty());  // recovered
            // Once the answers are sane, everything is on both sides (the push may need the pulled docs swept).
            CHECK(holdsAll(local, server.db));
            CHECK(holdsAll(server.db, local));
            CHECK(rep.rejections().empty());
        }
    }
}

TEST_CASE("a _bulk_docs answered [] without storing: the sweep finds the documents missing and sends them again") {
    FakeCouch server;
    DocumentStore local;
    for (int i = 0; i < 12; ++i)
        local.put(Json{{"_id", "l" + std::to_string(i)}, {"n", i}});
    // A proxy that swallows the first two pushes and answers like a server that stored everything.
    server.faults.push_back({"POST /_bulk_docs", FakeCouch::Fault::Unstored, 2});
    FixedClock clock(1000);
    auto o = syncOptions(server, 5);
    o.pull = false;
    Replicator rep(local, server, clock, o);
    rep.start();
    REQUIRE(settle(rep, clock, local, server) == SyncState::UpToDate);
    CHECK(holdsAll(local, server.db));
    CHECK(rep.sweepResent() >= 5);
    CHECK(rep.sweptSeq() == local.updateSeq());
    // The sweep's progress is kept: a new run only asks about what changed since.
    server.log.clear();
    Replicator again(local, server, clock, o);
    again.start();
    REQUIRE(settle(again, clock, local, server) == SyncState::UpToDate);
    CHECK(server.count("POST /_revs_diff") == 0);
}

TEST_CASE("the sweep asks about every local leaf in batches; pulled documents are not asked about") {
    FakeCouch server;
    for (int i = 0; i < 30; ++i)
        server.put(Json{{"_id", "s" + std::to_string(i)}, {"n", i}});
    DocumentStore local;
    for (int i = 0; i < 450; ++i)
        local.put(Json{{"_id", "l" + std::to_string(i)}, {"n", i}});
    FixedClock clock(1000);
    Replicator rep(local, server, clock, syncOptions(server, 100));
    std::set<std::string> swept;
    server.onRequest = [&](const HttpRequest& req) {
        if (req.url.find("_revs_diff") == std::string::npos) return;
        Json body = Json::parse(req.body);
        CHECK(body.size() <= ReconciliationSweep::kBatchDocs);
        for (auto it = body.begin(); it != body.end(); ++it)
            swept.insert(it.key());
    };
    rep.start();
    REQUIRE(settle(rep, clock, local, server) == SyncState::UpToDate);
    CHECK(holdsAll(local, server.db));
    CHECK(holdsAll(server.db, local));
    CHECK(swept.count("l0") == 1);
    CHECK(swept.count("l449") == 1);
    CHECK(swept.count("s0") == 0);                     // pulled from the server: known to be there
    CHECK(server.count("POST /_revs_diff") >= 5 + 3);  // push (batches of 100) and sweep (of at most 200)
}

TEST_CASE("live: a sweep runs before up to date after local edits, and at most every few minutes while idle") {
    FakeCouch server;
    DocumentStore local;
    FixedClock clock(1000);
    auto o = syncOptions(server);
    o.live = true;
    Replicator rep(local, server, clock, o);
    rep.start();
    REQUIRE(settle(rep, clock, local, server) == SyncState::UpToDate);
    local.put(Json{{"_id", "new"}, {"v", 1}});
    CHECK(rep.state() != SyncState::UpToDate);  // the server lacks it: not up to date, even before a tick
    REQUIRE(settle(rep, clock, local, server) == SyncState::UpToDate);
    CHECK(server.db.get("new").has_value());
    // Idle: nothing changed, so the periodic sweep has nothing to ask about.
    server.log.clear();
    clock.advance(ReconciliationSweep::kIdleIntervalMs + 1);
    rep.tick();
    CHECK(server.count("POST /_revs_diff") == 0);
    CHECK(rep.state() == SyncState::UpToDate);
}

TEST_CASE("retries wait at most backoffMaxMs and start at once on retryNow()") {
    FakeCouch server;
    server.faults.push_back({"GET /_local", FakeCouch::Fault::Error500, 20});
    DocumentStore local;
    FixedClock clock(0);
    auto o = syncOptions(server);
    o.backoffMaxMs = 60000;
    Replicator rep(local, server, clock, o);
    rep.start();
    for (int i = 0; i < 10; ++i) {
        REQUIRE(rep.state() == SyncState::Paused);
        CHECK(rep.retryAtMs() - clock.nowMs() <= 60000);
        clock.set(rep.retryAtMs());
        rep.tick();
    }
    REQUIRE(rep.state() == SyncState::Paused);
    size_t before = server.log.size();
    rep.retryNow();  // "sync now": no waiting for the back-off
    CHECK(server.log.size() > before);
    server.faults.clear();
    rep.retryNow();
    CHECK(settle(rep, clock, local, server) == SyncState::UpToDate);
}

TEST_CASE("a server revision whose _revisions disagree with its _rev is a rejection naming it; the rest syncs") {
    FakeCouch server;
    for (int i = 0; i < 5; ++i)
        server.put(Json{{"_id", "s" + std::to_string(i)}, {"n", i}});
    std::string badRev = server.db.get("s2")->at("_rev").get<std::string>();
    FixedClock clock(1000);
    DocumentStore local;
    auto o = syncOptions(server);
    o.push = false;
    // The server's copy of s2 comes with a history that belongs to another revision.
    struct Mangle : HttpClient {
        FakeCouch& inner;
        explicit Mangle(FakeCouch& s) : inner(s) {}
        void send(const HttpRequest& req, std::function<void(HttpResponse)> done) override {
            inner.send(req, [&, done](HttpResponse r) {
                if (req.url.find("_bulk_get") != std::string::npos) {
                    Json j = Json::parse(r.body);
                    for (Json& res : j["results"])
                        for (Json& d : res["docs"])
                            if (d.contains("ok") && d["ok"]["_id"] == "s2") d["ok"]["_revisions"]["ids"][0] = "other";
                    r.body = j.dump();
                }
                done(r);
            });
        }
    } mangle(server);
    Replicator rep2(local, mangle, clock, o);
    rep2.start();
    REQUIRE(settle(rep2, clock, local, server) == SyncState::UpToDate);
    REQUIRE(rep2.rejections().size() == 1);
    CHECK(rep2.rejections()[0].id == "s2");
    CHECK(rep2.rejections()[0].rev == badRev);
    CHECK(rep2.rejections()[0].reason.find("does not match") != std::string::npos);
    CHECK(local.get("s1").has_value());
    CHECK(local.get("s4").has_value());
    CHECK_FALSE(local.get("s2").has_value());
}

TEST_CASE("couch_answers: the shapes the protocol defines, and nothing else") {
    SUBCASE("_revs_diff") {
        Json asked{{"a", {"1-x", "2-y"}}, {"b", {"1-z"}}};
        auto ok = revsDiffAnswer(R"({"a":{"missing":["2-y"],"possible_ancestors":["1-x"]}})", asked);
        REQUIRE(ok.ok());
        CHECK(ok.value.at("a") == std::vector<std::string>{"2-y"});
        CHECK(revsDiffAnswer("{}", asked).ok());
        CHECK(revsDiffAnswer(R"({"c":{"missing":["1-q"]}})", asked).error.kind == SyncErrorKind::WrongShape);
        CHECK(revsDiffAnswer(R"({"a":{"missing":["3-q"]}})", asked).error.kind == SyncErrorKind::WrongShape);
        CHECK(revsDiffAnswer(R"({"a":{"missing":"2-y"}})", asked).error.kind == SyncErrorKind::WrongShape);
        CHECK(revsDiffAnswer(R"({"a":{}})", asked).error.kind == SyncErrorKind::WrongShape);
        CHECK(revsDiffAnswer(R"([])", asked).error.kind == SyncErrorKind::WrongShape);
        CHECK(revsDiffAnswer(R"({"a":{"missing":[)", asked).error.kind == SyncErrorKind::NotJson);
        CHECK(revsDiffAnswer("<html>", asked).error.kind == SyncErrorKind::NotJson);
    }
    SUBCASE("_bulk_docs with new_edits:false") {
        std::set<std::string> sent{"a", "b"};
        auto none = bulkDocsAnswer("[]", sent);
        REQUIRE(none.ok());
        CHECK(none.value.empty());
        auto errs = bulkDocsAnswer(
            R"([{"id":"a","rev":"1-x","error":"forbidden","reason":"no"},{"ok":true,"id":"b","rev":"1-y"}])", sent);
        REQUIRE(errs.ok());
        REQUIRE(errs.value.size() == 1);
        CHECK(errs.value[0].rev == "1-x");
        CHECK(bulkDocsAnswer(R"({"ok":true})", sent).error.kind == SyncErrorKind::WrongShape);
        CHECK(bulkDocsAnswer(R"([{"id":"c","error":"conflict"}])", sent).error.kind == SyncErrorKind::WrongShape);
        CHECK(bulkDocsAnswer(R"([{"id":"a"}])", sent).error.kind == SyncErrorKind::WrongShape);
        CHECK(bulkDocsAnswer(R"([{"id":1,"error":"x"}])", sent).error.kind == SyncErrorKind::WrongShape);
    }
    SUBCASE("_changes") {
        CHECK(changesAnswer(R"({"results":[{"seq":1,"id":"a","changes":[{"rev":"1-x"}]}],"last_seq":1})").ok());
        CHECK(changesAnswer(R"({"results":[],"last_seq":"3-g1"})").ok());
        CHECK(changesAnswer(R"({"results":[{"seq":1,"id":2,"changes":[{"rev":"1-x"}]}],"last_seq":1})").error.kind ==
              SyncErrorKind::WrongShape);
        CHECK(changesAnswer(R"({"results":[{"seq":1,"id":"a","changes":"1-x"}],"last_seq":1})").error.kind ==
              SyncErrorKind::WrongShape);
        CHECK(changesAnswer(R"({"results":[]})").error.kind == SyncErrorKind::WrongShape);
        CHECK(changesAnswer(R"({"results":[],"last_seq":1,"pending":"many"})").error.kind == SyncErrorKind::WrongShape);
    }
    SUBCASE("_changes with include_docs: only a whole first revision is kept, the rest is left to be fetched") {
        auto kept = [](const char* doc, const char* rev = "1-abc") {
            auto page = changesAnswer(std::string(R"({"results":[{"seq":1,"id":"a","changes":[{"rev":")") + rev +
                                      R"("}],"doc":)" + doc + R"(}],"last_seq":1})");
            REQUIRE(page.ok());
            return page.value.rows.at(0).firstRevision;
        };
        auto whole = kept(R"({"_id":"a","_rev":"1-abc","v":1})");
        REQUIRE(whole.has_value());
        CHECK(*whole == Json::parse(R"({"_id":"a","_rev":"1-abc","v":1,"_revisions":{"start":1,"ids":["abc"]}})"));
        CHECK_FALSE(kept(R"({"_id":"a","_rev":"2-abc","v":1})", "2-abc"));                      // has a history
        CHECK_FALSE(kept(R"({"_id":"a","_rev":"1-def","v":1})"));                               // another revision
        CHECK_FALSE(kept(R"({"_id":"b","_rev":"1-abc"})"));                                     // another document
        CHECK_FALSE(kept(R"({"_id":"a","_rev":"1-abc","_attachments":{"x":{"stub":true}}})"));  // attachments
        CHECK_FALSE(kept(R"({"_id":"a","_rev":"1-abc","_deleted":true})"));
        CHECK_FALSE(kept("null"));
        CHECK_FALSE(kept("[1]"));
        auto two = changesAnswer(
            R"({"results":[{"seq":1,"id":"a","changes":[{"rev":"1-abc"},{"rev":"1-def"}],"doc":{"_id":"a","_rev":"1-abc"}}],"last_seq":1})");
        REQUIRE(two.ok());
        CHECK_FALSE(two.value.rows.at(0).firstRevision);  // a conflict: fetched with its siblings
    }
    SUBCASE("_bulk_get") {
        std::set<std::string> asked{"a"};
        auto ok = bulkGetAnswer(R"({"results":[{"id":"a","docs":[{"ok":{"_id":"a","_rev":"1-x"}}]}]})", asked);
        REQUIRE(ok.ok());
        CHECK(ok.value.docs.size() == 1);
        CHECK(bulkGetAnswer(R"({"results":[]})", asked).error.kind == SyncErrorKind::WrongShape);  // a not answered
        CHECK(bulkGetAnswer(R"({"results":[{"id":"a","docs":[]},{"id":"z","docs":[]}]})", asked).error.kind ==
              SyncErrorKind::WrongShape);
        CHECK(bulkGetAnswer(R"({"results":[{"id":"a","docs":[{"ok":{"_id":"b","_rev":"1-x"}}]}]})", asked).error.kind ==
              SyncErrorKind::WrongShape);
        auto odd = bulkGetAnswer(
            R"({"results":[{"id":"a","docs":[{"ok":{"_id":"a","_rev":"2-x","_revisions":{"start":2,"ids":["y","r"]}}}]}]})",
            asked);
        REQUIRE(odd.ok());
        CHECK(odd.value.docs.empty());
        REQUIRE(odd.value.refused.size() == 1);
        CHECK(odd.value.refused[0].rev == "2-x");
    }
    SUBCASE("checkpoints") {
        CHECK(
            checkpointAnswer(
                R"({"_id":"_local/c","_rev":"0-1","last_seq":5,"session_id":"s","history":[{"session_id":"s","last_seq":5}]})",
                "_local/c")
                .ok());
        CHECK(checkpointAnswer(R"({"_id":"_local/other","last_seq":5})", "_local/c").error.kind ==
              SyncErrorKind::WrongShape);
        CHECK(checkpointAnswer(R"({"ok":true})", "_local/c").error.kind == SyncErrorKind::WrongShape);
        CHECK(putAnswer(R"({"ok":true,"id":"_local/c","rev":"0-2"})").value == "0-2");
        CHECK(putAnswer(R"({"ok":true})").error.kind == SyncErrorKind::WrongShape);
    }
    SUBCASE("revisions") {
        CHECK_FALSE(
            revisionProblem(Json{{"_id", "a"}, {"_rev", "2-x"}, {"_revisions", {{"start", 2}, {"ids", {"x", "r"}}}}}));
        CHECK(
            revisionProblem(Json{{"_id", "a"}, {"_rev", "2-x"}, {"_revisions", {{"start", 2}, {"ids", {"y", "r"}}}}}));
        CHECK(
            revisionProblem(Json{{"_id", "a"}, {"_rev", "2-x"}, {"_revisions", {{"start", 3}, {"ids", {"x", "r"}}}}}));
        CHECK(
            revisionProblem(Json{{"_id", "a"}, {"_rev", "1-x"}, {"_revisions", {{"start", 1}, {"ids", {"x", "x"}}}}}));
    }
    SUBCASE("HTTP statuses") {
        CHECK(httpError("x", HttpResponse{500, "", "", {}}).kind == SyncErrorKind::ServerError);
        CHECK(httpError("x", HttpResponse{429, "", "", {}}).kind == SyncErrorKind::Busy);
        CHECK(httpError("x", HttpResponse{401, "", "", {}}).kind == SyncErrorKind::LoginRequired);
        CHECK(httpError("x", HttpResponse{0, "", "timeout", {}}).kind == SyncErrorKind::Timeout);
        CHECK(httpError("x", HttpResponse{0, "", "reset", {}}).kind == SyncErrorKind::Network);
        CHECK(httpError("x", HttpResponse{500, "", "", {}}).transient());
        CHECK_FALSE(httpError("x", HttpResponse{404, "", "", {}}).transient());
    }
}

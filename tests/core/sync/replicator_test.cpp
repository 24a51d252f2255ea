// Replicator against the fake CouchDB server (fake_couch.h): both directions, convergence to identical
// revision trees, checkpoints (both sides, never ahead), resume after failures, backoff, rejections,
// login, _bulk_get fallback, attachments by digest, adaptive batches, pipelining, live mode, offline.
#include "core/sync/replicator.h"
#include "core/store/base64.h"
#include "core/store/json_text.h"
#include "tests/core/sync/fake_couch.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <set>

using namespace crm::core;
using crm::core::test::FakeCouch;

namespace {

ReplicationOptions options(const FakeCouch& server, size_t batch = 7) {
    ReplicationOptions o;
    o.remoteUrl = server.base;
    o.batchSize = batch;
    o.backoffBaseMs = 1000;
    o.backoffMaxMs = 60000;
    return o;
}

// Push only.
ReplicationOptions pushOptions(const FakeCouch& server, size_t batch = 7) {
    ReplicationOptions o = options(server, batch);
    o.pull = false;
    return o;
}

// Pull only, in batches of exactly `batch` (no adaptive growth).
ReplicationOptions pullOptions(const FakeCouch& server, size_t batch) {
    ReplicationOptions o = options(server, batch);
    o.push = false;
    o.maxBatchSize = batch;
    return o;
}

std::set<std::string> ids(const DocumentStore& s) {
    std::set<std::string> out;
    for (const Change& c : s.changes(0).results)
        out.insert(c.id);
    return out;
}

// A revision tree's shape: every node with its parent, and the deleted flag of the leaves. (A non-leaf's
// deleted flag depends on whether it was seen as a leaf or only in a history, as in PouchDB.)
Json shape(const RevisionTree& tree) {
    Json enc = tree.encode();
    std::vector<bool> parent(enc.size(), false);
    for (const Json& node : enc) {
        if (node[2].get<int>() >= 0) parent[node[2].get<size_t>()] = true;
    }
    for (size_t i = 0; i < enc.size(); ++i) {
        if (parent[i]) enc[i][3] = 0;
    }
    return enc;
}

// Identical revision trees (winner, conflicts, deleted leaves, histories) and winning bodies.
void checkSameTrees(const DocumentStore& a, const DocumentStore& b) {
    REQUIRE(ids(a) == ids(b));
    for (const std::string& id : ids(a)) {
        CAPTURE(id);
        CHECK(shape(*a.revisionTree(id)) == shape(*b.revisionTree(id)));
        auto da = a.get(id, GetOptions{.conflicts = true}), db = b.get(id, GetOptions{.conflicts = true});
        CHECK((da ? da->dump() : "none") == (db ? db->dump() : "none"));
    }
}

// A clock for time slices: every reading costs a millisecond.
struct StepClock : Clock {
    mutable int64_t t = 1000;
    int64_t nowMs() const override { return t += 1; }
};

// A server holding `n` plain documents d0, d1, …
void fillPlain(FakeCouch& server, int n) {
    for (int i = 0; i < n; ++i)
        server.put(Json{{"_id", "d" + std::to_string(i)}, {"v", i}});
}

// Ticks (advancing the clock past backoff timers) until the replication settles.
SyncState runUntilSettled(Replicator& rep, FixedClock& clock, int maxTicks = 200) {
    for (int i = 0; i < maxTicks; ++i) {
        SyncState s = rep.state();
        if (s == SyncState::UpToDate || s == SyncState::Failed || s == SyncState::LoginRequired) return s;
        if (rep.retryAtMs())
            clock.set(std::max(clock.nowMs(), rep.retryAtMs()));
        else
            clock.advance(100);
        rep.tick();
    }
    return rep.state();
}

// A server-side data set: plain docs, edited docs, a deleted doc, a conflicted doc, odd ids.
void fillServer(FakeCouch& server, int n = 30) {
    for (int i = 0; i < n; ++i) {
        auto r = server.put(Json{{"_id", "c" + std::to_string(i)}, {"name", "客户" + std::to_string(i)}, {"n", i}});
        if (i % 3 == 0) server.put(Json{{"_id", r.id}, {"_rev", r.rev}, {"name", "edited"}, {"n", i}});
    }
    auto d = server.put(Json{{"_id", "gone"}, {"v", 1}});
    server.db.remove("gone", d.rev);
    server.db.bulkDocs({Json{{"_id", "split"},
                             {"_rev", "2-aaa"},
                             {"_revisions", {{"start", 2}, {"ids", {"aaa", "root"}}}},
                             {"side", "a"}},
                        Json{{"_id", "split"},
                             {"_rev", "2-bbb"},
                             {"_revisions", {{"start", 2}, {"ids", {"bbb", "root"}}}},
                             {"side", "b"}}},
                       false);
    server.put(Json{{"_id", "with/slash and space?&"}, {"v", "odd id"}});
    server.put(Json{{"_id", "_design/app"}, {"views", Json::object()}});
}

}  // namespace

TEST_CASE("pull: an empty store receives every document with identical revision trees and conflicts") {
    FakeCouch server;
    fillServer(server);
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, [&] {
        auto o = options(server);
        o.push = false;
        return o;
    }());
    CHECK(rep.state() == SyncState::Idle);
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    checkSameTrees(local, server.db);
    CHECK(local.revisionTree("split")->conflicts().size() == 1);
    CHECK(rep.docState("split") == DocSyncState::Conflict);
    CHECK(rep.docState("c1") == DocSyncState::Synced);
    CHECK(rep.progress().pulledDocs >= ids(server.db).size());  // revisions written
    CHECK(rep.progress().pendingDocs == 0);
    CHECK(rep.lastSyncMs() > 0);
    CHECK(rep.lastError().empty());

    // Checkpoints on both sides, same session, same last_seq.
    std::string cp = rep.checkpointId(true);
    auto mine = local.getLocal(cp), theirs = server.db.getLocal(cp);
    REQUIRE(mine);
    REQUIRE(theirs);
    CHECK(mine->at("session_id") == theirs->at("session_id"));
    CHECK(mine->at("last_seq") == theirs->at("last_seq"));
    CHECK(mine->at("last_seq").get<uint64_t>() == server.db.updateSeq());
    CHECK(mine->at("history").size() == 1);

    // A second run starts from the checkpoint: one _changes call, nothing fetched.
    server.log.clear();
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.count("_changes") == 1);
    CHECK(server.count("since=" + std::to_string(server.db.updateSeq())) == 1);
    CHECK(server.count("_bulk_get") == 0);
    CHECK(local.getLocal(cp)->at("history").size() == 1);  // unchanged checkpoint: not rewritten
}

TEST_CASE("pull: first revisions come whole with the changes; later revisions, conflicts and attachments are fetched") {
    FakeCouch server;
    server.includeDocs = true;  // _changes?include_docs=true answered with bodies, as CouchDB and PouchDB Server do
    fillServer(server);
    server.put(Json{{"_id", "car"},
                    {"_attachments", {{"a.txt", {{"content_type", "text/plain"}, {"data", base64Encode("hi")}}}}}});
    std::set<std::string> fetched;  // ids asked for with _bulk_get
    server.onRequest = [&](const HttpRequest& req) {
        if (req.url.find("_bulk_get") == std::string::npos) return;
        Json asked = Json::parse(req.body);
        for (const Json& d : asked["docs"])
            fetched.insert(d["id"].get<std::string>());
    };
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, pullOptions(server, 7));
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.count("include_docs=true") >= 1);
    checkSameTrees(local, server.db);  // the same trees and bodies whichever way a revision came
    CHECK(base64Decode(local.get("car", GetOptions{.attachmentsData = true})
                           ->at("_attachments")
                           .at("a.txt")
                           .at("data")
                           .get<std::string>()) == "hi");
    // Fetched: edited documents (generation 2), the conflict, the tombstone, the attachment; never a first revision.
    CHECK(fetched.count("c0") == 1);
    CHECK(fetched.count("split") == 1);
    CHECK(fetched.count("gone") == 1);
    CHECK(fetched.count("car") == 1);
    CHECK(fetched.count("c1") == 0);
    CHECK(fetched.count("with/slash and space?&") == 0);
    CHECK(fetched.count("_design/app") == 0);
    CHECK(local.get("c1", GetOptions{.revs = true})->at("_revisions") ==
          server.db.get("c1", GetOptions{.revs = true})->at("_revisions"));
}

TEST_CASE("push: local documents, conflicts and tombstones reach the server identically") {
    FakeCouch server;
    DocumentStore local;
    FakeCouch source;  // reuse the data set builder
    fillServer(source, 25);
    for (const Change& c : source.db.changes(0, SIZE_MAX, true).results) {
        for (const std::string& rev : c.revs) {
            auto d = source.db.get(c.id, GetOptions{.rev = rev, .revs = true});
            local.bulkDocs({*d}, false);
        }
    }
    FixedClock clock(1000);
    Replicator rep(local, server, clock, pushOptions(server, 5));
    CHECK(rep.docState("c1") == DocSyncState::LocalOnly);
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    checkSameTrees(local, server.db);
    CHECK(rep.docState("c1") == DocSyncState::Synced);
    CHECK(rep.progress().pushedDocs >= ids(local).size());
    std::string cp = rep.checkpointId(false);
    REQUIRE(local.getLocal(cp));
    REQUIRE(server.db.getLocal(cp));
    CHECK(local.getLocal(cp)->at("last_seq").get<uint64_t>() == local.updateSeq());

    // New local edits: only they are offered on the next run.
    auto r = local.put(Json{{"_id", "fresh"}, {"v", 1}});
    CHECK(rep.docState("fresh") == DocSyncState::LocalOnly);
    server.log.clear();
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    // One _revs_diff to push it, one by the reconciliation sweep confirming the server has it now.
    CHECK(server.count("POST /_revs_diff") == 2);
    CHECK(server.db.get("fresh")->at("_rev").get<std::string>() == r.rev);
    CHECK(rep.docState("fresh") == DocSyncState::Synced);
}

TEST_CASE("sync both ways converges; concurrent edits become the same conflict on both sides") {
    FakeCouch server;
    server.stringSeqs = true;  // opaque CouchDB 2+ sequences
    fillServer(server, 12);
    DocumentStore local;
    for (int i = 0; i < 10; ++i)
        local.put(Json{{"_id", "l" + std::to_string(i)}, {"v", i}});
    FixedClock clock(5000);
    Replicator rep(local, server, clock, options(server, 4));
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    // The push may have finished before the pull wrote everything: one more run settles both.
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    checkSameTrees(local, server.db);

    // Both sides edit c1 differently; local also edits l1, the server deletes c2.
    auto base = local.get("c1")->at("_rev").get<std::string>();
    local.put(Json{{"_id", "c1"}, {"_rev", base}, {"name", "mine"}, {"n", 1}});
    server.put(Json{{"_id", "c1"}, {"_rev", base}, {"name", "theirs"}, {"n", 1}});
    local.put(Json{{"_id", "l1"}, {"_rev", local.get("l1")->at("_rev")}, {"v", "changed"}});
    server.db.remove("c2", server.db.get("c2")->at("_rev").get<std::string>());
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    checkSameTrees(local, server.db);
    CHECK(local.revisionTree("c1")->conflicts().size() == 1);
    CHECK(server.db.revisionTree("c1")->conflicts().size() == 1);
    CHECK_FALSE(local.get("c2").has_value());
    CHECK(rep.docState("c1") == DocSyncState::Conflict);
}

TEST_CASE("checkpoints are never ahead of the data they cover") {
    FakeCouch server;
    fillServer(server, 40);
    DocumentStore local;
    for (int i = 0; i < 40; ++i)
        local.put(Json{{"_id", "l" + std::to_string(i)}, {"v", i}});
    FixedClock clock(1000);
    Replicator rep(local, server, clock, options(server, 6));
    int checked = 0;
    server.onRequest = [&](const HttpRequest& req) {
        if (req.method != "PUT" || req.url.find("/_local/") == std::string::npos) return;
        Json doc = Json::parse(req.body);
        uint64_t seq = doc["last_seq"].get<uint64_t>();
        if (req.url.find(rep.checkpointId(true).substr(7)) != std::string::npos) {
            // pull: every server change up to seq is already in the local store
            for (const Change& c : server.db.changes(0, SIZE_MAX, true).results) {
                if (c.seq > seq) continue;
                CHECK(local.missingRevs(c.id, c.revs).empty());
            }
            // and the local checkpoint was written first (target before source)
            CHECK(local.getLocal(rep.checkpointId(true))->at("last_seq").get<uint64_t>() == seq);
            ++checked;
        } else {
            // push: every local change up to seq is already on the server
            for (const Change& c : local.changes(0, SIZE_MAX, true).results) {
                if (c.seq > seq) continue;
                CHECK(server.db.missingRevs(c.id, c.revs).empty());
            }
            ++checked;
        }
    };
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(checked > 4);
}

TEST_CASE("network faults retry with backoff and resume from the last checkpoint") {
    struct Case {
        const char* match;
        FakeCouch::Fault fault;
    };
    const Case cases[] = {
        {"GET /_changes", FakeCouch::Fault::Drop},       {"GET /_changes", FakeCouch::Fault::Truncate},
        {"POST /_bulk_get", FakeCouch::Fault::Error500}, {"POST /_bulk_get", FakeCouch::Fault::Truncate},
        {"POST /_bulk_get", FakeCouch::Fault::Garbage},  {"POST /_revs_diff", FakeCouch::Fault::Error429},
        {"POST /_bulk_docs", FakeCouch::Fault::Timeout}, {"POST /_bulk_docs", FakeCouch::Fault::DropAfter},
        {"PUT /_local", FakeCouch::Fault::Error500},     {"GET /_local", FakeCouch::Fault::Drop},
    };
    for (const Case& c : cases) {
        CAPTURE(c.match);
        CAPTURE(static_cast<int>(c.fault));
        FakeCouch server;
        fillServer(server, 20);
        DocumentStore local;
        for (int i = 0; i < 20; ++i)
            local.put(Json{{"_id", "l" + std::to_string(i)}, {"v", i}});
        server.faults.push_back({c.match, c.fault, 3});  // the third call onward succeeds... after 3 failures
        FixedClock clock(1000);
        Replicator rep(local, server, clock, options(server, 5));
        rep.start();
        bool sawPaused = false, sawError = false;
        for (int i = 0; i < 300 && rep.state() != SyncState::UpToDate; ++i) {
            if (rep.state() == SyncState::Paused) {
                sawPaused = true;
                sawError = sawError || !rep.lastError().empty();
                // No request goes out before the retry time.
                size_t before = server.log.size();
                clock.set(rep.retryAtMs() - 1);
                rep.tick();
                CHECK(server.log.size() == before);
                clock.set(rep.retryAtMs());
            } else {
                clock.advance(10);
            }
            rep.tick();
        }
        CHECK(sawPaused);
        CHECK(sawError);
        REQUIRE(rep.state() == SyncState::UpToDate);
        CHECK(rep.lastError().empty());  // recovered
        rep.start();                     // the push may have missed late pulled docs: settle once more
        REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
        checkSameTrees(local, server.db);
    }
}

TEST_CASE("a truncated or malformed batch is never half-applied") {
    FakeCouch server;
    fillServer(server, 10);
    DocumentStore local;
    server.faults.push_back({"POST /_bulk_get", FakeCouch::Fault::Truncate, 2});  // the request and its retry
    FixedClock clock(1000);
    Replicator rep(local, server, clock, [&] {
        auto o = options(server, 50);
        o.push = false;
        return o;
    }());
    rep.start();
    CHECK(rep.state() == SyncState::Paused);
    CHECK(local.docCount() == 0);
    CHECK(local.updateSeq() == 0);
    CHECK(rep.lastSyncError().kind == SyncErrorKind::NotJson);
    CHECK(rep.lastError().find("not JSON") != std::string::npos);
    CHECK_FALSE(local.getLocal(rep.checkpointId(true)).has_value());
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    checkSameTrees(local, server.db);
}

TEST_CASE("a _bulk_get that fails in passing is sent once more at once; 429 and a second failure back off") {
    struct Case {
        FakeCouch::Fault fault;
        bool sentAgainAtOnce;
    };
    for (Case c : {Case{FakeCouch::Fault::Truncate, true}, Case{FakeCouch::Fault::Drop, true},
                   Case{FakeCouch::Fault::Error500, true}, Case{FakeCouch::Fault::Error429, false}}) {
        CAPTURE(static_cast<int>(c.fault));
        FakeCouch server;
        fillServer(server, 10);
        server.faults.push_back({"POST /_bulk_get", c.fault, 1});
        DocumentStore local;
        FixedClock clock(1000);
        Replicator rep(local, server, clock, pullOptions(server, 50));
        rep.start();
        // Sent again at once: up to date without a back-off. 429 (slow down): the lane backs off.
        CHECK(rep.state() == (c.sentAgainAtOnce ? SyncState::UpToDate : SyncState::Paused));
        CHECK(server.count("_bulk_get") == (c.sentAgainAtOnce ? 2u : 1u));
        CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
        checkSameTrees(local, server.db);
    }
}

TEST_CASE("backoff grows exponentially with jitter, is capped, deterministic, and resets on success") {
    auto delays = [](uint64_t seed) {
        FakeCouch server;
        server.faults.push_back({"GET /_local", FakeCouch::Fault::Error500, 12});
        DocumentStore local;
        FixedClock clock(0);
        auto o = options(server);
        o.push = false;
        o.seed = seed;
        Replicator rep(local, server, clock, o);
        rep.start();
        std::vector<int64_t> out;
        for (int i = 0; i < 12; ++i) {
            REQUIRE(rep.state() == SyncState::Paused);
            out.push_back(rep.retryAtMs() - clock.nowMs());
            clock.set(rep.retryAtMs());
            rep.tick();
        }
        CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
        return out;
    };
    auto a = delays(42), b = delays(42), c = delays(43);
    CHECK(a == b);
    CHECK(a != c);
    for (size_t i = 0; i < a.size(); ++i) {
        int64_t full = std::min<int64_t>(60000, int64_t(1000) << i);
        CHECK(a[i] >= full / 2);
        CHECK(a[i] <= full);
    }
    CHECK(a.back() >= 30000);
}

TEST_CASE("per-document rejections are recorded and not retried until the document changes") {
    FakeCouch server;
    server.forbid = [](const Json& doc) { return doc.value("secret", false); };
    DocumentStore local;
    local.put(Json{{"_id", "ok1"}, {"v", 1}});
    auto secret = local.put(Json{{"_id", "s1"}, {"secret", true}});
    local.put(Json{{"_id", "ok2"}, {"v", 2}});
    FixedClock clock(1000);
    Replicator rep(local, server, clock, pushOptions(server));
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    REQUIRE(rep.rejections().size() == 1);
    CHECK(rep.rejections()[0].id == "s1");
    CHECK(rep.rejections()[0].rev == secret.rev);
    CHECK(rep.rejections()[0].error == "forbidden");
    CHECK(rep.docState("s1") == DocSyncState::Rejected);
    CHECK(rep.docState("ok1") == DocSyncState::Synced);
    CHECK(server.db.get("ok2").has_value());
    CHECK_FALSE(server.db.get("s1").has_value());

    // Other edits: the rejected document is not offered again.
    local.put(Json{{"_id", "ok3"}, {"v", 3}});
    server.log.clear();
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.count("_bulk_docs") == 1);
    CHECK(rep.rejections().size() == 1);

    // A new replicator (restart) remembers it too.
    Replicator again(local, server, clock, pushOptions(server));
    again.start();
    CHECK(runUntilSettled(again, clock) == SyncState::UpToDate);
    CHECK(again.docState("s1") == DocSyncState::Rejected);

    // Once the document changes it is sent again.
    local.put(Json{{"_id", "s1"}, {"_rev", secret.rev}, {"secret", false}});
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.db.get("s1").has_value());
    CHECK(rep.docState("s1") == DocSyncState::Synced);
    CHECK(rep.rejections().empty());
}

TEST_CASE("401 means login required: no retries until started again") {
    FakeCouch server;
    fillServer(server, 3);
    server.faults.push_back({"GET /_changes", FakeCouch::Fault::Error401, -1});
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, options(server));
    rep.start();
    CHECK(rep.state() == SyncState::LoginRequired);
    CHECK(rep.lastError().find("401") != std::string::npos);
    size_t before = rep.requestCount();
    for (int i = 0; i < 20; ++i) {
        clock.advance(60000);
        rep.tick();
    }
    CHECK(rep.requestCount() == before);
    server.faults.clear();
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    checkSameTrees(local, server.db);
}

TEST_CASE("a missing database is a failure, not an endless retry") {
    FakeCouch server;
    DocumentStore local;
    FixedClock clock(1000);
    auto o = options(server);
    o.remoteUrl = server.base + "/../nope";
    server.faults.push_back({"_changes", FakeCouch::Fault::Error413, 0});  // unused
    struct NotFound : HttpClient {
        size_t n = 0;
        void send(const HttpRequest&, std::function<void(HttpResponse)> done) override {
            ++n;
            done(HttpResponse{404, R"({"error":"not_found","reason":"Database does not exist."})", "", {}});
        }
    } missing;
    Replicator rep(local, missing, clock, o);
    rep.start();
    // A 404 checkpoint is normal (first sync), a 404 _changes is not.
    CHECK(runUntilSettled(rep, clock) == SyncState::Failed);
    size_t requests = missing.n;
    clock.advance(600000);
    rep.tick();
    CHECK(missing.n == requests);
    CHECK(rep.lastError().find("Database does not exist") != std::string::npos);
}

TEST_CASE("_bulk_get refused: falls back to GET with open_revs") {
    FakeCouch server;
    server.bulkGetSupported = false;
    fillServer(server, 8);
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, [&] {
        auto o = options(server);
        o.push = false;
        return o;
    }());
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK_FALSE(rep.bulkGetSupported());
    CHECK(server.count("POST /_bulk_get") == 1);  // asked once, then never again
    CHECK(server.count("open_revs=") >= 8);
    checkSameTrees(local, server.db);
}

TEST_CASE("a large batch's documents come in several _bulk_get requests, two travelling at once") {
    FakeCouch server;
    fillServer(server, 250);
    server.deferred = true;
    server.faults.push_back({"POST /_bulk_get", FakeCouch::Fault::Error500, 1});  // one part fails once
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, pullOptions(server, 250));
    rep.start();
    server.deliver(2);  // checkpoint GET, database info
    REQUIRE(server.log.back().find("_changes") != std::string::npos);
    server.deliver(1);  // 250 changes → _bulk_get for the first 100 and the next 100, and the next _changes
    CHECK(server.count("_bulk_get") == 2);
    CHECK(server.pending.size() == 3);
    server.deliver(1);  // the first part: a 500, so the batch starts over from the checkpoint
    CHECK(local.docCount() == 0);
    for (int i = 0; i < 200 && rep.state() != SyncState::UpToDate; ++i) {
        server.deliver();
        clock.advance(120000);
        rep.tick();
    }
    CHECK(rep.state() == SyncState::UpToDate);
    CHECK(local.docCount() == server.db.docCount());
    CHECK(server.count("_bulk_get") >= 5);  // 2 before the failure, then 3 (100, 100, 50) at least
    checkSameTrees(local, server.db);
}

TEST_CASE("attachments are transferred once, by digest") {
    FakeCouch server;
    DocumentStore local;
    FixedClock clock(1000);
    std::string photo(3000, 'x');
    for (size_t i = 0; i < photo.size(); ++i)
        photo[i] = static_cast<char>(i * 7 % 256);
    auto r = server.put(
        Json{{"_id", "car"},
             {"plate", "京A12345"},
             {"_attachments", {{"photo.jpg", {{"content_type", "image/jpeg"}, {"data", base64Encode(photo)}}}}}});
    Replicator rep(local, server, clock, options(server));
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.attachmentsSent == 1);
    auto got = local.get("car", GetOptions{.attachmentsData = true});
    REQUIRE(got);
    CHECK(base64Decode(got->at("_attachments").at("photo.jpg").at("data").get<std::string>()) == photo);

    // The server edits the document (the attachment stays): only the fields travel.
    server.put(Json{{"_id", "car"},
                    {"_rev", r.rev},
                    {"plate", "京A54321"},
                    {"_attachments", server.db.get("car")->at("_attachments")}});
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.attachmentsSent == 1);
    CHECK(local.get("car")->at("plate") == "京A54321");

    // Local edit + a new local attachment: the new one goes inline, the old one as a stub.
    auto cur = local.get("car").value();
    cur["plate"] = "京B00001";
    cur["_attachments"]["note.txt"] = {{"content_type", "text/plain"}, {"data", base64Encode("hello")}};
    REQUIRE(local.put(cur).ok());
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.attachmentsReceived == 1);
    checkSameTrees(local, server.db);
    auto remote = server.db.get("car", GetOptions{.attachmentsData = true}).value();
    CHECK(base64Decode(remote["_attachments"]["note.txt"]["data"].get<std::string>()) == "hello");
    CHECK(base64Decode(remote["_attachments"]["photo.jpg"]["data"].get<std::string>()) == photo);

    // A document made locally with an attachment: pushed with its data exactly once.
    local.put(Json{
        {"_id", "doc2"},
        {"_attachments", {{"a.bin", {{"content_type", "application/octet-stream"}, {"data", base64Encode("abc")}}}}}});
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.attachmentsReceived == 2);
    auto d2 = local.get("doc2").value();
    d2["x"] = 1;
    local.put(d2);
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(server.attachmentsReceived == 2);
    checkSameTrees(local, server.db);
}

TEST_CASE("HTTP 413 halves the batch; fast full batches grow it") {
    FakeCouch server;
    server.maxBulkDocs = 3;
    DocumentStore local;
    for (int i = 0; i < 30; ++i)
        local.put(Json{{"_id", "l" + std::to_string(i)}, {"v", i}});
    FixedClock clock(1000);
    Replicator rep(local, server, clock, pushOptions(server, 16));
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(rep.batchSize() <= 3 * 8);
    checkSameTrees(local, server.db);
    CHECK(server.count("POST /_bulk_docs") > 10);

    FakeCouch big;
    fillServer(big, 100);
    DocumentStore other;
    Replicator grow(other, big, clock, [&] {
        auto o = options(big, 4);
        o.push = false;
        o.maxBatchSize = 32;
        return o;
    }());
    grow.start();
    CHECK(runUntilSettled(grow, clock) == SyncState::UpToDate);
    CHECK(grow.batchSize() == 32);
    checkSameTrees(other, big.db);
}

TEST_CASE("pipelining: the next _changes batch is requested while the current one is fetched") {
    FakeCouch server;
    fillServer(server, 20);
    server.deferred = true;
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, [&] {
        auto o = options(server, 5);
        o.push = false;
        return o;
    }());
    rep.start();
    server.deliver(2);  // checkpoint GET, database info
    REQUIRE(server.log.back().find("_changes") != std::string::npos);
    server.deliver(1);  // first _changes → _bulk_get for it AND the next _changes at once
    REQUIRE(server.pending.size() == 2);
    CHECK(server.count("_changes") == 2);
    CHECK(server.count("_bulk_get") == 1);
    for (int i = 0; i < 1000 && !server.pending.empty(); ++i)
        server.deliver(1);
    CHECK(rep.state() == SyncState::UpToDate);
    checkSameTrees(local, server.db);
}

TEST_CASE("pipelining: the next batch's documents are fetched while the current batch is checkpointed") {
    FakeCouch server;
    fillServer(server, 20);
    server.deferred = true;  // answers in request order, one per deliver(1)
    size_t answered = 0, firstCheckpointPut = SIZE_MAX, answeredAtSecondBulkGet = SIZE_MAX, bulkGets = 0;
    server.onRequest = [&](const HttpRequest& request) {
        size_t index = server.log.size() - 1;
        if (request.method == "PUT" && request.url.find("/_local/") != std::string::npos &&
            firstCheckpointPut == SIZE_MAX)
            firstCheckpointPut = index;
        if (request.url.find("_bulk_get") != std::string::npos && ++bulkGets == 2) answeredAtSecondBulkGet = answered;
    };
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, pullOptions(server, 5));
    rep.start();
    for (int i = 0; i < 1000 && !server.pending.empty(); ++i) {
        server.deliver(1);
        ++answered;
    }
    REQUIRE(firstCheckpointPut != SIZE_MAX);
    REQUIRE(answeredAtSecondBulkGet != SIZE_MAX);
    // Answers come in request order: fewer answers than the PUT's index means it was still in flight (without
    // prefetching, the second _bulk_get is sent while the PUT's own answer is handled: equal).
    CHECK(answeredAtSecondBulkGet < firstCheckpointPut);
    CHECK(rep.state() == SyncState::UpToDate);
    checkSameTrees(local, server.db);
}

namespace {
// A server whose HttpClient runs deferred work only when the test says so.
struct DeferringCouch : FakeCouch {
    std::deque<std::function<void()>> tasks;
    bool defer(std::function<void()> task) override {
        tasks.push_back(std::move(task));
        return true;
    }
    size_t runTasks(size_t most = 1000) {
        size_t n = 0;
        for (; !tasks.empty() && n < most; ++n) {
            auto task = std::move(tasks.front());
            tasks.pop_front();
            task();
        }
        return n;
    }
};
}  // namespace

TEST_CASE("a pulled batch is written slice by slice from deferred work, and by tick() within the time it gives") {
    StepClock clock;
    DeferringCouch server;
    fillPlain(server, 300);
    DocumentStore local;
    auto o = options(server, 300);
    o.push = false;
    o.writeSliceMs = 1;  // one chunk (10 documents) per slice
    {
        Replicator rep(local, server, clock, o);
        rep.start();
        // The batch's first slice is a task of its own, not part of the one that fetched it.
        CHECK(local.docCount() == 0);
        REQUIRE(server.tasks.size() == 1);
        CHECK(server.runTasks(1) == 1);
        CHECK(local.docCount() > 0);
        CHECK(local.docCount() < 300);
        // tick() writes a slice of at most the time it is given, none when given 0 (the frame has no time).
        size_t before = local.docCount();
        CHECK(rep.writing());
        rep.tick(0);
        CHECK(local.docCount() == before);
        rep.tick(1);
        CHECK(local.docCount() == before + 10);
        CHECK(server.tasks.size() == 1);  // the next slice, queued once
        CHECK(server.runTasks() >= 5);    // every slice queues the next; no tick() needed
        CHECK(rep.state() == SyncState::UpToDate);
        CHECK(local.getLocal(rep.checkpointId(true)).has_value());
        checkSameTrees(local, server.db);
    }
    // A slice queued before stop() (or before the replicator is gone) does nothing.
    DocumentStore other;
    {
        Replicator rep(other, server, clock, o);
        rep.start();
        size_t written = other.docCount();
        REQUIRE(server.tasks.size() == 1);
        rep.stop();
        server.runTasks();
        CHECK(other.docCount() == written);
        rep.start();
        REQUIRE(!server.tasks.empty());
    }
    server.runTasks();  // the replicator is gone
    CHECK(other.docCount() < 300);
}

TEST_CASE("a large _changes page with its documents is read in slices from deferred work, the next asked for meanwhile: the same pull") {
    StepClock clock;
    DeferringCouch server;
    server.includeDocs = true;
    std::string filler(400, 'x');  // 300 rows of ~500 bytes: a page over the 64 KB read at once
    for (int i = 0; i < 300; ++i) {
        auto r = server.put(Json{{"_id", "d" + std::to_string(i)}, {"v", i}, {"note", filler}});
        if (i % 10 == 0) server.put(Json{{"_id", r.id}, {"_rev", r.rev}, {"v", -i}, {"note", filler}});
    }
    DocumentStore local;
    auto o = options(server, 300);
    o.push = false;
    o.writeSliceMs = 1;
    Replicator rep(local, server, clock, o);
    rep.start();
    CHECK(local.docCount() == 0);          // the page is still being read
    CHECK(server.count("_changes") == 2);  // meanwhile the next page is asked for; its answer waits
    CHECK(server.tasks.size() == 1);
    size_t tasks = 0;
    while (!server.tasks.empty())
        tasks += server.runTasks();
    CHECK(tasks > 300);  // a row a slice, then the writes
    CHECK(rep.state() == SyncState::UpToDate);
    CHECK(server.count("_bulk_get") >= 1);  // the edited ones
    checkSameTrees(local, server.db);
}

TEST_CASE("live: longpoll pulls server changes, local edits are pushed from tick()") {
    FakeCouch server;
    DocumentStore local;
    FixedClock clock(1000);
    auto o = options(server);
    o.live = true;
    Replicator rep(local, server, clock, o);
    rep.start();
    CHECK(rep.state() == SyncState::UpToDate);
    server.put(Json{{"_id", "from-server"}, {"v", 1}});
    local.put(Json{{"_id", "from-here"}, {"v", 2}});
    rep.tick();
    CHECK(server.db.get("from-here").has_value());
    size_t diffs = server.count("_revs_diff");
    clock.advance(o.livePollIntervalMs);
    rep.tick();
    CHECK(server.count("feed=longpoll") >= 1);
    CHECK(local.get("from-server").has_value());
    rep.tick();  // the push lane sees the pulled document: known to be on the server, not offered back
    CHECK(server.count("_revs_diff") == diffs);
    CHECK(rep.docState("from-server") == DocSyncState::Synced);
    CHECK(rep.state() == SyncState::UpToDate);
    // Polls are paced when the server answers at once.
    size_t polls = server.count("feed=longpoll");
    rep.tick();
    rep.tick();
    CHECK(server.count("feed=longpoll") == polls);
}

TEST_CASE("offline pauses without requests; online resumes from the checkpoint") {
    FakeCouch server;
    fillServer(server, 10);
    server.deferred = true;
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, options(server, 3));
    rep.start();
    server.deliver(4);
    rep.setOnline(false);
    CHECK(rep.state() == SyncState::Paused);
    size_t before = server.log.size();
    server.deliver();  // late answers of the abandoned requests are ignored
    for (int i = 0; i < 10; ++i) {
        clock.advance(10000);
        rep.tick();
    }
    CHECK(server.log.size() == before);
    rep.setOnline(true);
    for (int i = 0; i < 1000 && !server.pending.empty(); ++i)
        server.deliver(1);
    rep.start();
    for (int i = 0; i < 1000 && !server.pending.empty(); ++i)
        server.deliver(1);
    CHECK(rep.state() == SyncState::UpToDate);
    checkSameTrees(local, server.db);
}

TEST_CASE("checkpoint history: sessions match across restarts, a lost remote checkpoint restarts from zero") {
    FakeCouch server;
    fillServer(server, 10);
    DocumentStore local;
    FixedClock clock(1000);
    auto o = options(server);
    o.push = false;
    {
        Replicator rep(local, server, clock, o);
        rep.start();
        REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    }
    server.put(Json{{"_id", "later"}, {"v", 1}});
    {
        Replicator rep(local, server, clock, o);
        server.log.clear();
        rep.start();
        REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
        CHECK(server.count("since=0") == 0);
        auto cp = local.getLocal(rep.checkpointId(true)).value();
        CHECK(cp["history"].size() == 2);
    }
    // The server lost its copy (e.g. restored database): start again from 0, harmlessly.
    std::string cpId;
    {
        Replicator rep(local, server, clock, o);
        cpId = rep.checkpointId(true);
    }
    server.db.putLocal(Json{{"_id", cpId}, {"_rev", server.db.getLocal(cpId)->at("_rev")}, {"_deleted", true}});
    {
        Replicator rep(local, server, clock, o);
        server.log.clear();
        rep.start();
        REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
        CHECK(server.count("since=0") == 1);
        checkSameTrees(local, server.db);
    }
}

TEST_CASE("a client that never answers is treated as a timeout by tick()") {
    struct BlackHole : HttpClient {
        std::vector<std::function<void(HttpResponse)>> held;
        void send(const HttpRequest&, std::function<void(HttpResponse)> done) override {
            held.push_back(std::move(done));
        }
    } hole;
    DocumentStore local;
    FixedClock clock(1000);
    ReplicationOptions o;
    o.remoteUrl = "http://127.0.0.1:5984/crm";
    o.requestTimeoutMs = 10000;
    Replicator rep(local, hole, clock, o);
    rep.start();
    CHECK(rep.state() == SyncState::Connecting);
    clock.advance(10000);
    rep.tick();
    CHECK(rep.state() == SyncState::Connecting);
    clock.advance(6000);
    rep.tick();
    CHECK(rep.state() == SyncState::Paused);
    CHECK(rep.lastError().find("timeout") != std::string::npos);
    // The late answers arrive after all: ignored.
    for (auto& done : hole.held)
        done(HttpResponse{200, "{}", "", {}});
    CHECK(rep.state() == SyncState::Paused);
}

TEST_CASE("HTTP 413 while pulling halves the batch too") {
    FakeCouch server;
    fillServer(server, 20);
    server.faults.push_back({"POST /_bulk_get", FakeCouch::Fault::Error413, 2});
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, [&] {
        auto o = options(server, 16);
        o.push = false;
        o.maxBatchSize = 16;
        return o;
    }());
    rep.start();
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(rep.batchSize() <= 16);
    checkSameTrees(local, server.db);
}

TEST_CASE("a failed request for a later batch keeps the batch being written; the retry fetches only the rest") {
    struct SteppingClock : FixedClock {
        using FixedClock::FixedClock;
        int64_t nowMs() const override {  // every reading costs a millisecond
            int64_t t = FixedClock::nowMs();
            const_cast<SteppingClock*>(this)->set(t + 1);
            return t;
        }
    } clock{1000};
    FakeCouch server;
    fillServer(server, 300);
    std::string secondBatch = "since=" + std::to_string(server.db.changes(0, 100, true).lastSeq);
    server.faults.push_back({secondBatch, FakeCouch::Fault::Error500, 1});  // the second batch's changes
    DocumentStore local;
    auto o = options(server, 100);
    o.push = false;
    o.writeSliceMs = 1;  // one chunk per slice: the first batch is still being written when the fault comes
    Replicator rep(local, server, clock, o);
    rep.start();
    CHECK(rep.state() == SyncState::Paused);  // waiting to retry
    CHECK(local.docCount() == 100);           // all of the first batch, not just its first slice
    CHECK_FALSE(local.getLocal(rep.checkpointId(true)).has_value());
    size_t bulkGets = server.count("_bulk_get");
    CHECK(runUntilSettled(rep, clock) == SyncState::UpToDate);
    checkSameTrees(local, server.db);
    CHECK(server.count("_bulk_get") - bulkGets <= 2 * 2);  // the two remaining batches, nothing twice
}

TEST_CASE("progress: pending, rate and ETA during a pull, with and without the server's pending count") {
    for (bool omit : {false, true}) {
        CAPTURE(omit);
        FakeCouch server;
        server.omitPending = omit;
        for (int i = 0; i < 40; ++i)
            server.put(Json{{"_id", "d" + std::to_string(i)}, {"v", i}});
        server.deferred = true;
        DocumentStore local;
        FixedClock clock(1000);
        Replicator rep(local, server, clock, [&] {
            auto o = options(server, 10);
            o.push = false;
            o.maxBatchSize = 10;
            return o;
        }());
        rep.start();
        server.deliver(3);  // checkpoint, info, first _changes
        CHECK(rep.state() == SyncState::Pulling);
        CHECK(rep.progress().pendingDocs == 40);
        CHECK(rep.progress().etaSeconds == -1);  // nothing done yet: no rate
        clock.advance(2000);
        server.deliver(2);  // _bulk_get of batch 1, next _changes
        server.deliver(1);  // remote checkpoint PUT
        CHECK(rep.progress().pulledDocs == 10);
        CHECK(rep.progress().pendingDocs == 30);
        CHECK(rep.progress().docsPerSecond == doctest::Approx(5.0));
        CHECK(rep.progress().etaSeconds == doctest::Approx(6.0));
        CHECK(rep.progress().bytes > 0);
        for (int i = 0; i < 100 && !server.pending.empty(); ++i)
            server.deliver(1);
        CHECK(rep.state() == SyncState::UpToDate);
        CHECK(rep.progress().pendingDocs == 0);
        CHECK(rep.progress().etaSeconds == 0);
    }
}

TEST_CASE("live: a longpoll the client times out is not an error") {
    struct SlowPoll : FakeCouch {
        FixedClock* clock = nullptr;
        void send(const HttpRequest& request, std::function<void(HttpResponse)> done) override {
            if (request.url.find("feed=longpoll") != std::string::npos) {
                log.push_back("longpoll");
                clock->advance(request.timeoutMs);  // the client gave up after its timeout
                done(HttpResponse{0, "", "timeout", {}});
                return;
            }
            FakeCouch::send(request, std::move(done));
        }
    } server;
    DocumentStore local;
    FixedClock clock(1000);
    server.clock = &clock;
    auto o = options(server);
    o.live = true;
    Replicator rep(local, server, clock, o);
    rep.start();
    REQUIRE(rep.state() == SyncState::UpToDate);
    for (int i = 0; i < 3; ++i) {
        clock.advance(o.livePollIntervalMs);
        rep.tick();
        CHECK(rep.state() == SyncState::UpToDate);
        CHECK(rep.lastError().empty());
    }
    CHECK(server.count("longpoll") == 3);
}

TEST_CASE("a large pulled batch is written in time slices; its checkpoint waits for the last slice") {
    StepClock clock;
    FakeCouch server;
    fillPlain(server, 300);
    DocumentStore local;
    auto o = options(server, 300);
    o.push = false;
    o.writeSliceMs = 1;  // one chunk (10 documents) per slice
    Replicator rep(local, server, clock, o);
    rep.start();
    CHECK(rep.state() == SyncState::Pulling);
    CHECK(local.docCount() > 0);
    CHECK(local.docCount() < 300);
    CHECK_FALSE(local.getLocal(rep.checkpointId(true)).has_value());
    int ticks = 0;
    while (rep.state() != SyncState::UpToDate && ticks < 100) {
        rep.tick();
        ++ticks;
        if (local.docCount() < 300) CHECK_FALSE(local.getLocal(rep.checkpointId(true)).has_value());
    }
    CHECK(ticks >= 5);
    CHECK(rep.state() == SyncState::UpToDate);
    checkSameTrees(local, server.db);
}

TEST_CASE("randomized: edits on both sides and random faults always converge to identical trees") {
    const FakeCouch::Fault kinds[] = {FakeCouch::Fault::Drop,     FakeCouch::Fault::DropAfter,
                                      FakeCouch::Fault::Error500, FakeCouch::Fault::Error429,
                                      FakeCouch::Fault::Truncate, FakeCouch::Fault::Timeout,
                                      FakeCouch::Fault::Garbage,  FakeCouch::Fault::Timeout};  // (413: own tests)
    const char* endpoints[] = {
        "GET /_changes", "POST /_bulk_get", "POST /_revs_diff", "POST /_bulk_docs", "PUT /_local",
        "GET /_local",   "GET / "};
    int faultedRuns = 0;
    uint64_t seeds = std::getenv("CRM_SYNC_SEEDS") ? std::strtoull(std::getenv("CRM_SYNC_SEEDS"), nullptr, 10) : 60;
    for (uint64_t seed = 1; seed <= seeds; ++seed) {
        CAPTURE(seed);
        uint64_t state = seed * 0x9e3779b97f4a7c15ULL;
        auto rnd = [&](uint64_t n) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state % n;
        };
        FakeCouch server;
        server.stringSeqs = seed % 2 == 0;
        server.bulkGetSupported = seed % 5 != 0;
        DocumentStore local;
        FixedClock clock(1000);
        auto o = options(server, 1 + rnd(9));
        o.seed = seed;
        Replicator rep(local, server, clock, o);
        auto edit = [&](DocumentStore& store, bool isServer) {
            std::string id = "doc" + std::to_string(rnd(15));
            auto cur = store.get(id);
            Json doc{{"_id", id}, {"v", static_cast<int>(rnd(1000))}, {"by", isServer ? "server" : "local"}};
            if (cur) doc["_rev"] = cur->at("_rev");
            if (cur && rnd(6) == 0) doc["_deleted"] = true;
            if (rnd(8) == 0)
                doc["_attachments"] = {
                    {"f.txt", {{"content_type", "text/plain"}, {"data", base64Encode(std::to_string(rnd(3)))}}}};
            auto r = isServer ? server.put(doc) : store.put(doc);
            (void)r;
        };
        for (int round = 0; round < 4; ++round) {
            for (int i = 0; i < 12; ++i)
                edit(local, false);
            for (int i = 0; i < 12; ++i)
                edit(server.db, true);
            server.faults.clear();
            for (int f = 0; f < 3; ++f)
                server.faults.push_back({endpoints[rnd(7)], kinds[rnd(8)], 1 + static_cast<int>(rnd(2))});
            rep.start();
            SyncState settled = runUntilSettled(rep, clock, 400);
            std::string error = rep.lastError();
            CAPTURE(error);
            REQUIRE(settled == SyncState::UpToDate);
            faultedRuns += server.faultsInjected > 0;
            server.faultsInjected = 0;
        }
        server.faults.clear();
        rep.start();
        REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
        checkSameTrees(local, server.db);
        for (const std::string& id : ids(local)) {
            DocSyncState s = rep.docState(id);
            CHECK((s == DocSyncState::Synced || s == DocSyncState::Conflict));
        }
    }
    CHECK(faultedRuns > 60);  // the faults really happened
}

TEST_CASE("randomized, asynchronous: answers in any order, edits while syncing, live mode; converges") {
    uint64_t seeds = std::getenv("CRM_SYNC_SEEDS") ? std::strtoull(std::getenv("CRM_SYNC_SEEDS"), nullptr, 10) : 40;
    for (uint64_t seed = 1; seed <= seeds; ++seed) {
        CAPTURE(seed);
        uint64_t state = seed * 0x2545F4914F6CDD1DULL + 7;
        auto rnd = [&](uint64_t n) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            return state % n;
        };
        FakeCouch server;
        server.deferred = true;
        server.stringSeqs = seed % 2 == 1;
        DocumentStore local;
        FixedClock clock(1000);
        auto o = options(server, 1 + rnd(6));
        o.seed = seed;
        o.live = seed % 3 != 0;
        o.writeSliceMs = 0;
        Replicator rep(local, server, clock, o);
        auto edit = [&](DocumentStore& store, bool isServer) {
            std::string id = "doc" + std::to_string(rnd(10));
            auto cur = store.get(id);
            Json doc{{"_id", id}, {"v", static_cast<int>(rnd(1000))}};
            if (cur) doc["_rev"] = cur->at("_rev");
            if (cur && rnd(7) == 0) doc["_deleted"] = true;
            if (isServer)
                server.put(doc);
            else
                store.put(doc);
        };
        const FakeCouch::Fault kinds[] = {FakeCouch::Fault::Drop, FakeCouch::Fault::Error500,
                                          FakeCouch::Fault::Truncate, FakeCouch::Fault::DropAfter};
        const char* endpoints[] = {"GET /_changes", "POST /_bulk_get", "POST /_revs_diff", "POST /_bulk_docs",
                                   "PUT /_local"};
        rep.start();
        for (int step = 0; step < 400; ++step) {
            uint64_t what = rnd(10);
            if (what < 5 && !server.pending.empty()) {
                server.deliverAt(rnd(server.pending.size()));
            } else if (what == 5 && step < 300) {
                edit(local, false);
            } else if (what == 6 && step < 300) {
                edit(server.db, true);
            } else if (what == 7 && step < 250 && rnd(4) == 0) {
                server.faults.push_back({endpoints[rnd(5)], kinds[rnd(4)], 1});
            } else {
                clock.advance(static_cast<int64_t>(rnd(3000)));
                rep.tick();
            }
        }
        // Quiet period: no more edits or faults; let everything land.
        server.faults.clear();
        for (int i = 0; i < 3000; ++i) {
            if (!server.pending.empty()) {
                server.deliverAt(rnd(server.pending.size()));
                continue;
            }
            SyncState s = rep.state();
            if (!o.live && (s == SyncState::UpToDate || s == SyncState::Failed)) {
                rep.start();  // one-shot: run again until nothing is left
                if (server.pending.empty()) break;
                continue;
            }
            clock.advance(2000);
            rep.tick();
        }
        if (!o.live) {
            rep.start();
            while (!server.pending.empty())
                server.deliver(1);
            rep.start();
            while (!server.pending.empty())
                server.deliver(1);
        } else {
            for (int i = 0; i < 20; ++i) {
                clock.advance(2000);
                rep.tick();
                while (!server.pending.empty())
                    server.deliver(1);
            }
        }
        CHECK(rep.state() == SyncState::UpToDate);
        checkSameTrees(local, server.db);
    }
}

TEST_CASE("a pull costs the push lane nothing when nothing is local: no _revs_diff, one push checkpoint") {
    StepClock clock;
    FakeCouch server;
    fillPlain(server, 300);
    DocumentStore local;
    auto o = options(server, 50);
    o.maxBatchSize = 50;  // six pulled batches
    o.live = true;
    o.writeSliceMs = 1;  // each batch written over several ticks, the push lane ticked in between
    Replicator rep(local, server, clock, o);
    rep.start();
    for (int ticks = 0; ticks < 500 && rep.state() != SyncState::UpToDate; ++ticks)
        rep.tick();
    REQUIRE(rep.state() == SyncState::UpToDate);
    CHECK(local.docCount() == 300);
    // At most the first batch, which the push lane can meet half written when both lanes start together, is
    // asked about; none of the five after it (before: a _revs_diff and a checkpoint for every pulled batch).
    CHECK(server.count("_revs_diff") <= 1);
    CHECK(server.count("_bulk_docs") == 0);
    std::string pushCp = rep.checkpointId(false);
    auto writes = [&] { return server.count("PUT /" + pushCp); };
    CHECK(writes() <= 2);  // that first batch's, and once the pull is done
    REQUIRE(local.getLocal(pushCp).has_value());
    CHECK(local.getLocal(pushCp)->at("last_seq") == server.db.getLocal(pushCp)->at("last_seq"));
    CHECK(rep.docState("d0") == DocSyncState::Synced);
    CHECK(rep.docState("d299") == DocSyncState::Synced);
    // A later run starts from that checkpoint: nothing to send, no checkpoint to write (its reconciliation sweep
    // still asks the server about the local leaves, by design).
    rep.stop();
    size_t written = writes();
    Replicator again(local, server, clock, o);
    again.start();
    for (int ticks = 0; ticks < 100 && again.state() != SyncState::UpToDate; ++ticks)
        again.tick();
    CHECK(again.state() == SyncState::UpToDate);
    CHECK(server.count("_bulk_docs") == 0);
    CHECK(writes() == written);
    // A local edit is pushed as before, with its checkpoint.
    local.put(Json{{"_id", "here"}, {"v", 1}});
    again.tick();
    CHECK(server.db.get("here").has_value());
    CHECK(writes() == written + 1);
}

TEST_CASE("pull: a _changes row whose document nests deeper than the limit is refused alone; the rest is stored and the pull goes on") {
    FakeCouch server;
    server.includeDocs = true;  // the rows bring their documents: the deep one among them
    const Json deep = Json::parse(std::string(600, '[') + std::string(600, ']'));
    fillPlain(server, 5);
    auto edited = server.put(Json{{"_id", "edited"}, {"v", 1}});
    auto tooDeep = server.put(Json{{"_id", "deep"}, {"v", deep}});
    DocumentStore local;
    FixedClock clock(1000);
    Replicator rep(local, server, clock, pullOptions(server, 100));
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(local.docCount() == 6);
    CHECK_FALSE(local.get("deep").has_value());
    REQUIRE(rep.rejections().size() == 1);
    CHECK(rep.rejections()[0].id == "deep");
    CHECK(rep.rejections()[0].rev == tooDeep.rev);
    CHECK(rep.rejections()[0].reason.find("nested deeper than 512") != std::string::npos);

    // A stored document edited into one too deep: its stored revision stays, later changes come.
    auto editedTooDeep = server.put(Json{{"_id", "edited"}, {"_rev", edited.rev}, {"v", deep}});
    server.put(Json{{"_id", "later"}, {"v", 2}});
    rep.start();
    REQUIRE(runUntilSettled(rep, clock) == SyncState::UpToDate);
    CHECK(local.get("edited")->at("_rev") == edited.rev);
    CHECK(local.get("later").has_value());
    bool refused = false;
    for (const Rejection& r : rep.rejections()) refused |= r.id == "edited" && r.rev == editedTooDeep.rev;
    CHECK(refused);
    CHECK(local.getLocal(rep.checkpointId(true))->at("last_seq") == server.db.getLocal(rep.checkpointId(true))->at("last_seq"));
}

TEST_CASE("a document as deep as the store takes (512 levels) is pushed and pulled back whole: _bulk_get, open_revs, include_docs") {
    // The deepest document the automation API stores (parseJsonText: itself and 511 arrays), and its edit.
    const Json doc = parseJsonText(R"({"_id":"deep","v":)" + std::string(511, '[') + std::string(511, ']') + "}");
    REQUIRE(doc.is_object());
    for (int way = 0; way < 3; ++way) {
        CAPTURE(way);
        FakeCouch server;
        server.bulkGetSupported = way != 1;
        server.includeDocs = way == 2;
        DocumentStore here;
        auto first = here.put(doc);
        REQUIRE(first.ok());
        if (way != 2) {  // a second revision: fetched (include_docs brings first revisions only)
            Json edited = doc;
            edited["_rev"] = first.rev;
            edited["w"] = 1;
            REQUIRE(here.put(edited).ok());
        }
        fillPlain(server, 3);
        FixedClock clock(1000);
        Replicator push(here, server, clock, pushOptions(server));
        push.start();
        REQUIRE(runUntilSettled(push, clock) == SyncState::UpToDate);
        DocumentStore there;
        Replicator pull(there, server, clock, pullOptions(server, 100));
        pull.start();
        REQUIRE(runUntilSettled(pull, clock) == SyncState::UpToDate);
        CHECK(pull.rejections().empty());
        REQUIRE(there.get("deep").has_value());
        CHECK(*there.get("deep") == *here.get("deep"));
        CHECK(there.docCount() == 4);
    }
}

// Conflict view (mine / theirs / common ancestor, auto-merge of one-sided changes) and resolution,
// including a conflict made by real sync against the fake server and its resolution pushed back.
#include "core/sync/conflict_merge.h"
#include "core/sync/replicator.h"
#include "tests/core/sync/fake_couch.h"

#include <doctest/doctest.h>

using namespace crm::core;
using crm::core::test::FakeCouch;

namespace {
const FieldChoice* findField(const ConflictView& v, const std::string& name) {
    for (const auto& f : v.fields) {
        if (f.field == name) return &f;
    }
    return nullptr;
}

SyncState settle(Replicator& rep, FixedClock& clock) {
    for (int i = 0; i < 100; ++i) {
        SyncState s = rep.state();
        if (s == SyncState::UpToDate || s == SyncState::Failed || s == SyncState::LoginRequired) return s;
        clock.advance(rep.retryAtMs() ? std::max<int64_t>(1, rep.retryAtMs() - clock.nowMs()) : 100);
        rep.tick();
    }
    return rep.state();
}
}  // namespace

TEST_CASE("no conflict, no view") {
    DocumentStore store;
    store.put(Json{{"_id", "a"}, {"v", 1}});
    CHECK_FALSE(buildConflictView(store, "a").has_value());
    CHECK_FALSE(buildConflictView(store, "missing").has_value());
}

TEST_CASE("sync makes a conflict; the view has the ancestor, auto-merges one-sided changes; resolve converges") {
    FakeCouch server;
    DocumentStore local;
    FixedClock clock(1000);
    auto base = local.put(
        Json{{"_id", "cust"}, {"name", "王伟"}, {"phone", "138"}, {"city", "北京"}, {"level", "A"}, {"old", 1}});
    Replicator rep(local, server, clock, [&] {
        ReplicationOptions o;
        o.remoteUrl = server.base;
        return o;
    }());
    rep.start();
    REQUIRE(settle(rep, clock) == SyncState::UpToDate);

    // Local: phone changed, level changed. Server: city changed, level changed differently, "old" removed, "new" added.
    local.put(Json{{"_id", "cust"},
                   {"_rev", base.rev},
                   {"name", "王伟"},
                   {"phone", "139"},
                   {"city", "北京"},
                   {"level", "B"},
                   {"old", 1}});
    server.put(Json{{"_id", "cust"},
                    {"_rev", base.rev},
                    {"name", "王伟"},
                    {"phone", "138"},
                    {"city", "上海"},
                    {"level", "C"},
                    {"new", true}});
    rep.start();
    REQUIRE(settle(rep, clock) == SyncState::UpToDate);
    CHECK(rep.docState("cust") == DocSyncState::Conflict);

    auto view = buildConflictView(local, "cust");
    REQUIRE(view);
    CHECK(view->hasAncestor);  // fetched from the server by the replicator
    CHECK(view->mineRev == local.revisionTree("cust")->winner()->rev.str());
    CHECK(view->theirsRev == local.revisionTree("cust")->conflicts().front().str());
    const FieldChoice* phone = findField(*view, "phone");
    const FieldChoice* city = findField(*view, "city");
    const FieldChoice* level = findField(*view, "level");
    const FieldChoice* name = findField(*view, "name");
    REQUIRE((phone && city && level && name));
    CHECK(name->autoMerged);
    CHECK_FALSE(name->mineChanged);
    CHECK(phone->autoMerged);
    CHECK(city->autoMerged);
    CHECK_FALSE(level->autoMerged);
    CHECK(level->mineChanged);
    CHECK(level->theirsChanged);
    CHECK(level->ancestor == "A");
    CHECK(view->merged["phone"] == "139");
    CHECK(view->merged["city"] == "上海");
    CHECK_FALSE(view->merged.contains("old"));  // removed on one side
    CHECK(view->merged["new"] == true);         // added on one side
    CHECK(view->merged["level"] == level->mine);

    Json merged = view->merged;
    merged["level"] = "B+";
    auto res = resolveConflict(local, "cust", merged);
    REQUIRE(res.ok());
    CHECK(local.revisionTree("cust")->conflicts().empty());
    CHECK(local.get("cust")->at("level") == "B+");
    CHECK(rep.docState("cust") == DocSyncState::LocalOnly);
    rep.start();
    REQUIRE(settle(rep, clock) == SyncState::UpToDate);
    CHECK(server.db.revisionTree("cust")->conflicts().empty());
    CHECK(server.db.get("cust")->at("_rev").get<std::string>() == res.rev);
    CHECK(server.db.revisionTree("cust")->encode() == local.revisionTree("cust")->encode());
    CHECK(rep.docState("cust") == DocSyncState::Synced);
}

TEST_CASE("without an ancestor every differing field needs a choice") {
    DocumentStore store;
    store.bulkDocs({Json{{"_id", "d"}, {"_rev", "1-a"}, {"x", 1}, {"same", "s"}},
                    Json{{"_id", "d"}, {"_rev", "1-b"}, {"x", 2}, {"same", "s"}}},
                   false);
    auto view = buildConflictView(store, "d");
    REQUIRE(view);
    CHECK_FALSE(view->hasAncestor);
    CHECK(view->mineRev == "1-b");
    CHECK(findField(*view, "same")->autoMerged);
    CHECK_FALSE(findField(*view, "x")->autoMerged);
    CHECK(view->merged["x"] == 2);
    auto res = resolveConflict(store, "d", Json{{"x", 1}, {"same", "s"}, {"_rev", "junk"}});
    REQUIRE(res.ok());
    CHECK(res.rev.rfind("2-", 0) == 0);
    CHECK(store.revisionTree("d")->conflicts().empty());
    CHECK(store.revisionTree("d")->leaves().size() == 2);  // the loser is a tombstone now
    CHECK(store.get("d")->at("x") == 1);
    CHECK_FALSE(resolveConflict(store, "nope", Json::object()).ok());
}

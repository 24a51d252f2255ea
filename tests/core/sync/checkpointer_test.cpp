// The checkpointer at its seam (core/sync/checkpointer.h), against a scripted peer: comparing the two
// replication logs, writing the target's copy first, the 409 retry, read-only access.
#include "core/sync/checkpointer.h"
#include "tests/core/sync/scripted_peer.h"

#include <doctest/doctest.h>

using namespace crm::core;
using crm::core::test::jsonAnswer;
using crm::core::test::ScriptedPeer;

namespace {
const CouchDatabase kDb{"http://server/db", {}, 1000};
const std::string kId = "_local/cp";

Json checkpoint(const std::string& session, int seq, Json history = Json::array()) {
    return Json{{"_id", kId}, {"session_id", session}, {"last_seq", seq}, {"version", 1}, {"history", history}};
}
}  // namespace

TEST_CASE("resumeSeq: a common session decides, else from the start") {
    Json local = checkpoint("s2", 40, Json::array({{{"session_id", "s2"}, {"last_seq", 40}},
                                                    {{"session_id", "s1"}, {"last_seq", 20}}}));
    CHECK(resumeSeq(local, checkpoint("s2", 40), true) == Json(40));
    // The server's copy is older: the newest session both know.
    CHECK(resumeSeq(local, checkpoint("s1", 20, Json::array({{{"session_id", "s1"}, {"last_seq", 20}}})), true) ==
          Json(20));
    CHECK(resumeSeq(local, checkpoint("other", 90, Json::array({{{"session_id", "other"}, {"last_seq", 90}}})),
                    true) == Json(0));
    CHECK(resumeSeq(local, nullptr, true) == Json(0));   // none on the server
    CHECK(resumeSeq(local, nullptr, false) == Json(40));  // not readable: this device's copy alone decides
    CHECK(resumeSeq(std::nullopt, checkpoint("s2", 40), true) == Json(0));
}

TEST_CASE("movedCheckpoint keeps five sessions, the newest first") {
    Json doc;
    for (int i = 0; i < 7; ++i)
        doc = movedCheckpoint(doc, kId, "s" + std::to_string(i), i * 10);
    CHECK(doc["last_seq"] == Json(60));
    CHECK(doc["session_id"] == "s6");
    REQUIRE(doc["history"].size() == 5);
    CHECK(doc["history"][0]["session_id"] == "s6");
    CHECK(doc["history"][4]["session_id"] == "s2");
}

TEST_CASE("checkpointer: read, then write target first; 409 learns the revision and writes again") {
    DocumentStore store;
    ScriptedPeer peer;
    int puts = 0;
    Json onServer = checkpoint("old", 5);
    onServer["_rev"] = "1-a";
    peer.answer = [&](const HttpRequest& r) {
        if (r.method == "GET") return jsonAnswer(200, onServer);
        Json body = Json::parse(r.body);
        if (++puts == 1) {
            CHECK(body.value("_rev", "") == "1-a");
            onServer["_rev"] = "2-someone-else";  // written meanwhile by another replication
            return jsonAnswer(409, Json{{"error", "conflict"}});
        }
        CHECK(body["_rev"] == "2-someone-else");
        return jsonAnswer(201, Json{{"ok", true}, {"id", kId}, {"rev", "3-b"}});
    };
    SUBCASE("push: the server is the target, this device's copy follows") {
        Checkpointer cp(store, kDb, peer.send(), Direction::Push);
        cp.begin(kId, "now");
        bool read = false;
        cp.read([&](SyncError e) { read = !e; });
        CHECK(read);
        CHECK(cp.committed() == Json(0));  // no common session
        // Write held: this device's copy must not move before the server's.
        peer.answer = nullptr;
        bool written = false;
        cp.write(12, Json{{"rejected", Json::array()}}, [&](SyncError e) { written = !e; });
        CHECK_FALSE(store.getLocal(kId).has_value());
        CHECK(cp.committed() == Json(0));
        peer.reply(jsonAnswer(409, Json{{"error", "conflict"}}));
        onServer["_rev"] = "2-someone-else";
        peer.reply(jsonAnswer(200, onServer));
        peer.reply(jsonAnswer(201, Json{{"ok", true}, {"id", kId}, {"rev", "3-b"}}));
        CHECK(written);
        CHECK(cp.committed() == Json(12));
        REQUIRE(store.getLocal(kId).has_value());
        CHECK((*store.getLocal(kId))["last_seq"] == Json(12));
        CHECK(store.getLocal(kId)->contains("rejected"));
        CHECK(peer.count("PUT", "_local/cp") == 2);
    }
    SUBCASE("pull: this device is the target, written before the server is asked") {
        Checkpointer cp(store, kDb, peer.send(), Direction::Pull);
        cp.begin(kId, "now");
        cp.read([](SyncError) {});
        bool written = false;
        cp.write(7, Json(), [&](SyncError e) { written = !e; });
        CHECK(written);
        CHECK(puts == 2);  // 409, then the retry
        CHECK((*store.getLocal(kId))["last_seq"] == Json(7));
        CHECK(cp.committed() == Json(7));
    }
}

TEST_CASE("checkpointer: a second 409 or read-only access keeps the checkpoint on this device; 5xx is an error") {
    DocumentStore store;
    ScriptedPeer peer;
    int status = 409;
    peer.answer = [&](const HttpRequest& r) {
        if (r.method == "GET") return jsonAnswer(404, Json{{"error", "not_found"}});
        return jsonAnswer(status, Json{{"error", "x"}});
    };
    Checkpointer cp(store, kDb, peer.send(), Direction::Push);
    cp.begin(kId, "now");
    cp.read([](SyncError) {});
    SyncError error{SyncErrorKind::Network, 0, ""};
    cp.write(3, Json(), [&](SyncError e) { error = e; });
    CHECK_FALSE(error);
    CHECK(cp.committed() == Json(3));
    CHECK(peer.count("PUT", "") == 2);
    cp.write(4, Json(), [&](SyncError e) { error = e; });  // no longer written to the server
    CHECK(peer.count("PUT", "") == 2);
    CHECK(cp.committed() == Json(4));

    Checkpointer other(store, kDb, peer.send(), Direction::Push);
    other.begin("_local/other", "now");
    other.read([](SyncError) {});
    status = 503;
    other.write(5, Json(), [&](SyncError e) { error = e; });
    CHECK(error.kind == SyncErrorKind::ServerError);
    CHECK(other.committed() == Json(0));
}

TEST_CASE("checkpointer: an answer of the wrong shape is an error, never a checkpoint") {
    DocumentStore store;
    ScriptedPeer peer;
    peer.answer = [](const HttpRequest&) { return HttpResponse{200, "<html>proxy</html>", "", {}}; };
    Checkpointer cp(store, kDb, peer.send(), Direction::Pull);
    cp.begin(kId, "now");
    SyncError error;
    cp.read([&](SyncError e) { error = e; });
    CHECK(error.kind == SyncErrorKind::NotJson);
}

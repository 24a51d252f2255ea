// The document fetcher at its seam (core/sync/doc_fetcher.h), against a scripted peer: _bulk_get split into
// requests of 100, two at a time; one retry of a request that failed in passing; the open_revs fallback; the
// attachment refetch; a document nested too deep refused alone.
#include "core/sync/doc_fetcher.h"
#include "core/store/json_text.h"
#include "tests/core/sync/scripted_peer.h"

#include <doctest/doctest.h>

using namespace crm::core;
using crm::core::test::jsonAnswer;
using crm::core::test::ScriptedPeer;

namespace {
const CouchDatabase kDb{"http://server/db", {}, 1000};

std::string revOf(const std::string& id) {
    return "1-" + std::string(32, id.back() % 2 ? 'a' : 'b');
}

std::vector<FetchItem> plan(int n) {
    std::vector<FetchItem> items;
    for (int i = 0; i < n; ++i) {
        std::string id = "d" + std::to_string(i);
        items.push_back(FetchItem{id, {revOf(id)}});
    }
    return items;
}

Json docOf(const std::string& id) {
    return Json{{"_id", id}, {"_rev", revOf(id)}, {"n", id}};
}

// A _bulk_get answer for the ids in the request.
HttpResponse bulkGet(const HttpRequest& r) {
    Json results = Json::array();
    Json asked = Json::parse(r.body);
    for (const Json& d : asked["docs"]) {
        std::string id = d["id"].get<std::string>();
        results.push_back(Json{{"id", id}, {"docs", Json::array({{{"ok", docOf(id)}}})}});
    }
    return jsonAnswer(200, Json{{"results", results}});
}

std::string idFromUrl(const std::string& url) {
    size_t slash = url.rfind('/'), q = url.find('?');
    return url.substr(slash + 1, q - slash - 1);
}
}  // namespace

TEST_CASE("fetcher: 250 documents go as three _bulk_get requests, two in flight at a time") {
    ScriptedPeer peer;  // requests are held until answered
    DocFetcher fetcher(kDb, peer.send(), true);
    Checked<FetchedDocs> got;
    int calls = 0;
    fetcher.fetch(plan(250), false, [&](Checked<FetchedDocs> r) {
        got = std::move(r);
        ++calls;
    });
    REQUIRE(peer.held.size() == 2);
    CHECK(Json::parse(peer.held[0].first.body)["docs"].size() == 100);
    peer.reply(bulkGet(peer.held.front().first));
    REQUIRE(peer.held.size() == 2);  // the third followed the first answer
    CHECK(Json::parse(peer.held[1].first.body)["docs"].size() == 50);
    peer.reply(bulkGet(peer.held.front().first));
    peer.reply(bulkGet(peer.held.front().first));
    CHECK(calls == 1);
    REQUIRE(got.ok());
    CHECK(got.value.docs.size() == 250);
    CHECK(peer.count("POST", "_bulk_get?revs=true&latest=true") == 3);
}

TEST_CASE("fetcher: a request that fails in passing is sent once more; a second failure is the answer") {
    ScriptedPeer peer;
    int failures = 1;
    peer.answer = [&](const HttpRequest& r) {
        if (failures-- > 0) return HttpResponse{200, R"({"results":[{"id":"d0","do)", "", {}};  // cut short
        return bulkGet(r);
    };
    DocFetcher fetcher(kDb, peer.send(), true);
    Checked<FetchedDocs> got;
    fetcher.fetch(plan(3), false, [&](Checked<FetchedDocs> r) { got = std::move(r); });
    REQUIRE(got.ok());
    CHECK(got.value.docs.size() == 3);
    CHECK(peer.requests.size() == 2);

    failures = 2;
    peer.requests.clear();
    fetcher.fetch(plan(3), false, [&](Checked<FetchedDocs> r) { got = std::move(r); });
    CHECK(got.error.kind == SyncErrorKind::NotJson);
    CHECK(peer.requests.size() == 2);

    peer.answer = [](const HttpRequest&) { return jsonAnswer(503, Json{{"error", "unavailable"}}); };
    fetcher.fetch(plan(3), false, [&](Checked<FetchedDocs> r) { got = std::move(r); });
    CHECK(got.error.kind == SyncErrorKind::ServerError);
}

TEST_CASE("fetcher: a server without _bulk_get gets GET doc?open_revs from then on") {
    ScriptedPeer peer;
    peer.answer = [](const HttpRequest& r) {
        if (r.url.find("_bulk_get") != std::string::npos) return jsonAnswer(404, Json{{"error", "not_found"}});
        std::string id = idFromUrl(r.url);
        if (id == "d3") return jsonAnswer(404, Json{{"error", "not_found"}});  // deleted meanwhile: skipped
        return jsonAnswer(200, Json::array({{{"ok", docOf(id)}}}));
    };
    DocFetcher fetcher(kDb, peer.send(), true);
    Checked<FetchedDocs> got;
    fetcher.fetch(plan(6), false, [&](Checked<FetchedDocs> r) { got = std::move(r); });
    REQUIRE(got.ok());
    CHECK(got.value.docs.size() == 5);
    CHECK_FALSE(fetcher.bulkGetSupported());
    CHECK(peer.count("GET", "open_revs=") == 6);
    peer.requests.clear();
    fetcher.fetch(plan(2), false, [&](Checked<FetchedDocs> r) { got = std::move(r); });
    CHECK(peer.count("POST", "_bulk_get") == 0);
    CHECK(peer.count("GET", "open_revs=") == 2);
}

TEST_CASE("fetcher: documents whose attachments the store lacks are fetched again with their data") {
    ScriptedPeer peer;
    peer.answer = [](const HttpRequest& r) {
        CHECK(r.url.find("attachments=true") != std::string::npos);
        Json results = Json::array();
        Json doc = docOf("d1");
        doc["_attachments"] = {{"a.txt", {{"content_type", "text/plain"}, {"digest", "md5-new"}, {"data", "aGk="}}}};
        results.push_back(Json{{"id", "d1"}, {"docs", Json::array({{{"ok", doc}}})}});
        return jsonAnswer(200, Json{{"results", results}});
    };
    DocFetcher fetcher(kDb, peer.send(), true);
    std::vector<Json> docs = {docOf("d0"), docOf("d1"), docOf("d2")};
    docs[1]["_attachments"] = {{"a.txt", {{"stub", true}, {"digest", "md5-new"}}}};
    docs[2]["_attachments"] = {{"b.txt", {{"stub", true}, {"digest", "md5-known"}}}};
    Checked<FetchedDocs> got;
    fetcher.completeAttachments(
        docs, [](const std::string& digest) { return digest == "md5-known"; },
        [&](Checked<FetchedDocs> r) { got = std::move(r); });
    REQUIRE(got.ok());
    REQUIRE(got.value.docs.size() == 3);
    CHECK(got.value.docs[1]["_attachments"]["a.txt"]["data"] == "aGk=");
    CHECK(got.value.docs[2]["_attachments"]["b.txt"].contains("stub"));
    REQUIRE(peer.requests.size() == 1);
    CHECK(Json::parse(peer.requests[0].body)["docs"].size() == 1);
}

TEST_CASE("fetcher: a document nested too deep is refused alone (as a revision the store cannot hold); the rest come") {
    // d1 carries a member 100,000 arrays deep (as text: a Json that deep could not even be printed).
    auto withDeepD1 = [](HttpResponse answer) {
        const std::string plain = R"("n":"d1"})";
        const size_t at = answer.body.find(plain);
        REQUIRE(at != std::string::npos);
        answer.body.replace(at, plain.size(),
                            R"("n":"d1","deep":)" + std::string(100000, '[') + std::string(100000, ']') + "}");
        return answer;
    };
    for (bool bulk : {true, false}) {
        CAPTURE(bulk);
        ScriptedPeer peer;
        peer.answer = [&](const HttpRequest& r) {
            if (r.url.find("_bulk_get") != std::string::npos) {
                return bulk ? withDeepD1(bulkGet(r)) : jsonAnswer(404, Json{{"error", "not_found"}});
            }
            const std::string id = idFromUrl(r.url);
            HttpResponse one = jsonAnswer(200, Json::array({{{"ok", docOf(id)}}}));
            return id == "d1" ? withDeepD1(std::move(one)) : one;
        };
        DocFetcher fetcher(kDb, peer.send(), true);
        Checked<FetchedDocs> got;
        fetcher.fetch(plan(4), false, [&](Checked<FetchedDocs> r) { got = std::move(r); });
        REQUIRE(got.ok());
        CHECK(got.value.docs.size() == 3);
        for (const Json& doc : got.value.docs) CHECK(doc["_id"] != "d1");
        REQUIRE(got.value.refused.size() == 1);
        CHECK(got.value.refused[0].id == "d1");
        CHECK(got.value.refused[0].rev == revOf("d1"));
        CHECK(got.value.refused[0].reason.find("nested deeper than") != std::string::npos);
        CHECK(peer.count("POST", "_bulk_get") == 1);  // not sent again: the answer was read
    }
}

TEST_CASE("fetcher: a document as deep as the store takes (512 levels, counted from itself) comes back whole; one deeper is refused") {
    // d1 carries a member of `arrays` arrays inside itself: the store's limit (parseJsonText, as crm.put) is 512.
    auto withDeepD1 = [](HttpResponse answer, size_t arrays) {
        const std::string plain = R"("n":"d1"})";
        const size_t at = answer.body.find(plain);
        REQUIRE(at != std::string::npos);
        answer.body.replace(at, plain.size(),
                            R"("n":"d1","deep":)" + std::string(arrays, '[') + std::string(arrays, ']') + "}");
        return answer;
    };
    for (bool bulk : {true, false}) {
        for (size_t arrays : {kMaxJsonNesting - 1, kMaxJsonNesting}) {
            CAPTURE(bulk);
            CAPTURE(arrays);
            const std::string stored = R"({"_id":"d1","_rev":")" + revOf("d1") + R"(","n":"d1","deep":)" +
                                       std::string(arrays, '[') + std::string(arrays, ']') + "}";
            const bool storable = !parseJsonText(stored).is_discarded();
            CHECK(storable == (arrays + 1 == kMaxJsonNesting));
            ScriptedPeer peer;
            peer.answer = [&](const HttpRequest& r) {
                if (r.url.find("_bulk_get") != std::string::npos) {
                    return bulk ? withDeepD1(bulkGet(r), arrays) : jsonAnswer(404, Json{{"error", "not_found"}});
                }
                const std::string id = idFromUrl(r.url);
                HttpResponse one = jsonAnswer(200, Json::array({{{"ok", docOf(id)}}}));
                return id == "d1" ? withDeepD1(std::move(one), arrays) : one;
            };
            DocFetcher fetcher(kDb, peer.send(), true);
            Checked<FetchedDocs> got;
            fetcher.fetch(plan(3), false, [&](Checked<FetchedDocs> r) { got = std::move(r); });
            REQUIRE(got.ok());
            if (storable) {
                CHECK(got.value.refused.empty());
                REQUIRE(got.value.docs.size() == 3);
                for (const Json& doc : got.value.docs)
                    if (doc["_id"] == "d1") CHECK(doc == parseJsonText(stored));
            } else {
                CHECK(got.value.docs.size() == 2);
                REQUIRE(got.value.refused.size() == 1);
                CHECK(got.value.refused[0].id == "d1");
            }
        }
    }
}

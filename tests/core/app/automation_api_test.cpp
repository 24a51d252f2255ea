// Doctests for the automation API (window.crm): put, bulk, get, remove, query selectors with sort /
// limit / skip, stats, and the error replies for unknown methods and bad arguments.
#include "core/app/automation_api.h"

#include "core/app/i18n.h"
#include "core/store/json_text.h"

#include <doctest/doctest.h>

#include <vector>

using namespace crm::core;

namespace {
constexpr int64_t kNow = 1795516140000;  // 2026-11-24T10:29:00Z

struct Fixture {
    FixedClock clock{kNow};
    CrmSession session{clock, 77};
    Language before = language();
    Fixture() {
        setLanguage(Language::Chinese);
        session.open(nullptr, nullptr);
    }
    ~Fixture() { setLanguage(before); }

    Json call(std::string_view method, const Json& arg = nullptr) { return callAutomation(session, method, arg); }

    // Five customers and two follow-ups with known ids.
    void seed() {
        Json docs = Json::parse(R"([
            {"_id": "c1", "type": "customer", "name": "张伟", "region": "北京", "level": 3, "owner": "小李"},
            {"_id": "c2", "type": "customer", "name": "王芳", "region": "上海", "level": 1},
            {"_id": "c3", "type": "customer", "name": "李娜", "region": "广州", "level": 2, "owner": "小王"},
            {"_id": "c4", "type": "customer", "name": "刘洋", "region": "北京", "level": 5},
            {"_id": "c5", "type": "customer", "name": "陈静", "region": "深圳", "level": 4, "owner": "小李"},
            {"_id": "f1", "type": "followup", "channel": "phone", "content": "回访", "customer": "c1", "level": 9},
            {"_id": "f2", "type": "followup", "channel": "wechat", "content": "问候", "customer": "c2"}
        ])");
        Json reply = call("bulk", docs);
        REQUIRE(reply.contains("result"));
        for (const Json& r : reply["result"]) REQUIRE(r["ok"] == true);
    }

    std::vector<std::string> queryIds(const Json& q) {
        Json reply = call("query", q);
        INFO(reply.dump());
        REQUIRE(reply.contains("result"));
        std::vector<std::string> out;
        for (const Json& doc : reply["result"]) out.push_back(doc["_id"].get<std::string>());
        return out;
    }
};

using V = std::vector<std::string>;
} // namespace

TEST_CASE("put, get and remove round trip") {
    Fixture f;
    Json put = f.call("put", Json{{"type", "customer"}, {"name", "张伟"}, {"phones", {"13800138000"}}});
    REQUIRE(put.contains("result"));
    CHECK(put["result"]["ok"] == true);
    std::string id = put["result"]["id"].get<std::string>();
    std::string rev = put["result"]["rev"].get<std::string>();
    CHECK(id.rfind("customer:", 0) == 0);
    CHECK(rev.rfind("1-", 0) == 0);

    Json got = f.call("get", id);
    REQUIRE(got.contains("result"));
    CHECK(got["result"]["_id"] == id);
    CHECK(got["result"]["_rev"] == rev);
    CHECK(got["result"]["name"] == "张伟");
    CHECK(got["result"]["updated_at"] == "2026-11-24T10:29:00Z");
    CHECK(f.session.customers().size() == 1);

    // An update through put with the current _rev.
    Json doc = got["result"];
    doc["name"] = "张伟伟";
    Json updated = f.call("put", doc);
    CHECK(updated["result"]["ok"] == true);
    std::string rev2 = updated["result"]["rev"].get<std::string>();
    CHECK(rev2.rfind("2-", 0) == 0);
    // The same stale document again: a conflict reply, not an overwrite.
    doc["name"] = "覆盖";
    Json stale = f.call("put", doc);
    CHECK(stale["result"]["ok"] == false);
    CHECK(stale["result"]["error"] == "conflict");
    CHECK(f.call("get", id)["result"]["name"] == "张伟伟");

    Json removedStale = f.call("remove", Json{{"id", id}, {"rev", rev}});
    CHECK(removedStale["result"]["ok"] == false);
    CHECK(removedStale["result"]["error"] == "conflict");
    Json removed = f.call("remove", Json{{"id", id}, {"rev", rev2}});
    CHECK(removed["result"]["ok"] == true);
    CHECK(f.call("get", id)["result"].is_null());
    CHECK(f.session.customers().size() == 0);
    CHECK(f.call("get", "no-such-id")["result"].is_null());
}

TEST_CASE("put of an invalid customer replies with the translated reason") {
    Fixture f;
    Json reply = f.call("put", Json{{"type", "customer"}, {"name", " "}});
    REQUIRE(reply.contains("result"));
    CHECK(reply["result"]["ok"] == false);
    CHECK(reply["result"]["error"] == "bad_request");
    CHECK(reply["result"]["reason"] == std::string(tr("error.name_required")));
    CHECK(reply["result"]["reason"] != "error.name_required");
    setLanguage(Language::English);
    reply = f.call("put", Json{{"type", "customer"}, {"name", "x"}, {"phones", {"12"}}});
    CHECK(reply["result"]["reason"] == std::string(tr("error.phone_invalid")));
    CHECK(f.session.store().docCount() == 0);
}

TEST_CASE("bulk writes each document and reports each result in order") {
    Fixture f;
    Json reply = f.call("bulk", Json::parse(R"([
        {"_id": "a", "type": "customer", "name": "甲"},
        {"_id": "b", "type": "customer", "name": ""},
        {"_id": "a", "type": "customer", "name": "甲2"},
        {"type": "note"}
    ])"));
    REQUIRE(reply.contains("result"));
    REQUIRE(reply["result"].size() == 4);
    CHECK(reply["result"][0]["ok"] == true);
    CHECK(reply["result"][0]["id"] == "a");
    CHECK(reply["result"][1]["ok"] == false);
    CHECK(reply["result"][1]["id"] == "b");
    CHECK(reply["result"][2]["ok"] == false);
    CHECK(reply["result"][2]["error"] == "conflict");
    CHECK(reply["result"][3]["ok"] == true);
    CHECK(f.session.store().docCount() == 2);

    Json notArray = f.call("bulk", Json{{"type", "customer"}});
    REQUIRE(notArray.contains("error"));
    CHECK(notArray["error"]["code"] == "bad_request");
}

TEST_CASE("bulk takes each document as deep as put takes one, and refuses a deeper one alone") {
    Fixture f;
    // As the page parses a bulk argument: each document may nest kMaxJsonNesting levels counted from itself.
    auto noteText = [](const std::string& id, int levels) {  // the document object itself is the first level
        std::string text = R"({"_id":")" + id + R"(","type":"note","deep":)";
        for (int i = 1; i < levels; ++i) text += R"({"a":)";
        return text + "1" + std::string(size_t(levels - 1), '}') + "}";
    };
    const std::string text = "[" + noteText("note:deepest", int(kMaxJsonNesting)) + "," +
                             noteText("note:too-deep", int(kMaxJsonNesting) + 1) + R"(,{"_id":"note:plain","type":"note"}])";
    Json arg = parseJsonTextIsolatingDeep(text, 1);
    REQUIRE(arg.is_array());
    Json reply = f.call("bulk", arg);
    REQUIRE(reply["result"].size() == 3);
    CHECK(reply["result"][0]["ok"] == true);
    CHECK(reply["result"][1]["ok"] == false);
    CHECK(reply["result"][1]["id"] == "note:too-deep");
    CHECK(reply["result"][1]["error"] == "bad_request");
    CHECK(reply["result"][1]["reason"].get<std::string>().find("512") != std::string::npos);
    CHECK(reply["result"][2]["ok"] == true);
    CHECK(f.session.store().get("note:deepest"));
    CHECK_FALSE(f.session.store().get("note:too-deep"));
    // put takes the same deepest document
    CHECK(f.call("put", parseJsonText(noteText("note:deepest-put", int(kMaxJsonNesting))))["result"]["ok"] == true);
}

TEST_CASE("query: equality, $in, $ne, $exists") {
    Fixture f;
    f.seed();
    CHECK(f.queryIds(Json{{"selector", {{"type", "customer"}, {"region", "北京"}}}}) == V{"c1", "c4"});
    CHECK(f.queryIds(Json{{"selector", {{"level", 2}}}}) == V{"c3"});
    CHECK(f.queryIds(Json{{"selector", {{"level", "2"}}}}).empty());  // types matter
    CHECK(f.queryIds(Json{{"selector", {{"region", {{"$in", {"上海", "深圳", "杭州"}}}}}}}) == V{"c2", "c5"});
    CHECK(f.queryIds(Json{{"selector", {{"region", {{"$in", Json::array()}}}}}}).empty());
    CHECK(f.queryIds(Json{{"selector", {{"type", "customer"}, {"region", {{"$ne", "北京"}}}}}}) == V{"c2", "c3", "c5"});
    // $ne also matches documents without the field.
    CHECK(f.queryIds(Json{{"selector", {{"owner", {{"$ne", "小李"}}}}}}) == V{"c2", "c3", "c4", "f1", "f2"});
    CHECK(f.queryIds(Json{{"selector", {{"owner", {{"$exists", true}}}}}}) == V{"c1", "c3", "c5"});
    CHECK(f.queryIds(Json{{"selector", {{"type", "customer"}, {"owner", {{"$exists", false}}}}}}) == V{"c2", "c4"});
    // Several operators on one field combine with AND.
    CHECK(f.queryIds(Json{{"selector", {{"owner", {{"$exists", true}, {"$ne", "小王"}}}}}}) == V{"c1", "c5"});
    // No selector: every live document.
    CHECK(f.queryIds(Json::object()).size() == 7);
    CHECK(f.queryIds(Json{{"selector", Json::object()}}).size() == 7);
    // Each result is a full document with _id and _rev.
    Json reply = f.call("query", Json{{"selector", {{"name", "张伟"}}}});
    REQUIRE(reply["result"].size() == 1);
    CHECK(reply["result"][0]["_rev"].get<std::string>().rfind("1-", 0) == 0);
    CHECK(reply["result"][0]["region"] == "北京");
}

TEST_CASE("query: a selector on _id") {
    Fixture f;
    f.seed();
    CHECK(f.queryIds(Json{{"selector", {{"_id", "c3"}}}}) == V{"c3"});
    CHECK(f.queryIds(Json{{"selector", {{"_id", {{"$in", {"c1", "f2"}}}}}}}) == V{"c1", "f2"});
}

TEST_CASE("query: sort, limit and skip") {
    Fixture f;
    f.seed();
    Json customers = {{"type", "customer"}};
    CHECK(f.queryIds(Json{{"selector", customers}, {"sort", "level"}}) == V{"c2", "c3", "c1", "c5", "c4"});
    CHECK(f.queryIds(Json{{"selector", customers}, {"sort", "level"}, {"limit", 2}}) == V{"c2", "c3"});
    CHECK(f.queryIds(Json{{"selector", customers}, {"sort", "level"}, {"skip", 2}}) == V{"c1", "c5", "c4"});
    CHECK(f.queryIds(Json{{"selector", customers}, {"sort", "level"}, {"skip", 1}, {"limit", 2}}) == V{"c3", "c1"});
    CHECK(f.queryIds(Json{{"selector", customers}, {"skip", 10}}).empty());
    CHECK(f.queryIds(Json{{"selector", customers}, {"limit", 0}}).empty());
    // Without sort: id order.
    CHECK(f.queryIds(Json{{"selector", customers}}) == V{"c1", "c2", "c3", "c4", "c5"});
    // Documents without the sort field come first (null sorts low), ties keep id order.
    CHECK(f.queryIds(Json{{"selector", {{"type", {{"$in", {"customer", "followup"}}}}}}, {"sort", "owner"}}) ==
          V{"c2", "c4", "f1", "f2", "c1", "c5", "c3"});
}

TEST_CASE("stats reports counts, state and language") {
    Fixture f;
    f.seed();
    Json reply = callAutomation(f.session, "stats", nullptr, Json{{"fps", 60}});
    REQUIRE(reply.contains("result"));
    const Json& s = reply["result"];
    CHECK(s["customers"] == 5);
    CHECK(s["documents"] == 7);
    CHECK(s["updateSeq"] == 7);
    CHECK(s["loaded"] == true);
    CHECK(s["saveState"] == "saved");
    CHECK(s["language"] == "zh-CN");
    CHECK(s["fps"] == 60);
    CHECK_FALSE(s.contains("saveError"));
    setLanguage(Language::English);
    CHECK(f.call("stats")["result"]["language"] == "en");
}

TEST_CASE("error replies: unknown method, bad selector operator, bad arguments") {
    Fixture f;
    f.seed();
    Json reply = f.call("drop_database", nullptr);
    REQUIRE(reply.contains("error"));
    CHECK_FALSE(reply.contains("result"));
    CHECK(reply["error"]["code"] == "unknown_method");
    CHECK(reply["error"]["message"].get<std::string>().find("drop_database") != std::string::npos);

    reply = f.call("query", Json{{"selector", {{"level", {{"$gt", 2}}}}}});
    REQUIRE(reply.contains("error"));
    CHECK(reply["error"]["code"] == "bad_request");
    CHECK(reply["error"]["message"].get<std::string>().find("$gt") != std::string::npos);

    reply = f.call("query", Json{{"selector", {{"level", {{"$regex", "^1"}}}}}});
    REQUIRE(reply.contains("error"));
    CHECK(reply["error"]["code"] == "bad_request");

    reply = f.call("query", Json{{"selector", "type=customer"}});
    REQUIRE(reply.contains("error"));
    CHECK(reply["error"]["code"] == "bad_request");

    reply = f.call("query", Json{{"selector", {{"owner", {{"$exists", "yes"}}}}}});
    REQUIRE(reply.contains("error"));
    CHECK(reply["error"]["code"] == "bad_request");

    reply = f.call("get", 42);
    REQUIRE(reply.contains("error"));
    CHECK(reply["error"]["code"] == "bad_request");

    reply = f.call("remove", "c1");  // not an object
    REQUIRE(reply.contains("error"));
    CHECK(reply["error"]["code"] == "bad_request");

    reply = f.call("put", Json{{"type", 5}});
    CHECK((reply.contains("error") || reply["result"]["ok"] == false));

    // Nothing was changed by the failed calls.
    CHECK(f.session.store().docCount() == 7);
    CHECK(f.session.store().updateSeq() == 7);
}

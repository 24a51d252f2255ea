// Doctests for record history: before -> after diffs, entries older versions wrote, the append limit and
// the union of two devices' histories.
#include "core/records/record_history.h"

#include <doctest/doctest.h>

using namespace crm::core;

TEST_CASE("a diff lists each changed field before and after; bookkeeping is not a change") {
    Json before{{"_rev", "1-a"}, {"region", "北京"}, {"name", "李"}, {"updated_at", "x"}, {"gone", 1}};
    Json after{{"_rev", "2-b"}, {"region", "上海"}, {"name", "李"}, {"updated_at", "y"}, {"new", true}};
    std::vector<FieldChange> d = diffRecord(before, after);
    REQUIRE(d.size() == 3);
    CHECK(d[0].field == "gone");
    CHECK(d[0].after.is_null());
    CHECK(d[1].field == "new");
    CHECK(d[2].field == "region");
    CHECK(d[2].before == "北京");
    CHECK(d[2].after == "上海");
    Json withFile = after;
    withFile["_attachments"] = {{"a.txt", {{"digest", "md5-x"}}}};
    REQUIRE(diffRecord(after, withFile).size() == 1);
    CHECK(diffRecord(after, withFile)[0].field == "attachments");
}

TEST_CASE("entries round-trip; older entries with field names only are read") {
    Json history = appendHistory(Json(), {"2026-01-01T00:00:00Z", "王", "edit", {{"region", "北京", "上海"}}});
    Json doc{{"history", history}};
    doc["history"].push_back({{"at", "2025-01-01T00:00:00Z"}, {"by", "李"}, {"fields", {"hobbies"}}});
    std::vector<HistoryEntry> read = readHistory(doc);
    REQUIRE(read.size() == 2);
    CHECK(read[0].by == "王");
    CHECK(read[0].changes[0].before == "北京");
    CHECK(history[0]["fields"] == Json::array({"region"}));
    CHECK(read[1].kind == "edit");
    CHECK(read[1].changes[0].field == "hobbies");
}

TEST_CASE("history keeps the newest entries within its limit") {
    Json history;
    for (size_t i = 0; i < kHistoryLimit + 5; ++i)
        history = appendHistory(history, {std::to_string(1000 + i), "a", "edit", {}});
    CHECK(history.size() == kHistoryLimit);
    CHECK(history[0]["at"] == "1005");
}

TEST_CASE("two devices' histories are united: both kept, in time order, shared entries once") {
    Json shared = appendHistory(Json(), {"2026-01-01T00:00:00Z", "a", "edit", {{"name", "x", "y"}}});
    Json mine = appendHistory(shared, {"2026-01-03T00:00:00Z", "me", "edit", {{"region", "北京", "上海"}}});
    Json theirs = appendHistory(shared, {"2026-01-02T00:00:00Z", "them", "edit", {{"company", Json(), "星辰"}}});
    Json both = unionHistory(mine, theirs);
    REQUIRE(both.size() == 3);
    CHECK(both[0]["by"] == "a");
    CHECK(both[1]["by"] == "them");
    CHECK(both[2]["by"] == "me");
    CHECK(unionHistory(both, mine) == both);
}

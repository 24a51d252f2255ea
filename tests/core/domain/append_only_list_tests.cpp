// Doctests for the union of append-only lists (complaint events and record histories share it).
#include "core/domain/append_only_list.h"

#include <doctest/doctest.h>

using namespace crm::core;

TEST_CASE("append-only lists: both sides once each, by id or by content, in time order") {
    Json a = Json::array({{{"id", "e1"}, {"at", "2026-03-09T01:00:00Z"}, {"kind", "open"}},
                          {{"id", "e3"}, {"at", "2026-03-09T03:00:00Z"}, {"kind", "stage"}},
                          {{"at", "2026-03-09T02:00:00Z"}, {"by", "李娜"}}});
    Json b = Json::array({{{"id", "e1"}, {"at", "2026-03-09T01:00:00Z"}, {"kind", "open"}, {"by", "其他设备"}},  // same id
                          {{"id", "e2"}, {"at", "2026-03-09T03:00:00Z"}, {"kind", "pause"}},
                          {{"at", "2026-03-09T02:00:00Z"}, {"by", "李娜"}},    // the same content
                          {{"at", "2026-03-09T02:00:00Z"}, {"by", "王五"}}});  // the same time, other content
    Json both = unionAppendOnly(a, b);
    REQUIRE(both.size() == 5);
    CHECK(both[0]["id"] == "e1");
    CHECK_FALSE(both[0].contains("by"));  // the first side's copy of an id is kept
    CHECK(both[1]["by"] == "李娜");       // same time, no id: as they came
    CHECK(both[2]["by"] == "王五");
    CHECK(both[3]["id"] == "e2");         // same time: by id
    CHECK(both[4]["id"] == "e3");
    CHECK(unionAppendOnly(both, a) == both);
    CHECK(unionAppendOnly(nullptr, a) == unionAppendOnly(a, Json::object()));
    CHECK(unionAppendOnly(nullptr, nullptr) == Json::array());
}

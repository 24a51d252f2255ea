// Doctests for JSON text parsed with a nesting limit (json_text.h): the limit itself, brackets in strings and
// escapes, and text that is not JSON.
#include "core/store/json_text.h"

#include <doctest/doctest.h>

#include <string>
#include <tuple>

using namespace crm::core;

namespace {
std::string nested(size_t depth) { return std::string(depth, '[') + "1" + std::string(depth, ']'); }
}  // namespace

TEST_CASE("json text: nested up to the limit parses, one deeper is discarded, 100,000 deep too") {
    CHECK(parseJsonText(nested(kMaxJsonNesting)).is_array());
    CHECK(parseJsonText(nested(kMaxJsonNesting + 1)).is_discarded());
    CHECK(parseJsonText(nested(100000)).is_discarded());
    std::string objects;
    for (size_t i = 0; i < kMaxJsonNesting; ++i) objects += R"({"a":)";
    objects += "1" + std::string(kMaxJsonNesting, '}');
    CHECK(parseJsonText(objects).is_object());
    CHECK(parseJsonText("[" + objects + "]").is_discarded());
    // Siblings do not add up: a thousand arrays side by side, each one deep.
    std::string wide = "[";
    for (int i = 0; i < 1000; ++i) wide += std::string(i ? "," : "") + "[1]";
    CHECK(parseJsonText(wide + "]").size() == 1000);
}

TEST_CASE("json text: brackets inside strings and after escaped quotes do not count") {
    CHECK(nestingWithin(R"(["[[[[", "{{{{"])", 1));
    CHECK(nestingWithin(R"(["a\"[[[[", "\\"])", 1));  // an escaped quote, then an escaped backslash ends the string
    CHECK_FALSE(nestingWithin(R"(["\\", [[1]]])", 2));  // the string "\\" ended: the brackets after it count
    CHECK(parseJsonText(R"({"note":"[[[[[[[[[["})").at("note") == "[[[[[[[[[[");
}

TEST_CASE("json text: text that is not JSON is discarded as by the parser") {
    CHECK(parseJsonText("").is_discarded());
    CHECK(parseJsonText("{").is_discarded());
    CHECK(parseJsonText("]]]]").is_discarded());  // closing brackets alone never go below zero
    CHECK(parseJsonText("<html>").is_discarded());
    CHECK(parseJsonText(R"({"a":1})").at("a") == 1);
}

TEST_CASE("json text: one unit nested too deep is cut short alone, marked, with its strings; too deep elsewhere is discarded") {
    const std::string deep = nested(100000);
    // Units at level 1: the objects in the top array.
    const std::string text = R"([{"_id":"a","n":1},{"_id":"b","_rev":"1-x","n":2,"deep":)" + deep + R"(,"tail":"t"},{"_id":"c"}])";
    Json parsed = parseJsonTextIsolatingDeep(text, 1);
    REQUIRE(parsed.is_array());
    REQUIRE(parsed.size() == 3);
    CHECK(parsed[0] == Json{{"_id", "a"}, {"n", 1}});
    CHECK(parsed[1] == Json{{"_id", "b"}, {"_rev", "1-x"}, {"tail", "t"}, {kNestedTooDeepKey, true}});
    CHECK(parsed[2] == Json{{"_id", "c"}});
    // Within the limit: as parseJsonText, nothing marked.
    const std::string fits = R"([{"_id":"a","deep":)" + nested(kMaxJsonNesting - 2) + "}]";
    CHECK(parseJsonTextIsolatingDeep(fits, 1) == parseJsonText(fits));
    CHECK_FALSE(parseJsonTextIsolatingDeep(fits, 1)[0].contains(kNestedTooDeepKey));
    // Too deep in an array at the unit level, or above it: the whole text, as parseJsonText.
    CHECK(parseJsonTextIsolatingDeep("[" + deep + R"(,{"_id":"a"}])", 1).is_discarded());
    CHECK(parseJsonTextIsolatingDeep(R"({"a":)" + deep + "}", 1).is_discarded());
    CHECK(parseJsonTextIsolatingDeep(R"([{"_id":"b","deep":)" + deep, 1).is_discarded());  // cut short: not JSON
}

TEST_CASE("json text: a unit's limit is its own: as deep as parseJsonText takes it alone, wherever it lies; one deeper is cut") {
    // A document 512 levels deep (itself and 511 arrays): the deepest parseJsonText (the automation API) takes.
    const std::string unit = R"({"_id":"a","_rev":"1-x","deep":)" + nested(kMaxJsonNesting - 1) + "}";
    const std::string deeper = R"({"_id":"a","_rev":"1-x","deep":)" + nested(kMaxJsonNesting) + "}";
    REQUIRE(parseJsonText(unit).is_object());
    REQUIRE(parseJsonText(deeper).is_discarded());
    // In an open_revs answer (level 2) and a _bulk_get answer (level 5).
    for (auto [level, before, after] : {std::tuple<int, std::string, std::string>{2, R"([{"ok":)", "}]"},
                                        {5, R"({"results":[{"id":"a","docs":[{"ok":)", "}]}]}"}}) {
        const int answerLevel = level;  // (clang 14 cannot capture a structured binding)
        CAPTURE(answerLevel);
        Json taken = parseJsonTextIsolatingDeep(before + unit + after, level);
        REQUIRE_FALSE(taken.is_discarded());
        const Json& doc = level == 2 ? taken[0]["ok"] : taken["results"][0]["docs"][0]["ok"];
        CHECK(doc == parseJsonText(unit));
        Json cut = parseJsonTextIsolatingDeep(before + deeper + after, level);
        REQUIRE_FALSE(cut.is_discarded());
        const Json& marked = level == 2 ? cut[0]["ok"] : cut["results"][0]["docs"][0]["ok"];
        CHECK(marked == Json{{"_id", "a"}, {"_rev", "1-x"}, {kNestedTooDeepKey, true}});
    }
}

// Doctests for RevisionTree (merge, winner, conflicts, stemming, encoding) and the MD5/base64 helpers.
#include "core/store/base64.h"
#include "core/store/md5.h"
#include "core/store/revision_tree.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
std::vector<std::string> leafRevs(const RevisionTree& t) {
    std::vector<std::string> out;
    for (const auto& l : t.leaves()) out.push_back(l.rev.str() + (l.deleted ? "!" : ""));
    return out;
}
} // namespace

TEST_CASE("md5 and base64 match the reference vectors") {
    CHECK(Md5::hex("") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(Md5::hex("The quick brown fox jumps over the lazy dog") == "9e107d9d372bb6826bd81d3542a419d6");
    CHECK(Md5::hex(std::string(1000, 'a')) == "cabe45dcc9ae5b66ba86600cca6b8ba8");
    // CouchDB/PouchDB digest of "Hello, world!"
    CHECK(Md5::attachmentDigest("Hello, world!") == "md5-bNNVbesNpUvKBgtMOUeYOQ==");
    CHECK(base64Encode("") == "");
    CHECK(base64Encode("f") == "Zg==");
    CHECK(base64Encode("fo") == "Zm8=");
    CHECK(base64Encode("foobar") == "Zm9vYmFy");
    CHECK(base64Decode("Zm9vYmE=").value() == "fooba");
    CHECK_FALSE(base64Decode("Zm9v!").has_value());
    CHECK_FALSE(base64Decode("Z").has_value());
}

TEST_CASE("RevId parses N-hash and rejects the rest") {
    CHECK(RevId::parse("12-abc").value() == RevId{12, "abc"});
    CHECK_FALSE(RevId::parse("abc").has_value());
    CHECK_FALSE(RevId::parse("-abc").has_value());
    CHECK_FALSE(RevId::parse("3-").has_value());
    CHECK_FALSE(RevId::parse("x3-a").has_value());
}

TEST_CASE("a linear history has one leaf and no conflicts") {
    RevisionTree t;
    CHECK(t.merge(1, {"a"}, false) == RevisionTree::MergeKind::NewLeaf);
    CHECK(t.merge(2, {"b", "a"}, false) == RevisionTree::MergeKind::NewLeaf);
    CHECK(t.merge(3, {"c", "b", "a"}, false) == RevisionTree::MergeKind::NewLeaf);
    CHECK(t.merge(3, {"c", "b"}, false) == RevisionTree::MergeKind::Exists);
    CHECK(t.size() == 3);
    CHECK(leafRevs(t) == std::vector<std::string>{"3-c"});
    CHECK(t.winner()->rev.str() == "3-c");
    CHECK(t.conflicts().empty());
    CHECK(t.history(RevId{3, "c"}) == std::vector<std::string>{"c", "b", "a"});
}

TEST_CASE("winner: non-deleted beats deleted, then generation as a number, then hash in ASCII order") {
    SUBCASE("higher generation wins, compared as numbers (10 > 9)") {
        RevisionTree t;
        t.merge(9, {"zzz"}, false);
        t.merge(10, {"aaa"}, false);
        CHECK(t.winner()->rev.str() == "10-aaa");
        CHECK(t.conflicts() == std::vector<RevId>{RevId{9, "zzz"}});
    }
    SUBCASE("same generation: higher hash wins (ASCII, so lower case beats upper case)") {
        RevisionTree t;
        t.merge(2, {"B", "a"}, false);
        t.merge(2, {"a2", "a"}, false);
        t.merge(2, {"a10", "a"}, false);
        CHECK(t.winner()->rev.str() == "2-a2");
        CHECK(t.conflicts().size() == 2);
    }
    SUBCASE("a deleted leaf loses to a shorter live one") {
        RevisionTree t;
        t.merge(5, {"e", "d", "c", "b", "a"}, true);
        t.merge(2, {"x", "a"}, false);
        CHECK(t.winner()->rev.str() == "2-x");
        CHECK_FALSE(t.winner()->deleted);
        CHECK(t.conflicts().empty());  // deleted leaves are not conflicts
        CHECK(leafRevs(t) == std::vector<std::string>{"5-e!", "2-x"});
    }
    SUBCASE("all leaves deleted: the deleted winner follows the same order") {
        RevisionTree t;
        t.merge(3, {"c", "b", "a"}, true);
        t.merge(3, {"d", "b", "a"}, true);
        CHECK(t.winner()->rev.str() == "3-d");
        CHECK(t.winner()->deleted);
        CHECK(t.conflicts().empty());
    }
}

TEST_CASE("merging a longer history grafts an existing root under its new ancestors") {
    RevisionTree t;
    t.merge(4, {"d", "c"}, false);  // only 3-c..4-d known
    CHECK(t.roots() == std::vector<RevId>{RevId{3, "c"}});
    CHECK(t.merge(5, {"e", "d", "c", "b", "a"}, false) == RevisionTree::MergeKind::NewLeaf);
    CHECK(t.roots() == std::vector<RevId>{RevId{1, "a"}});
    CHECK(t.parentOf(RevId{3, "c"}).value() == RevId{2, "b"});
    CHECK(leafRevs(t) == std::vector<std::string>{"5-e"});
    // An unrelated history is a second root and a conflict.
    CHECK(t.merge(2, {"y", "x"}, false) == RevisionTree::MergeKind::NewBranch);
    CHECK(t.roots().size() == 2);
    CHECK(t.conflicts() == std::vector<RevId>{RevId{2, "y"}});
}

TEST_CASE("stemming keeps revsLimit generations above each leaf and cuts links beyond") {
    RevisionTree t;
    t.merge(6, {"f", "e", "d", "c", "b", "a"}, false);
    t.merge(3, {"x", "b", "a"}, false);  // a short branch keeps a and b alive
    auto removed = t.stem(3);
    // Main branch keeps d,e,f; branch x keeps a,b,x. c is 3 from f and 3 from... gone.
    CHECK(removed == std::vector<RevId>{RevId{3, "c"}});
    CHECK(t.contains(RevId{1, "a"}));
    CHECK(t.contains(RevId{4, "d"}));
    CHECK_FALSE(t.parentOf(RevId{4, "d"}).has_value());  // d became a root
    CHECK(t.roots() == std::vector<RevId>{RevId{1, "a"}, RevId{4, "d"}});
    CHECK(t.history(RevId{6, "f"}) == std::vector<std::string>{"f", "e", "d"});
    CHECK(leafRevs(t) == std::vector<std::string>{"6-f", "3-x"});

    SUBCASE("a parent shared by a kept path still loses the link to a far child") {
        RevisionTree u;
        u.merge(5, {"e", "d", "c", "b", "a"}, false);
        u.merge(3, {"y", "b", "a"}, false);
        u.stem(2);
        // y keeps b; the link b->c is beyond the limit for e's path (c..e = 3 nodes).
        CHECK(u.contains(RevId{2, "b"}));
        CHECK_FALSE(u.contains(RevId{3, "c"}));
        CHECK(u.isLeaf(RevId{2, "b"}) == false);
        CHECK(leafRevs(u) == std::vector<std::string>{"5-e", "3-y"});
    }
    SUBCASE("stem(1) keeps only leaves") {
        t.stem(1);
        CHECK(t.size() == 2);
        CHECK(t.roots() == std::vector<RevId>{RevId{3, "x"}, RevId{6, "f"}});
    }
}

TEST_CASE("encode/decode round-trips the forest and rejects garbage") {
    RevisionTree t;
    t.merge(4, {"d", "c", "b", "a"}, false);
    t.merge(3, {"x", "b", "a"}, true);
    t.merge(7, {"q", "p"}, false);
    Json encoded = t.encode();
    auto back = RevisionTree::decode(encoded);
    REQUIRE(back.has_value());
    CHECK(back->encode() == encoded);
    CHECK(leafRevs(*back) == leafRevs(t));
    CHECK(back->winner()->rev == t.winner()->rev);
    CHECK(back->history(RevId{4, "d"}) == t.history(RevId{4, "d"}));
    CHECK_FALSE(RevisionTree::decode(Json::parse(R"([[1,"a",-1,0],[3,"b",0,0]])")).has_value());  // gen gap
    CHECK_FALSE(RevisionTree::decode(Json::parse(R"([[1,"a",5,0]])")).has_value());
    CHECK_FALSE(RevisionTree::decode(Json::parse(R"({"a":1})")).has_value());
}

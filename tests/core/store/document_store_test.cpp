// Doctests for DocumentStore: writes and conflicts, tombstones, replication merges, changes feed,
// _local documents, attachments by digest, and record encode/load.
#include "core/store/base64.h"
#include "core/store/document_store.h"
#include "core/store/md5.h"

#include <doctest/doctest.h>

using namespace crm::core;

TEST_CASE("create, update with the current rev, stale rev is a conflict") {
    DocumentStore store;
    auto r1 = store.put(Json{{"_id", "c1"}, {"name", "王芳"}});
    REQUIRE(r1.ok());
    CHECK(r1.rev.substr(0, 2) == "1-");
    CHECK(r1.rev.size() == 2 + 32);
    CHECK(store.docCount() == 1);

    auto again = store.put(Json{{"_id", "c1"}, {"name", "other"}});  // create over a live doc
    REQUIRE_FALSE(again.ok());
    CHECK(again.error->error == "conflict");

    auto r2 = store.put(Json{{"_id", "c1"}, {"_rev", r1.rev}, {"name", "王芳芳"}});
    REQUIRE(r2.ok());
    CHECK(r2.rev.substr(0, 2) == "2-");
    auto stale = store.put(Json{{"_id", "c1"}, {"_rev", r1.rev}, {"name", "lost update"}});
    REQUIRE_FALSE(stale.ok());
    CHECK(stale.error->error == "conflict");
    CHECK(store.get("c1")->at("name").get<std::string>() == "王芳芳");
    CHECK(store.get("c1")->at("_rev").get<std::string>() == r2.rev);

    auto unknown = store.put(Json{{"_id", "nope"}, {"_rev", "1-abc"}});
    CHECK(unknown.error->error == "conflict");
    CHECK(store.put(Json{{"_id", "c1"}, {"_rev", "garbage"}}).error->error == "bad_request");
    CHECK(store.put(Json{{"_id", "_bad"}}).error->error == "bad_request");
    CHECK(store.put(Json::array()).error->error == "bad_request");
}

TEST_CASE("revision ids are deterministic in the parent rev and the body") {
    DocumentStore a, b;
    auto ra = a.put(Json{{"_id", "x"}, {"v", 1}});
    auto rb = b.put(Json{{"_id", "x"}, {"v", 1}});
    CHECK(ra.rev == rb.rev);
    auto rc = b.put(Json{{"_id", "y"}, {"v", 2}});
    CHECK(rc.rev != ra.rev);
    // Same body, different parent: different hash.
    auto ra2 = a.put(Json{{"_id", "x"}, {"_rev", ra.rev}, {"v", 1}});
    CHECK(ra2.rev.substr(2) != ra.rev.substr(2));
}

TEST_CASE("documents without _id get a generated one") {
    DocumentStore store;
    auto r = store.put(Json{{"type", "customer"}});
    REQUIRE(r.ok());
    CHECK(r.id.size() == 32);
    CHECK(store.get(r.id).has_value());
    auto r2 = store.put(Json{{"type", "customer"}});
    CHECK(r2.id != r.id);
}

TEST_CASE("tombstones hide a document; recreating extends the deleted branch") {
    DocumentStore store;
    auto r1 = store.put(Json{{"_id", "v1"}, {"plate", "京A12345"}});
    auto del = store.remove("v1", r1.rev);
    REQUIRE(del.ok());
    CHECK(del.rev.substr(0, 2) == "2-");
    CHECK_FALSE(store.get("v1").has_value());
    CHECK(store.docCount() == 0);
    auto tomb = store.get("v1", GetOptions{.rev = del.rev});
    REQUIRE(tomb.has_value());
    CHECK(tomb->at("_deleted").get<bool>());
    CHECK(store.remove("v1", r1.rev).error->error == "conflict");  // r1 is no longer a leaf

    auto again = store.put(Json{{"_id", "v1"}, {"plate", "京B00001"}});
    REQUIRE(again.ok());
    CHECK(again.rev.substr(0, 2) == "3-");  // child of the tombstone, as CouchDB does
    CHECK(store.docCount() == 1);
    std::optional<RevisionTree> tree = store.revisionTree("v1");
    REQUIRE(tree);
    CHECK(tree->leaves().size() == 1);
    CHECK(tree->history(RevId::parse(again.rev).value()).size() == 3);
    // Deleting a deleted document without a rev is a conflict.
    store.remove("v1", again.rev);
    CHECK(store.put(Json{{"_id", "v1"}, {"_deleted", true}}).error->error == "conflict");
}

TEST_CASE("new_edits=false merges foreign histories and keeps conflicts") {
    DocumentStore store;
    auto res = store.bulkDocs(
        {
            Json{{"_id", "d"}, {"_rev", "3-c"}, {"_revisions", {{"start", 3}, {"ids", {"c", "b", "a"}}}}, {"v", "c"}},
            Json{{"_id", "d"}, {"_rev", "3-z"}, {"_revisions", {{"start", 3}, {"ids", {"z", "b", "a"}}}}, {"v", "z"}},
            Json{{"_id", "d"}, {"_rev", "4-y"}, {"_revisions", {{"start", 4}, {"ids", {"y", "x", "b"}}}}, {"_deleted", true}},
            Json{{"_id", "e"}, {"_rev", "1-q"}, {"v", 1}},
        },
        false);
    for (const auto& r : res) CHECK(r.ok());
    auto doc = store.get("d", GetOptions{.conflicts = true, .revs = true});
    REQUIRE(doc.has_value());
    CHECK(doc->at("_rev").get<std::string>() == "3-z");  // 4-y is deleted; z > c
    CHECK(doc->at("v").get<std::string>() == "z");
    CHECK(doc->at("_conflicts") == Json::array({"3-c"}));
    CHECK(doc->at("_revisions") == Json{{"start", 3}, {"ids", {"z", "b", "a"}}});
    CHECK(store.get("d", GetOptions{.rev = "3-c"})->at("v").get<std::string>() == "c");
    CHECK_FALSE(store.get("d", GetOptions{.rev = "2-b"}).has_value());  // ancestor bodies are not kept

    // Re-sending a known revision changes nothing (no new sequence).
    uint64_t seq = store.updateSeq();
    auto same = store.bulkDocs({Json{{"_id", "d"}, {"_rev", "3-c"}}}, false);
    CHECK(same[0].ok());
    CHECK(store.updateSeq() == seq);

    // Extending a leaf drops its body.
    store.bulkDocs({Json{{"_id", "d"}, {"_rev", "4-w"}, {"_revisions", {{"start", 4}, {"ids", {"w", "c"}}}}, {"v", "w"}}},
                   false);
    CHECK_FALSE(store.get("d", GetOptions{.rev = "3-c"}).has_value());
    CHECK(store.get("d")->at("_rev").get<std::string>() == "4-w");

    CHECK(store.missingRevs("d", {"3-c", "9-nope", "1-a", "bad"}) == std::vector<std::string>{"9-nope", "bad"});
    CHECK(store.missingRevs("unknown", {"1-a"}) == std::vector<std::string>{"1-a"});

    auto bad = store.bulkDocs({Json{{"_id", "f"}, {"_rev", "2-b"}, {"_revisions", {{"start", 2}, {"ids", {"x", "a"}}}}},
                               Json{{"_id", "f"}}},
                              false);
    CHECK(bad[0].error->error == "bad_request");
    CHECK(bad[1].error->error == "bad_request");
}

TEST_CASE("a conflict is resolved by deleting the losing leaf") {
    DocumentStore store;
    store.bulkDocs({Json{{"_id", "d"}, {"_rev", "2-a"}, {"_revisions", {{"start", 2}, {"ids", {"a", "r"}}}}},
                    Json{{"_id", "d"}, {"_rev", "2-b"}, {"_revisions", {{"start", 2}, {"ids", {"b", "r"}}}}}},
                   false);
    CHECK(store.get("d", GetOptions{.conflicts = true})->at("_conflicts") == Json::array({"2-a"}));
    auto del = store.remove("d", "2-a");  // new_edits on a non-winning leaf is allowed
    REQUIRE(del.ok());
    CHECK_FALSE(store.get("d", GetOptions{.conflicts = true})->contains("_conflicts"));
    CHECK(store.get("d")->at("_rev").get<std::string>() == "2-b");
}

TEST_CASE("revsLimit stems long histories") {
    DocumentStore store(StoreOptions{.revsLimit = 3});
    auto r = store.put(Json{{"_id", "s"}, {"n", 0}});
    for (int i = 1; i < 10; ++i) r = store.put(Json{{"_id", "s"}, {"_rev", r.rev}, {"n", i}});
    CHECK(r.rev.substr(0, 3) == "10-");
    CHECK(store.revisionTree("s")->size() == 3);
    CHECK(store.get("s", GetOptions{.revs = true})->at("_revisions").at("ids").size() == 3);
}

TEST_CASE("changes feed: one entry per document at its latest seq, since/limit, all_docs") {
    DocumentStore store;
    std::vector<Change> heard;
    int handle = store.addListener([&](const Change& c) { heard.push_back(c); });
    auto a = store.put(Json{{"_id", "a"}});
    auto b = store.put(Json{{"_id", "b"}});
    auto a2 = store.put(Json{{"_id", "a"}, {"_rev", a.rev}, {"x", 1}});
    store.bulkDocs({Json{{"_id", "b"}, {"_rev", "1-zzzz"}}}, false);  // conflict on b
    CHECK(store.updateSeq() == 4);
    CHECK(heard.size() == 4);
    CHECK(heard[2].id == "a");
    CHECK(heard[2].seq == 3);

    auto all = store.changes(0);
    REQUIRE(all.results.size() == 2);
    CHECK(all.results[0].id == "a");
    CHECK(all.results[0].seq == 3);
    CHECK(all.results[1].id == "b");
    CHECK(all.results[1].revs.size() == 1);
    CHECK(all.lastSeq == 4);
    auto allDocs = store.changes(0, SIZE_MAX, true);
    CHECK(allDocs.results[1].revs.size() == 2);
    CHECK(allDocs.results[1].revs[0] == "1-zzzz");  // winner first

    auto since = store.changes(3);
    REQUIRE(since.results.size() == 1);
    CHECK(since.results[0].id == "b");
    auto limited = store.changes(0, 1);
    CHECK(limited.results.size() == 1);
    CHECK(limited.lastSeq == 3);
    CHECK(store.changes(4).results.empty());
    CHECK(store.changes(4).lastSeq == 4);

    store.remove("a", a2.rev);
    auto del = store.changes(4);
    REQUIRE(del.results.size() == 1);
    CHECK(del.results[0].deleted);
    store.removeListener(handle);
    store.put(Json{{"_id", "c"}});
    CHECK(heard.size() == 5);
}

TEST_CASE("_local documents: rev 0-N, not in the feed, not counted") {
    DocumentStore store;
    auto r1 = store.putLocal(Json{{"_id", "_local/checkpoint"}, {"seq", 10}});
    REQUIRE(r1.ok());
    CHECK(r1.rev == "0-1");
    CHECK(store.putLocal(Json{{"_id", "_local/checkpoint"}, {"seq", 11}}).error->error == "conflict");
    auto r2 = store.put(Json{{"_id", "_local/checkpoint"}, {"_rev", "0-1"}, {"seq", 12}});
    CHECK(r2.rev == "0-2");
    CHECK(store.getLocal("_local/checkpoint")->at("seq").get<int>() == 12);
    CHECK(store.get("_local/checkpoint")->at("_rev").get<std::string>() == "0-2");
    CHECK(store.updateSeq() == 0);
    CHECK(store.changes(0).results.empty());
    CHECK(store.docCount() == 0);
    CHECK(store.putLocal(Json{{"_id", "checkpoint"}}).error->error == "bad_request");
    CHECK(store.putLocal(Json{{"_id", "_local/checkpoint"}, {"_rev", "0-2"}, {"_deleted", true}}).ok());
    CHECK_FALSE(store.getLocal("_local/checkpoint").has_value());
}

TEST_CASE("attachments are stored once by digest and shared by revisions") {
    DocumentStore store;
    std::string photo = "\x89PNG fake bytes \x01\x02";
    std::string digest = Md5::attachmentDigest(photo);
    auto r1 = store.put(Json{{"_id", "v"},
                             {"_attachments", {{"front.png", {{"content_type", "image/png"}, {"data", base64Encode(photo)}}}}}});
    REQUIRE(r1.ok());
    auto doc = store.get("v");
    const Json& stub = doc->at("_attachments").at("front.png");
    CHECK(stub.at("stub").get<bool>());
    CHECK(stub.at("digest").get<std::string>() == digest);
    CHECK(stub.at("length").get<size_t>() == photo.size());
    CHECK(stub.at("revpos").get<int>() == 1);
    CHECK_FALSE(stub.contains("data"));
    CHECK(store.attachmentData(digest).value() == photo);

    // stub:true keeps the previous revision's attachment.
    auto r2 = store.put(Json{{"_id", "v"}, {"_rev", r1.rev}, {"km", 1000}, {"_attachments", {{"front.png", {{"stub", true}}}}}});
    REQUIRE(r2.ok());
    CHECK(store.get("v")->at("_attachments").at("front.png").at("digest").get<std::string>() == digest);
    CHECK(store.get("v")->at("_attachments").at("front.png").at("revpos").get<int>() == 1);
    auto withData = store.get("v", GetOptions{.attachmentsData = true});
    CHECK(withData->at("_attachments").at("front.png").at("data").get<std::string>() == base64Encode(photo));

    // A second document with the same bytes shares the digest: one stored body.
    store.takeDirty();
    auto other = store.put(Json{{"_id", "w"}, {"_attachments", {{"copy.png", {{"data", base64Encode(photo)}}}}}});
    REQUIRE(other.ok());
    auto dirty = store.takeDirty();
    CHECK(dirty == std::vector<std::string>{"w"});  // no new "_att/..." record

    // A stub the previous revision does not have is an error.
    auto missing = store.put(Json{{"_id", "v"}, {"_rev", r2.rev}, {"_attachments", {{"back.png", {{"stub", true}}}}}});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error->reason.find("missing_stub") != std::string::npos);
    auto badData = store.put(Json{{"_id", "v"}, {"_rev", r2.rev}, {"_attachments", {{"x", {{"data", "!!"}}}}}});
    CHECK(badData.error->error == "bad_request");
    CHECK(store.get("v")->at("_rev").get<std::string>() == r2.rev);
}

TEST_CASE("records encode and load back into an equal store") {
    DocumentStore store;
    auto a = store.put(Json{{"_id", "a"}, {"name", "张伟"}, {"_attachments", {{"f", {{"data", base64Encode("hello")}}}}}});
    store.put(Json{{"_id", "a"}, {"_rev", a.rev}, {"name", "张伟2"}, {"_attachments", {{"f", {{"stub", true}}}}}});
    store.bulkDocs({Json{{"_id", "a"}, {"_rev", "2-zz"}, {"_revisions", {{"start", 2}, {"ids", {"zz", a.rev.substr(2)}}}}, {"name", "x"}}},
                   false);
    auto b = store.put(Json{{"_id", "b"}});
    store.remove("b", b.rev);
    store.putLocal(Json{{"_id", "_local/x"}, {"k", 1}});
    auto dirty = store.takeDirty();
    CHECK(dirty.size() == 4);  // a, b, _local/x, _att/<digest>
    CHECK_FALSE(store.hasDirty());

    DocumentStore copy;
    int heard = 0;
    copy.addListener([&](const Change&) { ++heard; });
    for (const auto& key : dirty) {
        auto value = store.encodeRecord(key);
        REQUIRE(value.has_value());
        CHECK(copy.loadRecord(key, *value));
    }
    CHECK(heard == 2);
    CHECK(copy.get("a", GetOptions{.conflicts = true, .attachmentsData = true}) ==
          store.get("a", GetOptions{.conflicts = true, .attachmentsData = true}));
    CHECK(copy.get("a", GetOptions{.rev = "2-zz"}) == store.get("a", GetOptions{.rev = "2-zz"}));
    CHECK_FALSE(copy.get("b").has_value());
    CHECK(copy.docCount() == 1);
    CHECK(copy.updateSeq() == store.updateSeq());
    CHECK(copy.getLocal("_local/x") == store.getLocal("_local/x"));
    CHECK(copy.changes(0).results.size() == 2);
    CHECK_FALSE(copy.hasDirty());

    CHECK_FALSE(copy.loadRecord("c", "{not json"));
    CHECK_FALSE(copy.loadRecord("c", R"({"s":1,"t":[[1,"a",-1,0]],"b":{"9-x":{}}})"));  // body of an unknown rev
    CHECK_FALSE(copy.loadRecord("_att/md5-AAAA", R"("aGVsbG8=")"));                    // digest mismatch
    CHECK_FALSE(copy.get("c").has_value());
    CHECK_FALSE(store.encodeRecord("nope").has_value());
}

// The _changes page read in slices (core/sync/changes_reader.h) at its seam: a page read row by row gives what
// changesAnswer() gives for the whole page — the same rows and included documents when it is sound, the same
// error (kind, status, detail) when it is cut short or garbled anywhere.
#include "core/sync/changes_reader.h"

#include <doctest/doctest.h>

#include <string>

using namespace crm::core;

namespace {

struct StepClock : Clock {
    mutable int64_t t = 1000;
    int64_t nowMs() const override { return t += 1; }  // every reading costs a millisecond
};

// A page as PouchDB Server answers include_docs: first revisions with their bodies, an edited document (no
// body kept), a tombstone and a conflict.
std::string pageOf(int rows, const std::string& extra = R"(,"pending":0)") {
    std::string body = "{\"results\":[\n";
    for (int i = 0; i < rows; ++i) {
        std::string id = "c" + std::to_string(i);
        if (i) body += ",\n";
        if (i % 7 == 3) {
            body += R"({"seq":)" + std::to_string(i + 1) + R"(,"id":")" + id +
                    R"(","changes":[{"rev":"2-bb"}],"doc":{"_id":")" + id + R"(","_rev":"2-bb","n":1}})";
        } else if (i % 7 == 5) {
            body += R"({"seq":")" + std::to_string(i + 1) + R"(-g1","id":")" + id +
                    R"(","changes":[{"rev":"1-aa"},{"rev":"1-cc"}],"deleted":false})";
        } else {
            body += R"({"seq":)" + std::to_string(i + 1) + R"(,"id":")" + id + R"(","changes":[{"rev":"1-a)" +
                    std::to_string(i) + R"("}],"doc":{"_id":")" + id + R"(","_rev":"1-a)" + std::to_string(i) +
                    R"(","name":"客户 \")" + std::to_string(i) + R"(\" \\ \u00e9","tags":[1,2.5,{"x":null}]}})";
        }
    }
    return body + "\n],\n\"last_seq\":" + std::to_string(rows) + extra + "}";
}

// Reads `body` in slices of one row (a fresh reader; nothing read at once); the number of slices it took.
Checked<ChangesPage> readInSlices(const std::string& body, size_t* slices = nullptr) {
    StepClock clock;
    ChangesReader reader;
    reader.start(body, 0);
    size_t n = 1;
    while (!reader.readSome(1, clock))
        ++n;
    if (slices) *slices = n;
    CHECK(reader.active());
    auto page = reader.take();
    CHECK_FALSE(reader.active());
    return page;
}

void checkSame(const Checked<ChangesPage>& sliced, const Checked<ChangesPage>& whole) {
    REQUIRE(sliced.ok() == whole.ok());
    CHECK(sliced.error.kind == whole.error.kind);
    CHECK(sliced.error.status == whole.error.status);
    CHECK(sliced.error.detail == whole.error.detail);
    if (!whole.ok()) return;
    CHECK(sliced.value.lastSeq == whole.value.lastSeq);
    CHECK(sliced.value.pending == whole.value.pending);
    REQUIRE(sliced.value.rows.size() == whole.value.rows.size());
    for (size_t i = 0; i < whole.value.rows.size(); ++i) {
        const ChangeRow &a = sliced.value.rows[i], &b = whole.value.rows[i];
        CAPTURE(b.id);
        CHECK(a.id == b.id);
        CHECK(a.revs == b.revs);
        REQUIRE(a.firstRevision.has_value() == b.firstRevision.has_value());
        if (b.firstRevision) CHECK(*a.firstRevision == *b.firstRevision);
    }
}

}  // namespace

TEST_CASE("a _changes page read in slices gives the same rows and documents as read whole") {
    std::string body = pageOf(40);
    size_t slices = 0;
    auto sliced = readInSlices(body, &slices);
    auto whole = changesAnswer(body);
    REQUIRE(whole.ok());
    CHECK(whole.value.rows.size() == 40);
    CHECK(slices == 40);  // one row a slice: the clock moves a millisecond at every reading
    checkSame(sliced, whole);
    CHECK(sliced.value.rows[0].firstRevision.has_value());
    CHECK_FALSE(sliced.value.rows[3].firstRevision.has_value());  // an edited document is fetched
    SUBCASE("without a time limit, one call reads it all") {
        StepClock clock;
        ChangesReader reader;
        reader.start(body, 0);
        CHECK(reader.readSome(0, clock));
        checkSame(reader.take(), whole);
    }
    SUBCASE("a page no larger than the threshold is read at once, in start()") {
        StepClock clock;
        ChangesReader reader;
        reader.start(body, body.size());
        CHECK(reader.readSome(1, clock));
        checkSame(reader.take(), whole);
    }
    SUBCASE("the head's members in any order, with whitespace, empty results, no pending") {
        checkSame(readInSlices(" \r\n{ \"last_seq\" : \"9-g\" ,\t\"results\" : [ ] }\n"),
                  changesAnswer(" \r\n{ \"last_seq\" : \"9-g\" ,\t\"results\" : [ ] }\n"));
        std::string reordered =
            R"({"pending":3,"last_seq":2,"results":[{"seq":1,"id":"a","changes":[{"rev":"1-x"}],)"
            R"("doc":{"_id":"a","_rev":"1-x"}} , {"seq":2,"id":"b","changes":[{"rev":"1-y"}]}]})";
        auto r = changesAnswer(reordered);
        REQUIRE(r.ok());
        CHECK(r.value.rows.size() == 2);
        checkSame(readInSlices(reordered), r);
    }
    SUBCASE("dropped: reading stops, nothing is kept") {
        StepClock clock;
        ChangesReader reader;
        reader.start(body, 0);
        CHECK_FALSE(reader.readSome(1, clock));
        reader.drop();
        CHECK_FALSE(reader.active());
    }
}

TEST_CASE("a _changes page cut short or garbled anywhere gives the error changesAnswer gives for it whole") {
    const std::string body = pageOf(6);
    SUBCASE("cut short at every byte") {
        for (size_t cut = 0; cut < body.size(); ++cut) {
            CAPTURE(cut);
            std::string part = body.substr(0, cut);
            checkSame(readInSlices(part), changesAnswer(part));
        }
    }
    SUBCASE("one byte replaced, at every byte") {
        for (char c : {'}', ']', '"', ',', '\\', 'x', '{', '['}) {
            for (size_t at = 0; at < body.size(); ++at) {
                CAPTURE(at);
                CAPTURE(c);
                std::string garbled = body;
                garbled[at] = c;
                checkSame(readInSlices(garbled), changesAnswer(garbled));
            }
        }
    }
    SUBCASE("wrong shapes") {
        for (const std::string& page : {
                 std::string(R"({"results":[{"seq":1,"id":2,"changes":[{"rev":"1-x"}]}],"last_seq":1})"),
                 std::string(R"({"results":[{"seq":1,"id":"a","changes":"1-x"}],"last_seq":1})"),
                 std::string(R"({"results":[{"seq":1,"id":"a","changes":[{"rev":"x"}]}],"last_seq":1})"),
                 std::string(R"({"results":[],"last_seq":1,"pending":"many"})"),
                 std::string(R"({"results":[{"seq":1,"id":"a","changes":"1-x"}],"last_seq":1,"pending":-1})"),
                 std::string(R"({"results":[]})"),
                 std::string(R"({"results":{},"last_seq":1})"),
                 std::string(R"({"results":[1,2],"last_seq":1})"),
                 std::string(R"({"results":[],"results":[],"last_seq":1})"),   // a repeated key: read whole
                 std::string(R"({"results":[],"last_seq":1,"last_seq":2})"),
                 std::string(R"({"results":[],"last_seq":1} x)"),
                 std::string(R"({"results":[],"last_seq":1.5})"),
                 std::string(R"({"results":[],"last_seq":tru})"),
                 std::string(R"({"results":[],"last_seq":1,"x":[}})"),
                 std::string(R"({"resul\u0074s":[],"last_seq":1})"),
                 std::string("\xEF\xBB\xBF{\"results\":[],\"last_seq\":1}"),  // a byte order mark
                 std::string(R"([{"results":[],"last_seq":1}])"),
                 std::string("<html>Bad gateway</html>"),
                 std::string(),
             }) {
            CAPTURE(page);
            checkSame(readInSlices(page), changesAnswer(page));
        }
    }
}

TEST_CASE("a row whose document nests deeper than the limit is kept without it (fetched, then refused alone); the rest of the page is read") {
    // c1's document carries a member 600 arrays deep; c2 is edited to 100,000 deep (as text: too deep to print).
    std::string body = pageOf(6);
    auto deepen = [&](const std::string& id, size_t depth) {
        const std::string at = R"("doc":{"_id":")" + id + "\"";
        const size_t pos = body.find(at);
        REQUIRE(pos != std::string::npos);
        body.insert(pos + at.size(), R"(,"deep":)" + std::string(depth, '[') + std::string(depth, ']'));
    };
    deepen("c1", 600);
    deepen("c2", 100000);
    auto whole = changesAnswer(body);
    REQUIRE(whole.ok());
    REQUIRE(whole.value.rows.size() == 6);
    CHECK(whole.value.rows[1].id == "c1");
    CHECK(whole.value.rows[1].revs == std::vector<std::string>{"1-a1"});
    CHECK_FALSE(whole.value.rows[1].firstRevision.has_value());  // its _bulk_get answer refuses it (doc_fetcher)
    CHECK_FALSE(whole.value.rows[2].firstRevision.has_value());
    CHECK(whole.value.rows[0].firstRevision.has_value());
    CHECK(whole.value.rows[4].firstRevision.has_value());
    CHECK(whole.value.lastSeq == 6);
    checkSame(readInSlices(body), whole);
    // Too deep outside a document (here in a row's changes): the page is not JSON the replicator reads, as before.
    std::string broken = pageOf(6);
    broken.replace(broken.find(R"([{"rev":"1-a1"}])"), 16, R"([{"rev":"1-a1","x":)" + std::string(600, '[') + std::string(600, ']') + "}]");
    CHECK(changesAnswer(broken).error.kind == SyncErrorKind::NotJson);
    checkSame(readInSlices(broken), changesAnswer(broken));
}

TEST_CASE("a row's document is as deep as the store takes it (512 levels, counted from itself), read whole or in slices") {
    for (size_t arrays : {size_t(511), size_t(512)}) {
        CAPTURE(arrays);
        std::string body = pageOf(6);
        const std::string at = R"("doc":{"_id":"c1")";
        body.insert(body.find(at) + at.size(), R"(,"deep":)" + std::string(arrays, '[') + std::string(arrays, ']'));
        auto whole = changesAnswer(body);
        REQUIRE(whole.ok());
        CHECK(whole.value.rows[1].firstRevision.has_value() == (arrays == 511));  // with itself: 512 levels
        checkSame(readInSlices(body), whole);
    }
}

// Doctests for SecondaryIndex and the standard CRM indexes (type, owner, region, plate, vin, phone).
#include "core/store/secondary_index.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <memory>

using namespace crm::core;

TEST_CASE("standard indexes follow creates, updates and deletes") {
    DocumentStore store;
    store.put(Json{{"_id", "pre"}, {"type", "customer"}, {"owner", "li"}});  // indexed by the initial build
    IndexSet indexes(store);
    installStandardIndexes(indexes);
    const SecondaryIndex* type = indexes.find("type");
    const SecondaryIndex* phone = indexes.find("phone");
    const SecondaryIndex* plate = indexes.find("plate");
    REQUIRE(type);
    REQUIRE(phone);
    REQUIRE(plate);
    REQUIRE(indexes.find("vin"));
    REQUIRE(indexes.find("owner"));
    REQUIRE(indexes.find("region"));
    CHECK(indexes.find("class") == nullptr);

    auto c1 = store.put(Json{{"_id", "c1"}, {"type", "customer"}, {"owner", "wang"}, {"region", "朝阳"},
                             {"phones", {"138-0013-8000", "+86 10 6552 9988"}}});
    store.put(Json{{"_id", "v1"}, {"type", "vehicle"}, {"plate", "京a 12345"}, {"vin", "lsvaa4180e2000001"}});
    CHECK(type->lookup("customer") == std::vector<std::string>{"c1", "pre"});
    CHECK(type->lookup("vehicle") == std::vector<std::string>{"v1"});
    CHECK(phone->lookup("13800138000") == std::vector<std::string>{"c1"});
    CHECK(phone->lookupPrefix("1380") == std::vector<std::string>{"c1"});
    CHECK(phone->lookupPrefix("86106") == std::vector<std::string>{"c1"});
    CHECK(plate->lookup(plateKey("京A12345")) == std::vector<std::string>{"v1"});
    CHECK(indexes.find("vin")->lookup("LSVAA4180E2000001") == std::vector<std::string>{"v1"});
    CHECK(indexes.find("region")->lookup("朝阳") == std::vector<std::string>{"c1"});
    CHECK(indexes.find("owner")->lookupRange("a", "x") == std::vector<std::string>{"c1", "pre"});
    CHECK(indexes.find("owner")->lookupRange("m", "x") == std::vector<std::string>{"c1"});

    // Update: old keys go, new keys come.
    auto c1b = store.put(Json{{"_id", "c1"}, {"_rev", c1.rev}, {"type", "customer"}, {"owner", "zhao"}, {"phones", {"139 0000 0000"}}});
    CHECK(phone->lookup("13800138000").empty());
    CHECK(phone->lookup("13900000000") == std::vector<std::string>{"c1"});
    CHECK(indexes.find("owner")->lookup("wang").empty());
    CHECK(indexes.find("region")->lookup("朝阳").empty());

    // Delete removes every key of the document.
    store.remove("c1", c1b.rev);
    CHECK(type->lookup("customer") == std::vector<std::string>{"pre"});
    CHECK(phone->keyCount() == 0);

    // Replicated conflict: the index follows the winner.
    store.bulkDocs({Json{{"_id", "v1"}, {"_rev", "9-zz"}, {"type", "vehicle"}, {"plate", "沪B 99999"}}}, false);
    CHECK(plate->lookup(plateKey("京A12345")).empty());
    CHECK(plate->lookup(plateKey("沪B99999")) == std::vector<std::string>{"v1"});
}

TEST_CASE("a custom index built through the same mechanism; removed indexes stop listening") {
    DocumentStore store;
    {
        SecondaryIndex tags(store, "tags", [](const Json& doc) {
            std::vector<std::string> keys;
            if (doc.contains("tags")) {
                for (const auto& t : doc["tags"]) keys.push_back(t.get<std::string>());
            }
            return keys;
        });
        store.put(Json{{"_id", "a"}, {"tags", {"vip", "fleet", "vip"}}});
        CHECK(tags.lookup("vip") == std::vector<std::string>{"a"});
        CHECK(tags.keysOf("a") == std::vector<std::string>{"fleet", "vip"});
    }
    store.put(Json{{"_id", "b"}, {"tags", {"vip"}}});  // the destroyed index must not be called
    CHECK(store.docCount() == 2);
}

TEST_CASE("an id's keys move between one key (kept by entry number) and several, for ids before and after the index") {
    DocumentStore store;
    SecondaryIndex tags(store, "tags", [](const Json& doc) {
        std::vector<std::string> keys;
        for (const auto& t : doc.value("tags", Json::array())) keys.push_back(t.get<std::string>());
        return keys;
    });
    auto a = store.put(Json{{"_id", "a"}, {"tags", {"x"}}});
    for (int i = 0; i < 100; ++i) store.put(Json{{"_id", "f" + std::to_string(i)}});  // no keys: later entry numbers
    auto z = store.put(Json{{"_id", "z"}, {"tags", {"y"}}});                          // beyond every earlier entry
    CHECK(tags.keysOf("a") == std::vector<std::string>{"x"});
    CHECK(tags.keysOf("f50").empty());
    CHECK(tags.keysOf("z") == std::vector<std::string>{"y"});
    a = store.put(Json{{"_id", "a"}, {"_rev", a.rev}, {"tags", {"y", "x"}}});  // one key -> several
    CHECK(tags.keysOf("a") == std::vector<std::string>{"x", "y"});
    CHECK(tags.lookup("y") == std::vector<std::string>{"a", "z"});
    a = store.put(Json{{"_id", "a"}, {"_rev", a.rev}, {"tags", {"w"}}});  // several -> one
    CHECK(tags.keysOf("a") == std::vector<std::string>{"w"});
    CHECK(tags.lookup("x").empty());
    CHECK(tags.lookup("y") == std::vector<std::string>{"z"});
    store.remove("z", z.rev);  // one -> none
    CHECK(tags.keysOf("z").empty());
    CHECK(tags.lookup("y").empty());
    tags.rebuild();
    CHECK(tags.keysOf("a") == std::vector<std::string>{"w"});
    CHECK(tags.keysOf("z").empty());
}

TEST_CASE("key normalisers") {
    CHECK(phoneKey("+86 (138) 0013-8000") == "8613800138000");
    CHECK(plateKey("粤b·12 3-45") == "粤B·12345");
    CHECK(vinKey(" lsv aa ") == "LSVAA");
}

TEST_CASE("a field index read from the stored bytes agrees with the same index built from decoded documents") {
    DocumentStore store;
    for (int i = 0; i < 40; ++i) {
        store.put(Json{{"_id", "v" + std::to_string(i)}, {"type", "vehicle"}, {"customer_id", "c" + std::to_string(i % 7)}});
    }
    store.put(Json{{"_id", "n1"}, {"customer_id", 5}});  // not a string: not indexed
    store.put(Json{{"_id", "n2"}, {"customer_id", ""}});
    SecondaryIndex byField(store, "customer_id", SecondaryIndex::Field{"customer_id"});
    SecondaryIndex byFn(store, "customer_id", [](const Json& doc) -> std::vector<std::string> {
        auto it = doc.find("customer_id");
        if (it == doc.end() || !it->is_string()) return {};
        return {it->get<std::string>()};
    });
    auto same = [&] {
        for (int c = 0; c < 9; ++c) {
            const std::string key = "c" + std::to_string(c);
            CHECK(byField.lookup(key) == byFn.lookup(key));
        }
        CHECK(byField.keyCount() == byFn.keyCount());
        CHECK(byField.lookupPrefix("c") == byFn.lookupPrefix("c"));
        for (int i = 0; i < 40; ++i) {
            const std::string id = "v" + std::to_string(i);
            CHECK(byField.keysOf(id) == byFn.keysOf(id));
        }
    };
    same();
    CHECK(byField.lookup("c0") == std::vector<std::string>{"v0", "v14", "v21", "v28", "v35", "v7"});  // id order
    // Moves, deletes, a document created after the index was built.
    for (int i = 0; i < 40; i += 3) {
        auto doc = store.get("v" + std::to_string(i));
        if (i % 2) {
            store.remove(doc->at("_id").get<std::string>(), doc->at("_rev").get<std::string>());
        } else {
            (*doc)["customer_id"] = "c8";
            store.put(*doc);
        }
    }
    store.put(Json{{"_id", "late"}, {"customer_id", "c0"}});
    same();
    CHECK(byField.lookup("c0").back() == "v7");
    CHECK(byField.keysOf("late") == std::vector<std::string>{"c0"});
    CHECK(byField.keysOf("v3").empty());  // deleted
    CHECK(byField.keysOf("nope").empty());
}

TEST_CASE("an index of one type follows documents into and out of that type") {
    DocumentStore store;
    store.put(Json{{"_id", "v1"}, {"type", "view"}, {"name", "VIP"}});
    auto other = store.put(Json{{"_id", "c1"}, {"type", "customer"}, {"name", "VIP"}});
    SecondaryIndex views(store, "saved_views", SecondaryIndex::Field{"name"}, "view");
    SecondaryIndex viewsFn(store, "saved_views_fn", [](const Json& doc) -> std::vector<std::string> {
        auto it = doc.find("name");
        return it != doc.end() && it->is_string() ? std::vector<std::string>{it->get<std::string>()} : std::vector<std::string>{};
    }, "view");
    CHECK(views.lookup("VIP") == std::vector<std::string>{"v1"});
    CHECK(viewsFn.lookup("VIP") == std::vector<std::string>{"v1"});
    store.put(Json{{"_id", "c1"}, {"_rev", other.rev}, {"type", "view"}, {"name", "VIP"}});  // becomes a view
    CHECK(views.lookup("VIP") == std::vector<std::string>{"c1", "v1"});
    CHECK(viewsFn.lookup("VIP") == std::vector<std::string>{"c1", "v1"});
    auto v1 = store.get("v1");
    (*v1)["type"] = "note";
    store.put(*v1);  // leaves the type
    CHECK(views.lookup("VIP") == std::vector<std::string>{"c1"});
    CHECK(viewsFn.lookup("VIP") == std::vector<std::string>{"c1"});
    views.rebuild();
    CHECK(views.lookup("VIP") == std::vector<std::string>{"c1"});
}

namespace {
// A deterministic stream of small numbers (xorshift), so a failing interleaving is the same on every run.
struct Dice {
    uint64_t state = 0x9e3779b97f4a7c15ULL;
    size_t operator()(size_t n) {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        return static_cast<size_t>(state % n);
    }
};

// Writes `body` as document `id`: a new revision of the live one, or a (re)creation.
void write(DocumentStore& store, const std::string& id, Json body) {
    body["_id"] = id;
    if (std::optional<Json> current = store.get(id)) body["_rev"] = current->at("_rev");
    REQUIRE(store.put(body).ok());
}

void removeIfLive(DocumentStore& store, const std::string& id) {
    if (std::optional<Json> current = store.get(id)) REQUIRE(store.remove(id, current->at("_rev").get<std::string>()).ok());
}

// A random document: one of three types, a customer_id among 12, and 0-3 tags (several keys for a KeyFn index).
Json randomDoc(Dice& dice) {
    static const char* types[] = {"customer", "vehicle", "view"};
    Json doc{{"type", types[dice(3)]}, {"customer_id", "c" + std::to_string(dice(12))}, {"tags", Json::array()}};
    for (size_t t = dice(4); t > 0; --t) doc["tags"].push_back("t" + std::to_string(dice(6)));
    return doc;
}

std::vector<std::string> tagsOf(const Json& doc) {
    std::vector<std::string> keys;
    auto it = doc.find("tags");
    if (it != doc.end() && it->is_array()) {
        for (const Json& t : *it) keys.push_back(t.get<std::string>());
    }
    return keys;
}

// The four kinds of index, as built from scratch at once.
std::unique_ptr<SecondaryIndex> makeIndex(DocumentStore& store, int kind) {
    switch (kind) {
    case 0: return std::make_unique<SecondaryIndex>(store, "customer_id", SecondaryIndex::Field{"customer_id"});
    case 1: return std::make_unique<SecondaryIndex>(store, "owner", SecondaryIndex::Field{"customer_id"}, "vehicle");
    case 2: return std::make_unique<SecondaryIndex>(store, "tags", tagsOf);
    default: return std::make_unique<SecondaryIndex>(store, "view_tags", tagsOf, "view");
    }
}

// Everything the index answers about ids d0..d(n-1) and every key the documents can have.
std::vector<std::vector<std::string>> answers(const SecondaryIndex& index, size_t n) {
    std::vector<std::vector<std::string>> out;
    for (size_t i = 0; i < n; ++i) out.push_back(index.keysOf("d" + std::to_string(i)));
    for (int c = 0; c < 12; ++c) out.push_back(index.lookup("c" + std::to_string(c)));
    for (int t = 0; t < 6; ++t) out.push_back(index.lookup("t" + std::to_string(t)));
    out.push_back(index.lookupPrefix(""));
    out.push_back(index.lookupRange("c3", "t2"));
    out.push_back({std::to_string(index.keyCount())});
    return out;
}
} // namespace

TEST_CASE("after a load an index is rebuilt in steps; writes between the steps are in it whether or not its step has passed their document") {
    constexpr size_t kDocs = 300, kIds = 360;  // the last 60 ids are created after the load
    for (int kind = 0; kind < 4; ++kind) {
        for (int round = 0; round < 3; ++round) {
            CAPTURE(kind);
            CAPTURE(round);
            Dice dice;
            dice.state += static_cast<uint64_t>(kind * 7 + round);
            DocumentStore store;
            for (size_t i = 0; i < kDocs; ++i) write(store, "d" + std::to_string(i), randomDoc(dice));
            std::unique_ptr<SecondaryIndex> index = makeIndex(store, kind);
            CHECK_FALSE(index->stale());
            store.beginBulkLoad();
            store.endBulkLoad();  // as after a reopen: the index hears the load and starts again
            REQUIRE(index->stale());
            size_t steps = 0;
            while (index->stale()) {
                if (dice(3) == 0) {
                    index->buildStep(1 + dice(25));
                    ++steps;
                    continue;
                }
                const std::string id = "d" + std::to_string(dice(kIds));
                if (dice(5) == 0) removeIfLive(store, id);
                else write(store, id, randomDoc(dice));
            }
            CHECK(steps > 5);  // really in steps, with writes between them
            std::unique_ptr<SecondaryIndex> fresh = makeIndex(store, kind);
            CHECK(answers(*index, kIds) == answers(*fresh, kIds));
            // Complete, it follows writes as before.
            for (int w = 0; w < 40; ++w) write(store, "d" + std::to_string(dice(kIds)), randomDoc(dice));
            removeIfLive(store, "d1");
            CHECK(answers(*index, kIds) == answers(*makeIndex(store, kind), kIds));
        }
    }
}

TEST_CASE("a query in the middle of a stepped rebuild finishes it first: the answer is the whole store's") {
    for (int kind = 0; kind < 4; ++kind) {
        CAPTURE(kind);
        Dice dice;
        DocumentStore store;
        for (size_t i = 0; i < 200; ++i) write(store, "d" + std::to_string(i), randomDoc(dice));
        std::unique_ptr<SecondaryIndex> index = makeIndex(store, kind);
        store.beginBulkLoad();
        store.endBulkLoad();
        CHECK(index->buildStep(50));  // a quarter visited
        write(store, "d10", randomDoc(dice));   // visited: applied now
        write(store, "d150", randomDoc(dice));  // not yet: read when visited
        write(store, "d250", randomDoc(dice));  // new
        removeIfLive(store, "d20");
        removeIfLive(store, "d180");
        CHECK(index->stale());
        std::vector<std::vector<std::string>> got = answers(*index, 260);  // the first query finishes the rebuild
        CHECK_FALSE(index->stale());
        CHECK_FALSE(index->buildStep(50));
        CHECK(got == answers(*makeIndex(store, kind), 260));
    }
}

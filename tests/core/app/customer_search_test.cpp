// Doctests for CustomerSearch: the index follows the store (customers, their vehicles, moves and deletes),
// work is done in slices with progress, and demo customers are found by name, pinyin, phone, plate and VIN.
#include "core/app/customer_search.h"

#include "core/app/demo_data.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
std::vector<std::string> ids(const std::vector<SearchHit>& hits) {
    std::vector<std::string> out;
    for (const SearchHit& h : hits) out.push_back(h.id);
    return out;
}
bool contains(const std::vector<SearchHit>& hits, const std::string& id) {
    for (const SearchHit& h : hits) {
        if (h.id == id) return true;
    }
    return false;
}
} // namespace

TEST_CASE("the index follows customer and vehicle changes, in slices") {
    DocumentStore store;
    CustomerSearch search(store);
    store.put(Json{{"_id", "c1"}, {"type", "customer"}, {"name", "张伟"}, {"phones", {"13800138000"}}});
    store.put(Json{{"_id", "c2"}, {"type", "customer"}, {"name", "李娜"}});
    store.put(Json{{"_id", "v1"}, {"type", "vehicle"}, {"customer_id", "c1"}, {"plate", "京A12345"}, {"vin", "LSVAB41D0R1234567"}});
    CHECK(search.pending() == 2);  // c1 queued once although two changes touched it
    CHECK(search.search("zw").empty());  // nothing indexed yet
    CHECK(search.progress() == doctest::Approx(0.0f));
    CHECK(search.step(1));
    CHECK(search.progress() == doctest::Approx(0.5f));
    CHECK_FALSE(search.step(10));
    CHECK(search.progress() == doctest::Approx(1.0f));
    CHECK(ids(search.search("zw")) == std::vector<std::string>{"c1"});
    CHECK(ids(search.search("A12345")) == std::vector<std::string>{"c1"});
    CHECK(ids(search.search("234567")) == std::vector<std::string>{"c1"});

    // The vehicle moves to 李娜: the plate now finds her and no longer finds 张伟.
    auto rev = store.get("v1")->at("_rev").get<std::string>();
    store.put(Json{{"_id", "v1"}, {"_rev", rev}, {"type", "vehicle"}, {"customer_id", "c2"}, {"plate", "京A12345"}});
    search.step(10);
    CHECK(ids(search.search("京A12345")) == std::vector<std::string>{"c2"});

    // Deleting the customer removes it.
    store.remove("c1", store.get("c1")->at("_rev").get<std::string>());
    search.step(10);
    CHECK(search.search("zhangwei").empty());
    CHECK(search.index().size() == 1);
}

TEST_CASE("demo customers are found by name, pinyin, phone fragment, plate and VIN tail") {
    DocumentStore store;
    CustomerSearch search(store);
    DemoGenerator gen({.customers = 3000});
    std::vector<Json> docs;
    while (gen.next(docs, 500)) {}
    store.bulkDocs(docs);
    while (search.step(1000)) {}
    CHECK(search.index().size() == 3000);

    std::string zhang = DemoGenerator::customerId(0);
    std::vector<Json> zhangDocs = gen.customerDocs(0);
    std::string phone = zhangDocs[0]["phones"][0].get<std::string>();
    std::string plate = zhangDocs[1]["plate"].get<std::string>(), vin = zhangDocs[1]["vin"].get<std::string>();
    CHECK(search.search("zhangwei").at(0).id == zhang);
    CHECK(search.search("张伟").at(0).id == zhang);
    CHECK(contains(search.search("张w", 500), zhang));
    CHECK(contains(search.search("zw", 500), zhang));
    CHECK(search.search(phone.substr(3, 7)).at(0).id == zhang);
    CHECK(search.search(phone.substr(0, 3) + " " + phone.substr(3, 4) + " " + phone.substr(7)).at(0).id == zhang);
    CHECK(search.search(plate).at(0).id == zhang);
    CHECK(search.search(vin.substr(11)).at(0).id == zhang);
}

TEST_CASE("after a bulk load every customer is queued and found, with its vehicles' plates") {
    DocumentStore saved;
    saved.put(Json{{"_id", "c1"}, {"type", "customer"}, {"name", "张伟"}});
    saved.put(Json{{"_id", "c2"}, {"type", "customer"}, {"name", "李娜"}});
    saved.put(Json{{"_id", "v1"}, {"type", "vehicle"}, {"customer_id", "c2"}, {"plate", "沪B77777"}});
    DocumentStore store;
    CustomerSearch search(store);
    store.beginBulkLoad();
    for (const std::string& key : saved.takeDirty()) REQUIRE(store.loadRecord(key, saved.encodeRecord(key).value()));
    CHECK(search.pending() == 0);  // nothing heard per record
    store.endBulkLoad();
    CHECK(search.pending() == 2);
    CHECK(search.step(10));  // the first step after a load rebuilds the vehicles' owner index (a small store: all of it)
    CHECK(search.pending() == 2);
    CHECK_FALSE(search.step(10));
    CHECK(ids(search.search("沪B77777")) == std::vector<std::string>{"c2"});
    CHECK(ids(search.search("zw")) == std::vector<std::string>{"c1"});
}

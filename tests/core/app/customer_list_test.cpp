// Doctests for CustomerList: rows from documents, the filter (name, phone digits, case), sorting in both
// directions and the cached view being rebuilt after updates and removals.
#include "core/app/customer_list.h"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

using namespace crm::core;

namespace {
Json customer(const std::string& name, const std::string& phone = "", const std::string& company = "",
              const std::string& updated = "") {
    Json doc = {{"type", "customer"}, {"name", name}};
    if (!phone.empty()) doc["phones"] = Json::array({phone});
    if (!company.empty()) doc["company"] = company;
    if (!updated.empty()) doc["updated_at"] = updated;
    return doc;
}

void put(CustomerList& list, const std::string& id, const Json& doc) { list.update(id, &doc); }

std::vector<std::string> ids(const std::vector<const CustomerRow*>& rows) {
    std::vector<std::string> out;
    for (const CustomerRow* r : rows) out.push_back(r->id);
    return out;
}

std::vector<std::string> names(const std::vector<const CustomerRow*>& rows) {
    std::vector<std::string> out;
    for (const CustomerRow* r : rows) out.push_back(r->name);
    return out;
}

using V = std::vector<std::string>;

CustomerList sample() {
    CustomerList list;
    put(list, "c1", customer("Alice Wang", "+86 138-0013-8000", "Acme Motors", "2024-03-01T00:00:00Z"));
    put(list, "c2", customer("bob li", "139 1234 5678", "Beta Trading", "2024-01-01T00:00:00Z"));
    put(list, "c3", customer("张伟", "13700137000", "长城汽车", "2024-02-01T00:00:00Z"));
    put(list, "c4", customer("Carol", "", "ACME Leasing", "2024-04-01T00:00:00Z"));
    return list;
}
} // namespace

TEST_CASE("rows are built from customer documents") {
    CustomerList list = sample();
    CHECK(list.size() == 4);
    const CustomerRow* row = list.find("c1");
    REQUIRE(row);
    CHECK(row->name == "Alice Wang");
    CHECK(row->phone == "+86 138-0013-8000");
    CHECK(row->company == "Acme Motors");
    CHECK(row->updatedAt == "2024-03-01T00:00:00Z");
    CHECK(list.find("nope") == nullptr);
}

TEST_CASE("the filter matches names case-insensitively") {
    CustomerList list = sample();
    CHECK(ids(list.view("", CustomerColumn::Name, true)).size() == 4);
    CHECK(ids(list.view("alice", CustomerColumn::Name, true)) == V{"c1"});
    CHECK(ids(list.view("ALICE", CustomerColumn::Name, true)) == V{"c1"});
    CHECK(ids(list.view("Bob LI", CustomerColumn::Name, true)) == V{"c2"});
    CHECK(ids(list.view("张", CustomerColumn::Name, true)) == V{"c3"});
    CHECK(ids(list.view("acme", CustomerColumn::Name, true)) == V{"c1", "c4"});  // company, any case
    CHECK(ids(list.view("nobody", CustomerColumn::Name, true)).empty());
}

TEST_CASE("the filter matches phone digit fragments of at least three digits, in any format") {
    CustomerList list = sample();
    CHECK(ids(list.view("00138", CustomerColumn::Name, true)) == V{"c1"});
    CHECK(ids(list.view("0013", CustomerColumn::Name, true)) == V{"c1", "c3"});  // both numbers contain 0013
    CHECK(ids(list.view("8000", CustomerColumn::Name, true)) == V{"c1"});
    // A fragment typed with separators still matches the stored digits.
    CHECK(ids(list.view("138-00", CustomerColumn::Name, true)) == V{"c1"});
    CHECK(ids(list.view("1234 56", CustomerColumn::Name, true)) == V{"c2"});
    CHECK(ids(list.view("137 0013", CustomerColumn::Name, true)) == V{"c3"});
    // The full number in another format than stored.
    CHECK(ids(list.view("13800138000", CustomerColumn::Name, true)) == V{"c1"});
    CHECK(ids(list.view("+86 139-1234-5678", CustomerColumn::Name, true)) == V{"c2"});
    // Two digits with a separator are too short to be a digits search ("1-3" is not in any text).
    CHECK(ids(list.view("1-3", CustomerColumn::Name, true)).empty());
}

TEST_CASE("sorting by a column, both directions, ties broken by id") {
    CustomerList list = sample();
    CHECK(names(list.view("", CustomerColumn::Name, true)) == V{"Alice Wang", "Carol", "bob li", "张伟"});
    CHECK(names(list.view("", CustomerColumn::Name, false)) == V{"张伟", "bob li", "Carol", "Alice Wang"});
    CHECK(ids(list.view("", CustomerColumn::Updated, true)) == V{"c2", "c3", "c1", "c4"});
    CHECK(ids(list.view("", CustomerColumn::Updated, false)) == V{"c4", "c1", "c3", "c2"});
    CHECK(ids(list.view("", CustomerColumn::Company, true)) == V{"c4", "c1", "c2", "c3"});

    CustomerList same;
    for (const char* id : {"b", "c", "a"}) put(same, id, customer("同名"));
    CHECK(ids(same.view("", CustomerColumn::Name, true)) == V{"a", "b", "c"});
    CHECK(ids(same.view("", CustomerColumn::Name, false)) == V{"a", "b", "c"});
}

TEST_CASE("the view is cached, and rebuilt after update and remove") {
    CustomerList list = sample();
    const auto* first = &list.view("", CustomerColumn::Name, true);
    CHECK(ids(*first).size() == 4);
    // Same arguments: the same cached vector, same contents.
    CHECK(&list.view("", CustomerColumn::Name, true) == first);

    SUBCASE("update renames a row and moves it") {
        put(list, "c3", customer("Aaron", "13700137000"));
        CHECK(names(list.view("", CustomerColumn::Name, true)) == V{"Aaron", "Alice Wang", "Carol", "bob li"});
        CHECK(list.size() == 4);
        CHECK(ids(list.view("aaron", CustomerColumn::Name, true)) == V{"c3"});
        CHECK(ids(list.view("张", CustomerColumn::Name, true)).empty());
    }
    SUBCASE("a new row appears in an already filtered view") {
        CHECK(ids(list.view("acme", CustomerColumn::Name, true)) == V{"c1", "c4"});
        put(list, "c5", customer("Dan", "", "acme parts"));
        CHECK(ids(list.view("acme", CustomerColumn::Name, true)) == V{"c1", "c4", "c5"});
    }
    SUBCASE("remove drops the row (and another row keeps its id)") {
        list.update("c1", nullptr);
        CHECK(list.size() == 3);
        CHECK(list.find("c1") == nullptr);
        CHECK(ids(list.view("", CustomerColumn::Name, true)) == V{"c4", "c2", "c3"});
        REQUIRE(list.find("c4"));
        CHECK(list.find("c4")->name == "Carol");
        CHECK(list.find("c3")->name == "张伟");
        list.update("c1", nullptr);  // removing twice is harmless
        CHECK(list.size() == 3);
    }
    SUBCASE("removing the last row") {
        list.update("c4", nullptr);
        CHECK(ids(list.view("", CustomerColumn::Name, true)) == V{"c1", "c2", "c3"});
    }
    SUBCASE("clear") {
        list.clear();
        CHECK(list.size() == 0);
        CHECK(list.view("", CustomerColumn::Name, true).empty());
    }
    SUBCASE("many inserts (reallocation) keep every view pointer valid") {
        list.view("", CustomerColumn::Name, true);
        for (int i = 0; i < 1000; ++i) put(list, "x" + std::to_string(i), customer("n" + std::to_string(i)));
        const auto& rows = list.view("", CustomerColumn::Name, true);
        REQUIRE(rows.size() == 1004);
        CHECK(rows.front()->name == "Alice Wang");
        CHECK(rows.back()->name == "张伟");
    }
}

TEST_CASE("a view kept up to date by merging changed rows equals one sorted from scratch") {
    const char* const surnames[] = {"王", "李", "张", "刘", "陈", "Zed", "amy", "Bo"};
    for (const char* filter : {"", "acme", "王"}) {
        for (CustomerColumn column : {CustomerColumn::Name, CustomerColumn::Phone}) {
            for (bool ascending : {true, false}) {
                // One query for the whole run: each view after the first merges the rows changed since.
                CustomerList list;
                std::mt19937 random(42);
                auto randomDoc = [&] {
                    std::string name = std::string(surnames[random() % 8]) + std::to_string(random() % 50);
                    return customer(name, "1380013" + std::to_string(1000 + random() % 9000),
                                    random() % 3 ? "" : "acme");
                };
                for (int i = 0; i < 400; ++i) put(list, "c" + std::to_string(i), randomDoc());
                for (int round = 0; round < 40; ++round) {
                    const int changes = round % 10 == 9 ? 150 : 1 + static_cast<int>(random() % 12);  // some rebuild
                    const bool removals = round % 7 == 3;
                    for (int k = 0; k < changes; ++k) {
                        std::string id = "c" + std::to_string(random() % 500);
                        if (removals && random() % 5 == 0) list.update(id, nullptr);
                        else put(list, id, randomDoc());
                    }
                    CustomerList fresh;  // the same rows, sorted from scratch
                    for (const CustomerRow& row : list.rows()) {
                        Json doc = customer(row.name, row.phone, row.company);
                        fresh.update(row.id, &doc);
                    }
                    INFO("round " << round << " filter '" << filter << "' ascending " << ascending);
                    CHECK(ids(list.view(filter, column, ascending)) == ids(fresh.view(filter, column, ascending)));
                }
            }
        }
    }
}

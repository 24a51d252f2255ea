// Doctests for the demo data: deterministic from the seed, slice-independent, and valid (every VIN passes
// the check digit, every plate validates, every customer passes the form's validation), with complaints at
// every stage and the well-known customer 张伟 first.
#include "core/app/demo_data.h"

#include "core/app/customer.h"
#include "core/domain/vehicle_rules.h"

#include <doctest/doctest.h>

#include <map>
#include <set>

using namespace crm::core;

TEST_CASE("demo data is deterministic from the seed and independent of slicing") {
    DemoGenerator a({.seed = 7, .customers = 300});
    DemoGenerator b({.seed = 7, .customers = 300});
    std::vector<Json> all, sliced;
    while (a.next(all, 300)) {}
    while (b.next(sliced, 17)) {}
    REQUIRE(all.size() == sliced.size());
    CHECK(all == sliced);
    CHECK(a.generated() == 300);

    DemoGenerator other({.seed = 8, .customers = 300});
    std::vector<Json> different;
    while (other.next(different, 300)) {}
    CHECK(different != all);
    CHECK(a.customerDocs(123) == DemoGenerator({.seed = 7, .customers = 300}).customerDocs(123));
}

TEST_CASE("demo data is valid: VINs, plates, customers, references, unique ids") {
    DemoGenerator gen({.seed = 20240601, .customers = 2000});
    std::vector<Json> docs;
    while (gen.next(docs, 250)) {}
    std::set<std::string> ids, customers, vins;
    std::map<std::string, int> byType;
    std::set<std::string> stages;
    size_t vehicles = 0;
    for (const Json& doc : docs) {
        std::string id = doc["_id"].get<std::string>();
        CHECK_MESSAGE(ids.insert(id).second, id);
        std::string type = doc["type"].get<std::string>();
        ++byType[type];
        if (type == "customer") {
            customers.insert(id);
            CHECK_MESSAGE(!validateCustomer(customerFormFromDoc(doc)).has_value(), doc.dump());
            CHECK(doc["phones"][0].get<std::string>().size() == 11);
        } else if (type != "survey_template") {  // templates are the shop's, not a customer's
            CHECK_MESSAGE(customers.count(doc["customer_id"].get<std::string>()) == 1, id);
        }
        if (type == "vehicle") {
            ++vehicles;
            std::string vin = doc["vin"].get<std::string>();
            CHECK_MESSAGE(validateVin(vin, VinCheckPolicy::Enforce).ok(), vin);
            CHECK(vinCheckDigit(vin) == vin[8]);
            vins.insert(vin);
            PlateResult plate = validatePlate(doc["plate"].get<std::string>());
            CHECK_MESSAGE(plate.ok(), doc["plate"].get<std::string>());
            CHECK(plate.kind != PlateKind::Invalid);
        }
        if (type == "complaint") stages.insert(doc["status"].get<std::string>());
    }
    CHECK(customers.size() == 2000);
    CHECK(vehicles >= 2000);
    CHECK(vins.size() == vehicles);  // no two vehicles share a VIN
    CHECK(stages == std::set<std::string>{"received", "registered", "investigating", "resolved", "followed_up"});
    for (const char* type : {"service_record", "followup", "complaint", "survey", "points"}) {
        CHECK_MESSAGE(byType[type] > 0, type);
    }
}

TEST_CASE("customer 0 is the only 张伟, and polyphonic surnames occur") {
    DemoGenerator gen({.customers = 3000});
    std::vector<Json> docs;
    while (gen.next(docs, 1000)) {}
    int zhangWei = 0;
    std::set<std::string> surnames;
    for (const Json& doc : docs) {
        if (doc["type"].get<std::string>() != "customer") continue;
        std::string name = doc["name"].get<std::string>();
        if (name == "张伟") {
            ++zhangWei;
            CHECK(doc["_id"].get<std::string>() == DemoGenerator::customerId(0));
        }
        surnames.insert(name.substr(0, 3));
    }
    CHECK(zhangWei == 1);
    for (const char* s : {"单", "曾", "区", "仇", "解"}) CHECK_MESSAGE(surnames.count(s) == 1, s);
}

// Doctests for classification: value class thresholds at their edges, loyalty, lifecycle, warranty,
// importance, settings Json, and building facts from documents.
#include "core/domain/classification.h"

#include "tests/core/domain/domain_test_support.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
const CivilDate kToday{2025, 6, 30};

CustomerFacts customerWith(std::string id, std::vector<std::pair<int, double>> visitsDaysAgoAndSpend) {
    CustomerFacts c;
    c.id = std::move(id);
    for (auto [ago, spend] : visitsDaysAgoAndSpend) c.visits.push_back({kToday.addDays(-ago), spend});
    std::sort(c.visits.begin(), c.visits.end(), [](auto& a, auto& b) { return a.date < b.date; });
    return c;
}
} // namespace

TEST_CASE("value class: top share by spend, ties, zero spend, visits") {
    ClassificationSettings s; // A top 20% or >= 6 visits; B top 50% or >= 3 visits
    std::vector<CustomerFacts> all;
    for (int i = 1; i <= 10; ++i) all.push_back(customerWith("c" + std::to_string(i), {{10, i * 100.0}}));
    auto r = classifyAll(all, s, kToday);
    // 10 customers: top 2 (1000, 900) are A, next 3 (800, 700, 600) B, the rest C.
    CHECK(r[9].valueClass == ValueClass::A);
    CHECK(r[9].valueReason == ValueReason::Spend);
    CHECK(r[8].valueClass == ValueClass::A);
    CHECK(r[7].valueClass == ValueClass::B);
    CHECK(r[5].valueClass == ValueClass::B);
    CHECK(r[4].valueClass == ValueClass::C);
    CHECK(r[4].valueReason == ValueReason::None);

    // A tie with the last A customer is also A.
    all[7].visits[0].spend = 900;
    r = classifyAll(all, s, kToday);
    CHECK(r[7].valueClass == ValueClass::A);
    CHECK(r[6].valueClass == ValueClass::B);

    // 15 customers: 20% = 3 exactly (no floating-point rounding up to 4).
    all.clear();
    for (int i = 1; i <= 15; ++i) all.push_back(customerWith("c" + std::to_string(i), {{10, i * 10.0}}));
    r = classifyAll(all, s, kToday);
    CHECK(r[12].valueClass == ValueClass::A);
    CHECK(r[11].valueClass == ValueClass::B);
    CHECK(r[7].valueClass == ValueClass::B); // top 50% of 15 = 8 -> ranks 1..8
    CHECK(r[6].valueClass == ValueClass::C);

    // Nobody spent: nobody is A or B by spend.
    all = {customerWith("x", {{5, 0}}), customerWith("y", {})};
    r = classifyAll(all, s, kToday);
    CHECK(r[0].valueClass == ValueClass::C);
    CHECK(r[1].valueClass == ValueClass::C);
}

TEST_CASE("value class: visit thresholds and the window edge") {
    ClassificationSettings s;
    // Many zero-spend filler customers so spend shares don't matter.
    std::vector<CustomerFacts> all(20);
    for (size_t i = 0; i < all.size(); ++i) all[i].id = "f" + std::to_string(i);
    all.push_back(customerWith("six", {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}, {364, 0}}));
    all.push_back(customerWith("five+old", {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}, {365, 0}})); // 365 days ago: outside
    all.push_back(customerWith("three", {{1, 0}, {2, 0}, {3, 0}}));
    all.push_back(customerWith("two", {{1, 0}, {2, 0}}));
    all.push_back(customerWith("future", {{-5, 0}, {-6, 0}, {-7, 0}})); // booked, not visited
    const auto r = classifyAll(all, s, kToday);
    CHECK(r[20].valueClass == ValueClass::A);
    CHECK(r[20].valueReason == ValueReason::Visits);
    CHECK(r[20].visitsInWindow == 6);
    CHECK(r[21].valueClass == ValueClass::B);
    CHECK(r[21].visitsInWindow == 5);
    CHECK(r[22].valueClass == ValueClass::B);
    CHECK(r[23].valueClass == ValueClass::C);
    CHECK(r[24].valueClass == ValueClass::C);
    CHECK(r[24].visitsInWindow == 0);

    // Spend only counts inside the window.
    std::vector<CustomerFacts> two = {customerWith("old", {{400, 99999}}), customerWith("new", {{1, 10}})};
    const auto r2 = classifyAll(two, s, kToday);
    CHECK(r2[0].spendInWindow == 0);
    CHECK(r2[1].valueClass == ValueClass::A); // top 20% of 2 = 1 customer
    CHECK(r2[0].valueClass == ValueClass::C);
}

TEST_CASE("loyalty: loyal, flexible, lost at their edges") {
    ClassificationSettings s; // lost >= 365 days; loyal >= 4 visits in 730 days, gaps <= 180
    auto loyalty = [&](std::vector<std::pair<int, double>> v) { return loyaltyOf(customerWith("c", v).visits, s, kToday); };
    CHECK(loyalty({}) == Loyalty::None);
    CHECK(loyalty({{365, 0}}) == Loyalty::Lost);
    CHECK(loyalty({{364, 0}}) == Loyalty::Flexible);
    CHECK(loyalty({{10, 0}, {190, 0}, {370, 0}, {550, 0}}) == Loyalty::Loyal);    // gaps 180
    CHECK(loyalty({{10, 0}, {190, 0}, {371, 0}, {550, 0}}) == Loyalty::Flexible); // a 181-day gap
    CHECK(loyalty({{10, 0}, {190, 0}, {370, 0}}) == Loyalty::Flexible);           // only 3 visits
    CHECK(loyalty({{180, 0}, {200, 0}, {220, 0}, {240, 0}}) == Loyalty::Loyal);   // last visit 180 days ago
    CHECK(loyalty({{181, 0}, {200, 0}, {220, 0}, {240, 0}}) == Loyalty::Flexible); // 181 days since last
    CHECK(loyalty({{-3, 0}, {400, 0}}) == Loyalty::Lost); // a future booking is not a visit
    s.lostAfterDays = 90;
    CHECK(loyalty({{90, 0}}) == Loyalty::Lost);
    CHECK(explainLoyalty(s).find("90 days") != std::string::npos);
}

TEST_CASE("lifecycle, warranty and importance") {
    CustomerFacts c;
    CHECK(lifecycleOf(c) == Lifecycle::Potential);
    c.vehicles.push_back({});
    CHECK(lifecycleOf(c) == Lifecycle::Closed);
    c.lifecycle = Lifecycle::Intent;
    CHECK(lifecycleOf(c) == Lifecycle::Intent);

    CHECK(warrantyOf(c, kToday) == CustomerWarranty::None);
    c.vehicles[0].warranty.endDate = CivilDate{2025, 6, 29};
    CHECK(warrantyOf(c, kToday) == CustomerWarranty::Out);
    VehicleFacts second;
    second.warranty.endDate = CivilDate{2025, 6, 30};
    c.vehicles.push_back(second);
    CHECK(warrantyOf(c, kToday) == CustomerWarranty::In);

    ClassificationSettings s;
    std::vector<CustomerFacts> all = {customerWith("rich", {{1, 1000}}), customerWith("marked", {}), customerWith("plain", {})};
    all[1].markedImportant = true;
    auto r = classifyAll(all, s, kToday);
    CHECK_FALSE(r[0].important);
    CHECK(r[1].important);
    CHECK_FALSE(r[2].important);
    s.classAIsImportant = true;
    r = classifyAll(all, s, kToday);
    CHECK(r[0].important);
}

TEST_CASE("classification settings: Json round trip, defaults for missing fields, explanations") {
    ClassificationSettings s;
    s.windowDays = 180;
    s.classATopShare = 0.1;
    s.loyalMaxGapDays = 120;
    const auto back = ClassificationSettings::fromJson(s.toJson());
    CHECK(back.windowDays == 180);
    CHECK(back.classATopShare == doctest::Approx(0.1));
    CHECK(back.loyalMaxGapDays == 120);
    const auto partial = ClassificationSettings::fromJson(Json{{"class_a_min_visits", 8}, {"window_days", "x"}});
    CHECK(partial.classAMinVisits == 8);
    CHECK(partial.windowDays == 365);
    CHECK(ClassificationSettings::fromJson(Json::array()).classBMinVisits == 3);
    const auto text = explainValueClass(ClassificationSettings{});
    CHECK(text.find("top 20%") != std::string::npos);
    CHECK(text.find("6 visits") != std::string::npos);
    CHECK(text.find("top 50%") != std::string::npos);
}

TEST_CASE("facts from documents") {
    const std::vector<Json> docs = {
        Json::parse(R"({"_id":"c1","type":"customer","name":"王先生","lifecycle":"intent","important":true,
                        "birthday":{"calendar":"lunar","month":8,"day":15}})"),
        Json::parse(R"({"_id":"c2","type":"customer","name":"李女士"})"),
        Json::parse(R"({"_id":"c3","type":"customer","_deleted":true})"),
        Json::parse(R"({"_id":"v1","type":"vehicle","customer_id":"c1","vin":"LSVAU218XN2183294","plate":"粤B12345",
                        "in_service_date":"2024-01-01","warranty_end":"2027-01-01","warranty_km":100000,
                        "insurance_end":"2025-07-10","odometer":[{"date":"2024-07-01","km":9100}]})"),
        Json::parse(R"({"_id":"s1","type":"service_record","customer_id":"c1","vehicle_id":"v1","date_in":"2025-01-10",
                        "date_out":"2025-01-11","odometer_in":18000,"odometer_out":18002,"parts_amount":500,
                        "labour_amount":"200.5","pay_type":"customer"})"),
        Json::parse(R"({"_id":"s2","type":"service_record","vehicle_id":"v1","date_in":"2024-10-01",
                        "odometer_in":13600,"parts_amount":3000,"pay_type":"warranty"})"),
        Json::parse(R"({"_id":"f1","type":"followup","customer_id":"c1","date":"2025-06-01","next_date":"2025-06-05"})"),
        Json::parse(R"({"_id":"f0","type":"followup","customer_id":"c1","date":"2025-05-01"})"),
        Json::parse(R"({"_id":"x","type":"complaint","customer_id":"c1"})"),
    };
    const auto facts = buildCustomerFacts(docs);
    REQUIRE(facts.size() == 2);
    const auto& c1 = facts[0];
    CHECK(c1.id == "c1");
    CHECK(c1.lifecycle == Lifecycle::Intent);
    CHECK(c1.markedImportant);
    REQUIRE(c1.birthday.has_value());
    CHECK(c1.birthday->lunar);
    CHECK(c1.birthday->day == 15);
    REQUIRE(c1.visits.size() == 2); // s2 found through its vehicle
    CHECK(c1.visits[0].date == CivilDate{2024, 10, 1});
    CHECK(c1.visits[0].spend == 0); // warranty pays
    CHECK(c1.visits[1].spend == doctest::Approx(700.5));
    CHECK(c1.lastFollowup == CivilDate{2025, 6, 1});
    CHECK(c1.nextFollowupDate == CivilDate{2025, 6, 5});
    REQUIRE(c1.vehicles.size() == 1);
    const auto& v = c1.vehicles[0];
    CHECK(v.warranty.kmLimit == 100000);
    CHECK(v.insuranceEnd == CivilDate{2025, 7, 10});
    CHECK(v.lastServiceDate == CivilDate{2025, 1, 11});
    CHECK(v.lastServiceKm == 18002);
    // Readings: 0 at in-service, 9100, 13600, 18000, 18002.
    REQUIRE(v.odometer.readings().size() == 5);
    CHECK(v.odometer.readings().front().km == 0);
    CHECK(facts[1].lifecycle == std::nullopt);
    CHECK(lifecycleOf(facts[1]) == Lifecycle::Potential);

    const auto r = classifyAll(facts, ClassificationSettings{}, kToday);
    CHECK(r[0].lifecycle == Lifecycle::Intent);
    CHECK(r[0].warranty == CustomerWarranty::In);
    CHECK(r[0].important);
    CHECK(r[0].lastVisit == CivilDate{2025, 1, 10});
}

TEST_CASE("classifyAll scales to 100,000 customers") {
    std::vector<CustomerFacts> all(100000);
    for (size_t i = 0; i < all.size(); ++i) {
        all[i].id = std::to_string(i);
        all[i].visits.push_back({kToday.addDays(-static_cast<int64_t>(i % 400)), static_cast<double>(i % 1000)});
    }
    const auto r = classifyAll(all, ClassificationSettings{}, kToday);
    REQUIRE(r.size() == all.size());
    size_t a = 0;
    for (const auto& x : r) a += x.valueClass == ValueClass::A;
    CHECK(a > 15000);
    CHECK(a < 25000);
}

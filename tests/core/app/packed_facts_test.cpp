// Doctests for packed customer facts (issue 14): every field comes back as it went in, ids the store knows are
// kept as its references, and the bytes are a small fraction of the structs.
#include "core/app/packed_facts.h"
#include "core/app/crm_session.h"

#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

using namespace crm::core;

namespace {
constexpr int64_t kNow = 1795516140000;

std::optional<CivilDate> day(const char* text) { return CivilDate::parse(text); }

void checkSame(const CustomerFacts& a, const CustomerFacts& b) {
    CHECK(a.id == b.id);
    CHECK(a.name == b.name);
    CHECK(a.lifecycle == b.lifecycle);
    CHECK(a.markedImportant == b.markedImportant);
    REQUIRE(a.birthday.has_value() == b.birthday.has_value());
    if (a.birthday) {
        CHECK(a.birthday->lunar == b.birthday->lunar);
        CHECK(a.birthday->month == b.birthday->month);
        CHECK(a.birthday->day == b.birthday->day);
        CHECK(a.birthday->leapMonth == b.birthday->leapMonth);
    }
    REQUIRE(a.visits.size() == b.visits.size());
    for (size_t i = 0; i < a.visits.size(); ++i) {
        CHECK(a.visits[i].date == b.visits[i].date);
        CHECK(std::memcmp(&a.visits[i].spend, &b.visits[i].spend, sizeof(double)) == 0);  // bit for bit
    }
    REQUIRE(a.vehicles.size() == b.vehicles.size());
    for (size_t i = 0; i < a.vehicles.size(); ++i) {
        const VehicleFacts& x = a.vehicles[i];
        const VehicleFacts& y = b.vehicles[i];
        CHECK(x.id == y.id);
        CHECK(x.purchaseDate == y.purchaseDate);
        CHECK(x.inServiceDate == y.inServiceDate);
        CHECK(x.insuranceEnd == y.insuranceEnd);
        CHECK(x.warranty.endDate == y.warranty.endDate);
        CHECK(x.warranty.kmLimit == y.warranty.kmLimit);
        CHECK(x.lastServiceDate == y.lastServiceDate);
        CHECK(x.lastServiceKm == y.lastServiceKm);
        REQUIRE(x.odometer.readings().size() == y.odometer.readings().size());
        for (size_t k = 0; k < x.odometer.readings().size(); ++k) {
            CHECK(x.odometer.readings()[k].date == y.odometer.readings()[k].date);
            CHECK(x.odometer.readings()[k].km == y.odometer.readings()[k].km);
        }
    }
    CHECK(a.lastFollowup == b.lastFollowup);
    CHECK(a.nextFollowupDate == b.nextFollowupDate);
    CHECK(a.lastSurvey == b.lastSurvey);
    CHECK(a.lastComplaintClosed == b.lastComplaintClosed);
}
}  // namespace

TEST_CASE("packed facts come back field by field, vehicle ids by the store's reference or as text") {
    FixedClock clock{kNow};
    CrmSession session{clock, 3};
    const std::string car = session.store().put(Json{{"type", "vehicle"}}).id;

    CustomerFacts full;
    full.id = "customer:packed";
    full.name = "欧阳建国先生";
    full.lifecycle = Lifecycle::Intent;
    full.markedImportant = true;
    full.birthday = Birthday{true, 12, 30, true};
    full.visits = {{*day("1969-12-31"), 0}, {*day("2026-01-05"), 1234}, {*day("2026-02-01"), 99.5},
                   {*day("2026-03-01"), -20}, {*day("2026-04-01"), -0.0}, {*day("2026-05-01"), 1e300},
                   {*day("2026-06-01"), 4503599627370497.0}};
    VehicleFacts known;
    known.id = car;
    known.purchaseDate = day("2018-02-28");
    known.inServiceDate = day("2018-03-01");
    known.insuranceEnd = day("2026-12-01");
    known.warranty = {day("2021-02-28"), 100000};
    known.odometer = OdometerHistory({{*day("2018-03-01"), 0}, {*day("2020-05-05"), 41000}, {*day("2026-10-01"), 123456789012}});
    known.lastServiceDate = day("2026-10-01");
    known.lastServiceKm = 123456789012;
    VehicleFacts unknown;  // not in the store (and nothing else known about it)
    unknown.id = "vehicle:elsewhere";
    full.vehicles = {known, unknown};
    full.lastFollowup = day("2026-11-01");
    full.nextFollowupDate = day("2026-12-01");
    full.lastSurvey = day("2025-01-01");
    full.lastComplaintClosed = day("1900-03-01");
    const std::vector<std::string> resolved{"revisit||2026-11-20", "service_due|" + car + "|2026-11-30"};

    const std::string packed = packFacts(full, resolved, session.store());
    UnpackedFacts back = unpackFacts(packed, full.id, session.store());
    checkSame(back.facts, full);
    CHECK(back.resolved == resolved);
    CHECK(packFacts(full, {}, session.store()).find(car) == std::string::npos);  // the known vehicle by reference
    CHECK(packed.find("vehicle:elsewhere") != std::string::npos);
    CHECK(std::signbit(back.facts.visits[4].spend));

    CustomerFacts empty;  // nothing recorded: a few bytes
    empty.id = "c";
    const std::string little = packFacts(empty, {}, session.store());
    CHECK(little.size() < 10);
    UnpackedFacts none = unpackFacts(little, "c", session.store());
    checkSame(none.facts, empty);
    CHECK(none.resolved.empty());
}

TEST_CASE("a typical customer packs into far fewer bytes than its structs") {
    FixedClock clock{kNow};
    CrmSession session{clock, 3};
    const std::string car = session.store().put(Json{{"type", "vehicle"}}).id;
    CustomerFacts c;
    c.id = "customer:typical";
    c.name = "王芳";
    c.birthday = Birthday{false, 6, 15, false};
    c.visits = {{*day("2025-03-02"), 860}, {*day("2026-06-11"), 1420}};
    VehicleFacts v;
    v.id = car;
    v.purchaseDate = day("2021-05-01");
    v.inServiceDate = day("2021-05-03");
    v.warranty = {day("2024-05-01"), 100000};
    v.odometer = OdometerHistory({{*day("2021-05-03"), 0}, {*day("2023-05-01"), 30000}, {*day("2025-03-02"), 55000},
                                  {*day("2026-06-11"), 71000}});
    v.lastServiceDate = day("2026-06-11");
    v.lastServiceKm = 71000;
    c.vehicles = {v};
    c.lastFollowup = day("2026-10-01");
    c.nextFollowupDate = day("2026-11-01");
    const std::string packed = packFacts(c, {}, session.store());
    CHECK(packed.size() < 80);  // (its structs: ~600 B in wasm, more natively)
    checkSame(unpackFacts(packed, c.id, session.store()).facts, c);
}

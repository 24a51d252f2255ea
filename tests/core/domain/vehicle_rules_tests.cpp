// Doctests for vehicle rules: VIN, plates, odometer projection, warranty (whichever first), service due.
#include "core/domain/vehicle_rules.h"

#include "tests/core/domain/domain_test_support.h"

#include <doctest/doctest.h>

using namespace crm::core;

TEST_CASE("vin: check digit, characters, length, policy") {
    CHECK(vinCheckDigit("1M8GDM9AXKP042788") == 'X');
    CHECK(vinCheckDigit("1HGCM82633A004352") == '3');
    CHECK(validateVin("1HGCM82633A004352").ok());
    CHECK_FALSE(validateVin("1HGCM82633A004352").hasWarnings());
    CHECK(validateVin(" 1hgcm82633a004352 ").normalized == "1HGCM82633A004352");

    // North-American VIN with a wrong check digit: an error under Auto.
    auto bad = validateVin("1HGCM82643A004352");
    CHECK_FALSE(bad.ok());
    CHECK(bad.has("vin.check_digit"));
    // Chinese VIN (WMI L..) with a mismatch: only a warning under Auto, an error under Enforce.
    auto cn = validateVin("LSVAU2180N2183294"); // expected check digit X
    CHECK(cn.ok());
    CHECK(cn.hasWarnings());
    CHECK(cn.has("vin.check_digit"));
    CHECK_FALSE(validateVin("LSVAU2180N2183294", VinCheckPolicy::Enforce).ok());
    CHECK(validateVin("1HGCM82643A004352", VinCheckPolicy::Warn).ok());
    CHECK(validateVin("LSVAU218XN2183294").issues.empty());

    CHECK(validateVin("1HGCM82633A00435").has("vin.length"));
    CHECK(validateVin("1HGCM82633A0043521").has("vin.length"));
    CHECK(validateVin("1HGCM8263OA004352").has("vin.char")); // O
    CHECK(validateVin("IHGCM82633A004352").has("vin.char")); // I
    CHECK(validateVin("1HGCM82633Q004352").has("vin.char")); // Q
    CHECK(validateVin("").has("vin.empty"));
}

TEST_CASE("plates: ordinary, new-energy, special, invalid") {
    auto p = validatePlate("粤B·12345");
    CHECK(p.ok());
    CHECK(p.kind == PlateKind::Ordinary);
    CHECK(p.province == "粤");
    CHECK(p.authority == 'B');
    CHECK(p.normalized == "粤B12345");
    CHECK(validatePlate("京a 8k2x9").kind == PlateKind::Ordinary);

    CHECK(validatePlate("粤BD12345").kind == PlateKind::NewEnergySmall);
    CHECK(validatePlate("沪AFA1234").kind == PlateKind::NewEnergySmall);
    CHECK(validatePlate("粤B12345D").kind == PlateKind::NewEnergyLarge);
    CHECK(validatePlate("粤BA12345").has("plate.new_energy"));  // 6 chars but no D/F
    CHECK(validatePlate("粤BD1234A").has("plate.new_energy"));  // small: last 4 must be digits

    auto learner = validatePlate("川A1234学");
    CHECK(learner.kind == PlateKind::Special);
    CHECK(learner.suffix == "学");
    for (const char* s : {"粤B1234警", "豫A1234挂", "京A1234领", "粤Z1234港", "粤Z1234澳"}) {
        CAPTURE(s);
        CHECK(validatePlate(s).kind == PlateKind::Special);
    }
    CHECK(validatePlate("粤B123学").has("plate.length"));

    CHECK(validatePlate("").has("plate.empty"));
    CHECK(validatePlate("AB12345").has("plate.province"));
    CHECK(validatePlate("港B12345").has("plate.province"));
    CHECK(validatePlate("粤112345").has("plate.authority"));
    CHECK(validatePlate("粤B1234").has("plate.length"));
    CHECK(validatePlate("粤B1234567").has("plate.length"));
    CHECK(validatePlate("粤B12O45").has("plate.char"));
}

TEST_CASE("odometer: average, interpolation, projection, date reaching a mileage") {
    OdometerHistory h({{{2024, 1, 1}, 0}, {{2024, 4, 10}, 5000}, {{2024, 1, 1}, 10}, {{2024, 12, 26}, 18000}, {{2024, 6, 1}, 100}});
    // 2024-06-01 100 km is lower than the April reading: dropped; same-date readings keep the highest.
    REQUIRE(h.readings().size() == 3);
    CHECK(h.readings().front().km == 10);
    // 17990 km over 360 days.
    REQUIRE(h.averageDailyKm().has_value());
    CHECK(*h.averageDailyKm() == doctest::Approx(17990.0 / 360.0));
    CHECK(h.projectedKm({2023, 12, 31}) == std::nullopt);
    CHECK(h.projectedKm({2024, 4, 10}) == 5000);
    CHECK(h.projectedKm({2024, 12, 26}) == 18000);
    // Extrapolation: 36 days after the last reading at ~49.97 km/day -> 18000 + 1799 = 19799.
    CHECK(h.projectedKm({2025, 1, 31}) == 19799);
    // Interpolation between 2024-04-10 (5000) and 2024-12-26 (18000): 260 days, 50 km/day.
    CHECK(h.projectedKm({2024, 4, 20}) == 5500);
    CHECK(h.dateReaching(5500) == CivilDate{2024, 4, 20});
    CHECK(h.dateReaching(5501) == CivilDate{2024, 4, 21});
    CHECK(h.dateReaching(0) == CivilDate{2024, 1, 1});
    // Beyond the last reading: 2000 km more at 17990/360 km/day = 40.02 days -> 41 days.
    CHECK(h.dateReaching(20000) == CivilDate{2024, 12, 26}.addDays(41));

    OdometerHistory single({{{2024, 5, 1}, 1234}});
    CHECK_FALSE(single.averageDailyKm().has_value());
    CHECK(single.projectedKm({2025, 5, 1}) == 1234);
    CHECK_FALSE(single.dateReaching(2000).has_value());
    CHECK(OdometerHistory().empty());
}

TEST_CASE("warranty: date or mileage, whichever comes first") {
    // 100 km/day from 2022-01-01.
    OdometerHistory h({{{2022, 1, 1}, 0}, {{2023, 1, 1}, 36500}});
    const CivilDate today{2023, 6, 1};

    SUBCASE("date limit first") {
        // 150000 km would be reached in 2026; the date ends it first.
        const auto s = warrantyStatus({CivilDate{2024, 12, 31}, 150000}, h, today);
        CHECK(s.state == WarrantyState::In);
        CHECK(s.endsBy == LimitKind::Date);
        CHECK(s.expectedEnd == CivilDate{2024, 12, 31});
        CHECK(s.kmToday == 36500 + 15100);
        CHECK(s.kmLeft == 150000 - 51600);
    }
    SUBCASE("mileage limit first") {
        // 60000 km is reached 235 days after 2023-01-01 = 2023-08-24; last covered day 2023-08-23.
        const auto s = warrantyStatus({CivilDate{2027, 1, 1}, 60000}, h, today);
        CHECK(s.state == WarrantyState::In);
        CHECK(s.endsBy == LimitKind::Mileage);
        CHECK(s.expectedEnd == CivilDate{2023, 8, 23});
    }
    SUBCASE("out by mileage before the date") {
        const auto s = warrantyStatus({CivilDate{2027, 1, 1}, 50000}, h, today);
        CHECK(s.state == WarrantyState::Out);
        CHECK(s.endedBy == LimitKind::Mileage);
    }
    SUBCASE("out by date with mileage left") {
        const auto s = warrantyStatus({CivilDate{2023, 5, 31}, 100000}, h, today);
        CHECK(s.state == WarrantyState::Out);
        CHECK(s.endedBy == LimitKind::Date);
        CHECK(s.daysLeft == -1);
    }
    SUBCASE("the end date itself is still covered; exactly at the km limit is not") {
        CHECK(warrantyStatus({CivilDate{2023, 6, 1}, std::nullopt}, h, today).state == WarrantyState::In);
        CHECK(warrantyStatus({std::nullopt, 51600}, h, today).state == WarrantyState::Out);
        CHECK(warrantyStatus({std::nullopt, 51601}, h, today).state == WarrantyState::In);
    }
    SUBCASE("both passed: the one passed first is reported") {
        const auto s = warrantyStatus({CivilDate{2023, 5, 1}, 40000}, h, today); // 40000 km on 2023-02-05
        CHECK(s.state == WarrantyState::Out);
        CHECK(s.endedBy == LimitKind::Mileage);
    }
    CHECK(warrantyStatus({}, h, today).state == WarrantyState::Unknown);
}

TEST_CASE("service due: time or projected mileage, whichever first") {
    OdometerHistory slow({{{2024, 1, 1}, 10000}, {{2024, 3, 1}, 10600}});   // 10 km/day
    OdometerHistory fast({{{2024, 1, 1}, 10000}, {{2024, 3, 1}, 16000}});   // 100 km/day
    const ServiceInterval every{6, 5000};

    const auto byTime = serviceDue({2024, 1, 1}, 10000, every, slow);
    CHECK(byTime.dueDate == CivilDate{2024, 7, 1});
    CHECK(byTime.reason == LimitKind::Date);
    CHECK(byTime.dueKm == 15000);
    CHECK(byTime.byMileage == CivilDate{2024, 3, 1}.addDays(440));

    const auto byKm = serviceDue({2024, 1, 1}, 10000, every, fast);
    CHECK(byKm.reason == LimitKind::Mileage);
    CHECK(byKm.dueDate == CivilDate{2024, 2, 20}); // 15000 km: 50 days after 2024-01-01
    CHECK(byKm.byTime == CivilDate{2024, 7, 1});

    // No odometer rate: time only.
    const auto noRate = serviceDue({2024, 1, 31}, 0, every, OdometerHistory{});
    CHECK(noRate.dueDate == CivilDate{2024, 7, 31});
    CHECK_FALSE(noRate.byMileage.has_value());
}

// Doctests for follow-up rules: cadence, next date, birthdays (solar, lunar, leap, Feb 29),
// reminders of every kind, and agenda buckets.
#include "core/domain/followup_rules.h"
#include "core/domain/lunar_calendar.h"

#include "tests/core/domain/domain_test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace crm::core;

namespace {
int countKind(const std::vector<Reminder>& rs, ReminderKind kind) {
    return static_cast<int>(std::count_if(rs.begin(), rs.end(), [&](const Reminder& r) { return r.kind == kind; }));
}
const Reminder* findKind(const std::vector<Reminder>& rs, ReminderKind kind) {
    auto it = std::find_if(rs.begin(), rs.end(), [&](const Reminder& r) { return r.kind == kind; });
    return it == rs.end() ? nullptr : &*it;
}
} // namespace

TEST_CASE("cadence and next follow-up date") {
    FollowupSettings s;
    CHECK(cadenceDays(s, ValueClass::A, Lifecycle::Closed) == 30);
    CHECK(cadenceDays(s, ValueClass::B, Lifecycle::Closed) == 60);
    CHECK(cadenceDays(s, ValueClass::C, Lifecycle::Potential) == 90);
    CHECK(cadenceDays(s, ValueClass::C, Lifecycle::Intent) == 7);
    CHECK(cadenceDays(s, ValueClass::A, Lifecycle::Intent) == 7);
    const CivilDate today{2025, 6, 30};
    CHECK(nextFollowupDate(s, ValueClass::B, Lifecycle::Closed, CivilDate{2025, 5, 1}, std::nullopt, today) == CivilDate{2025, 6, 30});
    CHECK(nextFollowupDate(s, ValueClass::A, Lifecycle::Intent, CivilDate{2025, 6, 25}, std::nullopt, today) == CivilDate{2025, 7, 2});
    CHECK(nextFollowupDate(s, ValueClass::A, Lifecycle::Closed, CivilDate{2025, 6, 25}, CivilDate{2025, 9, 1}, today) == CivilDate{2025, 9, 1});
    CHECK(nextFollowupDate(s, ValueClass::A, Lifecycle::Closed, std::nullopt, std::nullopt, today) == today);

    s.classBDays = 45;
    const auto back = FollowupSettings::fromJson(s.toJson());
    CHECK(back.classBDays == 45);
    CHECK(back.intentDays == 7);
    CHECK(FollowupSettings::fromJson(Json{{"class_a_days", 0}}).classADays == 1); // never 0 days
    CHECK(FollowupSettings::fromJson(Json::object()).serviceInterval.km == 5000);
}

TEST_CASE("birthdays: solar, Feb 29, lunar, leap month, late lunar months") {
    const Birthday feb29{false, 2, 29, false};
    CHECK(birthdayInYear(feb29, 2024) == CivilDate{2024, 2, 29});
    CHECK(birthdayInYear(feb29, 2025) == CivilDate{2025, 2, 28});
    CHECK(nextBirthday(feb29, {2025, 3, 1}) == CivilDate{2026, 2, 28});

    const Birthday midAutumn{true, 8, 15, false};
    CHECK(birthdayInYear(midAutumn, 2025) == CivilDate{2025, 10, 6});
    CHECK(nextBirthday(midAutumn, {2025, 10, 6}) == CivilDate{2025, 10, 6});
    CHECK(nextBirthday(midAutumn, {2025, 10, 7}) == CivilDate{2026, 9, 25});

    // Born on 闰四月初十 (2020-06-01): 2025 has no leap 4th month -> ordinary 四月初十 = 2025-05-07.
    const Birthday leap{true, 4, 10, true};
    CHECK(birthdayInYear(leap, 2020) == CivilDate{2020, 6, 1});
    CHECK(birthdayInYear(leap, 2025) == CivilDate{2025, 5, 7});
    // 2025 has a leap 6th month: a 闰六月初十 birthday is then on the leap month, else on 六月初十.
    CHECK(birthdayInYear({true, 6, 10, true}, 2025) == CivilDate{2025, 8, 3});
    CHECK(birthdayInYear({true, 6, 10, false}, 2025) == CivilDate{2025, 7, 4});
    // 腊月二十 of lunar 2024 falls in January 2025: found as the next birthday from 2025-01-01.
    CHECK(nextBirthday({true, 12, 20, false}, {2025, 1, 1}) == CivilDate{2025, 1, 19});
    // Day 30 in a 29-day month (二月 2025 has 29 days) -> day 29.
    CHECK(birthdayInYear({true, 2, 30, false}, 2025) == lunarToSolar({2025, 2, 29, false}));
}

TEST_CASE("reminders: revisit, birthday, holiday, service, warranty, insurance") {
    const CivilDate today{2025, 9, 30};
    FollowupSettings s;
    CustomerFacts c;
    c.id = "c1";
    c.lastFollowup = CivilDate{2025, 7, 1};
    c.birthday = Birthday{true, 8, 15, false}; // 2025-10-06, 6 days ahead
    CustomerClassification cls;
    cls.classified = true;
    cls.valueClass = ValueClass::B;
    cls.lifecycle = Lifecycle::Closed;

    VehicleFacts v;
    v.id = "v1";
    v.inServiceDate = CivilDate{2023, 1, 1};
    v.odometer = OdometerHistory({{{2023, 1, 1}, 0}, {{2025, 3, 31}, 20000}, {{2025, 9, 1}, 29150}}); // ~30.5 km/day
    v.lastServiceDate = CivilDate{2025, 3, 31};
    v.lastServiceKm = 20000;
    v.warranty = {CivilDate{2026, 1, 1}, 31000};
    v.insuranceEnd = CivilDate{2025, 10, 20};
    c.vehicles.push_back(v);

    const auto rs = remindersFor(c, cls, s, today);
    const auto* revisit = findKind(rs, ReminderKind::Revisit);
    REQUIRE(revisit);
    CHECK(revisit->dueDate == CivilDate{2025, 8, 30}); // 2025-07-01 + 60 days: overdue
    const auto* birthday = findKind(rs, ReminderKind::Birthday);
    REQUIRE(birthday);
    CHECK(birthday->dueDate == CivilDate{2025, 10, 6});
    // Holidays within 7 days: 国庆 (Oct 1) and 中秋 (Oct 6).
    CHECK(countKind(rs, ReminderKind::Holiday) == 2);
    // Service: 25000 km projected around 2025-05-15..20, before 2025-09-30 (6 months) -> by mileage, overdue.
    const auto* service = findKind(rs, ReminderKind::ServiceDue);
    REQUIRE(service);
    CHECK(service->vehicleId == "v1");
    CHECK(service->dueDate < CivilDate{2025, 9, 30});
    CHECK(service->detail.find("mileage") != std::string::npos);
    // Warranty: ~30020 km today, 31000 km reached early November (< 1000 km left) -> expiring by mileage.
    const auto* warranty = findKind(rs, ReminderKind::WarrantyExpiring);
    REQUIRE(warranty);
    CHECK(warranty->dueDate > CivilDate{2025, 10, 25});
    CHECK(warranty->dueDate < CivilDate{2025, 11, 10});
    CHECK(warranty->detail.find("km left") != std::string::npos);
    const auto* insurance = findKind(rs, ReminderKind::InsuranceRenewal);
    REQUIRE(insurance);
    CHECK(insurance->dueDate == CivilDate{2025, 10, 20});

    SUBCASE("outside the lead times nothing but the revisit is due") {
        const CivilDate early{2025, 3, 1};
        CustomerFacts quiet = c;
        quiet.vehicles[0].odometer = OdometerHistory({{{2023, 1, 1}, 0}, {{2025, 2, 1}, 5000}});
        quiet.vehicles[0].lastServiceDate = CivilDate{2025, 2, 1};
        quiet.vehicles[0].lastServiceKm = 5000;
        const auto quietRs = remindersFor(quiet, cls, s, early);
        CHECK(quietRs.size() == 1);
        CHECK(quietRs[0].kind == ReminderKind::Revisit);
    }
    SUBCASE("insurance grace period and warranty limits") {
        s.insuranceGraceDays = 10;
        CHECK(countKind(remindersFor(c, cls, s, CivilDate{2025, 10, 30}), ReminderKind::InsuranceRenewal) == 1);
        CHECK(countKind(remindersFor(c, cls, s, CivilDate{2025, 10, 31}), ReminderKind::InsuranceRenewal) == 0);
        s.warrantyWithinKm = 0;
        s.warrantyWithinDays = 0;
        CHECK(countKind(remindersFor(c, cls, s, today), ReminderKind::WarrantyExpiring) == 0);
    }
    SUBCASE("a service overdue for longer than serviceOverdueDays is no longer raised") {
        const int overdue = static_cast<int>(daysBetween(service->dueDate, today));
        REQUIRE(overdue > 1);
        s.serviceOverdueDays = overdue;  // the edge: still raised
        CHECK(countKind(remindersFor(c, cls, s, today), ReminderKind::ServiceDue) == 1);
        s.serviceOverdueDays = overdue - 1;
        CHECK(countKind(remindersFor(c, cls, s, today), ReminderKind::ServiceDue) == 0);
        CHECK(countKind(remindersFor(c, cls, s, today), ReminderKind::Revisit) == 1);  // the revisit still is
        CHECK(FollowupSettings::fromJson(s.toJson()).serviceOverdueDays == overdue - 1);
    }
    SUBCASE("holiday greetings for important customers only") {
        s.holidayGreetingsImportantOnly = true;
        CHECK(countKind(remindersFor(c, cls, s, today), ReminderKind::Holiday) == 0);
        cls.important = true;
        CHECK(countKind(remindersFor(c, cls, s, today), ReminderKind::Holiday) == 2);
    }
}

TEST_CASE("agenda: overdue, today, this week (next 6 days)") {
    const CivilDate today{2025, 6, 30};
    std::vector<Reminder> rs = {
        {ReminderKind::Revisit, "b", "", today.addDays(-1), ""},
        {ReminderKind::Birthday, "a", "", today, ""},
        {ReminderKind::Revisit, "a", "", today, ""},
        {ReminderKind::Holiday, "a", "", today.addDays(1), ""},
        {ReminderKind::ServiceDue, "a", "v", today.addDays(6), ""},
        {ReminderKind::InsuranceRenewal, "a", "v", today.addDays(7), ""},
        {ReminderKind::Revisit, "c", "", today.addDays(-30), ""},
    };
    const auto agenda = buildAgenda(rs, today);
    REQUIRE(agenda.overdue.size() == 2);
    CHECK(agenda.overdue[0].customerId == "c"); // oldest first
    REQUIRE(agenda.today.size() == 2);
    CHECK(agenda.today[0].kind == ReminderKind::Revisit); // same day: by kind
    REQUIRE(agenda.thisWeek.size() == 2);
    CHECK(agenda.thisWeek[1].kind == ReminderKind::ServiceDue);
    CHECK(reminderKindKey(ReminderKind::WarrantyExpiring) == "warranty_expiring");
}

// Doctests for how ClassificationService tells which customers a change touches without a map of its own
// (issue 14): the customer a related document belonged to comes from the customer_id index as it was before
// the change, and customers are keyed by the store's own ids.
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace crm::core;

namespace {
constexpr int64_t kNow = 1795516140000;  // 2026-11-24 in China

struct Shop {
    FixedClock clock{kNow};
    CrmSession session{clock, 3};
    ClassificationService classes{session.store()};
    CivilDate today = chinaToday(kNow);

    std::string put(Json doc) {  // straight into the store (no record validation: bare test documents)
        WriteResult r = session.store().put(std::move(doc));
        REQUIRE(r.ok());
        return r.id;
    }
    Json get(const std::string& id) { return *session.store().get(id); }
    size_t vehiclesOf(const std::string& customer) {
        const std::optional<CustomerFacts> facts = classes.factsOf(customer);
        REQUIRE(facts);
        return facts->vehicles.size();
    }
};
}  // namespace

TEST_CASE("a vehicle moved to another customer leaves the first one's facts; deletes and retypes are followed") {
    Shop s;
    const std::string a = s.put({{"type", "customer"}, {"name", "甲"}});
    const std::string b = s.put({{"type", "customer"}, {"name", "乙"}});
    const std::string car = s.put({{"type", "vehicle"}, {"customer_id", a}, {"purchase_date", "2024-01-05"}});
    const std::string visit = s.put({{"type", "service_record"}, {"customer_id", a}, {"vehicle_id", car},
                                     {"date_in", "2026-10-01"}, {"parts_amount", 800}});
    s.classes.refresh(s.today);
    CHECK(s.vehiclesOf(a) == 1);
    CHECK(s.classes.classOf(a)->visitsInWindow == 1);

    Json moved = s.get(car);
    moved["customer_id"] = b;
    s.put(moved);
    CHECK(s.classes.pendingCustomers() == 2);  // the old owner (from the index, before it changes) and the new
    s.classes.refresh(s.today);
    CHECK(s.vehiclesOf(a) == 0);
    CHECK(s.vehiclesOf(b) == 1);

    // A deleted service record has no customer_id left to read: the index still knows whose it was.
    REQUIRE(s.session.store().remove(visit, s.get(visit)["_rev"].get<std::string>()).ok());
    CHECK(s.classes.pendingCustomers() == 1);
    s.classes.refresh(s.today);
    CHECK(s.classes.classOf(a)->visitsInWindow == 0);

    // A related document retyped as something the classification ignores leaves its customer too.
    Json retyped = s.get(car);
    retyped["type"] = "note";
    s.put(retyped);
    s.classes.refresh(s.today);
    CHECK(s.vehiclesOf(b) == 0);

    // A customer_id naming no document, and a customer that stops being one.
    s.put({{"type", "vehicle"}, {"customer_id", "customer:nobody"}});
    CHECK(s.classes.pendingCustomers() == 0);
    Json notCustomer = s.get(b);
    notCustomer["type"] = "note";
    s.put(notCustomer);
    s.classes.refresh(s.today);
    CHECK(s.classes.classOf(b) == nullptr);
    CHECK(s.classes.customerCount() == 1);
    CHECK(s.classes.classOf("customer:nobody") == nullptr);
}

TEST_CASE("the agenda keeps 16-byte entries that give back each customer's open reminders, details included") {
    static_assert(sizeof(AgendaEntry) <= 16);
    Shop s;
    std::vector<std::string> customers;
    for (int i = 0; i < 30; ++i) {
        const Json birthday{{"calendar", i % 2 ? "lunar" : "solar"}, {"month", 11}, {"day", 20 + i % 8}};
        customers.push_back(s.put({{"type", "customer"}, {"name", "客户" + std::to_string(i)}, {"birthday", birthday}}));
        if (i % 3 == 0) {  // a car due for service (and insurance ending) within the agenda's week
            const std::string car = s.put({{"type", "vehicle"}, {"customer_id", customers.back()},
                                           {"purchase_date", "2026-05-20"}, {"insurance_end", "2026-11-28"}});
            s.put({{"type", "service_record"}, {"customer_id", customers.back()}, {"vehicle_id", car},
                   {"date_in", "2026-05-25"}, {"odometer_in", 1000}, {"parts_amount", 300 + i}});
        }
    }
    s.classes.refresh(s.today);
    const AgendaEntries& entries = s.classes.agendaEntries();
    size_t count = 0, withVehicle = 0;
    for (const auto* bucket : {&entries.overdue, &entries.today, &entries.thisWeek}) {
        for (const AgendaEntry& e : *bucket) {
            const Reminder r = s.classes.reminderOf(e);
            std::vector<Reminder> own = s.classes.remindersOf(r.customerId);
            auto same = std::find_if(own.begin(), own.end(), [&](const Reminder& x) {
                return reminderKey(x) == reminderKey(r) && x.detail == r.detail;
            });
            CHECK(same != own.end());
            CHECK_FALSE(r.detail.empty());
            withVehicle += !r.vehicleId.empty();
            ++count;
        }
    }
    size_t expected = 0;
    for (const std::string& c : customers) expected += s.classes.remindersOf(c).size();
    CHECK(count == expected);
    CHECK(withVehicle >= 10);
    const Agenda all = s.classes.agenda();  // the same, as Reminders
    CHECK(all.overdue.size() + all.today.size() + all.thisWeek.size() == count);
}

// Paced refreshes, each with time to spare, until nothing is left to do.
static void settlePaced(Shop& s) {
    FixedSteadyClock steady;
    for (int call = 0; call < 100 && (s.classes.dirty() || s.classes.busy()); ++call) {
        FrameBudget frame(steady, 1000.0);
        s.classes.refreshPaced(s.today, kNow, frame);
    }
    CHECK_FALSE(s.classes.dirty());
}

TEST_CASE("facts rebuilt against a time budget: one customer when it is spent, all while it lasts; results as at once") {
    Shop s;
    std::vector<std::string> customers;
    for (int i = 0; i < 20; ++i) {
        const std::string c = s.put({{"type", "customer"}, {"name", "客户" + std::to_string(i)}});
        const std::string car = s.put({{"type", "vehicle"}, {"customer_id", c}, {"purchase_date", "2024-01-05"}});
        for (int v = 0; v < i % 4; ++v) {
            s.put({{"type", "service_record"}, {"customer_id", c}, {"vehicle_id", car}, {"date_in", "2026-10-0" + std::to_string(v + 1)},
                   {"parts_amount", 100 * (i + v)}});
        }
        customers.push_back(c);
    }
    FixedSteadyClock steady;  // never moves: a budget with time left keeps it
    FrameBudget spent = FrameBudget::spent(steady);
    CHECK_FALSE(s.classes.refreshPaced(s.today, kNow, spent));
    CHECK(s.classes.pendingCustomers() == 19);  // the one step a call always takes
    FrameBudget lasting(steady, 1000.0);
    CHECK_FALSE(s.classes.refreshPaced(s.today, kNow, lasting));
    CHECK(s.classes.pendingCustomers() == 0);
    settlePaced(s);
    ClassificationService atOnce(s.session.store());
    atOnce.refresh(s.today);
    for (const std::string& c : customers) {
        REQUIRE(s.classes.classOf(c));
        REQUIRE(atOnce.classOf(c));
        CHECK(s.classes.classOf(c)->valueClass == atOnce.classOf(c)->valueClass);
        CHECK(s.classes.classOf(c)->visitsInWindow == atOnce.classOf(c)->visitsInWindow);
        CHECK(s.classes.classOf(c)->spendInWindow == atOnce.classOf(c)->spendInWindow);
        CHECK(s.classes.remindersOf(c).size() == atOnce.remindersOf(c).size());
    }
}

TEST_CASE("every customer queued in steps of the store's entries after a load: progress at 0 meanwhile, nothing rebuilt "
          "before all are queued; results as at once") {
    Shop s;
    std::vector<std::string> customers;
    for (int i = 0; i < 3000; ++i) {  // 9,000 entries: three queueing steps
        const std::string c = s.put({{"type", "customer"}, {"name", "客户" + std::to_string(i)}});
        s.put({{"type", "vehicle"}, {"customer_id", c}, {"purchase_date", "2024-01-05"}});
        s.put({{"type", "service_record"}, {"customer_id", c}, {"date_in", "2026-10-01"}, {"parts_amount", 10 * (i % 50)}});
        customers.push_back(c);
    }
    REQUIRE(s.session.store().entryCount() > 2 * ClassificationService::kQueueEntriesPerStep);
    REQUIRE(s.session.store().entryCount() < 3 * ClassificationService::kQueueEntriesPerStep);
    FixedSteadyClock steady;
    for (int step = 0; step < 2; ++step) {
        FrameBudget spent = FrameBudget::spent(steady);
        CHECK_FALSE(s.classes.refreshPaced(s.today, kNow, spent));
        CHECK(s.classes.busy());
        CHECK(s.classes.dirty());
        CHECK(s.classes.rebuildProgress() == 0.0);
        CHECK(s.classes.pendingCustomers() > 0);
        CHECK_FALSE(s.classes.classOf(customers.front()));
    }
    FrameBudget spent = FrameBudget::spent(steady);
    CHECK_FALSE(s.classes.refreshPaced(s.today, kNow, spent));  // the last step, then one customer's facts
    CHECK(s.classes.pendingCustomers() == customers.size() - 1);
    REQUIRE(s.classes.rebuildProgress());
    CHECK(*s.classes.rebuildProgress() > 0.0);
    settlePaced(s);
    ClassificationService atOnce(s.session.store());
    atOnce.refresh(s.today);
    for (size_t i = 0; i < customers.size(); i += 97) {
        REQUIRE(s.classes.classOf(customers[i]));
        REQUIRE(atOnce.classOf(customers[i]));
        CHECK(s.classes.classOf(customers[i])->valueClass == atOnce.classOf(customers[i])->valueClass);
        CHECK(s.classes.classOf(customers[i])->spendInWindow == atOnce.classOf(customers[i])->spendInWindow);
    }
}

TEST_CASE("a refresh with a count budget queues every customer at once before rebuilding any") {
    Shop s;
    for (int i = 0; i < 2500; ++i) {  // 5,000 entries: more than one queueing step
        const std::string c = s.put({{"type", "customer"}, {"name", "客户" + std::to_string(i)}});
        s.put({{"type", "vehicle"}, {"customer_id", c}, {"purchase_date", "2024-01-05"}});
    }
    CHECK_FALSE(s.classes.refresh(s.today, 10));
    CHECK(s.classes.pendingCustomers() == 2490);
    CHECK(s.classes.refresh(s.today));
    CHECK(s.classes.pendingCustomers() == 0);
}

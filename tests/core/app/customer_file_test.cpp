// Doctests for the customer-file glue: incremental classification and reminders from the store, reminders
// resolved by follow-ups, the timeline with attributed edits, filters and saved views.
#include "core/app/classification_service.h"
#include "core/app/customer_file.h"
#include "core/app/customer_filter.h"

#include <doctest/doctest.h>
#include <map>
#include <random>

using namespace crm::core;

namespace {
constexpr int64_t kNow = 1795516140000;  // 2026-11-24T10:29:00Z = 2026-11-24 18:29 in China

struct Fixture {
    FixedClock clock{kNow};
    CrmSession session{clock, 7};
    ClassificationService classes{session.store()};
    CustomerFiles files{session, classes.byCustomer()};
    CivilDate today = chinaToday(kNow);

    std::string customer(const std::string& name, Json extra = Json::object()) {
        Json doc{{"type", "customer"}, {"name", name}};
        doc.update(extra);
        WriteResult r = session.putDocument(doc);
        REQUIRE(r.ok());
        return r.id;
    }
    std::string visits(const std::string& customerId, int count, double amount, int everyDays = 30) {
        WriteResult v = files.saveRelated(Json{{"type", "vehicle"}, {"plate", "粤B12345"}}, customerId, "tester");
        REQUIRE(v.ok());
        for (int i = 0; i < count; ++i) {
            Json sr{{"type", "service_record"}, {"vehicle_id", v.id},
                    {"date_in", today.addDays(-everyDays * (i + 1)).toString()}, {"parts_amount", amount},
                    {"labour_amount", 0}, {"pay_type", "customer"}};
            REQUIRE(files.saveRelated(sr, customerId, "tester").ok());
        }
        return v.id;
    }
};
} // namespace

TEST_CASE("chinaToday uses UTC+8") {
    CHECK(chinaToday(kNow).toString() == "2026-11-24");
    CHECK(chinaToday(1795536000000 - 1).toString() == "2026-11-24");  // 15:59:59.999Z = 23:59 CST
    CHECK(chinaToday(1795536000000).toString() == "2026-11-25");      // 16:00Z = midnight CST
}

TEST_CASE("paced classification: a stream of changes is ranked once it settles, not after every slice") {
    Fixture f;
    for (int i = 0; i < 10; ++i) f.customer("客户" + std::to_string(i));
    int64_t now = kNow;
    CHECK_FALSE(f.classes.refreshPaced(f.today, now));  // facts first
    CHECK(f.classes.refreshPaced(f.today, now));        // then the first ranking, at once
    const uint64_t ranked = f.classes.generation();
    // A sync streams customers in, more at a time than an incremental re-rank takes, a slice every 100 ms.
    const int perSlice = static_cast<int>(ClassificationService::kIncrementalLimit) + 6;
    std::vector<std::string> streamed;
    for (int k = 0; k < 10; ++k) {
        for (int i = 0; i < perSlice; ++i) streamed.push_back(f.customer("同步" + std::to_string(k * perSlice + i)));
        now += 100;
        CHECK_FALSE(f.classes.refreshPaced(f.today, now));
        now += 100;
        CHECK_FALSE(f.classes.refreshPaced(f.today, now));
    }
    CHECK(f.classes.generation() == ranked);  // no full re-rank while documents kept coming
    const CustomerClassification* pending = f.classes.classOf(streamed.back());
    CHECK(pending == nullptr);  // not ranked yet: no class rather than a default C
    now += ClassificationService::kSettleMs;
    // Settled: everyone is ranked, in steps of kRankPerStep customers a call; the previous results stay in
    // place until the new ones are complete, and a customer written meanwhile waits for its turn.
    int calls = 1;
    std::string during;
    while (!f.classes.refreshPaced(f.today, now)) {
        REQUIRE(calls < 100);
        CHECK(f.classes.generation() == ranked);
        const CustomerClassification* stillPending = f.classes.classOf(streamed.back());
        CHECK(stillPending == nullptr);
        if (++calls == 2) during = f.customer("排队");
    }
    CHECK(calls > 4);  // ~730 customers: classes, then reminders, 250 a call
    CHECK(f.classes.generation() == ranked + 1);
    CHECK(f.classes.busy());  // the customer written during the ranking
    now += 100;
    while (f.classes.busy()) f.classes.refreshPaced(f.today, now);
    CHECK(f.classes.refreshPaced(f.today, now));  // one changed customer: ranked incrementally, at once
    REQUIRE(f.classes.classOf(during));
    CHECK(f.classes.classOf(during)->classified);
    REQUIRE(f.classes.classOf(streamed.back()));
    CHECK(f.classes.classOf(streamed.back())->classified);
    CHECK(f.classes.classOf(streamed.back())->lifecycle == Lifecycle::Potential);

    // A stream that never stops is still ranked every kMaxStaleMs. (A frame calls while there is work, up to
    // its allowance: here 20 calls.)
    auto frame = [&]() {
        bool changed = false;
        for (int call = 0; call < 20 && (call == 0 || f.classes.busy()); ++call)
            changed |= f.classes.refreshPaced(f.today, now);
        return changed;
    };
    const uint64_t before = f.classes.generation();
    int reranks = 0;
    for (int64_t t = 0; t < ClassificationService::kMaxStaleMs + 2000; t += 200) {
        for (int i = 0; i < perSlice; ++i) f.customer("不停" + std::to_string(t) + "-" + std::to_string(i));
        now += 100;
        frame();
        now += 100;
        reranks += frame();
    }
    CHECK(reranks >= 1);
    CHECK(f.classes.generation() > before);
}

TEST_CASE("classification follows the store lazily and incrementally") {
    Fixture f;
    std::string a = f.customer("甲");
    std::string b = f.customer("乙");
    std::string c = f.customer("丙");
    CHECK(f.classes.refresh(f.today));
    CHECK_FALSE(f.classes.refresh(f.today));  // nothing changed: no work
    REQUIRE(f.classes.classOf(a));
    CHECK(f.classes.classOf(a)->valueClass == ValueClass::C);
    CHECK(f.classes.classOf(a)->lifecycle == Lifecycle::Potential);

    f.visits(a, 6, 100);  // >= 6 visits: A
    f.visits(b, 1, 5000); // top spend of 3: top 20% -> A by spend
    uint64_t before = f.classes.generation();
    CHECK(f.classes.dirty());
    CHECK(f.classes.refresh(f.today));
    CHECK(f.classes.generation() > before);
    CHECK(f.classes.classOf(a)->valueClass == ValueClass::A);
    CHECK(f.classes.classOf(a)->valueReason == ValueReason::Visits);
    CHECK(f.classes.classOf(a)->visitsInWindow == 6);
    CHECK(f.classes.classOf(b)->valueClass == ValueClass::A);
    CHECK(f.classes.classOf(b)->valueReason == ValueReason::Spend);
    CHECK(f.classes.classOf(c)->valueClass == ValueClass::C);
    CHECK(f.classes.classOf(b)->lifecycle == Lifecycle::Closed);

    // Settings are a synced document: a stricter visit threshold drops A to B.
    ClassificationSettings s;
    s.classAMinVisits = 7;
    Json doc = s.toJson();
    doc["_id"] = kClassificationSettingsId;
    doc["type"] = "settings";
    REQUIRE(f.session.putDocument(doc).ok());
    f.classes.refresh(f.today);
    CHECK(f.classes.classificationSettings().classAMinVisits == 7);
    CHECK(f.classes.classOf(a)->valueClass == ValueClass::B);

    // Deleting a customer removes it.
    std::optional<Json> cdoc = f.session.store().get(c);
    REQUIRE(f.session.removeDocument(c, (*cdoc)["_rev"].get<std::string>()).ok());
    f.classes.refresh(f.today);
    CHECK(f.classes.classOf(c) == nullptr);
    CHECK(f.classes.customerCount() == 2);
    CHECK(f.classes.classOf(a) != nullptr);
}

TEST_CASE("a full rebuild and incremental updates agree") {
    Fixture f;
    std::vector<std::string> ids;
    for (int i = 0; i < 12; ++i) {
        ids.push_back(f.customer("客户" + std::to_string(i), Json{{"lifecycle", i % 3 == 0 ? "intent" : "potential"}}));
        f.visits(ids.back(), 1 + i % 4, 100.0 * (i + 1));
    }
    f.classes.refresh(f.today);
    // A few customers change: new visits shift the spend percentiles, an edit changes the stage. These are
    // applied incrementally (only the changed customers' facts are rebuilt and re-ranked).
    f.visits(ids[1], 6, 5000);
    f.visits(ids[7], 2, 20);
    Json edited = *f.session.store().get(ids[4]);
    edited["lifecycle"] = "closed";
    REQUIRE(f.session.putDocument(edited).ok());
    REQUIRE(f.classes.pendingCustomers() == 3);
    f.classes.refresh(f.today);
    std::map<std::string, CustomerClassification> incremental;
    std::map<std::string, size_t> reminders;
    for (const std::string& id : ids) {
        incremental[id] = *f.classes.classOf(id);
        reminders[id] = f.classes.remindersOf(id).size();
    }
    CHECK(incremental[ids[1]].valueClass == ValueClass::A);  // the change was seen at all
    CHECK(incremental[ids[4]].lifecycle == Lifecycle::Closed);
    // The same store classified from scratch gives the same results for everyone.
    f.classes.invalidateAll();
    f.classes.refresh(f.today);
    for (const std::string& id : ids) {
        const CustomerClassification& full = *f.classes.classOf(id);
        CAPTURE(id);
        CHECK(full.valueClass == incremental[id].valueClass);
        CHECK(full.lifecycle == incremental[id].lifecycle);
        CHECK(full.loyalty == incremental[id].loyalty);
        CHECK(full.visitsInWindow == incremental[id].visitsInWindow);
        CHECK(full.spendInWindow == doctest::Approx(incremental[id].spendInWindow));
        CHECK(f.classes.remindersOf(id).size() == reminders[id]);
    }
}

TEST_CASE("the agenda: a never-followed-up customer is due today; a follow-up resolves the reminder") {
    Fixture f;
    std::string a = f.customer("王芳", Json{{"lifecycle", "intent"}});
    f.classes.refresh(f.today);
    std::vector<Reminder> due = f.classes.remindersOf(a);
    REQUIRE(due.size() == 1);
    CHECK(due[0].kind == ReminderKind::Revisit);
    CHECK(due[0].dueDate == f.today);
    REQUIRE(f.classes.agenda().today.size() == 1);
    CHECK(f.classes.agenda().today[0].customerId == a);

    Json followup{{"type", "followup"}, {"date", f.today.toString()}, {"channel", "phone"},
                  {"content", "问候"}, {"resolves", reminderKey(due[0])}};
    REQUIRE(f.files.saveRelated(followup, a, "李顾问").ok());
    f.classes.refresh(f.today);
    CHECK(f.classes.remindersOf(a).empty());
    CHECK(f.classes.agenda().today.empty());
    // Intent customers are followed up every 7 days.
    REQUIRE(f.classes.nextFollowupOf(a));
    CHECK(*f.classes.nextFollowupOf(a) == f.today.addDays(7));
    // A week later it is due again.
    f.classes.refresh(f.today.addDays(7));
    CHECK(f.classes.agenda().today.size() == 1);
}

TEST_CASE("a birthday reminder is closed by the follow-up that names it") {
    Fixture f;
    CivilDate bday = f.today.addDays(3);
    std::string a = f.customer("赵敏", Json{{"birthday", {{"calendar", "solar"}, {"year", 1990}, {"month", bday.month},
                                                         {"day", bday.day}}}});
    Json plain{{"type", "followup"}, {"date", f.today.toString()}, {"channel", "phone"}, {"content", "问候"}};
    REQUIRE(f.files.saveRelated(plain, a, "u").ok());
    f.classes.refresh(f.today);
    std::vector<Reminder> due = f.classes.remindersOf(a);
    REQUIRE(due.size() == 1);
    CHECK(due[0].kind == ReminderKind::Birthday);
    CHECK(f.classes.agenda().thisWeek.size() == 1);
    Json greet{{"type", "followup"}, {"date", f.today.toString()}, {"channel", "wechat"}, {"content", "生日快乐"},
               {"resolves", reminderKey(due[0])}};
    REQUIRE(f.files.saveRelated(greet, a, "u").ok());
    f.classes.refresh(f.today);
    CHECK(f.classes.remindersOf(a).empty());
}

TEST_CASE("timeline: newest first, with attributed field edits") {
    Fixture f;
    std::string a = f.customer("张伟");
    Json doc = *f.session.store().get(a);
    doc["company"] = "星辰汽车";
    doc["important"] = true;
    f.clock.advance(60000);
    REQUIRE(f.files.saveCustomer(doc, "李顾问").ok());
    Json stored = *f.session.store().get(a);
    REQUIRE(stored["history"].size() == 1);
    CHECK(stored["history"][0]["by"] == "李顾问");
    CHECK(stored["history"][0]["fields"] == Json::array({"company", "important"}));
    CHECK(stored["history"][0]["at"] == "2026-11-24T10:30:00Z");

    // Saving without changes records nothing.
    REQUIRE(f.files.saveCustomer(stored, "李顾问").ok());
    CHECK((*f.session.store().get(a))["history"].size() == 1);

    // A stale revision is a conflict, not an overwrite.
    doc["company"] = "别的";
    CHECK(f.files.saveCustomer(doc, "x").error->error == "conflict");

    Json fu{{"type", "followup"}, {"date", "2026-11-25"}, {"channel", "phone"}, {"content", "预约保养"}};
    REQUIRE(f.files.saveRelated(fu, a, "王顾问").ok());
    // Dated today (a day, no time) but recorded after the edit: listed before the edit.
    f.clock.advance(60000);
    Json call{{"type", "followup"}, {"date", "2026-11-24"}, {"channel", "wechat"}, {"content", "问候"}};
    REQUIRE(f.files.saveRelated(call, a, "王顾问").ok());
    std::vector<TimelineEntry> t = f.files.timeline(a);
    REQUIRE(t.size() == 4);
    CHECK(t[0].type == "followup");
    CHECK(t[0].by == "王顾问");
    CHECK(t[0].detail == "预约保养");
    CHECK(t[1].type == "followup");
    CHECK(t[1].detail == "问候");
    CHECK(t[2].type == "customer_edited");
    REQUIRE(t[2].changes.size() == 2);
    CHECK(t[2].changes[0].field == "company");
    CHECK(t[2].changes[0].before.is_null());
    CHECK(t[2].changes[0].after == "星辰汽车");
    CHECK(t[2].changes[1].field == "important");
    CHECK(t[3].type == "customer_created");
    CHECK(f.files.related(a, "followup").size() == 2);
    CHECK(f.files.related(a, "vehicle").empty());
}

TEST_CASE("filters combine, and saved views round-trip through documents") {
    Fixture f;
    std::string a = f.customer("甲", Json{{"region", "北京"}, {"important", true}});
    std::string b = f.customer("乙", Json{{"region", "上海"}});
    f.visits(a, 6, 100);
    f.classes.refresh(f.today);
    FilteredCustomers filtered;
    CustomerFilter filter;
    CHECK(filtered.view(f.session.customers(), f.classes, filter, CustomerColumn::Name, true).size() == 2);
    filter.valueClass = "A";
    auto rows = filtered.view(f.session.customers(), f.classes, filter, CustomerColumn::Name, true);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]->id == a);
    filter.valueClass = "";
    filter.importantOnly = true;
    filter.region = "上海";
    CHECK(filtered.view(f.session.customers(), f.classes, filter, CustomerColumn::Name, true).empty());
    filter.region = "北京";
    CHECK(filtered.view(f.session.customers(), f.classes, filter, CustomerColumn::Name, true).size() == 1);
    filter = {};
    filter.lifecycle = "potential";
    rows = filtered.view(f.session.customers(), f.classes, filter, CustomerColumn::Name, true);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]->id == b);

    SavedView view;
    view.name = "北京重要客户";
    view.filter.region = "北京";
    view.filter.importantOnly = true;
    view.sortColumn = CustomerColumn::Updated;
    view.ascending = false;
    view.columns = {"class", "loyalty"};
    WriteResult r = f.session.putDocument(view.toDoc());
    REQUIRE(r.ok());
    SavedView back = SavedView::fromDoc(*f.session.store().get(r.id));
    CHECK(back.name == view.name);
    CHECK(back.filter == view.filter);
    CHECK(back.sortColumn == CustomerColumn::Updated);
    CHECK_FALSE(back.ascending);
    CHECK(back.columns == view.columns);
    CHECK(back.id == r.id);
}

TEST_CASE("a budgeted refresh spreads a full rebuild over calls and ends with the same results") {
    Fixture f;
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) ids.push_back(f.customer("客户" + std::to_string(i)));
    f.visits(ids[0], 6, 100);
    f.classes.invalidateAll();
    CHECK_FALSE(f.classes.refresh(f.today, 2));  // 5 customers queued, 2 done
    CHECK(f.classes.pendingCustomers() == 3);
    CHECK_FALSE(f.classes.refresh(f.today, 2));
    CHECK(f.classes.refresh(f.today, 2));        // the last slice re-ranks
    CHECK_FALSE(f.classes.dirty());
    CHECK(f.classes.customerCount() == 5);
    REQUIRE(f.classes.classOf(ids[0]));
    CHECK(f.classes.classOf(ids[0])->valueClass == ValueClass::A);
    // Deleting a vehicle after a sliced rebuild still reaches its customer (doc -> customer map refilled).
    std::vector<Json> vehicles = f.files.related(ids[0], "vehicle");
    REQUIRE(vehicles.size() == 1);
    REQUIRE(f.session.removeDocument(stringField(vehicles[0], "_id"), stringField(vehicles[0], "_rev")).ok());
    f.classes.refresh(f.today);
    CHECK(f.classes.factsOf(ids[0])->vehicles.empty());
}

TEST_CASE("a full re-rank in steps merges each step's reminders into the agenda one sort would give") {
    Fixture f;
    std::vector<std::string> ids;
    for (int i = 0; i < 1200; ++i) {
        const Json birthday{{"calendar", "solar"}, {"month", 11}, {"day", 20 + i % 10}};  // overdue to next week
        ids.push_back(f.customer("客户" + std::to_string(i % 97), Json{{"birthday", birthday}}));
    }
    int calls = 1;
    while (!f.classes.refreshPaced(f.today, kNow)) REQUIRE(++calls < 1000);
    CHECK(calls > 10);  // facts 300 a call, then ranks 250 a call: the agenda is merged from many steps
    std::vector<Reminder> all;
    for (const std::string& id : ids) {
        std::vector<Reminder> own = f.classes.remindersOf(id);
        all.insert(all.end(), own.begin(), own.end());
    }
    const Agenda expected = buildAgenda(all, f.today);
    const Agenda& merged = f.classes.agenda();
    CHECK(merged.overdue.size() + merged.today.size() + merged.thisWeek.size() > 1200);
    auto keys = [](const std::vector<Reminder>& bucket) {
        std::vector<std::string> out;
        for (const Reminder& r : bucket) out.push_back(reminderKey(r) + "|" + r.customerId);
        return out;
    };
    CHECK(keys(merged.overdue) == keys(expected.overdue));
    CHECK(keys(merged.today) == keys(expected.today));
    CHECK(keys(merged.thisWeek) == keys(expected.thisWeek));
}

TEST_CASE("incremental re-ranking after small edits agrees with a full re-rank of everyone") {
    Fixture f;
    std::mt19937 rng(5);
    std::vector<std::string> ids;
    for (int i = 0; i < 40; ++i) {
        ids.push_back(f.customer("客户" + std::to_string(i), Json{{"birthday", {{"calendar", "solar"}, {"month", 11}, {"day", 25 + i % 4}}}}));
        if (i % 3 != 0) f.visits(ids.back(), int(rng() % 5) + 1, double(rng() % 900 + 100), int(rng() % 60) + 20);
    }
    f.classes.refresh(f.today);
    auto agendaKeys = [](const Agenda& a) {
        std::vector<std::string> keys;
        for (const auto* bucket : {&a.overdue, &a.today, &a.thisWeek}) {
            for (const Reminder& r : *bucket) keys.push_back(reminderKey(r) + "|" + r.customerId + "|" + r.detail);
            keys.push_back("--");
        }
        return keys;
    };
    for (int step = 0; step < 60; ++step) {
        const std::string& id = ids[rng() % ids.size()];
        switch (rng() % 5) {
        case 0:  // a big repair order: may move the class thresholds
            f.files.saveRelated(Json{{"type", "service_record"}, {"date_in", f.today.addDays(-int(rng() % 300)).toString()},
                                     {"parts_amount", double(rng() % 5000)}, {"pay_type", "customer"}},
                                id, "t");
            break;
        case 1:  // a follow-up that moves the revisit
            f.files.saveRelated(Json{{"type", "followup"}, {"date", f.today.toString()}, {"content", "回访"},
                                     {"next_date", f.today.addDays(int(rng() % 10)).toString()}},
                                id, "t");
            break;
        case 2: {  // a new customer
            ids.push_back(f.customer("新客" + std::to_string(step)));
            break;
        }
        case 3: {  // delete a customer
            if (std::optional<Json> doc = f.session.store().get(id)) f.session.removeDocument(id, stringField(*doc, "_rev"));
            break;
        }
        default: {  // mark important / change the stage
            if (std::optional<Json> doc = f.session.store().get(id)) {
                (*doc)["important"] = rng() % 2 == 0;
                (*doc)["lifecycle"] = rng() % 2 == 0 ? "intent" : "closed";
                f.session.putDocument(*doc);
            }
        }
        }
        f.classes.refresh(f.today);
        ClassificationService full(f.session.store());
        full.refresh(f.today);
        CAPTURE(step);
        REQUIRE(full.customerCount() == f.classes.customerCount());
        for (const std::string& c : ids) {
            const CustomerClassification* a = f.classes.classOf(c);
            const CustomerClassification* b = full.classOf(c);
            REQUIRE((a == nullptr) == (b == nullptr));
            if (!a) continue;
            CHECK(a->valueClass == b->valueClass);
            CHECK(a->important == b->important);
            CHECK(a->lifecycle == b->lifecycle);
            CHECK(a->visitsInWindow == b->visitsInWindow);
            CHECK(a->spendInWindow == doctest::Approx(b->spendInWindow));
        }
        CHECK(agendaKeys(f.classes.agenda()) == agendaKeys(full.agenda()));
    }
}

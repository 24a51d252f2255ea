// Benchmark (issue 5): classify and filter 100,000 customers with 150,000 vehicles and 1,000,000 service
// records (generated). Times a full reclassification, an incremental one after one edit, a settings
// change, and filter changes in the customer list. Prints times; asserts nothing.
// Usage: classify_bench [customers=100000] [vehicles=150000] [service_records=1000000]
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"
#include "core/app/customer_filter.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

using namespace crm::core;
using Steady = std::chrono::steady_clock;

namespace {
double msSince(Steady::time_point t) { return std::chrono::duration<double, std::milli>(Steady::now() - t).count(); }
// CPU time of this process (the machine may be shared: wall time then says little).
double cpuMs() { return 1000.0 * double(std::clock()) / CLOCKS_PER_SEC; }

std::string dateBefore(const CivilDate& today, int days) { return today.addDays(-days).toString(); }
} // namespace

int main(int argc, char** argv) {
    const size_t customers = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    const size_t vehicles = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 150000;
    const size_t records = argc > 3 ? std::strtoul(argv[3], nullptr, 10) : 1000000;
    const int64_t now = 1795516140000;  // 2026-11-24
    FixedClock clock(now);
    CrmSession session(clock, 1);
    ClassificationService classes(session.store());
    const CivilDate today = chinaToday(now);
    std::mt19937 rng(42);
    const char* regions[] = {"北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "西安"};
    const char* surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"};
    const char* given[] = {"伟", "芳", "娜", "敏", "静", "磊", "洋", "强", "军", "杰", "丽", "勇"};

    auto t = Steady::now();
    std::vector<Json> batch;
    auto flush = [&] {
        session.store().bulkDocs(std::move(batch));
        batch.clear();
    };
    for (size_t i = 0; i < customers; ++i) {
        Json c{{"_id", "customer:" + std::to_string(i)}, {"type", "customer"},
               {"name", std::string(surnames[rng() % 10]) + given[rng() % 12] + given[rng() % 12]},
               {"phones", {"139" + std::to_string(10000000 + i)}}, {"region", regions[rng() % 8]},
               {"important", rng() % 20 == 0}, {"updated_at", "2026-11-01T00:00:00Z"}};
        if (rng() % 10 == 0) c["lifecycle"] = "intent";
        if (rng() % 3 == 0) c["birthday"] = Json{{"calendar", rng() % 4 == 0 ? "lunar" : "solar"}, {"year", 1980},
                                                 {"month", int(rng() % 12) + 1}, {"day", int(rng() % 28) + 1}};
        batch.push_back(std::move(c));
        if (batch.size() == 10000) flush();
    }
    std::vector<size_t> vehicleOwner(vehicles);
    for (size_t v = 0; v < vehicles; ++v) {
        size_t owner = v < customers ? v : rng() % customers;
        vehicleOwner[v] = owner;
        int age = int(rng() % 2500) + 30;
        Json doc{{"_id", "vehicle:" + std::to_string(v)}, {"type", "vehicle"}, {"customer_id", "customer:" + std::to_string(owner)},
                 {"plate", "粤B" + std::to_string(10000 + v % 90000)}, {"in_service_date", dateBefore(today, age)},
                 {"warranty_end", dateBefore(today, age - 1095)}, {"warranty_km", 100000}};
        if (rng() % 2 == 0) doc["insurance_end"] = dateBefore(today, int(rng() % 400) - 30);
        batch.push_back(std::move(doc));
        if (batch.size() == 10000) flush();
    }
    for (size_t r = 0; r < records; ++r) {
        size_t v = rng() % vehicles;
        int daysAgo = int(rng() % 1200);
        Json doc{{"_id", "service:" + std::to_string(r)}, {"type", "service_record"}, {"vehicle_id", "vehicle:" + std::to_string(v)},
                 {"customer_id", "customer:" + std::to_string(vehicleOwner[v])}, {"date_in", dateBefore(today, daysAgo)}, {"odometer_in", int64_t(1200 - daysAgo) * 40 + int64_t(rng() % 500)},
                 {"parts_amount", double(rng() % 3000)}, {"labour_amount", double(rng() % 800)},
                 {"pay_type", rng() % 10 == 0 ? "warranty" : "customer"}};
        batch.push_back(std::move(doc));
        if (batch.size() == 10000) flush();
    }
    flush();
    std::printf("generate + load: %.0f ms (%zu documents)\n", msSince(t), session.store().docCount());

    t = Steady::now();
    double cpu = cpuMs();
    classes.refresh(today);
    std::printf("full reclassification (facts from every document + classes + reminders + agenda): %.0f ms (cpu %.0f ms)\n",
                msSince(t), cpuMs() - cpu);
    const Agenda& agenda = classes.agenda();
    std::printf("  agenda: %zu overdue, %zu today, %zu this week\n", agenda.overdue.size(), agenda.today.size(),
                agenda.thisWeek.size());

    t = Steady::now();
    cpu = cpuMs();
    ClassificationSettings s;
    s.classAMinVisits = 8;
    Json settings = s.toJson();
    settings["_id"] = kClassificationSettingsId;
    settings["type"] = "settings";
    session.store().put(settings);
    classes.refresh(today);
    std::printf("reclassification after a settings change (cached facts): %.0f ms (cpu %.0f ms)\n", msSince(t), cpuMs() - cpu);

    t = Steady::now();
    cpu = cpuMs();
    session.store().put(Json{{"type", "service_record"}, {"customer_id", "customer:7"}, {"vehicle_id", "vehicle:7"},
                             {"date_in", today.toString()}, {"parts_amount", 5000.0}});
    classes.refresh(today);
    std::printf("reclassification after one new repair order (incremental): %.1f ms (cpu %.1f ms)\n", msSince(t), cpuMs() - cpu);
    t = Steady::now();
    cpu = cpuMs();
    session.store().put(Json{{"type", "customer"}, {"name", "新客户"}});
    classes.refresh(today);
    std::printf("reclassification after one new customer (incremental): %.1f ms (cpu %.1f ms)\n", msSince(t), cpuMs() - cpu);

    t = Steady::now();
    classes.invalidateAll();
    size_t calls = 0;
    double worst = 0;
    const int64_t nowMs = session.clock().nowMs();
    do {
        auto c = Steady::now();
        classes.refreshPaced(today, nowMs, ClassificationService::kFrameBudget);
        worst = std::max(worst, msSince(c));
        ++calls;
    } while (classes.dirty());
    std::printf("full reclassification sliced for the frame loop (facts of %zu customers a call, then ranks of %zu): "
                "%.0f ms in %zu calls, worst call %.1f ms\n",
                ClassificationService::kFrameBudget, ClassificationService::kRankPerStep, msSince(t), calls, worst);

    FilteredCustomers filtered;
    CustomerFilter filter;
    t = Steady::now();
    size_t n = filtered.view(session.customers(), classes, filter, CustomerColumn::Name, true).size();
    std::printf("first list view (sort %zu rows by name): %.1f ms\n", n, msSince(t));
    filter.valueClass = "A";
    t = Steady::now();
    n = filtered.view(session.customers(), classes, filter, CustomerColumn::Name, true).size();
    std::printf("filter change: class A -> %zu rows in %.1f ms\n", n, msSince(t));
    filter.importantOnly = true;
    t = Steady::now();
    n = filtered.view(session.customers(), classes, filter, CustomerColumn::Name, true).size();
    std::printf("filter change: + important -> %zu rows in %.1f ms\n", n, msSince(t));
    filter = {};
    filter.loyalty = "lost";
    filter.warranty = "out";
    t = Steady::now();
    n = filtered.view(session.customers(), classes, filter, CustomerColumn::Name, true).size();
    std::printf("filter change: lost + out of warranty -> %zu rows in %.1f ms\n", n, msSince(t));
    t = Steady::now();
    filtered.view(session.customers(), classes, filter, CustomerColumn::Name, true);
    std::printf("same filter again (cached, every frame): %.3f ms\n", msSince(t));
    return 0;
}

// Benchmark (issue 14): memory and reopen time of the demo mix natively. Fills a store with the ?demo data of N
// customers (about eight documents each) with the app's derived views attached (customer list, search,
// classification), saves it to a file persistence, then opens it again in a fresh session and reports bytes
// per document (malloc's count) and the open time, split into reading records and deriving views.
// Usage: store_memory_bench [customers=10000] [file]
// The file (the store's log, removed at the end) is by default one of this run's own: store_memory_bench.<pid>.log
// in $CRM_TEST_OUTPUT when set, else in /tmp; so two runs at once never share one.
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"
#include "core/app/customer_search.h"
#include "core/app/demo_data.h"
#include "native/file_persistence.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <malloc.h>
#include <memory>
#include <string>
#include <unistd.h>

using namespace crm::core;
using Steady = std::chrono::steady_clock;

namespace {
// This run's own store file (see the usage above).
std::string defaultFile() {
    const char* out = std::getenv("CRM_TEST_OUTPUT");
    const std::string dir = out && *out ? out : "/tmp";
    std::filesystem::create_directories(dir);
    return dir + "/store_memory_bench." + std::to_string(getpid()) + ".log";
}
double msSince(Steady::time_point t) { return std::chrono::duration<double, std::milli>(Steady::now() - t).count(); }
size_t allocated() { return mallinfo2().uordblks; }
} // namespace

int main(int argc, char** argv) {
    const size_t customers = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
    const std::string file = argc > 2 ? argv[2] : defaultFile();
    std::remove(file.c_str());
    FixedClock clock(1795516140000);
    size_t documents = 0;
    {
        FilePersistence disk(file);
        CrmSession session(clock, 1);
        ClassificationService classes(session.store());
        CustomerSearch search(session.store());
        session.open(&disk, nullptr);
        DemoOptions options;
        options.customers = customers;
        DemoGenerator demo(options);
        std::vector<Json> batch;
        auto t = Steady::now();
        while (demo.next(batch, 200)) {
            session.putDocuments(std::move(batch));
            batch.clear();
        }
        while (session.pendingSaves() > 0) session.tick();
        documents = session.store().docCount();
        std::printf("fill %zu customers, %zu documents: %.0f ms, packed documents %.1f MB\n", customers, documents,
                    msSince(t), session.store().packedBytes() / 1048576.0);
    }
    size_t base = allocated();
    auto t = Steady::now();
    FilePersistence disk(file);
    auto session = std::make_unique<CrmSession>(clock, 2);
    size_t sessionOnly = 0;
    session->open(&disk, nullptr);
    double loadMs = msSince(t);
    sessionOnly = allocated() - base;
    t = Steady::now();
    size_t beforeClasses = allocated();
    auto classes = std::make_unique<ClassificationService>(session->store());
    const size_t byCustomerBytes = allocated() - beforeClasses;  // its customer_id index, built at construction
    classes->refresh(chinaToday(clock.nowMs()));
    size_t classesBytes = allocated() - beforeClasses;
    double classesMs = msSince(t);
    // The search index is built from a load notice (as in the app, where it listens before the load), in
    // steps, and measured once complete. The notice also makes the customer list and the classification
    // rebuild (the classification only marks itself stale; the list's rows are replaced by rows as large).
    t = Steady::now();
    size_t beforeSearch = allocated();
    auto search = std::make_unique<CustomerSearch>(session->store());
    session->store().beginBulkLoad();
    session->store().endBulkLoad();
    while (search->pending() > 0) search->step(1000);
    size_t searchBytes = allocated() - beforeSearch;
    double searchMs = msSince(t);
    size_t all = allocated() - base;
    std::printf("reopen: read %.0f ms (%.1f us a document), derive classification %.0f ms, search (with the customer "
                "list again) %.0f ms, %zu customers indexed\n",
                loadMs, 1000.0 * loadMs / double(documents), classesMs, searchMs, search->index().size());
    std::printf("memory: store + customer list %.1f MB (%.0f B a document); with classification and search %.1f MB (%.0f B a document)\n",
                sessionOnly / 1048576.0, double(sessionOnly) / double(documents), all / 1048576.0,
                double(all) / double(documents));
    std::printf("        of the store: packed documents %.1f MB (%.0f B a document), the document table beside them %.1f MB "
                "(%.0f B a document: entries, id table, orders, ids, arena slack)\n",
                session->store().packedBytes() / 1048576.0, double(session->store().packedBytes()) / double(documents),
                session->store().tableBytes() / 1048576.0, double(session->store().tableBytes()) / double(documents));
    const AgendaEntries& agenda = classes->agendaEntries();
    std::printf("        classification %.1f MB (%.0f B a document; %zu customers, %zu reminders in the agenda), "
                "search %.1f MB (%.0f B a document)\n",
                classesBytes / 1048576.0, double(classesBytes) / double(documents), classes->customerCount(),
                agenda.overdue.size() + agenda.today.size() + agenda.thisWeek.size(), searchBytes / 1048576.0,
                double(searchBytes) / double(documents));
    std::printf("        of the classification: the customer_id index %.1f MB, facts, classes and agenda %.1f MB\n",
                byCustomerBytes / 1048576.0, (classesBytes - byCustomerBytes) / 1048576.0);
    const ClassificationService::MemoryStats cm = classes->memoryStats();
    const double perCustomer = cm.customers ? 1.0 / double(cm.customers) : 0;
    std::printf("        of those facts, classes and agenda (estimated from sizes and capacities, B a customer): facts %.0f "
                "(%zu vehicles, %zu visits, %zu odometer readings), classes %.0f, customer index %.0f, agenda %.0f "
                "(%zu reminders), queues %.0f\n",
                double(cm.facts) * perCustomer, cm.vehicles, cm.visits, cm.readings, double(cm.classes) * perCustomer,
                double(cm.customerIndex) * perCustomer, double(cm.agenda) * perCustomer, cm.reminders,
                double(cm.queues) * perCustomer);
    const SearchIndex::Stats searchStats = search->index().stats();
    std::printf("        of the search: postings %.1f MB (%zu), their keys' queries %.1f MB (%zu keys), presence filters "
                "%.1f MB, entries' text and id table %.1f MB, scan records %.1f MB, normalized text and names %.1f MB\n",
                searchStats.postingBytes / 1048576.0, searchStats.postings, searchStats.keyQueryBytes / 1048576.0,
                searchStats.keys, searchStats.presenceBytes / 1048576.0, searchStats.entryBytes / 1048576.0,
                searchStats.hotBytes / 1048576.0, searchStats.textBytes / 1048576.0);
    // The frame loop's rebuild of everything (as after new settings): its longest step must stay far below a
    // frame's 50 ms budget (facts kFrameBudget customers a step, then the ranking kRankPerStep a step).
    classes->invalidateAll();
    const CivilDate today = chinaToday(clock.nowMs());
    double longest = 0, paced = 0;
    size_t steps = 0, longestAt = 0;
    do {
        auto step = Steady::now();
        classes->refreshPaced(today, clock.nowMs());
        if (msSince(step) > longest) longestAt = steps + 1;
        longest = std::max(longest, msSince(step));
        paced += msSince(step);
        ++steps;
    } while (classes->busy() || classes->dirty());
    std::printf("paced rebuild of the classification: %zu steps, %.0f ms in all, longest step %.1f ms (step %zu)\n", steps,
                paced, longest, longestAt);
    const ClassificationService::MemoryStats pm = classes->memoryStats();
    std::printf("        after it (as in the app), B a customer: facts %.0f, classes %.0f, customer index %.0f, agenda %.0f, "
                "queues %.0f\n",
                double(pm.facts) * perCustomer, double(pm.classes) * perCustomer, double(pm.customerIndex) * perCustomer,
                double(pm.agenda) * perCustomer, double(pm.queues) * perCustomer);
    std::remove(file.c_str());
    return 0;
}

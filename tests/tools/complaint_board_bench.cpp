// Benchmark (issue 17): the complaints board over the ?demo data natively. Fills a session with the demo of N
// customers (one in eight with a complaint: 1,500 at 10,000), then times a full build of the board (what every
// minute tick cost before the board was kept up to date), the minute tick (median over a working day of
// minutes), the frame loop's build in steps (its longest step), one edited complaint, and the period summary: at once
// (the automation API) and the summary view's background job (its longest step). Measures only.
// Usage: complaint_board_bench [customers=10000]
#include "core/app/automation_api.h"
#include "core/app/complaint_board.h"
#include "core/app/complaint_summary.h"
#include "core/app/complaint_summary_job.h"
#include "core/app/demo_data.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <vector>

using namespace crm::core;
using Steady = std::chrono::steady_clock;

namespace {
double msSince(Steady::time_point t) { return std::chrono::duration<double, std::milli>(Steady::now() - t).count(); }
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv) {
    const size_t customers = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 10000;
    DemoOptions options;
    options.customers = customers;
    // 08:30 shop time on the Monday after the demo's today (its open complaints' deadlines fall in this week).
    const int64_t opening = (options.today.toDays() + 2) * 24 * kHourMs + 30 * kMinuteMs;
    FixedClock clock(opening);
    CrmSession session(clock, 1);
    session.open(nullptr, nullptr);
    DemoGenerator demo(options);
    std::vector<Json> batch;
    while (demo.next(batch, 200)) {
        session.putDocuments(std::move(batch));
        batch.clear();
    }
    std::vector<double> full;
    for (int i = 0; i < 5; ++i) {
        ComplaintBoard fresh(session);
        auto t = Steady::now();
        fresh.refresh(clock.nowMs());
        full.push_back(msSince(t));
    }
    // The frame loop's build: a step a frame within the background allowance; the longest step is what a frame
    // waits for (the finish, which orders the cards, is the last frame's).
    struct RealSteady : SteadyClock {
        double nowMs() const override { return std::chrono::duration<double, std::milli>(Steady::now().time_since_epoch()).count(); }
    } steady;
    std::vector<double> steps;
    {
        ComplaintBoard stepped(session);
        do {
            FrameBudget frame(steady);
            auto t = Steady::now();
            stepped.refreshInSteps(clock.nowMs(), frame);
            steps.push_back(msSince(t));
        } while (stepped.building());
    }
    ComplaintBoard board(session);
    board.refresh(clock.nowMs());
    std::printf("%zu customers, %zu complaints, %d overdue at 08:30\n", customers, board.size(), board.overdueCount());
    std::printf("full build of the board (every minute tick before): median %.2f ms of 5\n", median(full));
    std::printf("the frame loop's build: %zu frames' steps (%.0f ms allowed each), longest %.2f ms\n", steps.size(),
                kBackgroundMsPerFrame, *std::max_element(steps.begin(), steps.end()));

    std::vector<double> ticks;
    const int judgedBefore = board.counters().judged;
    for (int m = 1; m <= 10 * 60; ++m) {  // 08:30 to 18:30
        clock.advance(kMinuteMs);
        auto t = Steady::now();
        board.refresh(clock.nowMs());
        ticks.push_back(msSince(t));
    }
    std::printf("minute tick: median %.3f ms, longest %.3f ms over %zu minutes; cards judged again %d, rebuilds %d\n",
                median(ticks), *std::max_element(ticks.begin(), ticks.end()), ticks.size(),
                board.counters().judged - judgedBefore, board.counters().rebuilds);

    std::vector<double> edits;
    for (size_t i = 0; i < 20 && i < board.size(); ++i) {
        Json doc = *session.store().get(board.filtered({})[i * 7 % board.size()]->id);
        doc["owner"] = "bench";
        session.putDocument(doc);
        clock.advance(1000);
        auto t = Steady::now();
        board.refresh(clock.nowMs());
        edits.push_back(msSince(t));
    }
    std::printf("one complaint edited: median %.3f ms of %zu\n", median(edits), edits.size());

    std::vector<double> summaries;
    for (int i = 0; i < 3; ++i) {
        auto t = Steady::now();
        Json s = callAutomation(session, "complaints.summary", Json::object());
        summaries.push_back(msSince(t));
        if (i == 0) std::printf("summary: %d complaints, %d recurring (customer) / %d (vehicle)\n", s["result"]["total"].get<int>(),
                                s["result"]["recurringCustomer"].get<int>(), s["result"]["recurringVehicle"].get<int>());
    }
    std::printf("complaints.summary (JSON out included): median %.2f ms of 3\n", median(summaries));
    // Where the summary's time goes: reading the complaints, then summarizing them.
    std::vector<Json> all;
    auto t = Steady::now();
    session.store().forEachDoc([&](const std::string& id, const Json& body) {
        all.push_back(body);
        all.back()["_id"] = id;
        return true;
    }, "complaint");
    const double readMs = msSince(t);
    t = Steady::now();
    summarizeComplaints(all, CivilDate{1970, 1, 1}, CivilDate{9999, 12, 31}, board.settings().time, clock.nowMs());
    std::printf("  of which reading the complaints %.2f ms, summarizing them %.2f ms\n", readMs, msSince(t));
    // The summary view's job (issue 14): read and tallied a step at a time in the frame loop, so its longest step
    // is what a frame can wait for (before it, the view read and summarized everything in one frame).
    auto runJob = [&](ComplaintSummaryJob& job) {
        std::vector<double> jobSteps;
        while (job.hasWork(clock.nowMs())) {
            auto s = Steady::now();
            job.step(clock.nowMs());
            jobSteps.push_back(msSince(s));
        }
        double sum = 0;
        for (double ms : jobSteps) sum += ms;
        return std::tuple{jobSteps.size(), *std::max_element(jobSteps.begin(), jobSteps.end()), sum};
    };
    {
        ComplaintSummaryJob job(session);
        job.request(CivilDate{1970, 1, 1}, CivilDate{9999, 12, 31});
        auto [count, longest, sum] = runJob(job);
        std::printf("complaints.summary job (the view's): %zu steps, longest %.2f ms, all %.1f ms\n", count, longest, sum);
        Json doc = *session.store().get(board.filtered({})[3]->id);
        doc["root_cause"] = "bench";
        session.putDocument(doc);
        clock.advance(ComplaintSummaryJob::kPaceMs);
        std::tie(count, longest, sum) = runJob(job);
        std::printf("complaints.summary job after one edited complaint: %zu steps, longest %.2f ms, all %.1f ms\n", count,
                    longest, sum);
    }
    // The recurrence check as it was before (every pair of pre-read complaints), for comparison.
    t = Steady::now();
    struct Seen {
        int64_t at;
        std::string customer, vehicle, category;
    };
    std::vector<Seen> seen;
    for (const Json& c : all) {
        if (auto at = parseIsoMs(c.value("received_at", "")))
            seen.push_back({*at, c.value("customer_id", ""), c.value("vehicle_id", ""), c.value("category", "")});
    }
    int pairwise = 0;
    const int64_t window = kRecurrenceDays * 24 * kHourMs;
    for (const Seen& c : seen) {
        bool same = false;
        for (const Seen& e : seen) {
            if (e.at >= c.at || e.at < c.at - window) continue;
            same = same || e.customer == c.customer || (e.vehicle == c.vehicle && e.category == c.category);
        }
        pairwise += same;
    }
    std::printf("  the former pairwise recurrence check alone: %.2f ms (%d recurring)\n", msSince(t), pairwise);
    return 0;
}

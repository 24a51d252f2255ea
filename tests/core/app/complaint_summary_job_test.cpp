// Doctests for the Complaints summary computed in the background: tallied in tiny steps with complaints edited,
// added and deleted between them, it ends equal to summarizeComplaints at once; a working-time change reads
// everything again and a new period only tallies again; the board's minute tick re-judging cards reads nothing
// again, and a deadline that passes is counted within five minutes.
#include "core/app/classification_service.h"
#include "core/app/complaint_board.h"
#include "core/app/complaint_summary_job.h"
#include "tests/core/app/complaint_test_session.h"

#include <doctest/doctest.h>

#include <random>

using namespace crm::core;

namespace {
Json summaryAtOnce(CrmSession& session, const CivilDate& from, const CivilDate& to, int64_t nowMs) {
    return summarizeComplaints(storedComplaints(session.store()), from, to, loadComplaintSettings(session.store()).time, nowMs)
        .toJson();
}

// Steps while a step is due at `nowMs`; how many.
int runJob(ComplaintSummaryJob& job, int64_t nowMs) {
    int steps = 0;
    for (; job.hasWork(nowMs); ++steps) {
        REQUIRE(steps < 100000);
        job.step(nowMs);
    }
    return steps;
}
}  // namespace

TEST_CASE("the summary tallied in tiny steps, with writes between them, ends equal to the summary at once") {
    test::DemoSession demo;
    FixedClock& clock = demo.clock;
    CrmSession& session = demo.session;
    // Between steps: complaints with another cause, root cause and customer, new and deleted ones, other
    // documents, and the clock moving on by up to an hour and a half (past the pace of a second, or not at all).
    test::RandomWrites write{demo, [&](Json& complaint, int n) {
                                 complaint["category"] = n % 2 ? "service" : "product_quality";
                                 complaint["root_cause"] = "根因" + std::to_string(n % 4);
                                 complaint["customer_id"] = write.pick(write.customers);
                             }};
    const CivilDate today = chinaToday(clock.nowMs());
    for (int round = 0; round < 3; ++round) {
        const CivilDate from = round == 1 ? today.addDays(-89) : CivilDate{2000, 1, 1}, to = today.addDays(30);
        ComplaintSummaryJob job(session, 37 + size_t(round) * 50, 3 + size_t(round));  // a few complaints a step
        job.request(from, to);
        int steps = 0;
        for (int frame = 0; frame < 400; ++frame) {  // a step when one is due, then a write every other frame
            if (job.hasWork(clock.nowMs())) job.step(clock.nowMs()), ++steps;
            if (frame % 2 == 0) write(frame + round * 10000);
        }
        CHECK(steps > 20);
        CHECK(job.counters().reads == 1);  // writes to complaints read those again, never everything
        CHECK(job.counters().complaintChanges > 0);
        CHECK(job.counters().tallies > 1);
        // Changes after the last tally wait for the pace; then the summary is what the documents give at once.
        clock.advance(ComplaintSummaryJob::kPaceMs);
        runJob(job, clock.nowMs());
        REQUIRE(job.answersRequest());
        CHECK(job.summary()->toJson() == summaryAtOnce(session, from, to, clock.nowMs()));
        CHECK(job.summary()->total > 5);

        // Another period tallies again without reading; the working time (stage times) reads everything again.
        const int read = job.counters().factsRead;
        job.request(today.addDays(-29), today);
        CHECK_FALSE(job.answersRequest());  // the last summary stays readable meanwhile
        CHECK(job.summary());
        runJob(job, clock.nowMs());
        CHECK(job.counters().factsRead == read);
        CHECK(job.summary()->toJson() == summaryAtOnce(session, today.addDays(-29), today, clock.nowMs()));
        ComplaintSettings settings = loadComplaintSettings(session.store());
        settings.time.holidays[today.addDays(-3 - round)] = "测试";
        REQUIRE(saveComplaintSettings(session, settings).ok());
        runJob(job, clock.nowMs());
        CHECK(job.counters().reads == 2);
        CHECK(job.summary()->toJson() == summaryAtOnce(session, today.addDays(-29), today, clock.nowMs()));
    }
}

TEST_CASE("a card re-judged by the minute tick reads nothing again; a passed deadline is counted within 5 minutes") {
    test::DemoSession demo;
    FixedClock& clock = demo.clock;
    CrmSession& session = demo.session;
    ComplaintBoard board(session);
    board.refresh(clock.nowMs());
    const CivilDate from{2000, 1, 1}, to{2100, 1, 1};
    ComplaintSummaryJob job(session);
    job.request(from, to);
    runJob(job, clock.nowMs());
    const ComplaintSummaryJob::Counters first = job.counters();
    CHECK(first.reads == 1);
    CHECK(first.tallies == 1);
    const int judgedBefore = board.counters().judged;
    const int judgedOverdue = job.summary()->deadlinesJudged;
    int64_t talliedAt = clock.nowMs();
    for (int minute = 1; minute <= 10 * 60; ++minute) {  // 08:00 to 18:00
        clock.advance(kMinuteMs);
        const uint64_t generation = job.generation();
        board.refresh(clock.nowMs());
        runJob(job, clock.nowMs());
        if (job.generation() != generation) talliedAt = clock.nowMs();
        // Exact, or tallied less than 5 minutes ago.
        if (clock.nowMs() - talliedAt >= ComplaintSummaryJob::kOverdueRecountMs)
            REQUIRE(job.summary()->toJson() == summaryAtOnce(session, from, to, clock.nowMs()));
    }
    CHECK(board.counters().judged > judgedBefore + 5);  // the board's generation moved many times
    CHECK(job.counters().reads == 1);
    CHECK(job.counters().factsRead == first.factsRead);
    CHECK(job.counters().complaintChanges == 0);
    CHECK(job.counters().tallies > 1);                  // deadlines passed …
    CHECK(job.counters().tallies <= 1 + 10 * 60 / 5);   // … recounted at most every 5 minutes
    CHECK(job.summary()->deadlinesJudged > judgedOverdue);
}

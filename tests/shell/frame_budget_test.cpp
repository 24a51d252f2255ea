// The App's background work (CrmApp::runBackgroundWork) sharing one allowance a frame.
#include "core/app/frame_budget.h"

#include "tests/shell/app_harness.h"

#include <doctest/doctest.h>

using namespace crm;

TEST_CASE("background work shares the frame's allowance: with none left, one step a frame, taking turns") {
    shell_test::Harness h;
    std::vector<core::Json> docs;
    for (int i = 0; i < 120; ++i)
        docs.push_back(core::Json{{"_id", "customer:t" + std::to_string(i)},
                                  {"type", "customer"},
                                  {"name", "客户" + std::to_string(i)},
                                  {"phone", "1390000" + std::to_string(1000 + i)}});
    h.session.putDocuments(std::move(docs));
    auto searchPending = [&] { return h.app->comfort().status()["searchPending"].get<size_t>(); };
    REQUIRE(searchPending() == 120);

    // No time at all: the search index gets its one step only on its turn (one frame in three).
    std::vector<size_t> pending;
    for (int frame = 0; frame < 6; ++frame) {
        core::FrameBudget spent(h.frameClock, 0.0);
        h.frame(&spent);
        pending.push_back(searchPending());
    }
    CHECK(pending.back() < 120);   // it did get turns
    CHECK(pending.back() >= 100);  // and no more than its steps
    int framesWithProgress = 0;
    for (size_t i = 0; i < pending.size(); ++i)
        framesWithProgress += pending[i] < (i == 0 ? 120 : pending[i - 1]);
    CHECK(framesWithProgress >= 1);
    CHECK(framesWithProgress <= 3);  // not every frame: the others went first

    // Time enough: everything in one frame.
    core::FrameBudget plenty(h.frameClock, 60000.0);
    h.frame(&plenty);
    CHECK(searchPending() == 0);
}

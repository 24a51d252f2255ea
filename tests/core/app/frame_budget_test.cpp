// FrameBudget: the frame's allowance for background work, on a steady clock the test moves.
#include "core/app/frame_budget.h"

#include <doctest/doctest.h>

using namespace crm;

TEST_CASE("a frame budget always allows the first step, then only while time is left") {
    core::FixedSteadyClock clock;
    core::FrameBudget none(clock, 0.0);
    CHECK(none.allows());        // the first step: someone must make progress
    CHECK_FALSE(none.allows());  // nothing left
    CHECK(none.remainingMs() <= 0);

    core::FrameBudget six(clock, 6.0);
    for (int i = 0; i < 5; ++i)
        CHECK(six.allows());  // the clock stands still: time is left
    clock.advance(5.5);
    CHECK(six.allows());
    CHECK(six.remainingMs() == doctest::Approx(0.5));
    clock.advance(0.5);
    CHECK_FALSE(six.allows());  // the allowance is used up exactly
    CHECK(six.remainingMs() <= 0);
}

TEST_CASE("a spent frame budget allows no step at all, not even the first") {
    core::FixedSteadyClock clock;
    core::FrameBudget spent = core::FrameBudget::spent(clock);
    CHECK_FALSE(spent.allows());  // the frame that first shows a loaded store: no background work
    CHECK_FALSE(spent.allows());
    CHECK(spent.remainingMs() <= 0);
}

TEST_CASE("a frame budget used up by another job allows no step at all, not even the first") {
    core::FixedSteadyClock clock;
    core::FrameBudget six(clock, 6.0);
    core::FrameBudget records = six.separate(16.0);
    clock.advance(20.0);  // the records took their allowance and more
    CHECK(records.remainingMs() < 0);
    six.useUp();
    CHECK_FALSE(six.allows());  // without useUp, the first step would be allowed
    CHECK(six.remainingMs() <= 0);

    core::FrameBudget fresh(clock, 6.0);
    fresh.useUp();  // before anything ran: nothing left from now
    CHECK_FALSE(fresh.allows());
}

TEST_CASE("the background allowance doubles only once the user has left the app alone, every record is in and sync rests") {
    using core::SyncState;
    const double normal = core::kBackgroundMsPerFrame, idle = core::kIdleBackgroundMsPerFrame;
    CHECK(core::backgroundAllowanceMs(0.0, true, SyncState::UpToDate) == normal);  // input this frame
    CHECK(core::backgroundAllowanceMs(core::kIdleAfterInputMs - 1, true, SyncState::UpToDate) == normal);
    CHECK(core::backgroundAllowanceMs(core::kIdleAfterInputMs, true, SyncState::UpToDate) == idle);
    CHECK(core::backgroundAllowanceMs(60000.0, false, SyncState::Idle) == normal);  // the records' own allowance runs
    for (SyncState resting : {SyncState::Idle, SyncState::UpToDate, SyncState::Paused, SyncState::LoginRequired, SyncState::Failed})
        CHECK(core::backgroundAllowanceMs(60000.0, true, resting) == idle);
    for (SyncState moving : {SyncState::Connecting, SyncState::Pulling, SyncState::Pushing, SyncState::Checking})
        CHECK(core::backgroundAllowanceMs(60000.0, true, moving) == normal);  // a pull's steps are sized against 6 ms
    CHECK(idle == 2 * normal);
}

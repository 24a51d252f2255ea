// Back-off at its seam (core/sync/backoff.h): exponential growth, jitter within [half, all], the cap, reset.
#include "core/sync/backoff.h"

#include <doctest/doctest.h>

using namespace crm::core;

TEST_CASE("backoff: doubles from the base with jitter, capped, and starts again after a success") {
    SplitMix64 random(42);
    Backoff backoff(1000, 8000);
    int64_t expected[] = {1000, 2000, 4000, 8000, 8000, 8000};
    for (int64_t full : expected) {
        int64_t delay = backoff.nextDelay(random);
        CHECK(delay >= full / 2);
        CHECK(delay <= full);
    }
    CHECK(backoff.attempt() == 6);
    backoff.reset();
    int64_t first = backoff.nextDelay(random);
    CHECK(first >= 500);
    CHECK(first <= 1000);
}

TEST_CASE("backoff: the same seed gives the same waits; a cap below the base is raised to it") {
    SplitMix64 a(7), b(7);
    Backoff x(100, 60000), y(100, 60000);
    for (int i = 0; i < 10; ++i)
        CHECK(x.nextDelay(a) == y.nextDelay(b));
    SplitMix64 r(1);
    Backoff odd(0, -5);
    CHECK(odd.nextDelay(r) <= 1);
}

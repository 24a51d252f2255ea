// Doctests for core/domain/statistics: each statistic on small hand-made data sets with known answers
// (worked by hand or in closed form). The SciPy cross-check on generated data is tests/interop/statistics_scipy.
#include "core/domain/statistics.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace crm::core;
using doctest::Approx;

TEST_CASE("statistics: mean, median, sample SD, histogram") {
    CHECK(mean({1, 2, 3, 4}) == 2.5);
    CHECK(mean({}) == 0);
    CHECK(median({3, 1, 2}) == 2);
    CHECK(median({4, 1, 3, 2}) == 2.5);
    CHECK(median({5, 5, 1, 9}) == 5);
    // Population SD of this classic set is 2; the sample SD is sqrt(32 / 7).
    CHECK(sampleSd({2, 4, 4, 4, 5, 5, 7, 9}) == Approx(std::sqrt(32.0 / 7)).epsilon(1e-15));
    CHECK(sampleSd({7}) == 0);
    Summary s = summarize({1, 2, 2, 5});
    CHECK(s.n == 4);
    CHECK(s.mean == 2.5);
    CHECK(s.median == 2);
    CHECK(s.sd == Approx(std::sqrt(9.0 / 3)));
    CHECK(integerHistogram({1, 2, 2, 5, 5, 5, 7, 0}, 1, 5) == std::vector<size_t>{1, 2, 0, 0, 3});
}

TEST_CASE("statistics: top-box share, NPS, composite") {
    CHECK(shareAtLeast({5, 4, 3, 2}, 4) == 0.5);
    CHECK(shareAtLeast({}, 4) == 0);
    Nps a = netPromoterScore({10, 9, 8, 7, 6, 0});
    CHECK(a.promoters == 2);
    CHECK(a.passives == 2);
    CHECK(a.detractors == 2);
    CHECK(a.score == 0);
    CHECK(netPromoterScore({10, 10, 10, 0}).score == 50);
    CHECK(netPromoterScore({3, 6}).score == -100);
    CHECK(toPercentScale(4, 1, 5) == 75);
    CHECK(toPercentScale(7, 0, 10) == 70);
    CHECK(weightedComposite({80, 60, NAN}, {50, 30, 20}) == 72.5);  // the missing one's weight is spread
    CHECK(std::isnan(weightedComposite({NAN}, {100})));
}

TEST_CASE("statistics: monthly trend") {
    auto t = monthlyTrend({"2024-02-03", "2024-01-31", "2024-02-28T10:00Z", "x"}, {4, 2, 5, 1});
    REQUIRE(t.size() == 2);
    CHECK(t[0].month == "2024-01");
    CHECK(t[0].n == 1);
    CHECK(t[0].mean == 2);
    CHECK(t[1].month == "2024-02");
    CHECK(t[1].mean == 4.5);
}

TEST_CASE("statistics: regularized incomplete gamma in closed forms") {
    for (double x : {0.1, 0.5, 1.0, 2.0, 5.0, 20.0}) {
        CHECK(regularizedGammaP(1, x) == Approx(1 - std::exp(-x)).epsilon(1e-14));
        CHECK(regularizedGammaQ(3, x) == Approx(std::exp(-x) * (1 + x + x * x / 2)).epsilon(1e-13));
        CHECK(regularizedGammaQ(0.5, x) == Approx(std::erfc(std::sqrt(x))).epsilon(1e-13));  // 1 dof
        CHECK(chiSquarePValue(2 * x, 2) == Approx(std::exp(-x)).epsilon(1e-13));              // 2 dof
    }
    CHECK(regularizedGammaQ(2, 10) == Approx(11 * std::exp(-10.0)).epsilon(1e-13));
    CHECK(regularizedGammaP(2, 0) == 0);
    CHECK(regularizedGammaQ(2, 0) == 1);
}

TEST_CASE("statistics: chi-square test of a 2×2 table and Cramér's V") {
    // Expected counts 12, 18, 28, 42: chi2 = 4/12 + 4/18 + 4/28 + 4/42.
    ChiSquare c = chiSquareTest({{10, 20}, {30, 40}});
    double chi2 = 4.0 / 12 + 4.0 / 18 + 4.0 / 28 + 4.0 / 42;
    REQUIRE(c.valid);
    CHECK(c.n == 100);
    CHECK(c.dof == 1);
    CHECK(c.chi2 == Approx(chi2).epsilon(1e-14));
    CHECK(c.pValue == Approx(std::erfc(std::sqrt(chi2 / 2))).epsilon(1e-12));
    CHECK(c.cramersV == Approx(std::sqrt(chi2 / 100)).epsilon(1e-14));
    // Perfect association: V = 1. Empty rows and columns are dropped; one row is no test.
    CHECK(chiSquareTest({{5, 0, 0}, {0, 5, 0}, {0, 0, 0}}).cramersV == Approx(1.0));
    CHECK(chiSquareTest({{5, 0, 0}, {0, 5, 0}, {0, 0, 0}}).dof == 1);
    CHECK_FALSE(chiSquareTest({{3, 4}}).valid);
}

TEST_CASE("statistics: ranks, Pearson and Spearman with ties") {
    CHECK(averageRanks({10, 20, 20, 30}) == std::vector<double>{1, 2.5, 2.5, 4});
    CHECK(averageRanks({0.5, 0.1, 0.5}) == std::vector<double>{2.5, 1, 2.5});
    CHECK(pearson({1, 2, 3}, {2, 4, 6}) == Approx(1.0));
    CHECK(std::isnan(pearson({1, 1, 1}, {1, 2, 3})));
    // y's ranks are 1, 2, 3.5, 5, 3.5: rho = 8 / sqrt(10 * 9.5).
    CHECK(spearman({1, 2, 3, 4, 5}, {5, 6, 7, 8, 7}) == Approx(8 / std::sqrt(95.0)).epsilon(1e-14));
    CHECK(spearman({1, 2, 3, 4}, {40, 30, 20, 10}) == Approx(-1.0));
    auto m = spearmanMatrix({{1, 2, 3, 4, NAN}, {2, 4, 6, 8, 1}, {4, 3, 2, 1, 5}});
    CHECK(m[0][0] == 1);
    CHECK(m[0][1] == Approx(1.0));  // over the 4 rows where both are present
    CHECK(m[1][2] == Approx(-1.0));
    CHECK(m[2][1] == m[1][2]);
}

TEST_CASE("statistics: k-means with deterministic seeding") {
    std::vector<std::vector<double>> pts = {{0, 0}, {10, 10}, {0, 1}, {10, 11}, {0.5, 0.5}};
    KMeansResult r = kMeans(pts, 2);
    REQUIRE(r.centroids.size() == 2);
    CHECK(r.assignment[0] == r.assignment[2]);
    CHECK(r.assignment[0] == r.assignment[4]);
    CHECK(r.assignment[1] == r.assignment[3]);
    CHECK(r.assignment[0] != r.assignment[1]);
    int big = r.assignment[0];
    CHECK(r.sizes[size_t(big)] == 3);
    CHECK(r.centroids[size_t(big)][0] == Approx(0.5 / 3));
    CHECK(r.centroids[size_t(1 - big)][1] == Approx(10.5));
    CHECK(r.inertia == Approx(0.5 + 2 * (1.0 / 36 + 0.25) + 1.0 / 9));
    // Same input, same answer; the stepped run agrees with the one-shot one.
    KMeansRun run(pts, 2);
    while (!run.step(1)) {
    }
    CHECK(run.result().assignment == r.assignment);
    CHECK(kMeans(pts, 9).centroids.size() == pts.size());  // k clamped to n
}

// Descriptive and inferential statistics as pure functions (surveys now, reports later): mean, median,
// sample standard deviation, histogram, top-box share, NPS, weighted composite, monthly trend, cross-tab
// with a chi-square test and Cramér's V, Spearman correlation with ties, a correlation matrix and k-means
// with deterministic seeding. Cross-checked against SciPy in tests/core/domain/statistics_scipy_test.cpp.
//
// Sections: descriptive · shares (top box, NPS, composite) · trend · chi-square · correlation · k-means
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace crm::core {

// ---- descriptive --------------------------------------------------------------------------------------
struct Summary {
    size_t n = 0;
    double mean = 0;
    double median = 0;
    double sd = 0;  // sample standard deviation (n - 1 in the denominator; 0 when n < 2)
};
double mean(const std::vector<double>& values);  // 0 for no values
double median(std::vector<double> values);       // middle value, or the mean of the two middle ones
double sampleSd(const std::vector<double>& values);
Summary summarize(const std::vector<double>& values);

// Counts of each integer value lo..hi (values are rounded; those outside are not counted).
std::vector<size_t> integerHistogram(const std::vector<double>& values, int lo, int hi);

// ---- shares -------------------------------------------------------------------------------------------
// Share (0..1) of values >= `threshold` (top-2-box on 1..5: threshold 4; on 0..10: 9).
double shareAtLeast(const std::vector<double>& values, double threshold);

struct Nps {
    size_t n = 0, promoters = 0, passives = 0, detractors = 0;
    double score = 0;  // % promoters − % detractors, −100..100
};
// Net Promoter Score of 0..10 answers: promoters 9–10, passives 7–8, detractors 0–6.
Nps netPromoterScore(const std::vector<double>& values);

// Maps a score on lo..hi to 0..100.
double toPercentScale(double value, double lo, double hi);
// Weighted mean of `scores` (each 0..100) with `weights` (any positive total; a missing score — NaN — is
// left out and the remaining weights renormalised). NaN when nothing is left.
double weightedComposite(const std::vector<double>& scores, const std::vector<double>& weights);

// ---- trend --------------------------------------------------------------------------------------------
struct MonthPoint {
    std::string month;  // "YYYY-MM"
    size_t n = 0;
    double mean = 0;
};
// Mean per calendar month of (date "YYYY-MM-DD…", value) pairs, months in order (only months with values).
std::vector<MonthPoint> monthlyTrend(const std::vector<std::string>& dates, const std::vector<double>& values);

// ---- chi-square ---------------------------------------------------------------------------------------
// Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P(a, x), a > 0, x >= 0 (series for
// x < a + 1, continued fraction otherwise; relative accuracy ~1e-15).
double regularizedGammaP(double a, double x);
double regularizedGammaQ(double a, double x);
// P(X² >= chi2) for `dof` degrees of freedom.
double chiSquarePValue(double chi2, double dof);

struct ChiSquare {
    double chi2 = 0;
    int dof = 0;
    double pValue = 1;
    double cramersV = 0;
    size_t n = 0;
    bool valid = false;  // at least 2 non-empty rows and columns
};
// Pearson's chi-square test of independence of a contingency table counts[row][column] (no continuity
// correction; empty rows and columns are dropped first), with Cramér's V = sqrt(chi2 / (n (min(r,c) − 1))).
ChiSquare chiSquareTest(const std::vector<std::vector<double>>& counts);

// ---- correlation --------------------------------------------------------------------------------------
// Ranks 1..n, ties sharing their average rank.
std::vector<double> averageRanks(const std::vector<double>& values);
double pearson(const std::vector<double>& x, const std::vector<double>& y);  // NaN when a side is constant
// Spearman's rho: Pearson's correlation of the average ranks (exact with ties).
double spearman(const std::vector<double>& x, const std::vector<double>& y);
// Spearman between every pair of columns, over the rows where both are present (NaN marks a missing
// value); NaN where fewer than 3 such rows. columns[i] are all the same length.
std::vector<std::vector<double>> spearmanMatrix(const std::vector<std::vector<double>>& columns);

// The same matrix in steps, for a frame loop: each step() ranks one column or, once all are ranked, fills
// one row of the matrix. `columns` must outlive the run.
class SpearmanMatrixRun {
public:
    explicit SpearmanMatrixRun(const std::vector<std::vector<double>>& columns);
    bool step();  // true when finished
    std::vector<std::vector<double>> takeResult() { return std::move(m_out); }

private:
    const std::vector<std::vector<double>>& m_columns;
    size_t m_ranked = 0, m_row = 0;
    std::vector<std::vector<double>> m_out;
    // Each column's ranks over its own present rows, centred, with their norm: a pair whose columns are
    // present in the same rows (the usual case: one questionnaire asks them all) is then one dot product.
    std::vector<std::vector<double>> m_centred;
    std::vector<double> m_norm;
    std::vector<std::vector<char>> m_has;
};

// ---- k-means ------------------------------------------------------------------------------------------
struct KMeansResult {
    std::vector<std::vector<double>> centroids;  // k × dims
    std::vector<int> assignment;                 // cluster of each point
    std::vector<size_t> sizes;
    double inertia = 0;  // sum of squared distances to the assigned centroid
    int iterations = 0;
};
// Lloyd's k-means of `points` (n × dims). Deterministic seeding (maximin): the first centroid is the point
// nearest the overall mean, each next one the point farthest from the centroids chosen so far (lowest index
// on ties). Stops when no assignment changes or after maxIterations. k is clamped to 1..n.
KMeansResult kMeans(const std::vector<std::vector<double>>& points, int k, int maxIterations = 100);

// The same run in steps, for a frame loop: step() does up to `pointBudget` point-assignments' work.
class KMeansRun {
public:
    KMeansRun(const std::vector<std::vector<double>>& points, int k, int maxIterations = 100);
    bool step(size_t pointBudget);  // true when finished
    bool done() const { return m_phase == Phase::Done; }
    const KMeansResult& result() const { return m_result; }

private:
    enum class Phase { Seed, Assign, Done };
    void finishIteration();
    const std::vector<std::vector<double>>& m_points;
    int m_k;
    int m_maxIterations;
    Phase m_phase = Phase::Seed;
    size_t m_next = 0;
    bool m_changed = false;
    std::vector<double> m_nearest;  // seeding: squared distance to the nearest chosen centroid
    size_t m_dims = 0;
    std::vector<double> m_flat;     // the points, n × dims in one block (no pointer chase per point)
    std::vector<double> m_centres;  // the centroids, k × dims
    std::vector<double> m_sums;     // k × dims
    KMeansResult m_result;
};

}  // namespace crm::core

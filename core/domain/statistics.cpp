// Statistics (see statistics.h). Numerical notes: the incomplete gamma follows Numerical Recipes §6.2
// (series / Lentz continued fraction); ranks of small-integer data (survey scales) are counted, not sorted.
#include "core/domain/statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

namespace crm::core {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double squaredDistance(const std::vector<double>& a, const std::vector<double>& b) {
    double d = 0;
    for (size_t i = 0; i < a.size(); ++i) d += (a[i] - b[i]) * (a[i] - b[i]);
    return d;
}
}  // namespace

// ---- descriptive ----
double mean(const std::vector<double>& values) {
    if (values.empty()) return 0;
    // Kahan-free two-pass: sum, then correct by the mean of the residuals (exact to rounding for n < 1e9).
    double m = std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
    double r = 0;
    for (double v : values) r += v - m;
    return m + r / double(values.size());
}

double median(std::vector<double> values) {
    if (values.empty()) return 0;
    size_t mid = values.size() / 2;
    // Scores are mostly small integers: counted, the middle values are found in one pass (no reordering).
    const auto range = std::minmax_element(values.begin(), values.end());
    const double lo = *range.first, hi = *range.second;
    if (hi - lo <= 4096 && std::all_of(values.begin(), values.end(), [](double v) { return v == std::floor(v); })) {
        std::vector<size_t> count(size_t(hi - lo) + 1, 0);
        for (double v : values) ++count[size_t(v - lo)];
        auto valueAt = [&](size_t position) {  // the value at `position` in sorted order
            for (size_t k = 0, seen = 0; k < count.size(); ++k) {
                if ((seen += count[k]) > position) return lo + double(k);
            }
            return hi;
        };
        return values.size() % 2 ? valueAt(mid) : (valueAt(mid - 1) + valueAt(mid)) / 2;
    }
    std::nth_element(values.begin(), values.begin() + long(mid), values.end());
    double upper = values[mid];
    if (values.size() % 2) return upper;
    double lower = *std::max_element(values.begin(), values.begin() + long(mid));
    return (lower + upper) / 2;
}

double sampleSd(const std::vector<double>& values) {
    if (values.size() < 2) return 0;
    double m = mean(values), ss = 0;
    for (double v : values) ss += (v - m) * (v - m);
    return std::sqrt(ss / double(values.size() - 1));
}

Summary summarize(const std::vector<double>& values) {
    return {values.size(), mean(values), median(values), sampleSd(values)};
}

std::vector<size_t> integerHistogram(const std::vector<double>& values, int lo, int hi) {
    std::vector<size_t> counts(size_t(std::max(0, hi - lo + 1)), 0);
    for (double v : values) {
        long r = std::lround(v);
        if (r >= lo && r <= hi) ++counts[size_t(r - lo)];
    }
    return counts;
}

// ---- shares ----
double shareAtLeast(const std::vector<double>& values, double threshold) {
    if (values.empty()) return 0;
    size_t k = size_t(std::count_if(values.begin(), values.end(), [&](double v) { return v >= threshold; }));
    return double(k) / double(values.size());
}

Nps netPromoterScore(const std::vector<double>& values) {
    Nps out;
    for (double v : values) {
        ++out.n;
        if (v >= 9) ++out.promoters;
        else if (v >= 7) ++out.passives;
        else ++out.detractors;
    }
    if (out.n) out.score = 100.0 * (double(out.promoters) - double(out.detractors)) / double(out.n);
    return out;
}

double toPercentScale(double value, double lo, double hi) { return hi > lo ? (value - lo) * 100.0 / (hi - lo) : 0; }

double weightedComposite(const std::vector<double>& scores, const std::vector<double>& weights) {
    double sum = 0, total = 0;
    for (size_t i = 0; i < scores.size() && i < weights.size(); ++i) {
        if (std::isnan(scores[i]) || weights[i] <= 0) continue;
        sum += scores[i] * weights[i];
        total += weights[i];
    }
    return total > 0 ? sum / total : kNaN;
}

// ---- trend ----
std::vector<MonthPoint> monthlyTrend(const std::vector<std::string>& dates, const std::vector<double>& values) {
    std::map<std::string, std::pair<size_t, double>> byMonth;
    for (size_t i = 0; i < dates.size() && i < values.size(); ++i) {
        if (dates[i].size() < 7) continue;
        auto& m = byMonth[dates[i].substr(0, 7)];
        ++m.first;
        m.second += values[i];
    }
    std::vector<MonthPoint> out;
    for (auto& [month, m] : byMonth) out.push_back({month, m.first, m.second / double(m.first)});
    return out;
}

// ---- chi-square ----
namespace {
constexpr double kEps = 1e-16;
constexpr double kTiny = 1e-300;

double gammaSeries(double a, double x) {  // P(a, x) for x < a + 1
    double ap = a, del = 1.0 / a, sum = del;
    for (int i = 0; i < 100000; ++i) {
        ap += 1;
        del *= x / ap;
        sum += del;
        if (std::fabs(del) < std::fabs(sum) * kEps) break;
    }
    return sum * std::exp(-x + a * std::log(x) - std::lgamma(a));
}

double gammaContinuedFraction(double a, double x) {  // Q(a, x) for x >= a + 1 (modified Lentz)
    double b = x + 1 - a, c = 1 / kTiny, d = 1 / b, h = d;
    for (int i = 1; i < 100000; ++i) {
        double an = -i * (i - a);
        b += 2;
        d = an * d + b;
        if (std::fabs(d) < kTiny) d = kTiny;
        c = b + an / c;
        if (std::fabs(c) < kTiny) c = kTiny;
        d = 1 / d;
        double del = d * c;
        h *= del;
        if (std::fabs(del - 1) < kEps) break;
    }
    return std::exp(-x + a * std::log(x) - std::lgamma(a)) * h;
}
}  // namespace

double regularizedGammaP(double a, double x) {
    if (x <= 0 || a <= 0) return 0;
    return x < a + 1 ? gammaSeries(a, x) : 1 - gammaContinuedFraction(a, x);
}

double regularizedGammaQ(double a, double x) {
    if (x <= 0 || a <= 0) return 1;
    return x < a + 1 ? 1 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
}

double chiSquarePValue(double chi2, double dof) { return regularizedGammaQ(dof / 2, chi2 / 2); }

ChiSquare chiSquareTest(const std::vector<std::vector<double>>& counts) {
    ChiSquare out;
    std::vector<double> rowSums, colSums;
    for (const auto& row : counts) {
        if (colSums.size() < row.size()) colSums.resize(row.size(), 0);
        double s = 0;
        for (size_t c = 0; c < row.size(); ++c) {
            s += row[c];
            colSums[c] += row[c];
        }
        rowSums.push_back(s);
    }
    double n = std::accumulate(rowSums.begin(), rowSums.end(), 0.0);
    int rows = int(std::count_if(rowSums.begin(), rowSums.end(), [](double s) { return s > 0; }));
    int cols = int(std::count_if(colSums.begin(), colSums.end(), [](double s) { return s > 0; }));
    out.n = size_t(n);
    if (rows < 2 || cols < 2) return out;
    for (size_t r = 0; r < counts.size(); ++r) {
        if (rowSums[r] <= 0) continue;
        for (size_t c = 0; c < colSums.size(); ++c) {
            if (colSums[c] <= 0) continue;
            double expected = rowSums[r] * colSums[c] / n;
            double observed = c < counts[r].size() ? counts[r][c] : 0;
            out.chi2 += (observed - expected) * (observed - expected) / expected;
        }
    }
    out.dof = (rows - 1) * (cols - 1);
    out.pValue = chiSquarePValue(out.chi2, out.dof);
    out.cramersV = std::sqrt(out.chi2 / (n * double(std::min(rows, cols) - 1)));
    out.valid = true;
    return out;
}

// ---- correlation ----
std::vector<double> averageRanks(const std::vector<double>& values) {
    const size_t n = values.size();
    std::vector<double> ranks(n);
    if (n == 0) return ranks;
    auto [lo, hi] = std::minmax_element(values.begin(), values.end());
    bool smallIntegers = *hi - *lo <= 4096 &&
                         std::all_of(values.begin(), values.end(), [](double v) { return v == std::floor(v); });
    if (smallIntegers) {  // counting: each value's rank is the mean position of its run
        const double base = *lo;
        std::vector<double> count(size_t(*hi - base) + 1, 0), rankOf(count.size());
        for (double v : values) ++count[size_t(v - base)];
        double before = 0;
        for (size_t k = 0; k < count.size(); ++k) {
            rankOf[k] = before + (count[k] + 1) / 2;
            before += count[k];
        }
        for (size_t i = 0; i < n; ++i) ranks[i] = rankOf[size_t(values[i] - base)];
        return ranks;
    }
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && values[order[j + 1]] == values[order[i]]) ++j;
        double r = (double(i) + double(j)) / 2 + 1;
        for (size_t k = i; k <= j; ++k) ranks[order[k]] = r;
        i = j + 1;
    }
    return ranks;
}

double pearson(const std::vector<double>& x, const std::vector<double>& y) {
    size_t n = std::min(x.size(), y.size());
    if (n < 2) return kNaN;
    double mx = mean(x), my = mean(y), sxy = 0, sxx = 0, syy = 0;
    for (size_t i = 0; i < n; ++i) {
        double dx = x[i] - mx, dy = y[i] - my;
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if (sxx <= 0 || syy <= 0) return kNaN;
    return sxy / std::sqrt(sxx * syy);
}

double spearman(const std::vector<double>& x, const std::vector<double>& y) {
    return pearson(averageRanks(x), averageRanks(y));
}

SpearmanMatrixRun::SpearmanMatrixRun(const std::vector<std::vector<double>>& columns)
    : m_columns(columns),
      m_out(columns.size(), std::vector<double>(columns.size(), kNaN)),
      m_centred(columns.size()),
      m_norm(columns.size(), 0),
      m_has(columns.size()) {}

bool SpearmanMatrixRun::step() {
    const size_t m = m_columns.size();
    if (m_ranked < m) {
        const size_t i = m_ranked++;
        const std::vector<double>& column = m_columns[i];
        m_has[i].resize(column.size());
        std::vector<double> present;
        present.reserve(column.size());
        for (size_t r = 0; r < column.size(); ++r) {
            m_has[i][r] = !std::isnan(column[r]);
            if (m_has[i][r]) present.push_back(column[r]);
        }
        m_centred[i] = averageRanks(present);
        const double mid = mean(m_centred[i]);
        for (double& v : m_centred[i]) v -= mid, m_norm[i] += v * v;
        return false;
    }
    if (m_row < m) {
        const size_t i = m_row++;
        for (size_t j = i; j < m; ++j) {
            double rho = kNaN;
            if (m_has[i] == m_has[j]) {
                if (m_centred[i].size() >= 3 && i == j) {
                    rho = 1.0;
                } else if (m_centred[i].size() >= 3 && m_norm[i] > 0 && m_norm[j] > 0) {  // else a constant side: NaN
                    const double* x = m_centred[i].data();
                    const double* y = m_centred[j].data();
                    double sxy = 0;
                    for (size_t r = 0; r < m_centred[i].size(); ++r) sxy += x[r] * y[r];
                    rho = sxy / std::sqrt(m_norm[i] * m_norm[j]);
                }
            } else {  // present in different rows: ranked on the rows both have
                std::vector<double> x, y;
                for (size_t r = 0; r < m_has[i].size() && r < m_has[j].size(); ++r) {
                    if (m_has[i][r] && m_has[j][r]) {
                        x.push_back(m_columns[i][r]);
                        y.push_back(m_columns[j][r]);
                    }
                }
                if (x.size() >= 3) rho = spearman(x, y);
            }
            m_out[i][j] = m_out[j][i] = rho;
        }
    }
    return m_row == m;
}

std::vector<std::vector<double>> spearmanMatrix(const std::vector<std::vector<double>>& columns) {
    SpearmanMatrixRun run(columns);
    while (!run.step()) {
    }
    return run.takeResult();
}

// ---- k-means ----
KMeansRun::KMeansRun(const std::vector<std::vector<double>>& points, int k, int maxIterations)
    : m_points(points), m_k(std::clamp(k, 1, std::max(1, int(points.size())))), m_maxIterations(maxIterations) {
    if (points.empty()) m_phase = Phase::Done;
}

bool KMeansRun::step(size_t pointBudget) {
    if (m_phase == Phase::Seed) {
        const size_t n = m_points.size(), dims = m_points[0].size();
        std::vector<double> centre(dims, 0);
        for (const auto& p : m_points)
            for (size_t d = 0; d < dims; ++d) centre[d] += p[d] / double(n);
        size_t first = 0;
        double best = std::numeric_limits<double>::infinity();
        for (size_t i = 0; i < n; ++i) {
            double d = squaredDistance(m_points[i], centre);
            if (d < best) best = d, first = i;
        }
        m_result.centroids.push_back(m_points[first]);
        m_nearest.assign(n, std::numeric_limits<double>::infinity());
        while (int(m_result.centroids.size()) < m_k) {
            size_t far = 0;
            double farthest = -1;
            for (size_t i = 0; i < n; ++i) {
                m_nearest[i] = std::min(m_nearest[i], squaredDistance(m_points[i], m_result.centroids.back()));
                if (m_nearest[i] > farthest) farthest = m_nearest[i], far = i;
            }
            m_result.centroids.push_back(m_points[far]);
        }
        m_nearest.clear();
        m_dims = dims;
        m_flat.resize(n * dims);
        for (size_t i = 0; i < n; ++i) std::copy(m_points[i].begin(), m_points[i].end(), m_flat.begin() + long(i * dims));
        m_centres.resize(size_t(m_k) * dims);
        for (size_t c = 0; c < size_t(m_k); ++c)
            std::copy(m_result.centroids[c].begin(), m_result.centroids[c].end(), m_centres.begin() + long(c * dims));
        m_result.assignment.assign(n, -1);
        m_sums.assign(size_t(m_k) * dims, 0.0);
        m_result.sizes.assign(size_t(m_k), 0);
        m_phase = Phase::Assign;
        return false;
    }
    if (m_phase == Phase::Done) return true;
    const size_t n = m_points.size(), dims = m_dims;
    for (size_t end = std::min(n, m_next + std::max<size_t>(1, pointBudget)); m_next < end; ++m_next) {
        const double* p = m_flat.data() + m_next * dims;
        int bestK = 0;
        double best = std::numeric_limits<double>::infinity();
        for (int c = 0; c < m_k; ++c) {
            const double* q = m_centres.data() + size_t(c) * dims;
            double d = 0;
            for (size_t k = 0; k < dims; ++k) d += (p[k] - q[k]) * (p[k] - q[k]);
            if (d < best) best = d, bestK = c;
        }
        if (m_result.assignment[m_next] != bestK) m_changed = true;
        m_result.assignment[m_next] = bestK;
        m_result.inertia += best;
        ++m_result.sizes[size_t(bestK)];
        double* sum = m_sums.data() + size_t(bestK) * dims;
        for (size_t k = 0; k < dims; ++k) sum[k] += p[k];
    }
    if (m_next == n) finishIteration();
    return m_phase == Phase::Done;
}

void KMeansRun::finishIteration() {
    ++m_result.iterations;
    bool last = !m_changed || m_result.iterations >= m_maxIterations;
    if (!last) {
        for (size_t c = 0; c < m_result.sizes.size(); ++c) {
            if (m_result.sizes[c] == 0) continue;  // an empty cluster keeps its centroid
            for (size_t d = 0; d < m_dims; ++d) {
                m_centres[c * m_dims + d] = m_sums[c * m_dims + d] / double(m_result.sizes[c]);
                m_result.centroids[c][d] = m_centres[c * m_dims + d];
            }
        }
        std::fill(m_sums.begin(), m_sums.end(), 0.0);
        std::fill(m_result.sizes.begin(), m_result.sizes.end(), 0);
        m_result.inertia = 0;
    }
    m_next = 0;
    m_changed = false;
    if (last) {
        m_phase = Phase::Done;
        m_flat = {};
        m_sums = {};
    }
}

KMeansResult kMeans(const std::vector<std::vector<double>>& points, int k, int maxIterations) {
    KMeansRun run(points, k, maxIterations);
    while (!run.step(points.size())) {
    }
    return run.result();
}

}  // namespace crm::core

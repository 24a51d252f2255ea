// Benchmark (./crm bench): search-as-you-type over N synthetic customers, per keystroke, native.
// Types each query one character at a time (as an IME commits them) into a fresh SearchSession and times
// every keystroke; also times a one-shot full search of each prefix. Prints times; asserts nothing.
// Usage: search_bench [customers=100000] [--verbose] [--repeat N]
//   --verbose: every keystroke; --repeat N: type everything N times, keep each keystroke's fastest time
//   (for comparing changes on a busy machine); --cpu: thread CPU time instead of wall-clock time.
#include "core/search/search_index.h"
#include "core/search/synthetic_entries.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <string>
#include <vector>

using namespace crm::core;

namespace {
using Clock = std::chrono::steady_clock;

bool g_cpuTime = false;

// Now, in ms: wall-clock, or with --cpu the CPU time of this thread (time spent descheduled left out).
double nowMs() {
    if (g_cpuTime) {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
    }
    return std::chrono::duration<double, std::milli>(Clock::now().time_since_epoch()).count();
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size()));
    return values[std::min(values.size() - 1, at)];
}
}  // namespace

int main(int argc, char** argv) {
    const size_t count = argc > 1 && argv[1][0] != '-' ? std::strtoul(argv[1], nullptr, 10) : 100000;
    bool verbose = false;
    int repeat = 1;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--verbose") == 0) verbose = true;
        if (std::strcmp(argv[i], "--cpu") == 0) g_cpuTime = true;
        if (std::strcmp(argv[i], "--repeat") == 0 && i + 1 < argc) repeat = std::max(1, std::atoi(argv[i + 1]));
    }
    const double t0 = nowMs();
    SearchIndex index;
    index.reserve(count);
    for (SearchEntry& e : syntheticSearchEntries(count, 1)) {
        index.upsert(std::move(e));
    }
    std::printf("build: %.1f ms for %zu entries\n", nowMs() - t0, index.size());
    const SearchIndex::Stats stats = index.stats();
    std::printf("postings: %zu (%.1f a entry), %.1f MB; %zu keys, %.1f MB of key queries; presence filters %.1f MB\n",
                stats.postings, static_cast<double>(stats.postings) / static_cast<double>(index.size()),
                static_cast<double>(stats.postingBytes) / 1e6, stats.keys,
                static_cast<double>(stats.keyQueryBytes) / 1e6, static_cast<double>(stats.presenceBytes) / 1e6);
    std::vector<double> all, first;
    // Names (pinyin, initials, mixed, Han, a compound surname), phone fragments, plates, VIN tails, tags.
    for (const std::string typed : {"zhangwei", "zw", "张w", "张伟", "欧阳", "liu", "1381234", "13800", "8000", "京a1",
                                    "粤b", "5678", "lsv", "123456", "vip"}) {
        SearchSession session(index);
        double worstFull = 0, worstSession = 0, totalFull = 0;
        std::size_t keystrokes = 0, matches = 0, previousEnd = 0;
        for (std::size_t end = 1; end <= typed.size(); ++end) {
            if (end < typed.size() && (static_cast<unsigned char>(typed[end]) & 0xC0) == 0x80) {
                continue;  // whole characters only
            }
            const std::string query = typed.substr(0, end);
            double sessionMs = 1e9, fullMs = 1e9;
            std::vector<SearchHit> hits;
            for (int r = 0; r < repeat; ++r) {
                if (r > 0) {  // the same keystroke again, from the same previous one
                    session.reset();
                    if (keystrokes > 0) session.search(typed.substr(0, previousEnd));
                }
                double a = nowMs();
                hits = session.search(query);
                sessionMs = std::min(sessionMs, nowMs() - a);
                a = nowMs();
                index.search(query);
                fullMs = std::min(fullMs, nowMs() - a);
            }
            previousEnd = end;
            all.push_back(sessionMs);
            if (keystrokes == 0) {
                first.push_back(sessionMs);
            }
            ++keystrokes;
            worstSession = std::max(worstSession, sessionMs);
            worstFull = std::max(worstFull, fullMs);
            totalFull += fullMs;
            matches = session.lastMatchCount();
            if (verbose) {
                std::printf("  %-10s %7.3f ms %s, %zu scanned, %zu hits\n", query.c_str(), sessionMs,
                            session.lastFromPostings() ? "postings" : "scan    ", session.lastScanned(), hits.size());
            }
        }
        std::printf("%-10s keystrokes %zu: full scan worst %.2f ms (mean %.2f), session worst %.2f ms, %zu matches\n",
                    typed.c_str(), keystrokes, worstFull, totalFull / static_cast<double>(keystrokes), worstSession,
                    matches);
    }
    std::printf("session keystrokes %zu: p50 %.3f ms, p99 %.3f ms, max %.3f ms, first keystroke worst %.3f ms\n",
                all.size(), percentile(all, 50), percentile(all, 99), *std::max_element(all.begin(), all.end()),
                *std::max_element(first.begin(), first.end()));
    return 0;
}

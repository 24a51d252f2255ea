// Benchmark (./crm bench): search-as-you-type over N synthetic customers, per keystroke, native.
// Prints times; asserts nothing. Usage: search_bench [customers=100000]
#include "core/search/search_index.h"
#include "core/search/synthetic_entries.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

using namespace crm::core;

int main(int argc, char** argv) {
    const size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    SearchIndex index;
    index.reserve(count);
    for (SearchEntry& e : syntheticSearchEntries(count, 1)) {
        index.upsert(std::move(e));
    }
    const auto t1 = Clock::now();
    std::printf("build: %.1f ms for %zu entries\n", std::chrono::duration<double, std::milli>(t1 - t0).count(),
                index.size());
    for (const std::string typed : {"zhangwei", "zw", "张w", "欧阳", "1381234", "京a1", "5678", "lsv"}) {
        SearchSession session(index);
        std::string query;
        double worstFull = 0, worstSession = 0, totalFull = 0;
        std::size_t matches = 0;
        for (char c : typed) {
            query += c;
            const auto a = Clock::now();
            const auto full = index.search(query);
            const auto b = Clock::now();
            session.search(query);
            const auto e = Clock::now();
            const double fullMs = std::chrono::duration<double, std::milli>(b - a).count();
            worstFull = std::max(worstFull, fullMs);
            totalFull += fullMs;
            worstSession = std::max(worstSession, std::chrono::duration<double, std::milli>(e - b).count());
            matches = session.lastMatchCount();
        }
        std::printf("%-10s keystrokes %zu: full scan worst %.2f ms (mean %.2f), session worst %.2f ms, %zu matches\n",
                    typed.c_str(), query.size(), worstFull, totalFull / static_cast<double>(query.size()),
                    worstSession, matches);
    }
        return 0;
}

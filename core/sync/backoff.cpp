// Retry waits with exponential growth and jitter (see backoff.h).
#include "core/sync/backoff.h"

#include <algorithm>

namespace crm::core {

uint64_t SplitMix64::next() {
    uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Backoff::Backoff(int64_t baseMs, int64_t maxMs) : m_baseMs(std::max<int64_t>(1, baseMs)), m_maxMs(maxMs) {
    m_maxMs = std::max(m_maxMs, m_baseMs);
}

int64_t Backoff::nextDelay(SplitMix64& random) {
    ++m_attempt;
    int64_t delay = m_baseMs;
    for (int i = 1; i < m_attempt && delay < m_maxMs; ++i)
        delay *= 2;
    delay = std::min(delay, m_maxMs);
    int64_t half = delay / 2;  // jitter: between half and all of the delay
    return half + static_cast<int64_t>(random.next() % static_cast<uint64_t>(half + 1));
}

}  // namespace crm::core

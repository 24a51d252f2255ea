// How long a failed replication lane waits before it tries again: exponential from `baseMs`, capped at `maxMs`,
// with jitter (between half and all of the delay), as PouchDB's `backoff`. Resets once a request succeeds.
#pragma once
#include <cstdint>

namespace crm::core {

// splitmix64: the replicator's deterministic randomness (jitter, session and peer ids; seeded by the options).
class SplitMix64 {
public:
    explicit SplitMix64(uint64_t seed) : m_state(seed ? seed : 0x9e3779b97f4a7c15ULL) {}
    uint64_t next();

private:
    uint64_t m_state;
};

class Backoff {
public:
    Backoff(int64_t baseMs, int64_t maxMs);
    // The wait before the next attempt (the first failure waits about baseMs), counting this failure.
    int64_t nextDelay(SplitMix64& random);
    void reset() { m_attempt = 0; }  // a request succeeded
    int attempt() const { return m_attempt; }

private:
    int64_t m_baseMs, m_maxMs;
    int m_attempt = 0;
};

}  // namespace crm::core

// The demo generators' random source: splitmix64 (one independent stream per seed), small and deterministic.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>

namespace crm::core {

class DemoRandom {
public:
    explicit DemoRandom(uint64_t seed) : m_state(seed) {}
    uint64_t next() {
        uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint64_t>(n)); }
    int between(int lo, int hi) { return lo + below(hi - lo + 1); }  // inclusive
    bool chance(int percent) { return below(100) < percent; }
    template <typename T, size_t N> const T& pick(const std::array<T, N>& items) { return items[below(int(N))]; }
    double unit() { return double(next() >> 11) / double(1ULL << 53); }  // 0..1
    // A bell-ish value in −spread/2·3 .. +spread/2·3 (the sum of three uniforms, centred).
    double noise(double spread) { return (unit() + unit() + unit() - 1.5) * spread; }

private:
    uint64_t m_state;
};

}  // namespace crm::core

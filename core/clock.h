// Time enters core/ only through this interface, so rules and tests can fix "now".
#pragma once
#include <cstdint>

namespace crm::core {

class Clock {
public:
    virtual ~Clock() = default;
    // Milliseconds since the Unix epoch, UTC.
    virtual int64_t nowMs() const = 0;
};

// A clock that returns whatever the test or tool sets.
class FixedClock : public Clock {
public:
    explicit FixedClock(int64_t ms = 0) : m_ms(ms) {}
    int64_t nowMs() const override { return m_ms; }
    void set(int64_t ms) { m_ms = ms; }
    void advance(int64_t ms) { m_ms += ms; }

private:
    int64_t m_ms;
};

// A monotonic clock for durations (a frame's allowance for background work), in milliseconds with fractions.
// The platform gives it (web/: the browser's high-resolution clock); its zero point means nothing.
class SteadyClock {
public:
    virtual ~SteadyClock() = default;
    virtual double nowMs() const = 0;
};

// A steady clock that stands still unless the test moves it.
class FixedSteadyClock : public SteadyClock {
public:
    double nowMs() const override { return m_ms; }
    void advance(double ms) { m_ms += ms; }

private:
    double m_ms = 0;
};

} // namespace crm::core

// FrameBudget: a deadline on the platform's steady clock (a frame's length, not the time of day).
#include "core/app/frame_budget.h"

#include <algorithm>

namespace crm::core {

double backgroundAllowanceMs(double msSinceInput, bool recordsIn, SyncState sync) {
    const bool transferring = sync == SyncState::Connecting || sync == SyncState::Pulling ||
                              sync == SyncState::Pushing || sync == SyncState::Checking;
    const bool idle = msSinceInput >= kIdleAfterInputMs && recordsIn && !transferring;
    return idle ? kIdleBackgroundMsPerFrame : kBackgroundMsPerFrame;
}

FrameBudget::FrameBudget(const SteadyClock& clock, double allowanceMs)
    : m_clock(clock), m_deadlineMs(clock.nowMs() + allowanceMs) {}

FrameBudget FrameBudget::spent(const SteadyClock& clock) {
    FrameBudget none(clock, 0.0);
    none.m_firstStepTaken = true;
    return none;
}

void FrameBudget::useUp() {
    m_firstStepTaken = true;
    m_deadlineMs = std::min(m_deadlineMs, m_clock.nowMs());
}

bool FrameBudget::allows() {
    if (!m_firstStepTaken) {
        m_firstStepTaken = true;
        return true;
    }
    return remainingMs() > 0;
}

double FrameBudget::remainingMs() const {
    return m_deadlineMs - m_clock.nowMs();
}

}  // namespace crm::core

// FrameBudget: a deadline on the steady clock (a frame's length, not the time of day).
#include "shell/frame_budget.h"

#include <chrono>

namespace crm::shell {
namespace {
double steadyNowMs() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

FrameBudget::FrameBudget(double allowanceMs) : m_deadlineMs(steadyNowMs() + allowanceMs) {}

bool FrameBudget::allows() {
    if (!m_firstStepTaken) {
        m_firstStepTaken = true;
        return true;
    }
    return remainingMs() > 0;
}

double FrameBudget::remainingMs() const {
    return m_deadlineMs - steadyNowMs();
}

}  // namespace crm::shell

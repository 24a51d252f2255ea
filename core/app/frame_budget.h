// One frame's allowance for background work: answers from the sync server, writing pulled documents,
// building the search index, classifying customers. They share it, so together they add at most the
// allowance (plus the one step that overruns it) to a frame, however many of them have work; each
// component would otherwise keep its own few milliseconds and a busy frame would add them all up.
#pragma once
#include "core/clock.h"
#include "core/sync/replication_options.h"

namespace crm::core {

// Per frame, for all background work together (60 fps leaves ~16 ms; the UI itself and painting need
// the rest, and under a software GPU the browser's own frame work too).
inline constexpr double kBackgroundMsPerFrame = 6.0;
// While nobody has used the app for kIdleAfterInputMs, every record is in and sync is not transferring, the
// derived views (search index, classification, boards) may take twice that: the frame has nothing else to do, and
// they finish sooner (at 100,000 customers the main thread sat idle for half of the 45 s the search index took).
// The first input brings the usual allowance back from the next frame. Not while the records load (they have an
// allowance of their own beside this one) nor during a pull or push, whose steps were sized against 6 ms.
inline constexpr double kIdleBackgroundMsPerFrame = 12.0;
inline constexpr double kIdleAfterInputMs = 1000.0;
double backgroundAllowanceMs(double msSinceInput, bool recordsIn, SyncState sync);

class FrameBudget {
public:
    explicit FrameBudget(const SteadyClock& clock, double allowanceMs = kBackgroundMsPerFrame);
    // A budget with nothing left, not even the first step: the frame that first shows a loaded store draws
    // the screen only (the derived views start from the next frame).
    static FrameBudget spent(const SteadyClock& clock);

    // Whether background work may take another step now: while the allowance lasts, and always for the
    // first step that asks (so the component whose turn it is to go first never starves, even when an
    // earlier answer from the server used the whole allowance).
    bool allows();
    // What is left of the allowance, in milliseconds (negative once overrun).
    double remainingMs() const;
    // Nothing more this frame, not even a first step (another job took the whole frame).
    void useUp();
    // An allowance of its own from now, on the same clock (a job that must not share the frame's).
    FrameBudget separate(double allowanceMs) const { return FrameBudget(m_clock, allowanceMs); }

private:
    const SteadyClock& m_clock;
    double m_deadlineMs;
    bool m_firstStepTaken = false;
};

}  // namespace crm::core

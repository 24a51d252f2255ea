// Decides which frames are painted on the canvas. A frame that would paint what the canvas already shows
// is skipped; a changed frame is painted at once while the user is interacting, and at most five times a
// second when only background work changed it (sync progress, documents arriving). Painting is the GPU's
// work — under a software GPU (SwiftShader) tens of milliseconds of CPU a frame that sync and typing need.
#pragma once
#include <cstdint>

struct ImDrawData;

namespace crm::web {

class PaintPacer {
public:
    // True if this frame's draw data must be painted now (then it counts as painted).
    bool shouldPaint(const ImDrawData& data, double nowMs);
    // The canvas must be repainted with the next changed or unchanged frame (e.g. the font texture changed).
    void invalidate() { m_paintedFingerprint = 0; }

private:
    std::uint64_t m_paintedFingerprint = 0;  // of what the canvas shows (0: nothing valid)
    double m_lastPaintMs = -1e9;
};

}  // namespace crm::web

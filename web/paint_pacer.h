// Decides which frames are painted on the canvas, and which parts of them. A frame that would paint what
// the canvas already shows is skipped; a changed frame is painted at once while the user is interacting,
// and at most every kBackgroundPaintMs when only background work changed it (sync progress, documents
// arriving). Of a painted frame only the damaged regions are repainted (shell::PaintDamage). Painting is
// the GPU's work — under a software GPU (SwiftShader) tens of milliseconds of CPU a frame that sync and
// typing need.
#pragma once
#include "shell/paint_damage.h"

#include <cstdint>
#include <vector>

struct ImDrawData;

namespace crm::web {

class PaintPacer {
public:
    // The canvas regions to repaint with this frame's draw data over the clear colour `background`
    // (none: leave the canvas as it is); they then count as painted.
    std::vector<shell::PixelRect> regionsToPaint(const ImDrawData& data, std::uint32_t background, double nowMs);
    // The canvas must be repainted whole with the next frame (e.g. the font texture changed).
    void invalidate();

    struct Stats {
        long paints = 0;       // frames painted
        long partial = 0;      // of them, repainted only in part
        double areaShare = 0;  // sum over painted frames of the share of the canvas repainted
    };
    const Stats& stats() const { return m_stats; }

private:
    std::uint64_t m_paintedFingerprint = 0;  // of what the canvas shows (0: nothing valid)
    double m_lastPaintMs = -1e9;
    shell::PaintDamage m_damage;
    Stats m_stats;
};

}  // namespace crm::web

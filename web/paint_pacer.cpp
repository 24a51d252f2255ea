// PaintPacer: draw-data fingerprints, damaged regions and the time since the last user input (pointer,
// keys, wheel, touch, IME), which the page records in a capturing listener.
#include "web/paint_pacer.h"

#include "shell/draw_data_hash.h"

#include <emscripten.h>
#include <imgui.h>

namespace crm::web {
namespace {
constexpr double kInteractiveMs = 1000;     // input this recent: every change is painted at once
constexpr double kBackgroundPaintMs = 400;  // otherwise at most this often

EM_JS(double, js_ms_since_input, (), {
    if (!Module.crmLastInput) {
        Module.crmLastInput = performance.now();
        const note = function() {
            Module.crmLastInput = performance.now();
        };
        [
            'pointerdown', 'pointermove', 'pointerup', 'wheel', 'keydown', 'keyup', 'touchstart', 'touchmove',
            'compositionupdate', 'input', 'resize', 'focus'
        ]
            .forEach(function(type) { window.addEventListener(type, note, {capture : true, passive : true}); });
    }
    return performance.now() - Module.crmLastInput;
});
}  // namespace

std::vector<shell::PixelRect> PaintPacer::regionsToPaint(const ImDrawData& data, std::uint32_t background,
                                                         double nowMs) {
    std::uint64_t fingerprint = shell::DrawHasher::mix(shell::drawDataFingerprint(data), background);
    if (fingerprint == m_paintedFingerprint) return {};
    if (js_ms_since_input() > kInteractiveMs && nowMs - m_lastPaintMs < kBackgroundPaintMs) return {};
    m_paintedFingerprint = fingerprint;
    m_lastPaintMs = nowMs;
    std::vector<shell::PixelRect> regions = m_damage.paint(data, background);
    double area = 0, canvas = double(data.DisplaySize.x * data.FramebufferScale.x) *
                              (data.DisplaySize.y * data.FramebufferScale.y);
    for (const shell::PixelRect& r : regions)
        area += double(r.x1 - r.x0) * (r.y1 - r.y0);
    if (!regions.empty() && canvas > 0) {
        ++m_stats.paints;
        m_stats.partial += area < canvas;
        m_stats.areaShare += area / canvas;
    }
    return regions;
}

void PaintPacer::invalidate() {
    m_paintedFingerprint = 0;
    m_damage.invalidate();
}

}  // namespace crm::web

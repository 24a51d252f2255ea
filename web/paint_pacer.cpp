// PaintPacer: draw-data fingerprints and the time since the last user input (pointer, keys, wheel, touch,
// IME), which the page records in a capturing listener.
#include "web/paint_pacer.h"

#include "web/draw_data_fingerprint.h"

#include <emscripten.h>
#include <imgui.h>

namespace crm::web {
namespace {
constexpr double kInteractiveMs = 1000;     // input this recent: every change is painted at once
constexpr double kBackgroundPaintMs = 200;  // otherwise at most this often

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

bool PaintPacer::shouldPaint(const ImDrawData& data, double nowMs) {
    std::uint64_t fingerprint = drawDataFingerprint(data);
    if (fingerprint == m_paintedFingerprint) return false;
    if (js_ms_since_input() > kInteractiveMs && nowMs - m_lastPaintMs < kBackgroundPaintMs) return false;
    m_paintedFingerprint = fingerprint;
    m_lastPaintMs = nowMs;
    return true;
}

}  // namespace crm::web

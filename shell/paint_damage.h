// Which parts of the canvas a frame changes, and drawing only those. The frame's triangles are hashed, in
// draw order, into square screen tiles (each triangle into every tile its clipped bounding box touches);
// a tile whose hash differs from the last painted frame's is damaged. Damaged tiles become a few
// rectangles, and DamageClip limits the frame's draw commands to them, so a changed counter, progress bar
// or table row costs the GPU (in tests and on many laptops a software one) a fraction of a full repaint.
// Needs a canvas that keeps its pixels between frames (WebGL preserveDrawingBuffer).
#pragma once
#include <imgui.h>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace crm::shell {

struct PixelRect {  // framebuffer pixels, top-left origin; x1 and y1 exclusive
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool operator==(const PixelRect&) const = default;
};

class PaintDamage {
public:
    static constexpr int kTilePx = 32;
    static constexpr std::size_t kMaxRects = 4;

    // The rectangles to repaint so that the canvas, showing the last painted frame, shows `data` over the
    // clear colour `background`; then `data` counts as painted. All of the canvas after invalidate(), a size
    // change or a draw callback; none when nothing visible changed.
    std::vector<PixelRect> paint(const ImDrawData& data, std::uint32_t background);
    // The canvas no longer shows the last painted frame (e.g. the font texture changed under it).
    void invalidate() { m_valid = false; }

private:
    bool hashTiles(const ImDrawData& data, std::uint32_t background);  // false: a draw callback
    std::vector<PixelRect> damagedRects() const;

    int m_width = 0, m_height = 0, m_cols = 0, m_rows = 0;
    bool m_valid = false;
    std::vector<std::uint64_t> m_painted;  // per tile: the hash of what the canvas shows
    std::vector<std::uint64_t> m_frame;    // per tile: this frame's
};

// Limits a frame's draw commands to rectangles while it lives: each command is repeated once for every
// rectangle it overlaps, its clip rectangle cut down to that one; commands outside all of them are
// dropped. The frame's own commands come back when it goes.
class DamageClip {
public:
    DamageClip(ImDrawData& data, const std::vector<PixelRect>& rects);
    ~DamageClip();
    DamageClip(const DamageClip&) = delete;
    DamageClip& operator=(const DamageClip&) = delete;

private:
    ImDrawData& m_data;
    std::vector<std::vector<ImDrawCmd>> m_saved;  // per draw list
};

}  // namespace crm::shell

// PaintDamage: tile hashes of a frame's triangles and the damaged rectangles; DamageClip: draw commands
// cut to those rectangles.
#include "shell/paint_damage.h"

#include "shell/draw_data_hash.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace crm::shell {
namespace {

struct TileRect {  // in tiles; c1 and r1 exclusive
    int c0, r0, c1, r1;
    long area() const { return long(c1 - c0) * (r1 - r0); }
};

TileRect unite(const TileRect& a, const TileRect& b) {
    return {std::min(a.c0, b.c0), std::min(a.r0, b.r0), std::max(a.c1, b.c1), std::max(a.r1, b.r1)};
}

std::uint64_t vertexHash(std::uint64_t h, const ImDrawVert& v) {
    std::uint64_t pos, uv;
    std::memcpy(&pos, &v.pos, 8);
    std::memcpy(&uv, &v.uv, 8);
    return DrawHasher::mix(DrawHasher::mix(DrawHasher::mix(h, pos), uv), v.col);
}

}  // namespace

std::vector<PixelRect> PaintDamage::paint(const ImDrawData& data, std::uint32_t background) {
    int width = static_cast<int>(data.DisplaySize.x * data.FramebufferScale.x);
    int height = static_cast<int>(data.DisplaySize.y * data.FramebufferScale.y);
    if (width <= 0 || height <= 0) return {};
    if (width != m_width || height != m_height) {
        m_width = width;
        m_height = height;
        m_cols = (width + kTilePx - 1) / kTilePx;
        m_rows = (height + kTilePx - 1) / kTilePx;
        m_valid = false;
    }
    bool hashed = hashTiles(data, background);
    std::vector<PixelRect> rects = m_valid && hashed ? damagedRects() : std::vector<PixelRect>{{0, 0, width, height}};
    m_painted.swap(m_frame);
    m_valid = hashed;
    return rects;
}

bool PaintDamage::hashTiles(const ImDrawData& data, std::uint32_t background) {
    m_frame.assign(static_cast<std::size_t>(m_cols) * m_rows, DrawHasher::mix(0x5DEECE66Dull, background));
    const ImVec2 scale = data.FramebufferScale, origin = data.DisplayPos;
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList& list = *data.CmdLists[n];
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback) return false;
            // The pixels the backend's scissor lets through, rounded outwards.
            float clipX0 = std::max(0.0f, std::floor((cmd.ClipRect.x - origin.x) * scale.x));
            float clipY0 = std::max(0.0f, std::floor((cmd.ClipRect.y - origin.y) * scale.y));
            float clipX1 = std::min(float(m_width), std::ceil((cmd.ClipRect.z - origin.x) * scale.x));
            float clipY1 = std::min(float(m_height), std::ceil((cmd.ClipRect.w - origin.y) * scale.y));
            if (clipX1 <= clipX0 || clipY1 <= clipY0) continue;
            std::uint64_t key = DrawHasher::mix(reinterpret_cast<std::uintptr_t>(cmd.TextureId), 0);
            for (float f : {clipX0, clipY0, clipX1, clipY1})
                key = DrawHasher::mix(key, static_cast<std::uint64_t>(f));
            const ImDrawIdx* idx = list.IdxBuffer.Data + cmd.IdxOffset;
            const ImDrawVert* vtx = list.VtxBuffer.Data + cmd.VtxOffset;
            for (unsigned i = 0; i + 2 < cmd.ElemCount; i += 3) {
                const ImDrawVert& a = vtx[idx[i]];
                const ImDrawVert& b = vtx[idx[i + 1]];
                const ImDrawVert& c = vtx[idx[i + 2]];
                float x0 = std::max(clipX0, std::floor((std::min({a.pos.x, b.pos.x, c.pos.x}) - origin.x) * scale.x));
                float y0 = std::max(clipY0, std::floor((std::min({a.pos.y, b.pos.y, c.pos.y}) - origin.y) * scale.y));
                float x1 = std::min(clipX1, std::ceil((std::max({a.pos.x, b.pos.x, c.pos.x}) - origin.x) * scale.x));
                float y1 = std::min(clipY1, std::ceil((std::max({a.pos.y, b.pos.y, c.pos.y}) - origin.y) * scale.y));
                if (x1 <= x0 || y1 <= y0) continue;
                std::uint64_t triangle = vertexHash(vertexHash(vertexHash(key, a), b), c);
                int c0 = int(x0) / kTilePx, c1 = (int(x1) - 1) / kTilePx;
                int r0 = int(y0) / kTilePx, r1 = (int(y1) - 1) / kTilePx;
                for (int r = r0; r <= r1; ++r) {
                    std::uint64_t* row = m_frame.data() + static_cast<std::size_t>(r) * m_cols;
                    for (int col = c0; col <= c1; ++col)
                        row[col] = DrawHasher::mix(row[col], triangle);
                }
            }
        }
    }
    return true;
}

std::vector<PixelRect> PaintDamage::damagedRects() const {
    // One span of damaged tiles per tile row; rows in a run become one rectangle.
    std::vector<TileRect> rects;
    for (int r = 0; r < m_rows; ++r) {
        int c0 = m_cols, c1 = -1;
        for (int c = 0; c < m_cols; ++c) {
            std::size_t i = static_cast<std::size_t>(r) * m_cols + c;
            if (m_frame[i] == m_painted[i]) continue;
            c0 = std::min(c0, c);
            c1 = c;
        }
        if (c1 < 0) continue;
        TileRect span{c0, r, c1 + 1, r + 1};
        if (!rects.empty() && rects.back().r1 == r)
            rects.back() = unite(rects.back(), span);
        else
            rects.push_back(span);
    }
    // At most kMaxRects: merge the pair that adds the least area, until few enough.
    while (rects.size() > kMaxRects) {
        std::size_t bestI = 0, bestJ = 1;
        long bestCost = -1;
        for (std::size_t i = 0; i < rects.size(); ++i)
            for (std::size_t j = i + 1; j < rects.size(); ++j) {
                long cost = unite(rects[i], rects[j]).area() - rects[i].area() - rects[j].area();
                if (bestCost < 0 || cost < bestCost) bestCost = cost, bestI = i, bestJ = j;
            }
        rects[bestI] = unite(rects[bestI], rects[bestJ]);
        rects.erase(rects.begin() + static_cast<std::ptrdiff_t>(bestJ));
    }
    std::vector<PixelRect> pixels;
    for (const TileRect& t : rects)
        pixels.push_back(
            {t.c0 * kTilePx, t.r0 * kTilePx, std::min(m_width, t.c1 * kTilePx), std::min(m_height, t.r1 * kTilePx)});
    return pixels;
}

DamageClip::DamageClip(ImDrawData& data, const std::vector<PixelRect>& rects) : m_data(data) {
    const ImVec2 scale = data.FramebufferScale, origin = data.DisplayPos;
    std::vector<ImVec4> clips;  // the rectangles in the draw data's coordinates
    for (const PixelRect& r : rects)
        clips.emplace_back(r.x0 / scale.x + origin.x, r.y0 / scale.y + origin.y, r.x1 / scale.x + origin.x,
                           r.y1 / scale.y + origin.y);
    for (int n = 0; n < data.CmdListsCount; ++n) {
        ImVector<ImDrawCmd>& commands = data.CmdLists[n]->CmdBuffer;
        m_saved.emplace_back(commands.begin(), commands.end());
        commands.clear();
        for (const ImDrawCmd& cmd : m_saved.back()) {
            for (const ImVec4& clip : clips) {
                ImDrawCmd cut = cmd;
                cut.ClipRect = ImVec4(std::max(cmd.ClipRect.x, clip.x), std::max(cmd.ClipRect.y, clip.y),
                                      std::min(cmd.ClipRect.z, clip.z), std::min(cmd.ClipRect.w, clip.w));
                if (cut.ClipRect.z > cut.ClipRect.x && cut.ClipRect.w > cut.ClipRect.y) commands.push_back(cut);
            }
        }
    }
}

DamageClip::~DamageClip() {
    for (int n = 0; n < m_data.CmdListsCount; ++n) {
        ImVector<ImDrawCmd>& commands = m_data.CmdLists[n]->CmdBuffer;
        commands.clear();
        for (const ImDrawCmd& cmd : m_saved[static_cast<std::size_t>(n)])
            commands.push_back(cmd);
    }
}

}  // namespace crm::shell

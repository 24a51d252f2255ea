// FontGlyphReserve: shelf packing of late glyphs into a rectangle reserved in ImGui's font atlas.
#include "shell/font_glyph_reserve.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <unordered_set>

namespace crm::shell {
namespace {
constexpr int kPadding = 1;

float roundLikeImGui(float v) {
    return static_cast<float>(static_cast<int>(v + 0.5f));
}  // IM_ROUND
}  // namespace

void FontGlyphReserve::request(ImFontAtlas& atlas, float pixelHeight, size_t builtGlyphs, size_t expectedGlyphs) {
    // A CJK glyph's box with its padding, averaged over the common characters, takes about (0.8 × the pixel
    // height)² of the atlas (Droid Sans Fallback; shelves waste a little, the short glyphs make up for it).
    const float side = pixelHeight * 0.8f + kPadding;
    const size_t glyphs = expectedGlyphs + kReserveGlyphs;
    // ImGui's rule for the atlas width (imgui_draw.cpp, ImFontAtlasBuildWithStbTruetype), for every glyph.
    const float atlasSide = std::sqrt(static_cast<float>(builtGlyphs + glyphs)) * side;
    const int width = atlasSide >= 4096 * 0.7f ? 4096 : atlasSide >= 2048 * 0.7f ? 2048 : atlasSide >= 1024 * 0.7f ? 1024 : 512;
    atlas.TexDesiredWidth = width;
    const int rectWidth = width - 2 * kPadding;  // the packer keeps a padding from the right edge
    const float height = static_cast<float>(glyphs) * side * side / static_cast<float>(rectWidth);
    m_rectId = atlas.AddCustomRectRegular(rectWidth, static_cast<int>(std::ceil(height)) + static_cast<int>(pixelHeight));
}

void FontGlyphReserve::placed(ImFontAtlas& atlas) {
    const ImFontAtlasCustomRect* rect = m_rectId >= 0 ? atlas.GetCustomRectByIndex(m_rectId) : nullptr;
    m_rectId = -1;  // the next build asks again
    place(rect && rect->IsPacked() ? AtlasRect{rect->X, rect->Y, rect->Width, rect->Height} : AtlasRect{});
}

void FontGlyphReserve::place(AtlasRect area) {
    m_x = area.x;
    m_y = area.y;
    m_width = area.width;
    m_height = area.height;
    m_cursorX = m_cursorY = m_rowHeight = 0;
    m_changedFirst = m_changedEnd = 0;
}

bool FontGlyphReserve::add(ImFontAtlas& atlas, ImFont& target, std::span<const unsigned short> chars,
                           const std::vector<unsigned char>& fontData, const ImFontConfig& config) {
    if (chars.empty()) return true;
    if (m_width == 0 || fontData.empty()) return false;
    // The new characters alone, in an atlas of their own, with the merged font's settings.
    ImFontGlyphRangesBuilder builder;
    for (unsigned short c : chars)
        builder.AddChar(c);
    ImVector<ImWchar> ranges;
    builder.BuildRanges(&ranges);
    ImFontAtlas scratch;
    scratch.Flags =
        ImFontAtlasFlags_NoPowerOfTwoHeight | ImFontAtlasFlags_NoMouseCursors | ImFontAtlasFlags_NoBakedLines;
    // The font data is lent, not copied (ImGui 1.86 copies data it does not own: 4 MB a call, most of its cost
    // when the common characters arrive in batches), and taken back before the scratch atlas would free it.
    struct Lent {
        ImFontAtlas& atlas;
        ~Lent() {
            for (ImFontConfig& c : atlas.ConfigData)
                c.FontDataOwnedByAtlas = false;
        }
    } lent{scratch};
    ImFontConfig alone = config;
    alone.MergeMode = false;
    alone.FontDataOwnedByAtlas = true;
    ImFont* font =
        scratch.AddFontFromMemoryTTF(const_cast<unsigned char*>(fontData.data()), static_cast<int>(fontData.size()),
                                     config.SizePixels, &alone, ranges.Data);
    if (!font || !scratch.Build()) return false;
    unsigned char* pixels = nullptr;
    int texW = 0, texH = 0;
    scratch.GetTexDataAsAlpha8(&pixels, &texW, &texH);
    // Merged glyphs sit on the target font's baseline (ImGui offsets them by the first font's ascent).
    const float dy = roundLikeImGui(target.Ascent) - roundLikeImGui(font->Ascent);
    std::unordered_set<unsigned> wanted(chars.begin(), chars.end());
    // ImGui's lookup table build appends a copy of the space as '\t' unless the last glyph already is one.
    if (!target.Glyphs.empty() && target.Glyphs.back().Codepoint == '\t') target.Glyphs.pop_back();

    for (const ImFontGlyph& g : font->Glyphs) {
        if (!wanted.count(g.Codepoint) || target.FindGlyphNoFallback(static_cast<ImWchar>(g.Codepoint))) continue;
        int sx = static_cast<int>(std::lround(g.U0 * texW)), sy = static_cast<int>(std::lround(g.V0 * texH));
        int w = g.Visible ? static_cast<int>(std::lround(g.U1 * texW)) - sx : 0;
        int h = g.Visible ? static_cast<int>(std::lround(g.V1 * texH)) - sy : 0;
        if (m_cursorX + w > m_width) {  // next shelf
            m_cursorY += m_rowHeight + kPadding;
            m_cursorX = m_rowHeight = 0;
        }
        if (m_cursorY + h > m_height || w > m_width) {
            target.BuildLookupTable();
            return false;
        }
        int dx = m_x + m_cursorX, dyPx = m_y + m_cursorY;
        copyPixels(atlas, pixels + sy * texW + sx, texW, dx, dyPx, w, h);
        const ImVec2 uv = atlas.TexUvScale;
        target.AddGlyph(nullptr, static_cast<ImWchar>(g.Codepoint), g.X0, g.Y0 + dy, g.X1, g.Y1 + dy, dx * uv.x,
                        dyPx * uv.y, (dx + w) * uv.x, (dyPx + h) * uv.y, g.AdvanceX);
        m_cursorX += w + kPadding;
        m_rowHeight = std::max(m_rowHeight, h);
    }
    target.BuildLookupTable();
    return true;
}

void FontGlyphReserve::copyPixels(ImFontAtlas& atlas, const unsigned char* src, int srcPitch, int x, int y, int w,
                                  int h) {
    if (w <= 0 || h <= 0) return;
    for (int row = 0; row < h; ++row) {
        const unsigned char* from = src + row * srcPitch;
        size_t at = static_cast<size_t>(y + row) * atlas.TexWidth + x;
        if (atlas.TexPixelsAlpha8) std::memcpy(atlas.TexPixelsAlpha8 + at, from, w);
        if (atlas.TexPixelsRGBA32) {
            for (int col = 0; col < w; ++col)
                atlas.TexPixelsRGBA32[at + col] = IM_COL32(255, 255, 255, from[col]);
        }
    }
    if (m_changedEnd == 0) m_changedFirst = y;
    m_changedFirst = std::min(m_changedFirst, y);
    m_changedEnd = std::max(m_changedEnd, y + h);
}

AtlasRows FontGlyphReserve::takeChangedRows() {
    AtlasRows rows{m_changedFirst, m_changedEnd - m_changedFirst};
    m_changedFirst = m_changedEnd = 0;
    return rows;
}

}  // namespace crm::shell

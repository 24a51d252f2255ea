// Room kept free in the font atlas for characters met after it was built (a rare surname in pulled
// customers): their glyphs are rasterised alone and copied into this reserve, so a new character costs
// about a millisecond and a partial texture upload instead of rebuilding the whole CJK atlas (hundreds of
// milliseconds, a visible stall while syncing). The font manager also fills it with the common characters it
// leaves out of the first atlas. When the reserve is full the atlas is rebuilt with a new one.
#pragma once
#include <imgui.h>

#include <span>
#include <vector>

namespace crm::shell {

// A rectangle of the atlas texture, in pixels.
struct AtlasRect {
    int x = 0, y = 0, width = 0, height = 0;
};

// Texture rows [first, first + count) changed since the last upload.
struct AtlasRows {
    int first = 0;
    int count = 0;
};

class FontGlyphReserve {
public:
    static constexpr size_t kReserveGlyphs = 256;  // room for characters met later, beyond those expected

    // Asks the atlas (before Build, which will rasterise about `builtGlyphs`) for a free rectangle with room for
    // `expectedGlyphs` of `pixelHeight` and kReserveGlyphs more, as wide as the atlas (whose width it sets:
    // what ImGui would choose for all those glyphs together).
    void request(ImFontAtlas& atlas, float pixelHeight, size_t builtGlyphs, size_t expectedGlyphs);
    // After Build: where the rectangle landed; the reserve starts empty.
    void placed(ImFontAtlas& atlas);
    // The rectangle (empty before a build placed it); an atlas baked with it empty puts it back with place.
    AtlasRect area() const { return {m_x, m_y, m_width, m_height}; }
    void place(AtlasRect area);

    // Rasterises `chars` from `fontData` with `config` (the merged CJK font's) and adds them to `target`
    // (the atlas's font, with its ascent). False when the reserve is full (some may have been added).
    bool add(ImFontAtlas& atlas, ImFont& target, std::span<const unsigned short> chars,
             const std::vector<unsigned char>& fontData, const ImFontConfig& config);

    // The rows written since the last call (count 0: none).
    AtlasRows takeChangedRows();

private:
    void copyPixels(ImFontAtlas& atlas, const unsigned char* src, int srcPitch, int x, int y, int w, int h);

    int m_rectId = -1;
    int m_x = 0, m_y = 0, m_width = 0, m_height = 0;  // the rectangle in the atlas
    int m_cursorX = 0, m_cursorY = 0, m_rowHeight = 0;
    int m_changedFirst = 0, m_changedEnd = 0;
};

}  // namespace crm::shell

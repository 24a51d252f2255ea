// The UI fonts: a Latin font with a CJK font merged in. Glyphs cover the UI's own text, every character seen
// in the user's data (so a rare surname never shows as '?') and common simplified Chinese. The first atlas
// holds only the characters noted so far (the UI's text, the data loaded): rasterising the 3,000 common
// characters took most of the start-up. They follow in later frames, after any character noted meanwhile,
// added to the built atlas in place (FontGlyphReserve, sized for them) like every new character; the atlas is
// rebuilt only for a new size or when the reserve is full. The platform uploads the texture, whole after a
// rebuild or the changed rows. The first atlas of a common pixel scale is baked at build time
// (shell/font_bake/font_bake.cpp, shell/font_atlas_file.h): the platform hands it over and it is loaded, not rasterised.
#pragma once
#include "shell/font_glyph_reserve.h"

#include <bitset>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::shell {

// What update() did. Waiting: a new atlas is due and needs the font files, which are still on their way
// (expectFontData): draw nothing with the atlas until they come.
enum class FontAtlasChange { None, Rebuilt, GlyphsAdded, Waiting };

class FontManager {
public:
    // Font file contents (the platform reads them); either may be empty (ImGui's default font is used).
    void setFontData(std::vector<unsigned char> latin, std::vector<unsigned char> cjk);
    // The platform fetches the font files after start-up and hands them over with setFontData: meanwhile the
    // atlas baked for the scale is used alone and characters it lacks wait; a scale with none waits (Waiting).
    void expectFontData() { m_fontDataComing = true; }
    // The atlas baked at build time for a pixel scale, as a file's bytes (empty: none); asked at each full
    // build, which loads it instead when it holds the characters noted so far but a few.
    using BakedAtlasSource = std::function<std::vector<unsigned char>(float pixelScale)>;
    void setBakedAtlasSource(BakedAtlasSource source) { m_bakedSource = std::move(source); }
    // The atlas as just built, in the baked atlas format (what the build-time generator writes).
    std::vector<unsigned char> encodeBuiltAtlas() const;
    // Its file name for a pixel scale: atlas_<percent>.bin.
    static std::string bakedAtlasName(float pixelScale);

    // Notes every character of `utf8`; returns true if one was new (the atlas needs it).
    bool noteText(std::string_view utf8);
    // Pixel size = base size × user scale × device pixel ratio.
    void setScale(float userScale, float devicePixelRatio);

    // Brings ImGui's font atlas up to date (call between frames): a few dozen new characters a call, then as
    // many common ones not yet in it. After GlyphsAdded, changedRows() tells which texture rows to upload
    // again; after Rebuilt, re-create the whole texture. `addGlyphs` false: new characters wait for a later
    // call (a frame with no time left for them).
    FontAtlasChange update(bool addGlyphs = true);
    AtlasRows changedRows() { return m_reserve.takeChangedRows(); }

    float pixelScale() const { return m_userScale * m_dpr; }
    float userScale() const { return m_userScale; }
    size_t glyphCount() const { return m_glyphCount; }
    // Whether the atlas now in use was loaded as baked (not rasterised at run time).
    bool atlasBaked() const { return m_atlasBaked; }
    // Common characters still waiting to be added (0 once the atlas has them all).
    size_t commonPending() const { return m_common.size() - m_commonNext; }

private:
    void rebuild();
    bool loadBaked();
    void listCommon();
    void takeCommonBatch();
    ImFontConfig cjkConfig(float size) const;

    std::vector<unsigned char> m_latin;
    std::vector<unsigned char> m_cjk;
    std::bitset<0x10000> m_seen;            // BMP code points noted from data
    std::vector<unsigned short> m_extra;    // the same, as a list, in the order seen
    std::vector<unsigned short> m_pending;  // seen since the atlas was last brought up to date
    std::vector<unsigned short> m_common;   // common simplified Chinese, added after the first build
    size_t m_commonNext = 0;                // m_common[m_commonNext..] are not in the atlas yet
    float m_userScale = 1.0f;
    float m_dpr = 1.0f;
    bool m_dirty = true;  // a full rebuild is due
    size_t m_glyphCount = 0;
    bool m_atlasBaked = false;
    bool m_fontDataComing = false;  // expectFontData() and no setFontData() yet
    BakedAtlasSource m_bakedSource;
    std::vector<unsigned short> m_ranges;  // must outlive the atlas build
    FontGlyphReserve m_reserve;
};

}  // namespace crm::shell

// The UI fonts: a Latin font with a CJK font merged in. Glyphs cover common simplified Chinese, the UI's own
// text and every character seen in the user's data; a new character marks the atlas for a rebuild, so a rare
// surname never shows as '?'. The platform uploads the texture after rebuild().
#pragma once
#include <bitset>
#include <string>
#include <vector>

namespace crm::shell {

class FontManager {
public:
    // Font file contents (the platform reads them); either may be empty (ImGui's default font is used).
    void setFontData(std::vector<unsigned char> latin, std::vector<unsigned char> cjk);

    // Notes every character of `utf8`; returns true if one was new (the atlas needs a rebuild).
    bool noteText(const std::string& utf8);
    // Pixel size = base size × user scale × device pixel ratio.
    void setScale(float userScale, float devicePixelRatio);

    bool needsRebuild() const { return m_dirty; }
    // Rebuilds ImGui's font atlas (call between frames; then re-create the GPU texture).
    void rebuild();

    float pixelScale() const { return m_userScale * m_dpr; }
    float userScale() const { return m_userScale; }
    size_t glyphCount() const { return m_glyphCount; }

private:
    std::vector<unsigned char> m_latin;
    std::vector<unsigned char> m_cjk;
    std::bitset<0x10000> m_seen;    // BMP code points noted from data
    std::vector<unsigned short> m_extra;  // the same, as a list, in the order seen
    float m_userScale = 1.0f;
    float m_dpr = 1.0f;
    bool m_dirty = true;
    size_t m_glyphCount = 0;
    std::vector<unsigned short> m_ranges;  // must outlive the atlas build
};

} // namespace crm::shell

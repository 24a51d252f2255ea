// The file format of a font atlas baked at build time (shell/font_bake/font_bake.cpp writes one per pixel scale, the app
// loads the one for its scale instead of rasterising the first atlas): ImGui's texture and merged font as built,
// the CJK characters it was built for and where its glyph reserve is. Little-endian fields, the texture's
// alpha with its zero runs packed (the empty reserve is most of it).
#pragma once
#include "shell/font_glyph_reserve.h"

#include <imgui.h>

#include <optional>
#include <span>
#include <vector>

namespace crm::shell {

struct BakedAtlas {
    float pixelScale = 0;
    std::vector<unsigned short> noted;  // the characters FontManager had noted, in its order
    AtlasRect reserve;
    // ImGui's atlas and its one font
    int flags = 0;
    int texWidth = 0, texHeight = 0;
    ImVec2 whitePixel;
    std::vector<ImVec4> lines;  // baked anti-aliased lines' UVs
    float fontSize = 0, ascent = 0, descent = 0;
    std::vector<ImFontGlyph> glyphs;
    std::vector<unsigned char> alpha;  // texWidth × texHeight
};

// The atlas as built now (its first font), with the font manager's part.
std::vector<unsigned char> encodeAtlas(const ImFontAtlas& atlas, float pixelScale,
                                       std::span<const unsigned short> noted, AtlasRect reserve);
// nullopt: not a baked atlas of this version, or cut short.
std::optional<BakedAtlas> decodeAtlas(std::span<const unsigned char> bytes);
// Replaces the atlas's fonts and texture with the baked ones, ready as if built (the backend uploads it).
void installAtlas(const BakedAtlas& baked, ImFontAtlas& atlas);

}  // namespace crm::shell

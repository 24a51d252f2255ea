// Doctests for the font atlas: characters met after the atlas was built are added in place (the glyph
// reserve) with the same metrics and pixels a full rebuild gives them, a full reserve falls back to a
// rebuild that keeps every character, and the common characters left out of the first atlas follow in
// later updates, after the characters noted meanwhile. Uses the real fonts the web app ships (Debian's font
// packages).
#include "shell/font_manager.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <bitset>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace crm;

namespace {
std::vector<unsigned char> readFile(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string utf8(unsigned cp) {  // BMP only
    std::string s;
    s += static_cast<char>(0xE0 | (cp >> 12));
    s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    s += static_cast<char>(0x80 | (cp & 0x3F));
    return s;
}

// `count` CJK ideographs outside ImGui's common simplified Chinese set (the rare surnames of real data).
std::vector<unsigned> rareIdeographs(ImFontAtlas& atlas, size_t count) {
    std::bitset<0x10000> common;
    for (const ImWchar* r = atlas.GetGlyphRangesChineseSimplifiedCommon(); r[0]; r += 2) {
        for (unsigned c = r[0]; c <= r[1]; ++c)
            common[c] = true;
    }
    std::vector<unsigned> out;
    for (unsigned c = 0x4E00; c < 0x9FA5 && out.size() < count; c += 7) {
        if (!common[c]) out.push_back(c);
    }
    return out;
}

struct GlyphPicture {
    float x0, y0, x1, y1, advance;
    int w, h;
    std::vector<unsigned char> pixels;
};

// The glyph of `c` in the current context's atlas: its metrics and its pixels in the texture.
GlyphPicture picture(unsigned c) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    const ImFontGlyph* g = atlas.Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(c));
    REQUIRE(g);
    int sx = static_cast<int>(g->U0 * atlas.TexWidth + 0.5f), sy = static_cast<int>(g->V0 * atlas.TexHeight + 0.5f);
    int w = static_cast<int>(g->U1 * atlas.TexWidth + 0.5f) - sx,
        h = static_cast<int>(g->V1 * atlas.TexHeight + 0.5f) - sy;
    unsigned char* alpha = nullptr;
    int tw = 0, th = 0;
    atlas.GetTexDataAsAlpha8(&alpha, &tw, &th);
    GlyphPicture p{g->X0, g->Y0, g->X1, g->Y1, g->AdvanceX, w, h, {}};
    for (int y = 0; y < h; ++y)
        p.pixels.insert(p.pixels.end(), alpha + (sy + y) * tw + sx, alpha + (sy + y) * tw + sx + w);
    return p;
}

bool hasGlyph(unsigned c) {
    return ImGui::GetIO().Fonts->Fonts[0]->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr;
}

// Updates until the atlas has every common character; returns how many updates that took.
int addAllCommon(shell::FontManager& fonts) {
    int updates = 0;
    while (fonts.commonPending() > 0) {
        REQUIRE(fonts.update() == shell::FontAtlasChange::GlyphsAdded);
        REQUIRE(++updates < 1000);
    }
    return updates;
}

struct FontContext {
    ImGuiContext* context = ImGui::CreateContext();
    shell::FontManager fonts;
    FontContext() {
        ImGui::SetCurrentContext(context);
        fonts.setFontData(readFile(CRM_LATIN_FONT_FILE), readFile(CRM_CJK_FONT_FILE));
    }
    ~FontContext() { ImGui::DestroyContext(context); }
};
}  // namespace

TEST_CASE("a character met after the atlas is built is added in place, as a rebuild would draw it") {
    std::vector<unsigned> rare;
    GlyphPicture built{};
    {
        FontContext reference;
        rare = rareIdeographs(*ImGui::GetIO().Fonts, 1);
        REQUIRE(rare.size() == 1);
        reference.fonts.noteText(utf8(rare[0]));
        REQUIRE(reference.fonts.update() == shell::FontAtlasChange::Rebuilt);
        built = picture(rare[0]);
    }
    FontContext ctx;
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
    CHECK_FALSE(hasGlyph(rare[0]));
    ctx.fonts.noteText("客户");  // common characters, added in the next update before the rare one is met
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::GlyphsAdded);
    const size_t before = ctx.fonts.glyphCount();
    ctx.fonts.noteText("客户" + utf8(rare[0]));  // 客户 is already there
    CHECK(ctx.fonts.update() == shell::FontAtlasChange::GlyphsAdded);
    CHECK(ctx.fonts.glyphCount() == before + 1);
    shell::AtlasRows rows = ctx.fonts.changedRows();
    CHECK(rows.count > 0);
    CHECK(rows.first + rows.count <= ImGui::GetIO().Fonts->TexHeight);
    CHECK(ctx.fonts.changedRows().count == 0);  // taken
    CHECK(ctx.fonts.update(false) == shell::FontAtlasChange::None);  // a frame without time for glyphs
    CHECK(ctx.fonts.changedRows().count == 0);

    GlyphPicture added = picture(rare[0]);
    CHECK(added.x0 == built.x0);
    CHECK(added.y0 == built.y0);
    CHECK(added.x1 == built.x1);
    CHECK(added.y1 == built.y1);
    CHECK(added.advance == built.advance);
    REQUIRE(added.w == built.w);
    REQUIRE(added.h == built.h);
    CHECK(added.pixels == built.pixels);
    size_t inked = 0;
    for (unsigned char a : added.pixels)
        inked += a > 128;
    CHECK(inked > 10);  // the glyph really is drawn
}

TEST_CASE("when the reserve is full the atlas is rebuilt with every character seen") {
    FontContext ctx;
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
    addAllCommon(ctx.fonts);  // the reserve's room beyond the common characters is what is left
    std::vector<unsigned> rare = rareIdeographs(*ImGui::GetIO().Fonts, 2000);
    REQUIRE(rare.size() == 2000);
    int added = 0, rebuilt = 0;
    for (size_t i = 0; i < rare.size(); i += 20) {  // 20 new characters a frame
        std::string text;
        for (size_t k = i; k < i + 20; ++k)
            text += utf8(rare[k]);
        ctx.fonts.noteText(text);
        shell::FontAtlasChange change = ctx.fonts.update();
        added += change == shell::FontAtlasChange::GlyphsAdded;
        rebuilt += change == shell::FontAtlasChange::Rebuilt;
    }
    CHECK(added >= 20);
    CHECK(rebuilt >= 1);
    CHECK(rebuilt <= 8);
    for (unsigned c : rare) {
        INFO("U+" << std::hex << c);
        CHECK(hasGlyph(c));
    }
    CHECK(hasGlyph(0x4E2D));  // 中: the common characters survive the rebuild
}

TEST_CASE("the first atlas has the characters noted; the common ones follow, after characters noted meanwhile") {
    FontContext ctx;
    std::vector<unsigned> rare = rareIdeographs(*ImGui::GetIO().Fonts, 40);
    ctx.fonts.noteText("客户档案");
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
    for (unsigned c : {0x5BA2u, 0x6237u, 0x6863u, 0x6848u})  // 客户档案
        CHECK(hasGlyph(c));
    CHECK_FALSE(hasGlyph(0x4E2D));  // 中, common but not noted
    const size_t first = ctx.fonts.glyphCount();
    CHECK(ctx.fonts.commonPending() > 2000);

    // A few common ones arrive; then characters the user types go before the rest of them.
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::GlyphsAdded);
    std::string typed;
    for (unsigned c : rare)
        typed += utf8(c);
    ctx.fonts.noteText(typed);
    const size_t commonBefore = ctx.fonts.commonPending();
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::GlyphsAdded);  // 32 a call
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::GlyphsAdded);
    for (unsigned c : rare)
        CHECK(hasGlyph(c));
    CHECK(ctx.fonts.commonPending() == commonBefore);

    // Then every common character, in place: no rebuild.
    CHECK(addAllCommon(ctx.fonts) > 10);
    CHECK(hasGlyph(0x4E2D));
    CHECK(hasGlyph(0x3002));  // 。
    CHECK(ctx.fonts.glyphCount() > first + 2000);
    CHECK(ctx.fonts.update() == shell::FontAtlasChange::None);
    CHECK(ImGui::GetIO().Fonts->TexHeight <= 4096);
}

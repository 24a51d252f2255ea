// Doctests for the font atlas: characters met after the atlas was built are added in place (the glyph
// reserve) with the same metrics and pixels a full rebuild gives them, a full reserve falls back to a
// rebuild that keeps every character, and the common characters left out of the first atlas follow in
// later updates, after the characters noted meanwhile; an atlas baked at build time loads with the glyphs a
// run-time build gives, and characters it lacks follow in its reserve. Uses the real fonts the web app ships (Debian's font
// packages).
#include "core/app/i18n.h"
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

void checkSamePicture(const GlyphPicture& p, const GlyphPicture& expected) {
    CHECK(p.x0 == expected.x0);
    CHECK(p.y0 == expected.y0);
    CHECK(p.x1 == expected.x1);
    CHECK(p.y1 == expected.y1);
    CHECK(p.advance == expected.advance);
    REQUIRE(p.w == expected.w);
    REQUIRE(p.h == expected.h);
    CHECK(p.pixels == expected.pixels);
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
    checkSamePicture(added, built);
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

namespace {
// The first atlas of the UI's text at scale 1, built at run time: its file and a sample of its glyphs.
struct BakedReference {
    std::vector<unsigned char> file;
    std::vector<unsigned> sample = {'A', 'g', 0x2192 /* → */, 0x5BA2 /* 客 */, 0x6237 /* 户 */, 0x3002 /* 。 */};
    std::vector<GlyphPicture> pictures;
    int texWidth = 0, texHeight = 0;
    size_t glyphs = 0;
    BakedReference() {
        ImGuiContext* previous = ImGui::GetCurrentContext();  // a test's, when it is first asked for
        build();
        ImGui::SetCurrentContext(previous);
    }
    void build() {
        FontContext ctx;
        ctx.fonts.noteText(core::allCatalogText());
        REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
        CHECK_FALSE(ctx.fonts.atlasBaked());
        file = ctx.fonts.encodeBuiltAtlas();
        for (unsigned c : sample)
            pictures.push_back(picture(c));
        texWidth = ImGui::GetIO().Fonts->TexWidth;
        texHeight = ImGui::GetIO().Fonts->TexHeight;
        glyphs = ctx.fonts.glyphCount();
    }
};

const BakedReference& bakedReference() {
    static const BakedReference reference;
    return reference;
}

// A font manager whose platform has the reference's file for scale 1 (as shell/font_bake/font_bake.cpp names it).
struct BakedContext : FontContext {
    std::vector<float> asked;
    BakedContext() {
        fonts.setBakedAtlasSource([this](float scale) {
            asked.push_back(scale);
            return shell::FontManager::bakedAtlasName(scale) == "atlas_100.bin" ? bakedReference().file
                                                                               : std::vector<unsigned char>{};
        });
        fonts.noteText(core::allCatalogText());
    }
};
}  // namespace

TEST_CASE("the baked first atlas loads with the glyphs, metrics and pixels a run-time build gives") {
    const BakedReference& reference = bakedReference();
    REQUIRE(reference.file.size() > 1000);
    BakedContext ctx;
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
    CHECK(ctx.asked == std::vector<float>{1.0f});
    CHECK(ctx.fonts.atlasBaked());
    CHECK(ctx.fonts.glyphCount() == reference.glyphs);
    CHECK(ImGui::GetIO().Fonts->TexWidth == reference.texWidth);
    CHECK(ImGui::GetIO().Fonts->TexHeight == reference.texHeight);
    CHECK(ImGui::GetIO().Fonts->IsBuilt());
    for (size_t i = 0; i < reference.sample.size(); ++i) {
        INFO("U+" << std::hex << reference.sample[i]);
        checkSamePicture(picture(reference.sample[i]), reference.pictures[i]);
    }
    CHECK(ctx.fonts.update() == shell::FontAtlasChange::GlyphsAdded);  // the common characters follow
    CHECK(ctx.fonts.commonPending() > 2000);
}

TEST_CASE("characters the baked atlas lacks are added to its reserve as a run-time build draws them") {
    std::vector<unsigned> rare;
    GlyphPicture built{};
    {
        FontContext reference;
        rare = rareIdeographs(*ImGui::GetIO().Fonts, 1);
        reference.fonts.noteText(utf8(rare[0]));
        REQUIRE(reference.fonts.update() == shell::FontAtlasChange::Rebuilt);
        built = picture(rare[0]);
    }
    BakedContext ctx;
    ctx.fonts.noteText(utf8(rare[0]));  // data noted before the first frame
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
    REQUIRE(ctx.fonts.atlasBaked());
    CHECK_FALSE(hasGlyph(rare[0]));
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::GlyphsAdded);
    checkSamePicture(picture(rare[0]), built);

    const unsigned typed = rareIdeographs(*ImGui::GetIO().Fonts, 2)[1];
    ctx.fonts.noteText(utf8(typed));  // typed later
    REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::GlyphsAdded);
    CHECK(hasGlyph(typed));
}

TEST_CASE("the atlas is built at run time for a scale not baked, a damaged file or too many missing characters") {
    {
        BakedContext ctx;
        ctx.fonts.setScale(1.0f, 1.75f);
        REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
        CHECK(ctx.asked == std::vector<float>{1.75f});
        CHECK_FALSE(ctx.fonts.atlasBaked());
        CHECK(hasGlyph(0x5BA2));
        ctx.fonts.setScale(1.0f, 1.0f);  // back to a baked scale (the window moved to another screen)
        REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
        CHECK(ctx.fonts.atlasBaked());
    }
    {
        FontContext ctx;
        std::vector<unsigned char> cut(bakedReference().file.begin(), bakedReference().file.end() - 100);
        ctx.fonts.setBakedAtlasSource([&cut](float) { return cut; });
        ctx.fonts.noteText("客户");
        REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
        CHECK_FALSE(ctx.fonts.atlasBaked());
        CHECK(hasGlyph(0x5BA2));
    }
    {
        BakedContext ctx;
        std::string data;
        for (unsigned c : rareIdeographs(*ImGui::GetIO().Fonts, 400))
            data += utf8(c);
        ctx.fonts.noteText(data);  // a large database's names, noted before the first frame
        REQUIRE(ctx.fonts.update() == shell::FontAtlasChange::Rebuilt);
        CHECK_FALSE(ctx.fonts.atlasBaked());
        CHECK(hasGlyph(rareIdeographs(*ImGui::GetIO().Fonts, 400).back()));
    }
}

TEST_CASE("while the font files are on their way the baked atlas is used alone; what it lacks waits for them") {
    ImGuiContext* context = ImGui::CreateContext();
    ImGui::SetCurrentContext(context);
    const unsigned rare = rareIdeographs(*ImGui::GetIO().Fonts, 3)[2];
    {
        shell::FontManager fonts;
        fonts.setBakedAtlasSource([](float scale) {
            return shell::FontManager::bakedAtlasName(scale) == "atlas_100.bin" ? bakedReference().file
                                                                               : std::vector<unsigned char>{};
        });
        fonts.expectFontData();
        fonts.noteText(core::allCatalogText() + utf8(rare));  // a rare surname in the data
        REQUIRE(fonts.update() == shell::FontAtlasChange::Rebuilt);
        CHECK(fonts.atlasBaked());
        CHECK(hasGlyph(0x5BA2));
        CHECK_FALSE(hasGlyph(rare));
        CHECK(fonts.update() == shell::FontAtlasChange::None);  // nothing to draw it from yet, and it is kept
        fonts.setScale(1.0f, 1.75f);  // no baked atlas: a run-time build needs the files
        CHECK(fonts.update() == shell::FontAtlasChange::Waiting);
        CHECK(fonts.update() == shell::FontAtlasChange::Waiting);
        fonts.setScale(1.0f, 1.0f);
        REQUIRE(fonts.update() == shell::FontAtlasChange::Rebuilt);
        REQUIRE(fonts.atlasBaked());
        fonts.setFontData(readFile(CRM_LATIN_FONT_FILE), readFile(CRM_CJK_FONT_FILE));
        REQUIRE(fonts.update() == shell::FontAtlasChange::GlyphsAdded);  // the baked atlas stays, the glyph joins it
        CHECK(fonts.atlasBaked());
        CHECK(hasGlyph(rare));
        fonts.setScale(1.0f, 1.75f);
        CHECK(fonts.update() == shell::FontAtlasChange::Rebuilt);
        CHECK(hasGlyph(rare));
    }
    ImGui::DestroyContext(context);
}

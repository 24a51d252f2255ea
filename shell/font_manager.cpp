// Font atlas building with data-driven CJK glyph ranges; late characters go into the atlas's reserve.
#include "shell/font_manager.h"

#include "shell/font_atlas_file.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace crm::shell {
namespace {
constexpr float kBaseFontSize = 16.0f;
constexpr float kCjkSizeRatio = 1.12f;
constexpr size_t kGlyphsPerUpdate = 32;
constexpr size_t kLatinGlyphs = 1000;  // about as many as the Latin ranges below (for sizing the atlas)

// Decodes one UTF-8 sequence at s[i]; advances i. Invalid bytes decode as U+FFFD.
unsigned decodeUtf8(std::string_view s, size_t& i) {
    unsigned char c = static_cast<unsigned char>(s[i++]);
    if (c < 0x80) return c;
    int extra = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : -1;
    if (extra < 0) return 0xFFFD;
    unsigned cp = c & (0x3F >> extra);
    for (int k = 0; k < extra; ++k) {
        if (i >= s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) return 0xFFFD;
        cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
    }
    return cp;
}
}  // namespace

void FontManager::setFontData(std::vector<unsigned char> latin, std::vector<unsigned char> cjk) {
    m_latin = std::move(latin);
    m_cjk = std::move(cjk);
    m_fontDataComing = false;
    if (!m_atlasBaked) m_dirty = true;  // a baked atlas in use stays: the files add what it lacks
}

bool FontManager::noteText(std::string_view utf8) {
    bool added = false;
    for (size_t i = 0; i < utf8.size();) {
        unsigned cp = decodeUtf8(utf8, i);
        if (cp < 0x2E80 || cp >= 0x10000 || m_seen[cp]) continue;  // Latin is always in the atlas
        m_seen[cp] = true;
        m_extra.push_back(static_cast<unsigned short>(cp));
        m_pending.push_back(static_cast<unsigned short>(cp));
        added = true;
    }
    return added;
}

void FontManager::setScale(float userScale, float devicePixelRatio) {
    if (userScale == m_userScale && devicePixelRatio == m_dpr) return;
    m_userScale = userScale;
    m_dpr = devicePixelRatio;
    m_dirty = true;
}

ImFontConfig FontManager::cjkConfig(float size) const {
    ImFontConfig config;
    config.MergeMode = true;
    config.FontDataOwnedByAtlas = false;
    config.OversampleH = 1;
    config.PixelSnapH = true;
    // Droid Sans Fallback's em is smaller than DejaVu Sans' at the same pixel height (taller ascent + descent):
    // scaled up so Chinese and Latin text look the same size side by side.
    config.SizePixels = size * kCjkSizeRatio;
    return config;
}

FontAtlasChange FontManager::update(bool addGlyphs) {
    if (m_dirty && loadBaked()) return FontAtlasChange::Rebuilt;
    if (!m_dirty) {
        if (!addGlyphs) return FontAtlasChange::None;
        if (m_cjk.empty()) {  // without a CJK font nothing new can be drawn; with one coming, it waits
            if (!m_fontDataComing) m_pending.clear();
            return FontAtlasChange::None;
        }
        if (m_pending.empty()) takeCommonBatch();  // characters the data or the user brought go first
        if (m_pending.empty()) return FontAtlasChange::None;
        ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
        ImFont& font = *atlas.Fonts[0];
        // A few dozen a frame (each costs 0.1-0.3 ms); the rest follow in the next frames.
        const size_t count = std::min(m_pending.size(), kGlyphsPerUpdate);
        std::span<const unsigned short> batch(m_pending.data(), count);
        bool fitted = m_reserve.add(atlas, font, batch, m_cjk, cjkConfig(kBaseFontSize * pixelScale()));
        m_pending.erase(m_pending.begin(), m_pending.begin() + static_cast<std::ptrdiff_t>(count));
        m_glyphCount = static_cast<size_t>(font.Glyphs.Size);
        if (fitted) return FontAtlasChange::GlyphsAdded;
    }
    if (m_fontDataComing) return FontAtlasChange::Waiting;
    rebuild();  // a new size or font, or the reserve is full (m_extra has every character seen)
    return FontAtlasChange::Rebuilt;
}

// The baked atlas for this scale, if any, when the characters noted so far that it lacks fit in its reserve
// (it has room for every common character and kReserveGlyphs more): they become pending, as if noted after.
bool FontManager::loadBaked() {
    if (!m_bakedSource || (m_cjk.empty() && !m_fontDataComing)) return false;
    std::vector<unsigned char> file = m_bakedSource(pixelScale());
    std::optional<BakedAtlas> baked = decodeAtlas(file);
    if (!baked || baked->pixelScale != pixelScale()) return false;
    std::bitset<0x10000> inBaked;
    for (unsigned short c : baked->noted)
        inBaked[c] = true;
    std::vector<unsigned short> missing;
    for (unsigned short c : m_extra) {
        if (!inBaked[c]) missing.push_back(c);
    }
    if (missing.size() > FontGlyphReserve::kReserveGlyphs) return false;

    installAtlas(*baked, *ImGui::GetIO().Fonts);
    m_reserve.place(baked->reserve);
    for (unsigned short c : baked->noted) {
        if (m_seen[c]) continue;
        m_seen[c] = true;
        m_extra.push_back(c);
    }
    m_pending = std::move(missing);
    listCommon();
    ImGui::GetIO().FontGlobalScale = 1.0f;
    m_glyphCount = baked->glyphs.size();
    m_atlasBaked = true;
    m_dirty = false;
    return true;
}

std::vector<unsigned char> FontManager::encodeBuiltAtlas() const {
    const ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    if (atlas.Fonts.empty() || !atlas.TexPixelsAlpha8) return {};
    return encodeAtlas(atlas, pixelScale(), m_extra, m_reserve.area());
}

std::string FontManager::bakedAtlasName(float pixelScale) {
    return "atlas_" + std::to_string(std::lround(pixelScale * 100.0f)) + ".bin";
}

// ImGui's common simplified Chinese (above the Latin font's ranges), added after the first atlas.
void FontManager::listCommon() {
    if (!m_common.empty()) return;
    for (const ImWchar* r = ImGui::GetIO().Fonts->GetGlyphRangesChineseSimplifiedCommon(); r[0]; r += 2) {
        for (unsigned cp = std::max<unsigned>(r[0], 0x2E80); cp <= r[1]; ++cp)
            m_common.push_back(static_cast<unsigned short>(cp));
    }
}

// The next common characters not in the atlas become pending, as if noted.
void FontManager::takeCommonBatch() {
    while (m_pending.size() < kGlyphsPerUpdate && m_commonNext < m_common.size()) {
        unsigned short cp = m_common[m_commonNext++];
        if (m_seen[cp]) continue;
        m_seen[cp] = true;
        m_extra.push_back(cp);
        m_pending.push_back(cp);
    }
}

void FontManager::rebuild() {
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    io.Fonts->Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    float size = kBaseFontSize * pixelScale();

    ImFontConfig latinConfig;
    latinConfig.FontDataOwnedByAtlas = false;
    latinConfig.OversampleH = 2;
    if (m_latin.empty()) {
        latinConfig.SizePixels = size;
        io.Fonts->AddFontDefault(&latinConfig);
    } else {
        static const ImWchar latinRanges[] = {0x0020, 0x024F, 0x2000, 0x206F, 0x20A0, 0x20CF,
                                              0x2190, 0x21FF, 0x2500, 0x25FF, 0};
        io.Fonts->AddFontFromMemoryTTF(m_latin.data(), static_cast<int>(m_latin.size()), size, &latinConfig,
                                       latinRanges);
    }
    io.Fonts->TexDesiredWidth = 0;  // ImGui's choice, unless the reserve asks for a width
    if (!m_cjk.empty()) {
        listCommon();
        // The characters noted so far (the common ones already added among them); the reserve has room for the
        // common ones still to come and as many again as kReserveGlyphs.
        ImFontGlyphRangesBuilder builder;
        for (unsigned short cp : m_extra)
            builder.AddChar(cp);
        builder.AddChar(0x3000);  // ideographic space
        ImVector<ImWchar> ranges;
        builder.BuildRanges(&ranges);
        m_ranges.assign(ranges.begin(), ranges.end());
        ImFontConfig config = cjkConfig(size);
        io.Fonts->AddFontFromMemoryTTF(m_cjk.data(), static_cast<int>(m_cjk.size()), config.SizePixels, &config,
                                       m_ranges.data());
        m_reserve.request(*io.Fonts, config.SizePixels, kLatinGlyphs + m_extra.size(), commonPending());
    }
    io.Fonts->Build();
    m_reserve.placed(*io.Fonts);
    m_pending.clear();
    io.FontGlobalScale = 1.0f;
    m_glyphCount = io.Fonts->Fonts.empty() ? 0 : static_cast<size_t>(io.Fonts->Fonts[0]->Glyphs.Size);
    m_atlasBaked = false;
    m_dirty = false;
}

}  // namespace crm::shell

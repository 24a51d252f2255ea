// Baked font atlas files: writing one from a built ImGui atlas, reading one back into an atlas.
#include "shell/font_atlas_file.h"

#include <cstdint>
#include <cstring>

namespace crm::shell {
namespace {
constexpr char kMagic[8] = {'C', 'R', 'M', 'A', 'T', 'L', 'S', '1'};
constexpr size_t kMinZeroRun = 8;  // shorter zero runs stay in the literal bytes
constexpr uint32_t kLines = IM_DRAWLIST_TEX_LINES_WIDTH_MAX + 1;  // ImFontAtlas::TexUvLines

class Writer {
public:
    std::vector<unsigned char> bytes;
    void u32(uint32_t v) {
        for (int k = 0; k < 4; ++k)
            bytes.push_back(static_cast<unsigned char>(v >> (8 * k)));
    }
    void f32(float v) {
        uint32_t bits;
        std::memcpy(&bits, &v, 4);
        u32(bits);
    }
    void raw(const unsigned char* p, size_t n) { bytes.insert(bytes.end(), p, p + n); }
};

class Reader {
public:
    explicit Reader(std::span<const unsigned char> bytes) : m_bytes(bytes) {}
    bool ok() const { return m_ok; }
    uint32_t u32() {
        if (!take(4)) return 0;
        uint32_t v = 0;
        for (int k = 0; k < 4; ++k)
            v |= static_cast<uint32_t>(m_bytes[m_at - 4 + k]) << (8 * k);
        return v;
    }
    float f32() {
        uint32_t bits = u32();
        float v;
        std::memcpy(&v, &bits, 4);
        return v;
    }
    const unsigned char* raw(size_t n) { return take(n) ? m_bytes.data() + m_at - n : nullptr; }

private:
    bool take(size_t n) {
        if (!m_ok || m_bytes.size() - m_at < n) return m_ok = false;
        m_at += n;
        return true;
    }
    std::span<const unsigned char> m_bytes;
    size_t m_at = 0;
    bool m_ok = true;
};

// Pairs of (zero run, literal run + its bytes) until the end.
void packAlpha(Writer& out, const unsigned char* alpha, size_t size) {
    size_t i = 0;
    while (i < size) {
        size_t zeros = 0;
        while (i + zeros < size && alpha[i + zeros] == 0) ++zeros;
        i += zeros;
        size_t literal = 0;
        for (size_t run = 0; i + literal < size; ++literal) {  // up to the next long zero run
            run = alpha[i + literal] == 0 ? run + 1 : 0;
            if (run == kMinZeroRun) {
                literal -= kMinZeroRun - 1;
                break;
            }
        }
        out.u32(static_cast<uint32_t>(zeros));
        out.u32(static_cast<uint32_t>(literal));
        out.raw(alpha + i, literal);
        i += literal;
    }
}

bool unpackAlpha(Reader& in, std::vector<unsigned char>& alpha) {
    size_t at = 0;
    while (in.ok() && at < alpha.size()) {
        size_t zeros = in.u32(), literal = in.u32();
        if (zeros + literal > alpha.size() - at) return false;
        at += zeros;  // the vector starts zeroed
        const unsigned char* bytes = in.raw(literal);
        if (bytes) std::memcpy(alpha.data() + at, bytes, literal);
        at += literal;
    }
    return in.ok();
}
}  // namespace

std::vector<unsigned char> encodeAtlas(const ImFontAtlas& atlas, float pixelScale,
                                       std::span<const unsigned short> noted, AtlasRect reserve) {
    Writer out;
    out.raw(reinterpret_cast<const unsigned char*>(kMagic), sizeof kMagic);
    out.f32(pixelScale);
    out.u32(static_cast<uint32_t>(noted.size()));
    for (unsigned short c : noted)
        out.u32(c);
    for (int v : {reserve.x, reserve.y, reserve.width, reserve.height})
        out.u32(static_cast<uint32_t>(v));
    out.u32(static_cast<uint32_t>(atlas.Flags));
    out.u32(static_cast<uint32_t>(atlas.TexWidth));
    out.u32(static_cast<uint32_t>(atlas.TexHeight));
    out.f32(atlas.TexUvWhitePixel.x);
    out.f32(atlas.TexUvWhitePixel.y);
    out.u32(kLines);
    for (const ImVec4& l : atlas.TexUvLines) {
        for (float v : {l.x, l.y, l.z, l.w})
            out.f32(v);
    }
    const ImFont& font = *atlas.Fonts[0];
    for (float v : {font.FontSize, font.Ascent, font.Descent})
        out.f32(v);
    out.u32(static_cast<uint32_t>(font.Glyphs.Size));
    for (const ImFontGlyph& g : font.Glyphs) {
        out.u32(g.Codepoint | (g.Visible << 30) | (static_cast<uint32_t>(g.Colored) << 31));
        for (float v : {g.AdvanceX, g.X0, g.Y0, g.X1, g.Y1, g.U0, g.V0, g.U1, g.V1})
            out.f32(v);
    }
    packAlpha(out, atlas.TexPixelsAlpha8, static_cast<size_t>(atlas.TexWidth) * atlas.TexHeight);
    return std::move(out.bytes);
}

std::optional<BakedAtlas> decodeAtlas(std::span<const unsigned char> bytes) {
    Reader in(bytes);
    const unsigned char* magic = in.raw(sizeof kMagic);
    if (!magic || std::memcmp(magic, kMagic, sizeof kMagic) != 0) return std::nullopt;
    BakedAtlas b;
    b.pixelScale = in.f32();
    b.noted.resize(std::min<size_t>(in.u32(), bytes.size()));
    for (unsigned short& c : b.noted)
        c = static_cast<unsigned short>(in.u32());
    b.reserve = {static_cast<int>(in.u32()), static_cast<int>(in.u32()), static_cast<int>(in.u32()),
                 static_cast<int>(in.u32())};
    b.flags = static_cast<int>(in.u32());
    b.texWidth = static_cast<int>(in.u32());
    b.texHeight = static_cast<int>(in.u32());
    b.whitePixel.x = in.f32();
    b.whitePixel.y = in.f32();
    if (in.u32() != kLines) return std::nullopt;
    b.lines.resize(kLines);
    for (ImVec4& l : b.lines)
        l = ImVec4(in.f32(), in.f32(), in.f32(), in.f32());
    b.fontSize = in.f32();
    b.ascent = in.f32();
    b.descent = in.f32();
    b.glyphs.resize(std::min<size_t>(in.u32(), bytes.size()));
    for (ImFontGlyph& g : b.glyphs) {
        uint32_t bits = in.u32();
        g.Codepoint = bits & 0x3FFFFFFF;
        g.Visible = (bits >> 30) & 1;
        g.Colored = bits >> 31;
        g.AdvanceX = in.f32();
        g.X0 = in.f32();
        g.Y0 = in.f32();
        g.X1 = in.f32();
        g.Y1 = in.f32();
        g.U0 = in.f32();
        g.V0 = in.f32();
        g.U1 = in.f32();
        g.V1 = in.f32();
    }
    if (!in.ok() || b.texWidth <= 0 || b.texHeight <= 0 || b.texWidth > 8192 || b.texHeight > 16384)
        return std::nullopt;
    b.alpha.resize(static_cast<size_t>(b.texWidth) * b.texHeight);
    if (!unpackAlpha(in, b.alpha)) return std::nullopt;
    return b;
}

void installAtlas(const BakedAtlas& baked, ImFontAtlas& atlas) {
    atlas.Clear();
    atlas.Flags = baked.flags | ImFontAtlasFlags_NoMouseCursors;  // its cursor shapes' place is not kept
    atlas.TexWidth = baked.texWidth;
    atlas.TexHeight = baked.texHeight;
    atlas.TexUvScale = ImVec2(1.0f / baked.texWidth, 1.0f / baked.texHeight);
    atlas.TexUvWhitePixel = baked.whitePixel;
    for (size_t i = 0; i < baked.lines.size(); ++i)
        atlas.TexUvLines[i] = baked.lines[i];
    atlas.TexPixelsAlpha8 = static_cast<unsigned char*>(IM_ALLOC(baked.alpha.size()));
    std::memcpy(atlas.TexPixelsAlpha8, baked.alpha.data(), baked.alpha.size());

    ImFont* font = IM_NEW(ImFont);
    atlas.Fonts.push_back(font);
    font->ContainerAtlas = &atlas;
    font->FontSize = baked.fontSize;
    font->Ascent = baked.ascent;
    font->Descent = baked.descent;
    font->Glyphs.resize(static_cast<int>(baked.glyphs.size()));
    if (!baked.glyphs.empty()) std::memcpy(font->Glyphs.Data, baked.glyphs.data(), baked.glyphs.size() * sizeof(ImFontGlyph));
    font->BuildLookupTable();
    atlas.TexReady = true;
}

}  // namespace crm::shell

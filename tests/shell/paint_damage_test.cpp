// Doctests for painting only what changed: PaintDamage finds the changed tiles of a frame, DamageClip cuts
// the draw commands to them. The main check paints random scenes of rectangles with a small software
// rasteriser: the last picture with only the damaged rectangles repainted must equal a full repaint.
#include "shell/paint_damage.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace crm::shell;

namespace {
constexpr int kWidth = 320, kHeight = 320;
constexpr std::uint32_t kBackground = 0xFF202020;

struct Box {
    float x0, y0, x1, y1;
    ImU32 colour;
};

// A frame of filled boxes (one draw list), optionally clipped to `clip`.
struct Frame {
    ImDrawList list{ImGui::GetDrawListSharedData()};
    ImDrawList* lists[1] = {&list};
    ImDrawData data;

    explicit Frame(const std::vector<Box>& boxes, ImVec4 clip = ImVec4(0, 0, kWidth, kHeight)) {
        list._ResetForNewFrame();
        list.PushClipRect(ImVec2(clip.x, clip.y), ImVec2(clip.z, clip.w));
        list.PushTextureID(ImTextureID(nullptr));
        for (const Box& b : boxes)
            list.AddRectFilled(ImVec2(b.x0, b.y0), ImVec2(b.x1, b.y1), b.colour);
        list.PopTextureID();
        list.PopClipRect();
        list._PopUnusedDrawCmd();  // as ImGui::Render() does
        data.Valid = true;
        data.CmdLists = lists;
        data.CmdListsCount = 1;
        data.TotalVtxCount = list.VtxBuffer.Size;
        data.TotalIdxCount = list.IdxBuffer.Size;
        data.DisplayPos = ImVec2(0, 0);
        data.DisplaySize = ImVec2(kWidth, kHeight);
        data.FramebufferScale = ImVec2(1, 1);
    }
};

using Picture = std::vector<std::uint32_t>;

// Paints like the OpenGL backend: each command's scissor is its clip rectangle truncated to whole pixels,
// colours blend over what is there (so painting a pixel twice shows). Every box is one quad (6 indices);
// a pixel is covered when its centre is inside.
std::uint32_t blend(std::uint32_t dst, std::uint32_t src) {
    std::uint32_t a = src >> 24, out = 0xFF000000u;
    for (int shift = 0; shift < 24; shift += 8) {
        std::uint32_t s = (src >> shift) & 0xFF, d = (dst >> shift) & 0xFF;
        out |= ((s * a + d * (255 - a)) / 255) << shift;
    }
    return out;
}

void rasterise(const ImDrawData& data, Picture& picture) {
    const ImDrawList& list = *data.CmdLists[0];
    for (const ImDrawCmd& cmd : list.CmdBuffer) {
        int sx0 = int(cmd.ClipRect.x), sy0 = int(cmd.ClipRect.y);
        int sx1 = sx0 + int(cmd.ClipRect.z - cmd.ClipRect.x), sy1 = sy0 + int(cmd.ClipRect.w - cmd.ClipRect.y);
        for (unsigned i = 0; i + 5 < cmd.ElemCount; i += 6) {
            float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
            ImU32 colour = 0;
            for (unsigned k = 0; k < 6; ++k) {
                const ImDrawVert& v = list.VtxBuffer[list.IdxBuffer[cmd.IdxOffset + i + k] + cmd.VtxOffset];
                x0 = std::min(x0, v.pos.x), x1 = std::max(x1, v.pos.x), y0 = std::min(y0, v.pos.y),
                y1 = std::max(y1, v.pos.y);
                colour = v.col;
            }
            for (int y = std::max(0, sy0); y < std::min(kHeight, sy1); ++y)
                for (int x = std::max(0, sx0); x < std::min(kWidth, sx1); ++x)
                    if (x + 0.5f >= x0 && x + 0.5f < x1 && y + 0.5f >= y0 && y + 0.5f < y1) {
                        std::uint32_t& pixel = picture[static_cast<size_t>(y) * kWidth + x];
                        pixel = blend(pixel, colour);
                    }
        }
    }
}

Picture fullPaint(const ImDrawData& data) {
    Picture picture(kWidth * kHeight, kBackground);
    rasterise(data, picture);
    return picture;
}

// What the canvas shows after repainting only `rects` of `before` with `data`: each rectangle cleared
// (the scissored glClear), then the commands cut to the rectangles.
Picture damagePaint(Picture before, ImDrawData& data, const std::vector<PixelRect>& rects) {
    for (const PixelRect& r : rects)
        for (int y = r.y0; y < r.y1; ++y)
            for (int x = r.x0; x < r.x1; ++x)
                before[static_cast<size_t>(y) * kWidth + x] = kBackground;
    DamageClip clip(data, rects);
    rasterise(data, before);
    return before;
}

struct Context {
    ImGuiContext* context = ImGui::CreateContext();
    ~Context() { ImGui::DestroyContext(context); }
};

const PixelRect kEverything{0, 0, kWidth, kHeight};
}  // namespace

TEST_CASE("an unchanged frame has no damage; a changed box damages only the tiles it touches") {
    Context imgui;
    PaintDamage damage;
    std::vector<Box> boxes = {{10, 10, 300, 30, 0xFF0000FF}, {100, 100, 120, 110, 0xFF00FF00}};
    Frame first(boxes);
    CHECK(damage.paint(first.data, kBackground) == std::vector<PixelRect>{kEverything});  // nothing painted yet
    Frame same(boxes);
    CHECK(damage.paint(same.data, kBackground).empty());

    boxes[1].colour = 0xFFFF0000;
    Frame recoloured(boxes);
    CHECK(damage.paint(recoloured.data, kBackground) == std::vector<PixelRect>{{96, 96, 128, 128}});

    // The box moves down a tile: where it was and where it is now, one rectangle.
    boxes[1] = {100, 150, 120, 160, 0xFFFF0000};
    Frame moved(boxes);
    CHECK(damage.paint(moved.data, kBackground) == std::vector<PixelRect>{{96, 96, 128, 160}});
}

TEST_CASE("everything is repainted after invalidate(), a new size or a new clear colour") {
    Context imgui;
    PaintDamage damage;
    std::vector<Box> boxes = {{10, 10, 50, 50, 0xFF0000FF}};
    Frame frame(boxes);
    damage.paint(frame.data, kBackground);
    CHECK(damage.paint(frame.data, kBackground).empty());
    damage.invalidate();
    CHECK(damage.paint(frame.data, kBackground) == std::vector<PixelRect>{kEverything});
    CHECK(damage.paint(frame.data, 0xFFFFFFFF) == std::vector<PixelRect>{kEverything});  // theme switched
    frame.data.DisplaySize = ImVec2(kWidth, kHeight - 40);
    CHECK(damage.paint(frame.data, 0xFFFFFFFF) == std::vector<PixelRect>{{0, 0, kWidth, kHeight - 40}});
}

TEST_CASE("a clip rectangle counts: the same box clipped differently is damage where it is drawn") {
    Context imgui;
    PaintDamage damage;
    std::vector<Box> boxes = {{0, 0, 200, 20, 0xFF0000FF}};
    Frame wide(boxes);
    damage.paint(wide.data, kBackground);
    Frame narrow(boxes, ImVec4(0, 0, 100, kHeight));
    CHECK(damage.paint(narrow.data, kBackground) == std::vector<PixelRect>{{0, 0, 224, 32}});
}

TEST_CASE("many scattered changes come as at most kMaxRects rectangles that cover them all") {
    Context imgui;
    PaintDamage damage;
    std::vector<Box> boxes;
    for (int row = 0; row < 10; row += 2) {  // every other tile row, at both ends of it
        boxes.push_back({8, float(32 * row + 8), 16, float(32 * row + 16), 0xFF0000FF});
        boxes.push_back({300, float(32 * row + 8), 308, float(32 * row + 16), 0xFF0000FF});
    }
    Frame before(boxes);
    damage.paint(before.data, kBackground);
    for (Box& b : boxes)
        b.colour = 0xFF00FF00;
    Frame after(boxes);
    std::vector<PixelRect> rects = damage.paint(after.data, kBackground);
    CHECK(rects.size() == PaintDamage::kMaxRects);  // five runs of rows, two merged
    for (const Box& b : boxes) {
        bool covered = false;
        for (const PixelRect& r : rects)
            covered |= r.x0 <= b.x0 && b.x1 <= r.x1 && r.y0 <= b.y0 && b.y1 <= r.y1;
        CHECK(covered);
    }
}

TEST_CASE("DamageClip cuts every command to the rectangles and gives the frame back") {
    Context imgui;
    Frame frame({{10, 10, 300, 190, 0xFF0000FF}}, ImVec4(0, 0, 320, 200));
    const ImVector<ImDrawCmd>& commands = frame.list.CmdBuffer;
    REQUIRE(commands.Size == 1);
    ImVec4 original = commands[0].ClipRect;
    {
        DamageClip clip(frame.data, {{0, 0, 64, 32}, {256, 160, 320, 200}, {400, 0, 500, 10}});
        REQUIRE(commands.Size == 2);  // the third rectangle is off the command's clip: dropped
        CHECK(commands[0].ClipRect.z == 64);
        CHECK(commands[0].ClipRect.w == 32);
        CHECK(commands[1].ClipRect.x == 256);
        CHECK(commands[1].ClipRect.w == 200);
        CHECK(commands[1].ElemCount == commands[0].ElemCount);
    }
    REQUIRE(commands.Size == 1);
    CHECK(commands[0].ClipRect.x == original.x);
    CHECK(commands[0].ClipRect.z == original.z);
}

TEST_CASE("repainting only the damage gives the same picture as a full repaint (random scenes)") {
    Context imgui;
    std::mt19937 random(20261124);
    auto coord = [&](int limit) {
        return float(std::uniform_int_distribution<int>(0, limit)(random)) + 0.5f * float(random() % 2);
    };
    auto colour = [&] {
        return ImU32((random() % 2 ? 0xFF000000u : 0x80000000u) | (random() & 0xFFFFFFu));
    };  // half see-through
    for (int scene = 0; scene < 60; ++scene) {
        std::vector<Box> boxes;
        for (int i = 0; i < 12; ++i) {
            float x = coord(kWidth - 10), y = coord(kHeight - 10);
            boxes.push_back({x, y, x + 4 + coord(80), y + 4 + coord(50), colour()});
        }
        PaintDamage damage;
        Frame first(boxes);
        damage.paint(first.data, kBackground);
        Picture shown = fullPaint(first.data);
        for (int step = 0; step < 5; ++step) {
            // Move, recolour, add or remove a few boxes (draw order matters where they overlap).
            for (int change = 0; change < 1 + int(random() % 3); ++change) {
                Box& b = boxes[random() % boxes.size()];
                switch (random() % 4) {
                    case 0:
                        b.x0 += 3, b.x1 += 3;
                        break;
                    case 1:
                        b.colour = colour();
                        break;
                    case 2:
                        boxes.push_back({coord(kWidth), coord(kHeight), coord(kWidth), coord(kHeight), colour()});
                        break;
                    case 3:
                        if (boxes.size() > 2) boxes.erase(boxes.begin() + long(random() % boxes.size()));
                        break;
                }
            }
            Frame next(boxes);
            std::vector<PixelRect> rects = damage.paint(next.data, kBackground);
            shown = damagePaint(shown, next.data, rects);
            REQUIRE(shown == fullPaint(next.data));
        }
    }
}

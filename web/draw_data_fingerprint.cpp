// Hashes ImGui draw data word by word (a multiply-xorshift mix; not cryptographic, collisions only cost a
// skipped repaint of a frame that differs, which the next change repaints).
#include "web/draw_data_fingerprint.h"

#include <imgui.h>
#include <cstring>

namespace crm::web {
namespace {
struct Hasher {
    std::uint64_t h = 0x9E3779B97F4A7C15ull;

    void word(std::uint64_t w) {
        h ^= w + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
        h *= 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
    }
    void bytes(const void* data, std::size_t size) {
        const unsigned char* p = static_cast<const unsigned char*>(data);
        std::size_t i = 0;
        for (; i + 8 <= size; i += 8) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            word(w);
        }
        std::uint64_t tail = 0;
        std::memcpy(&tail, p + i, size - i);
        word(tail ^ size);
    }
    void value(float f) {
        std::uint32_t w;
        std::memcpy(&w, &f, 4);
        word(w);
    }
};
}  // namespace

std::uint64_t drawDataFingerprint(const ImDrawData& data) {
    Hasher hash;
    hash.value(data.DisplaySize.x);
    hash.value(data.DisplaySize.y);
    hash.value(data.FramebufferScale.x);
    hash.value(data.FramebufferScale.y);
    for (int n = 0; n < data.CmdListsCount; ++n) {
        const ImDrawList& list = *data.CmdLists[n];
        hash.bytes(list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
        hash.bytes(list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            hash.bytes(&cmd.ClipRect, sizeof cmd.ClipRect);
            hash.word(reinterpret_cast<std::uintptr_t>(cmd.TextureId));
            hash.word((std::uint64_t(cmd.VtxOffset) << 32) | cmd.IdxOffset);
            hash.word(cmd.ElemCount);
            hash.word(cmd.UserCallback != nullptr);
        }
    }
    return hash.h;
}

}  // namespace crm::web

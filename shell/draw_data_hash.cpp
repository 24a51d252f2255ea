// DrawHasher's byte and float helpers, and the fingerprint of a whole frame's draw data.
#include "shell/draw_data_hash.h"

#include <imgui.h>
#include <cstring>

namespace crm::shell {

void DrawHasher::bytes(const void* data, std::size_t size) {
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

void DrawHasher::value(float f) {
    std::uint32_t w;
    std::memcpy(&w, &f, 4);
    word(w);
}

std::uint64_t drawDataFingerprint(const ImDrawData& data) {
    DrawHasher hash;
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

}  // namespace crm::shell

// Hashes of ImGui draw data: a fingerprint of a whole frame (vertices, indices, draw commands, display
// size), so the frame loop can skip the GL work when a frame would paint exactly what the canvas already
// shows, and the word mixer that PaintDamage hashes triangles with. Not cryptographic: a collision only
// costs a repaint skipped until the next change.
#pragma once
#include <cstddef>
#include <cstdint>

struct ImDrawData;

namespace crm::shell {

// A multiply-xorshift mix of 64-bit words.
struct DrawHasher {
    std::uint64_t h = 0x9E3779B97F4A7C15ull;

    static std::uint64_t mix(std::uint64_t h, std::uint64_t w) {
        h ^= w + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
        h *= 0xBF58476D1CE4E5B9ull;
        return h ^ (h >> 31);
    }
    void word(std::uint64_t w) { h = mix(h, w); }
    void bytes(const void* data, std::size_t size);
    void value(float f);
};

std::uint64_t drawDataFingerprint(const ImDrawData& data);

}  // namespace crm::shell

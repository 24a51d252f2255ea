// Byte strings kept in large chunks instead of one heap allocation each (the document store's ids and
// packed documents). Append-only: a string's bytes never move until compact(), which slides the live
// strings down over the garbage (bytes given up by release()) and frees the chunks left empty.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

namespace crm::core {

class ByteArena {
public:
    static constexpr size_t kChunkBytes = 256 * 1024;  // a longer string gets a chunk of its own

    // A copy of `bytes` in the arena; it stays where it is until compact().
    const char* append(std::string_view bytes);
    // `size` bytes appended earlier are no longer used: garbage until compact().
    void release(size_t size) { m_garbage += size; }
    // Where a live string's address is kept: compact() moves the string and updates the address.
    struct Ref {
        const char** at;
        size_t size;
    };
    // Slides the live strings (every string not released; each named once) down over the garbage, in
    // place (no second copy of the arena), and frees the chunks left empty.
    void compact(std::vector<Ref> live);

    size_t bytes() const { return m_bytes; }      // chunk bytes held
    size_t garbage() const { return m_garbage; }  // released bytes

private:
    struct Chunk {
        std::unique_ptr<char[]> data;
        size_t size = 0;
        size_t used = 0;
    };
    std::vector<Chunk> m_chunks;
    size_t m_bytes = 0;
    size_t m_garbage = 0;
};

}  // namespace crm::core

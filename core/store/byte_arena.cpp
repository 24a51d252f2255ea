// ByteArena: chunked append and the sliding compaction (see byte_arena.h).
#include "core/store/byte_arena.h"

#include <algorithm>
#include <cstring>
#include <new>

namespace crm::core {

const char* ByteArena::append(std::string_view bytes) {
    if (bytes.empty()) return nullptr;
    if (m_chunks.empty() || m_chunks.back().size - m_chunks.back().used < bytes.size()) {
        Chunk chunk;
        chunk.size = std::max(kChunkBytes, bytes.size());
        try {
            chunk.data.reset(new char[chunk.size]);
        } catch (const std::bad_alloc&) {
            // Near the memory ceiling a whole chunk may not fit where the string alone does: a chunk of its own
            // size lets the write succeed with what is left.
            chunk.size = bytes.size();
            chunk.data.reset(new char[chunk.size]);
        }
        m_bytes += chunk.size;
        m_chunks.push_back(std::move(chunk));
    }
    Chunk& chunk = m_chunks.back();
    char* at = chunk.data.get() + chunk.used;
    std::memcpy(at, bytes.data(), bytes.size());
    chunk.used += bytes.size();
    return at;
}

void ByteArena::compact(std::vector<Ref> live) {
    // Each string's chunk (by the chunks' addresses), then the strings in (chunk, address) order: sliding
    // them down in that order never writes over a string not yet moved.
    std::vector<std::pair<const char*, size_t>> starts;
    for (size_t i = 0; i < m_chunks.size(); ++i) starts.emplace_back(m_chunks[i].data.get(), i);
    std::sort(starts.begin(), starts.end());
    auto chunkOf = [&](const char* at) {
        auto it = std::upper_bound(starts.begin(), starts.end(), std::make_pair(at, SIZE_MAX));
        return std::prev(it)->second;
    };
    std::vector<std::pair<size_t, const Ref*>> order;
    order.reserve(live.size());
    for (const Ref& ref : live) {
        if (ref.size) order.emplace_back(chunkOf(*ref.at), &ref);
    }
    std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first < b.first : *a.second->at < *b.second->at;
    });
    size_t cursor = 0, used = 0;
    for (const auto& [chunk, ref] : order) {
        while (m_chunks[cursor].size - used < ref->size) {  // at worst it stays in its own chunk
            m_chunks[cursor].used = used;
            ++cursor;
            used = 0;
        }
        char* to = m_chunks[cursor].data.get() + used;
        if (to != *ref->at) std::memmove(to, *ref->at, ref->size);
        *ref->at = to;
        used += ref->size;
    }
    for (size_t i = cursor; i < m_chunks.size(); ++i) m_chunks[i].used = i == cursor ? used : 0;
    // Chunks left empty go (also one passed over because the next string did not fit in it); the cursor's
    // chunk, if it holds anything, stays the last, where appending goes on.
    m_chunks.erase(std::remove_if(m_chunks.begin(), m_chunks.end(), [](const Chunk& c) { return c.used == 0; }),
                   m_chunks.end());
    m_bytes = 0;
    for (const Chunk& c : m_chunks) m_bytes += c.size;
    m_garbage = 0;
}

}  // namespace crm::core

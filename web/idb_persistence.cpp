// IndexedDB persistence: C++ side of web/js/idb.js. Batches and loaded chunks cross the boundary as one
// buffer of length-prefixed fields (little-endian u32 lengths); a value whose first byte is not ASCII (a
// packed document, core/store/packed_doc.h) is stored as bytes, any other as a string. Results come back
// through the exported crm_idb_* functions.
#include "web/idb_persistence.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <emscripten.h>
#include <new>

extern "C" {
// Implemented in web/js/idb.js.
void crm_idb_load(const char* name, int request);
void crm_idb_write(const char* name, int request, const char* buffer, int length, int strict);
}

namespace crm::web {
namespace {
IdbPersistence* g_instance = nullptr;  // the page has one database open at a time

void putU32(std::string& out, uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
// Appends the field's length and bytes.
void put(std::string& out, const std::string& field) {
    putU32(out, static_cast<uint32_t>(field.size()));
    out += field;
}
// Appends a value with its kind: 1 bytes (first byte not ASCII), 0 text.
void putValue(std::string& out, const std::string& value) {
    out.push_back(!value.empty() && static_cast<unsigned char>(value[0]) >= 0x80 ? 1 : 0);
    put(out, value);
}
} // namespace

IdbPersistence::IdbPersistence(std::string databaseName, Defer deferWriteDone)
    : m_name(std::move(databaseName)), m_deferWriteDone(std::move(deferWriteDone)) {
    g_instance = this;
}

IdbPersistence::~IdbPersistence() {
    if (g_instance == this) g_instance = nullptr;
}

void IdbPersistence::load(ChunkFn onChunk, DoneFn onDone) {
    int request = m_nextRequest++;
    m_pending[request] = {std::move(onChunk), std::move(onDone)};
    crm_idb_load(m_name.c_str(), request);
}

void IdbPersistence::write(const core::Batch& batch, DoneFn onDone) {
    // Layout: counts of docs, erased keys and meta (u32 each), then key + kind + value per doc, erased keys,
    // key + kind + value per meta record.
    std::string buffer;
    putU32(buffer, static_cast<uint32_t>(batch.docs.size()));
    putU32(buffer, static_cast<uint32_t>(batch.erasedDocs.size()));
    putU32(buffer, static_cast<uint32_t>(batch.meta.size()));
    for (const core::Record& r : batch.docs) {
        put(buffer, r.key);
        putValue(buffer, r.value);
    }
    for (const std::string& key : batch.erasedDocs) put(buffer, key);
    for (const core::Record& r : batch.meta) {
        put(buffer, r.key);
        putValue(buffer, r.value);
    }
    int request = m_nextRequest++;
    m_pending[request] = {nullptr, std::move(onDone)};
    // Metadata (sequence, checkpoints, settings) is written with strict durability; plain document batches
    // with the browser's default.
    crm_idb_write(m_name.c_str(), request, buffer.data(), static_cast<int>(buffer.size()), batch.meta.empty() ? 0 : 1);
}

void IdbPersistence::deliverChunk(int request, char* buffer, int length) {
    auto it = m_pending.find(request);
    if (it == m_pending.end() || !it->second.onChunk) return;
    // Layout: u32 doc count, then key + kind + value per record (docs first, then meta) to the end.
    std::vector<core::Record> docs, meta;
    const char* p = buffer;
    const char* end = buffer + length;
    auto u32 = [&](uint32_t& v) {
        if (end - p < 4) return false;
        v = 0;
        for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(p[i])) << (8 * i);
        p += 4;
        return true;
    };
    auto field = [&](std::string& out) {
        uint32_t n = 0;
        if (!u32(n) || static_cast<uint32_t>(end - p) < n) return false;
        out.assign(p, n);
        p += n;
        return true;
    };
    uint32_t docCount = 0;
    if (!u32(docCount)) return;
    while (p < end) {
        core::Record r;
        if (!field(r.key) || p == end) break;
        ++p;  // the kind: the value's first byte tells it apart again
        if (!field(r.value)) break;
        (docs.size() < docCount ? docs : meta).push_back(std::move(r));
    }
    it->second.onChunk(std::move(docs), std::move(meta));
}

void IdbPersistence::noteOutOfMemory(int request) {
    auto it = m_pending.find(request);
    if (it != m_pending.end()) it->second.outOfMemory = true;
}

void IdbPersistence::complete(int request, const char* code, const char* detail) {
    auto it = m_pending.find(request);
    if (it == m_pending.end()) return;
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    if (!pending.onDone) return;
    core::PersistStatus status{code, detail};
    if (pending.outOfMemory && status.ok()) status = {"memory", "a loaded chunk did not fit in memory"};
    if (pending.onChunk || !m_deferWriteDone) return pending.onDone(status);
    m_deferWriteDone([done = std::move(pending.onDone), status] { done(status); });
}

} // namespace crm::web

extern "C" {
EMSCRIPTEN_KEEPALIVE void crm_idb_chunk(int request, char* buffer, int length) {
    try {
        if (crm::web::g_instance) crm::web::g_instance->deliverChunk(request, buffer, length);
    } catch (const std::bad_alloc&) {
        // The chunk's records stay on disk, unread; the load ends with status "memory".
        if (crm::web::g_instance) crm::web::g_instance->noteOutOfMemory(request);
    }
    std::free(buffer);
}
EMSCRIPTEN_KEEPALIVE void crm_idb_done(int request, const char* code, const char* detail) {
    if (crm::web::g_instance) crm::web::g_instance->complete(request, code, detail);
}
}

// IndexedDB persistence: C++ side of web/js/idb.js. Batches cross the boundary as one buffer of
// NUL-separated fields; results come back through the exported crm_idb_* functions.
#include "web/idb_persistence.h"

#include <cstdlib>
#include <cstring>
#include <emscripten.h>

extern "C" {
// Implemented in web/js/idb.js.
void crm_idb_load(const char* name, int request);
void crm_idb_write(const char* name, int request, const char* buffer, int length, int strict);
}

namespace crm::web {
namespace {
IdbPersistence* g_instance = nullptr;  // the page has one database open at a time

// Appends "field\0" to the buffer.
void put(std::string& out, const std::string& field) {
    out += field;
    out.push_back('\0');
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
    // Layout: counts "docs\0erased\0meta\0", then key\0value\0 pairs, erased keys, meta pairs.
    std::string buffer;
    put(buffer, std::to_string(batch.docs.size()));
    put(buffer, std::to_string(batch.erasedDocs.size()));
    put(buffer, std::to_string(batch.meta.size()));
    for (const core::Record& r : batch.docs) {
        put(buffer, r.key);
        put(buffer, r.value);
    }
    for (const std::string& key : batch.erasedDocs) put(buffer, key);
    for (const core::Record& r : batch.meta) {
        put(buffer, r.key);
        put(buffer, r.value);
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
    // Layout: "docCount\0", doc key\0value\0 pairs, then meta key\0value\0 pairs to the end.
    std::vector<core::Record> docs, meta;
    const char* p = buffer;
    const char* end = buffer + length;
    auto next = [&]() {
        const char* start = p;
        while (p < end && *p) ++p;
        std::string field(start, p);
        if (p < end) ++p;
        return field;
    };
    size_t docCount = std::strtoul(next().c_str(), nullptr, 10);
    while (p < end) {
        core::Record r;
        r.key = next();
        r.value = next();
        (docs.size() < docCount ? docs : meta).push_back(std::move(r));
    }
    it->second.onChunk(std::move(docs), std::move(meta));
}

void IdbPersistence::complete(int request, const char* code, const char* detail) {
    auto it = m_pending.find(request);
    if (it == m_pending.end()) return;
    Pending pending = std::move(it->second);
    m_pending.erase(it);
    if (!pending.onDone) return;
    core::PersistStatus status{code, detail};
    if (pending.onChunk || !m_deferWriteDone) return pending.onDone(status);
    m_deferWriteDone([done = std::move(pending.onDone), status] { done(status); });
}

} // namespace crm::web

extern "C" {
EMSCRIPTEN_KEEPALIVE void crm_idb_chunk(int request, char* buffer, int length) {
    if (crm::web::g_instance) crm::web::g_instance->deliverChunk(request, buffer, length);
    std::free(buffer);
}
EMSCRIPTEN_KEEPALIVE void crm_idb_done(int request, const char* code, const char* detail) {
    if (crm::web::g_instance) crm::web::g_instance->complete(request, code, detail);
}
}

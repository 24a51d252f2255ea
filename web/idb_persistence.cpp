// IndexedDB persistence: C++ side of web/js/idb.js. Batches, loaded chunks and loaded segments cross the boundary as one
// buffer of length-prefixed fields (little-endian u32 lengths); a value whose first byte is not ASCII (a
// packed document, core/store/packed_doc.h) is stored as bytes, any other as a string. Results come back
// through the exported crm_idb_* functions.
#include "web/idb_persistence.h"

#include "web/out_of_memory.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <emscripten.h>
#include <memory>
#include <new>

extern "C" {
// Implemented in web/js/idb.js.
void crm_idb_load(const char* name, int request);
int crm_idb_take_later(int request);  // 1: a segment was handed over, 0: none read yet, 2: ended (crm_idb_done ran)
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
    loadWithSegments(nullptr, std::move(onChunk), std::move(onDone));
}

void IdbPersistence::loadWithSegments(SegmentFn onSegments, ChunkFn onChunk, DoneFn onDone) {
    int request = m_nextRequest++;
    m_pending[request] = {std::move(onSegments), std::move(onChunk), std::move(onDone)};
    m_pending[request].loading = true;
    crm_idb_load(m_name.c_str(), request);
}

core::Persistence::LaterStage IdbPersistence::takeLaterSegment(const SegmentFn& onSegments, const DoneFn& onDone) {
    const int request = m_nextRequest++;
    Pending& pending = m_pending[request];
    pending.onSegments = onSegments;
    pending.onDone = onDone;
    pending.loading = true;
    const int got = crm_idb_take_later(request);
    auto it = m_pending.find(request);
    if (it == m_pending.end()) return LaterStage::Ended;  // crm_idb_done reported the outcome
    const bool outOfMemory = it->second.outOfMemory;
    m_pending.erase(it);
    if (outOfMemory) {  // the segment could not be taken in: the load ends, incomplete
        onDone({"memory", "a loaded segment did not fit in memory"});
        return LaterStage::Ended;
    }
    return got == 1 ? LaterStage::Delivered : got == 2 ? LaterStage::Ended : LaterStage::Waiting;
}

void IdbPersistence::write(const core::Batch& batch, DoneFn onDone) {
    // Layout: counts of docs, erased keys, meta, segments and erased segments (u32 each), then key + kind +
    // value per doc, erased keys, key + kind + value per meta record and per segment, erased segment keys.
    std::string buffer;
    size_t bytes = 20;
    for (const auto* records : {&batch.docs, &batch.meta, &batch.segments}) {
        for (const core::Record& r : *records) bytes += 9 + r.key.size() + r.value.size();
    }
    for (const auto* keys : {&batch.erasedDocs, &batch.erasedSegments}) {
        for (const std::string& key : *keys) bytes += 4 + key.size();
    }
    buffer.reserve(bytes);
    for (size_t count : {batch.docs.size(), batch.erasedDocs.size(), batch.meta.size(), batch.segments.size(),
                         batch.erasedSegments.size()}) {
        putU32(buffer, static_cast<uint32_t>(count));
    }
    auto putRecords = [&](const std::vector<core::Record>& records) {
        for (const core::Record& r : records) {
            put(buffer, r.key);
            putValue(buffer, r.value);
        }
    };
    putRecords(batch.docs);
    for (const std::string& key : batch.erasedDocs) put(buffer, key);
    putRecords(batch.meta);
    putRecords(batch.segments);
    for (const std::string& key : batch.erasedSegments) put(buffer, key);
    int request = m_nextRequest++;
    m_pending[request] = {nullptr, nullptr, std::move(onDone)};
    // Metadata (sequence, checkpoints, settings) is written with strict durability; plain document batches
    // with the browser's default.
    crm_idb_write(m_name.c_str(), request, buffer.data(), static_cast<int>(buffer.size()), batch.meta.empty() ? 0 : 1);
}

namespace {
// A loaded chunk's buffer: u32 count of the first kind, then key + kind + value per record to the end (the
// first `count` records go to `first`, the rest to `rest`).
void parseRecords(const char* buffer, int length, std::vector<core::Record>& first, std::vector<core::Record>& rest) {
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
    uint32_t count = 0;
    if (!u32(count)) return;
    while (p < end) {
        core::Record r;
        if (!field(r.key) || p == end) break;
        ++p;  // the kind: the value's first byte tells it apart again
        if (!field(r.value)) break;
        (first.size() < count ? first : rest).push_back(std::move(r));
    }
}
} // namespace

void IdbPersistence::deliverChunk(int request, char* buffer, int length) {
    auto it = m_pending.find(request);
    if (it == m_pending.end() || !it->second.onChunk) return;
    std::vector<core::Record> docs, meta;
    parseRecords(buffer, length, docs, meta);
    it->second.onChunk(std::move(docs), std::move(meta));
}

void IdbPersistence::deliverSegments(int request, char* buffer, int length) {
    auto it = m_pending.find(request);
    if (it == m_pending.end() || !it->second.onSegments) return;
    std::vector<core::Record> segments, none;
    parseRecords(buffer, length, segments, none);
    it->second.onSegments(std::move(segments));
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
    if (pending.loading || !m_deferWriteDone) return pending.onDone(status);
    // A write's completion must reach the write-behind even when deferring it fails for want of memory.
    auto done = std::make_shared<std::function<void(const core::PersistStatus&)>>(std::move(pending.onDone));
    try {
        m_deferWriteDone([done, status] { (*done)(status); });
    } catch (const std::bad_alloc&) {
        (*done)(status);
    }
}

namespace {
// Hands a loaded buffer (records or segments) to the open database and frees it. When it does not fit in memory,
// its records stay on disk, unread; the load ends with status "memory".
void takeIn(int request, char* buffer, int length, void (IdbPersistence::*deliver)(int, char*, int)) {
    try {
        if (g_instance) (g_instance->*deliver)(request, buffer, length);
    } catch (const std::bad_alloc&) {
        if (g_instance) g_instance->noteOutOfMemory(request);
    }
    std::free(buffer);
}
} // namespace

} // namespace crm::web

extern "C" {
EMSCRIPTEN_KEEPALIVE void crm_idb_chunk(int request, char* buffer, int length) {
    crm::web::takeIn(request, buffer, length, &crm::web::IdbPersistence::deliverChunk);
}
EMSCRIPTEN_KEEPALIVE void crm_idb_segments(int request, char* buffer, int length) {
    crm::web::takeIn(request, buffer, length, &crm::web::IdbPersistence::deliverSegments);
}
EMSCRIPTEN_KEEPALIVE void crm_idb_done(int request, const char* code, const char* detail) {
    if (crm::web::g_instance) crm::web::guardMemory([&] { crm::web::g_instance->complete(request, code, detail); });
}
}

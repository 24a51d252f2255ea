// Native Persistence: an append-only log file, one framed entry per batch (length, CRC32, payload),
// fsync'd before the write is acknowledged; loading replays the log and cuts away a torn tail.
#pragma once
#include "core/store/persistence.h"

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace crm::core {

class FilePersistence : public Persistence {
public:
    // Frame: u32 little-endian payload length, u32 CRC32 of the payload, payload.
    // Payload: u32 counts and u32-length-prefixed strings: docs (key, value), erased keys, meta (key, value).
    explicit FilePersistence(std::string path);
    ~FilePersistence() override;
    FilePersistence(const FilePersistence&) = delete;
    FilePersistence& operator=(const FilePersistence&) = delete;

    // Replays the whole log (later records win, erased keys removed), truncates a torn or corrupt
    // tail, then streams the surviving records in chunks. Calls back synchronously.
    void load(ChunkFn onChunk, DoneFn onDone) override;
    // Appends one frame and fsyncs it; on failure the file is cut back to its previous length.
    void write(const Batch& batch, DoneFn onDone) override;

    const std::string& path() const { return m_path; }
    uint64_t validLength() const { return m_validLength; }  // bytes of fully written frames
    size_t discardedBytes() const { return m_discarded; }  // torn tail cut by the last recovery
    size_t chunkSize = 4096;                                 // records per onChunk call

    static uint32_t crc32(std::string_view data);
    static std::string encodeBatch(const Batch& batch);
    static bool decodeBatch(std::string_view payload, Batch& out);

private:
    PersistStatus open();  // opens the file and recovers it once (scan + truncate torn tail)
    PersistStatus scan(std::map<std::string, std::string>* docs, std::map<std::string, std::string>* meta);

    std::string m_path;
    int m_fd = -1;
    uint64_t m_validLength = 0;
    size_t m_discarded = 0;
};

} // namespace crm::core

// The browser's Persistence: documents and metadata in IndexedDB, one transaction per batch, streamed
// loading in large getAll() chunks. Failures come back as PersistStatus codes (quota, unavailable, blocked, io).
#pragma once
#include "core/store/persistence.h"

#include <map>
#include <string>

namespace crm::web {

class IdbPersistence : public core::Persistence {
public:
    explicit IdbPersistence(std::string databaseName);
    ~IdbPersistence() override;

    void load(ChunkFn onChunk, DoneFn onDone) override;
    void write(const core::Batch& batch, DoneFn onDone) override;

    // Called from JavaScript (see the exports in idb_persistence.cpp).
    void deliverChunk(int request, char* buffer, int length);
    void complete(int request, const char* code, const char* detail);

private:
    struct Pending {
        ChunkFn onChunk;
        DoneFn onDone;
    };
    std::string m_name;
    int m_nextRequest = 1;
    std::map<int, Pending> m_pending;
};

} // namespace crm::web

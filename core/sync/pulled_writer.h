// Writes a fetched pull batch into the store (`bulkDocs`, new_edits:false) in time slices of 10-document writes,
// so a large batch never holds the page for long: a slice ends after `sliceMs` and the caller schedules the
// next one. Revisions the store refuses come back as rejections naming their revision.
// Does not: schedule slices (the pull lane does, through HttpClient::defer or tick()) or checkpoint.
#pragma once
#include "core/clock.h"
#include "core/json.h"
#include "core/store/document_store.h"
#include "core/sync/rejection_list.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crm::core {

class PulledWriter {
public:
    PulledWriter(DocumentStore& store, const Clock& clock) : m_store(store), m_clock(clock) {}

    struct Written {
        size_t stored = 0;
        std::vector<Rejection> refused;
    };

    void start(std::vector<Json> docs);
    bool active() const { return m_active; }
    // Writes until every document is in (true) or `sliceMs` has passed (0: no limit); adds to `out`.
    bool writeSome(int64_t sliceMs, Written& out);
    // The batch's ids, sorted and once each; the batch ends.
    std::vector<std::string> finish();
    void drop();

private:
    DocumentStore& m_store;
    const Clock& m_clock;
    bool m_active = false;
    std::vector<Json> m_docs;
    size_t m_next = 0;
    std::vector<std::string> m_ids;
};

}  // namespace crm::core

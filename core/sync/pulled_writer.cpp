// A pulled batch written into the store in time slices (see pulled_writer.h).
#include "core/sync/pulled_writer.h"

#include "core/json_field.h"

#include <algorithm>

namespace crm::core {

namespace {
constexpr size_t kWriteChunk = 10;  // documents per store.bulkDocs call
}

void PulledWriter::start(std::vector<Json> docs) {
    m_docs = std::move(docs);
    m_next = 0;
    m_ids.clear();
    for (const Json& d : m_docs)
        m_ids.push_back(stringField(d, "_id"));
    m_active = true;
}

bool PulledWriter::writeSome(int64_t sliceMs, Written& out) {
    int64_t start = m_clock.nowMs();
    while (m_next < m_docs.size()) {
        size_t end = std::min(m_docs.size(), m_next + kWriteChunk);
        std::vector<std::string> revs;  // a failed write names the revision it refused
        for (size_t k = m_next; k < end; ++k)
            revs.push_back(stringField(m_docs[k], "_rev"));
        std::vector<Json> slice(std::make_move_iterator(m_docs.begin() + static_cast<std::ptrdiff_t>(m_next)),
                                std::make_move_iterator(m_docs.begin() + static_cast<std::ptrdiff_t>(end)));
        m_next = end;
        size_t k = 0;
        for (const WriteResult& res : m_store.bulkDocs(std::move(slice), false)) {
            const std::string& rev = revs[k++];
            if (res.ok()) {
                ++out.stored;
            } else {
                out.refused.push_back(Rejection{res.id, rev, res.error->error, res.error->reason});
            }
        }
        if (sliceMs > 0 && m_next < m_docs.size() && m_clock.nowMs() - start >= sliceMs) return false;
    }
    return true;
}

std::vector<std::string> PulledWriter::finish() {
    std::vector<std::string> ids = std::move(m_ids);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    drop();
    return ids;
}

void PulledWriter::drop() {
    m_active = false;
    m_docs.clear();
    m_ids.clear();
    m_next = 0;
}

}  // namespace crm::core

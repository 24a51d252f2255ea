// The reconciliation sweep's bookkeeping: batches of local leaves to ask the server about, how far the
// server has confirmed them, and the confirmed sequence kept in a _local document.
#include "core/sync/reconciliation_sweep.h"

namespace crm::core {

ReconciliationSweep::ReconciliationSweep(DocumentStore& store) : m_store(store) {}

void ReconciliationSweep::load(const std::string& docId) {
    m_docId = docId;
    m_swept = 0;
    m_active = false;
    m_resends = 0;
    m_nextIdleAt = 0;
    if (auto doc = m_store.getLocal(docId)) {
        auto seq = doc->find("swept_seq");
        if (seq != doc->end() && seq->is_number_unsigned()) m_swept = seq->get<uint64_t>();
    }
    m_swept = std::min(m_swept, m_store.updateSeq());
}

bool ReconciliationSweep::due(int64_t nowMs) const {
    return m_active || !covered() || nowMs >= m_nextIdleAt;
}

void ReconciliationSweep::begin() {
    if (m_active) return;  // resumes where it stopped
    m_active = true;
    m_cursor = m_swept;
    m_end = m_store.updateSeq();
    m_resends = 0;
}

std::optional<SweepBatch> ReconciliationSweep::nextBatch(
    const std::function<bool(const std::string&, const std::string&)>& skip) {
    SweepBatch batch;
    uint64_t from = m_cursor;
    size_t scanned = 0;  // bounded work per call: a batch may also come back empty (all skipped)
    while (from < m_end && scanned < kScanLimit) {
        ChangesResult ch = m_store.changes(from, kBatchDocs, true);
        if (ch.results.empty()) break;
        scanned += ch.results.size();
        for (const Change& c : ch.results) {
            if (c.seq > m_end) break;
            from = c.seq;
            batch.lastSeq = c.seq;
            auto known = m_serverHas.find(c.id);
            if (c.revs.size() == 1 && known != m_serverHas.end() && known->second == c.revs.front()) continue;
            Json revs = Json::array();
            for (const std::string& rev : c.revs)
                if (!skip || !skip(c.id, rev)) revs.push_back(rev);
            if (!revs.empty()) batch.asked[c.id] = std::move(revs);
        }
        if (ch.results.back().seq >= m_end || batch.asked.size() >= kBatchDocs / 2) break;
    }
    if (batch.lastSeq == 0) return std::nullopt;  // nothing left up to m_end
    return batch;
}

void ReconciliationSweep::confirmed(const SweepBatch& batch) {
    m_cursor = std::max(m_cursor, batch.lastSeq);
    m_resends = 0;
    // Entries the sweep has passed are not needed any more (keeps memory small after a large pull).
    for (auto it = batch.asked.begin(); it != batch.asked.end(); ++it)
        m_serverHas.erase(it.key());
}

bool ReconciliationSweep::resent() {
    return ++m_resends <= kMaxResends;
}

void ReconciliationSweep::finish(int64_t nowMs) {
    if (m_active) {
        m_swept = std::max(m_swept, m_end);
        m_active = false;
        if (!m_docId.empty()) m_store.putLocal(Json{{"_id", m_docId}, {"swept_seq", m_swept}});
        // What the pull brought in up to here is covered.
        for (auto it = m_serverHas.begin(); it != m_serverHas.end();)
            it = m_store.docSeq(it->first) <= m_swept ? m_serverHas.erase(it) : std::next(it);
    }
    m_nextIdleAt = nowMs + kIdleIntervalMs;
}

void ReconciliationSweep::abandon() {
    if (!m_active) return;
    m_active = false;
    m_swept = std::max(m_swept, m_cursor);  // the batches confirmed so far stay confirmed
    m_resends = 0;
}

void ReconciliationSweep::noteServerHas(const std::string& id, const std::string& rev) {
    m_serverHas[id] = rev;
}

}  // namespace crm::core

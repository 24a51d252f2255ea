// WriteBehind: one Persistence batch per commit, retry on failure, streamed load.
#include "core/store/write_behind.h"

#include <algorithm>
#include <charconv>

namespace crm::core {

WriteBehind::WriteBehind(DocumentStore& store, Persistence& persistence)
    : m_store(store), m_persistence(persistence) {}

WriteBehind::~WriteBehind() { *m_alive = false; }

void WriteBehind::load(std::function<void(const LoadReport&)> onDone) {
    auto report = std::make_shared<LoadReport>();
    std::weak_ptr<bool> alive = m_alive;
    DocumentStore* store = &m_store;
    size_t* savedKeys = &m_savedKeys;
    m_persistence.load(
        [report, alive, store, savedKeys](std::vector<Record>&& docs, std::vector<Record>&& meta) {
            if (alive.expired()) return;
            // Metadata first: packed records need the key table.
            for (const Record& r : meta) {
                if (r.key == kKeyTableKey) {
                    if (store->restoreKeys(r.value)) {
                        *savedKeys = store->keys().size();
                    } else {
                        report->corruptKeys.push_back(r.key);
                    }
                    continue;
                }
                if (r.key != kUpdateSeqKey) continue;
                uint64_t seq = 0;
                auto [ptr, ec] = std::from_chars(r.value.data(), r.value.data() + r.value.size(), seq);
                if (ec == std::errc() && ptr == r.value.data() + r.value.size()) {
                    store->restoreUpdateSeq(seq);
                } else {
                    report->corruptKeys.push_back(r.key);
                }
            }
            for (const Record& r : docs) {
                if (store->loadRecord(r.key, r.value)) {
                    ++report->loaded;
                } else {
                    report->corruptKeys.push_back(r.key);
                }
            }
        },
        [report, alive, onDone = std::move(onDone)](const PersistStatus& status) {
            if (alive.expired()) return;
            report->status = status;
            if (onDone) onDone(*report);
        });
}

void WriteBehind::commit() {
    if (m_writing || !m_store.hasDirty()) return;
    m_inFlight = m_store.takeDirty(kMaxRecordsPerBatch);
    Batch batch;
    for (const std::string& id : m_inFlight) {
        if (auto value = m_store.encodeRecord(id)) {
            batch.docs.push_back(Record{id, std::move(*value)});
        } else {
            batch.erasedDocs.push_back(id);
        }
    }
    batch.meta.push_back(Record{kUpdateSeqKey, std::to_string(m_store.updateSeq())});
    m_inFlightKeys = m_store.keys().size();
    if (m_inFlightKeys > m_savedKeys) batch.meta.push_back(Record{kKeyTableKey, m_store.keys().encode()});
    m_writing = true;
    std::weak_ptr<bool> alive = m_alive;
    m_persistence.write(batch, [this, alive](const PersistStatus& status) {
        if (alive.expired()) return;
        finish(status);
    });
}

void WriteBehind::finish(const PersistStatus& status) {
    m_writing = false;
    m_failed = !status.ok();
    m_lastError = status;
    if (m_failed) m_store.markDirty(m_inFlight);  // nothing acknowledged is lost: retried by the next commit
    else m_savedKeys = std::max(m_savedKeys, m_inFlightKeys);
    m_inFlight.clear();
    if (!m_failed) commit();  // the next batch at once (with IndexedDB: from the completed write's own task)
}

SaveState WriteBehind::state() const {
    if (m_writing) return SaveState::Saving;
    if (m_failed) return SaveState::Failed;
    return m_store.hasDirty() ? SaveState::Unsaved : SaveState::Saved;
}

} // namespace crm::core

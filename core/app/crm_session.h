// One open CRM database: the document store, its write-behind persistence, and the derived views the
// screens and the automation API share. Every write from the UI or the automation API goes through here.
#pragma once
#include "core/app/customer.h"
#include "core/app/customer_list.h"
#include "core/clock.h"
#include "core/domain/shop_zone.h"
#include "core/records/field_issue.h"
#include "core/store/document_store.h"
#include "core/store/write_behind.h"

#include <functional>
#include <memory>
#include <string>

namespace crm::core {

class CrmSession {
public:
    static constexpr int64_t kSaveRetryMs = 3000;

    CrmSession(const Clock& clock, uint64_t idSeed);
    ~CrmSession();
    CrmSession(const CrmSession&) = delete;
    CrmSession& operator=(const CrmSession&) = delete;

    // Loads every stored record from `persistence` (null: memory only), then calls onLoaded. With persistence
    // that loads in stages (core/store/segment.h), onLoaded follows the first screen's documents (customers,
    // vehicles, settings): isLoaded() (`ready`); the records (repair orders, follow-ups, complaints, surveys, ...)
    // then come in by loadRecordsStep, and isComplete() once they are in. Until then writes to records are
    // refused (kNotLoaded) and the views that need them (classification, complaint board, a customer's records,
    // sync) wait.
    void open(Persistence* persistence, std::function<void(const LoadReport&)> onLoaded);
    bool isLoaded() const { return m_loaded; }
    bool isComplete() const { return m_complete; }
    // Takes in records while `more()` allows (a frame's steps); false once every record is in.
    bool loadRecordsStep(const std::function<bool()>& more);
    size_t recordsLoadedCount() const { return m_writeBehind ? m_writeBehind->recordsLoadedCount() : 0; }
    const LoadReport& loadReport() const { return m_loadReport; }

    // Once a frame: hands changed documents to persistence as one batch (when none is in flight).
    void tick();
    SaveState saveState() const;
    PersistStatus saveError() const;
    size_t pendingSaves() const;  // changes not yet durable
    // Documents arrive in bulk (a sync pull): larger batches are saved as segments (WriteBehind::setBulkArrival).
    void setBulkArrival(bool bulk);
    // The platform caught an allocation failure (std::bad_alloc) in this session's work: the screens say so
    // (with pendingSaves()) and keep working with what is in memory; nothing already saved is touched.
    // The first one frees a reserve set aside at start-up, so drawing, saving and the messages have memory
    // to go on with while the work that grows (demo fill, derived views) stops.
    static constexpr size_t kMemoryReserveBytes = 4u << 20;
    void noteOutOfMemory() {
        m_outOfMemory = true;
        m_memoryReserve.reset();
    }
    bool outOfMemory() const { return m_outOfMemory; }

    // Writes. Every document is validated against its type's description (core/records; unknown types
    // pass untouched); ids and timestamps are stamped; an update or deletion appends who, when and each
    // field's before -> after to the document's history (core/records/record_history.h). A refused write's
    // reason is the first error's i18n key; `issues` (when given) receives all of them.
    WriteResult putDocument(Json doc, FieldIssues* issues = nullptr);
    std::vector<WriteResult> putDocuments(std::vector<Json> docs);
    WriteResult saveCustomer(const CustomerForm& form, const std::string& id, const std::string& rev);
    WriteResult removeDocument(const std::string& id, const std::string& rev);
    // Resolves a sync conflict: `merged` becomes the winner (its history the union of every leaf's, plus
    // a "merge" entry with what changed against the winner), the losing leaves become tombstones.
    WriteResult resolveConflict(const std::string& id, const Json& merged);

    // Who the history names: the logged-in CouchDB user when there is one, else the device's user name.
    void setUser(std::string name) { m_user = std::move(name); }
    const std::string& user() const { return m_user; }
    // The shop's time zone (settings:working_time's utc_offset_minutes, UTC+8 by default), kept current as the
    // settings change: the one place screens and forms take it from to show and read date-times.
    ShopZone shopZone() const { return m_zone; }

    // A new unique document id such as "customer:lq3v9x2k-0001-7f3a".
    std::string newId(const std::string& type);

    DocumentStore& store() { return m_store; }
    const DocumentStore& store() const { return m_store; }
    CustomerList& customers() { return m_customers; }
    const Clock& clock() const { return m_clock; }

private:
    void onChange(const Change& change);
    std::optional<WriteResult> validate(const Json& doc, FieldIssues* issues) const;
    void stamp(Json& doc);
    void recordHistory(Json& doc, const char* kind);

    const Clock& m_clock;
    uint64_t m_random;
    uint64_t m_idCounter = 0;
    DocumentStore m_store;
    std::unique_ptr<WriteBehind> m_writeBehind;
    CustomerList m_customers;
    int m_listener = 0;
    int64_t m_lastCommitMs = 0;  // when a batch was last handed to persistence (retry pacing)
    bool m_loaded = false;
    bool m_complete = false;
    bool m_outOfMemory = false;
    std::unique_ptr<char[]> m_memoryReserve{new char[kMemoryReserveBytes]};
    LoadReport m_loadReport;
    std::string m_user;
    ShopZone m_zone;
};

// "2026-11-24T10:29:00Z" for a time in milliseconds since the epoch (UTC).
std::string formatIsoUtc(int64_t ms);

} // namespace crm::core

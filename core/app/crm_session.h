// One open CRM database: the document store, its write-behind persistence, and the derived views the
// screens and the automation API share. Every write from the UI or the automation API goes through here.
#pragma once
#include "core/app/customer.h"
#include "core/app/customer_list.h"
#include "core/clock.h"
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

    // Loads every stored record from `persistence` (null: memory only), then calls onLoaded.
    void open(Persistence* persistence, std::function<void(const LoadReport&)> onLoaded);
    bool isLoaded() const { return m_loaded; }
    const LoadReport& loadReport() const { return m_loadReport; }

    // Once a frame: hands changed documents to persistence as one batch (when none is in flight).
    void tick();
    SaveState saveState() const;
    PersistStatus saveError() const;
    size_t pendingSaves() const;  // changes not yet durable
    // The platform caught an allocation failure (std::bad_alloc) in this session's work: the screens say so
    // (with pendingSaves()) and keep working with what is in memory; nothing already saved is touched.
    void noteOutOfMemory() { m_outOfMemory = true; }
    bool outOfMemory() const { return m_outOfMemory; }

    // Writes. Customers are validated (the same rules as the form); timestamps and ids are stamped.
    WriteResult putDocument(Json doc);
    std::vector<WriteResult> putDocuments(std::vector<Json> docs);
    WriteResult saveCustomer(const CustomerForm& form, const std::string& id, const std::string& rev);
    WriteResult removeDocument(const std::string& id, const std::string& rev);

    // A new unique document id such as "customer:lq3v9x2k-0001-7f3a".
    std::string newId(const std::string& type);

    DocumentStore& store() { return m_store; }
    const DocumentStore& store() const { return m_store; }
    CustomerList& customers() { return m_customers; }
    const Clock& clock() const { return m_clock; }

private:
    void onChange(const Change& change);
    std::optional<WriteResult> validate(const Json& doc) const;
    void stamp(Json& doc);

    const Clock& m_clock;
    uint64_t m_random;
    uint64_t m_idCounter = 0;
    DocumentStore m_store;
    std::unique_ptr<WriteBehind> m_writeBehind;
    CustomerList m_customers;
    int m_listener = 0;
    int64_t m_lastCommitMs = 0;  // when a batch was last handed to persistence (retry pacing)
    bool m_loaded = false;
    bool m_outOfMemory = false;
    LoadReport m_loadReport;
};

// "2026-11-24T10:29:00Z" for a time in milliseconds since the epoch (UTC).
std::string formatIsoUtc(int64_t ms);

} // namespace crm::core

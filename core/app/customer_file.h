// The customer file (客户档案) behind its screen: the documents about one customer (by customer_id),
// the timeline of everything that happened to them, newest first (creations and every edit's before ->
// after, from the documents' histories, which CrmSession writes), and attributed writes (`created_by`).
#pragma once
#include "core/app/crm_session.h"
#include "core/records/record_history.h"
#include "core/store/secondary_index.h"

#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

struct TimelineEntry {
    std::string at;    // "YYYY-MM-DD" or an ISO timestamp; entries sort on it, newest first
    std::string type;  // "customer_created" | "<type>_edited" (a history entry) | a document type ("followup", ...)
    std::string docId;
    std::string by;          // who recorded it ("" when unknown)
    std::string detail;      // the document's main text (created entries)
    std::string recordedAt;  // when it was written (created_at / the edit's time): orders entries of one day
    std::string recordType;  // the document's type
    std::vector<FieldChange> changes;  // edits: each field before -> after
};

// The date a document is about: its own date field (date, date_in, received_at, ...) or created_at.
std::string documentDate(const Json& doc);
// The main text of a related document, for lists and the timeline.
std::string documentSummary(const Json& doc);

class CustomerFiles {
public:
    // `vehicleOwners` (vehicles by customer_id, CustomerSearch's): vehicles() answers from it while the records
    // load; without it, from `byCustomer` (which covers every type, so it waits for the records).
    CustomerFiles(CrmSession& session, const SecondaryIndex& byCustomer, const SecondaryIndex* vehicleOwners = nullptr);

    // Live documents with this customer_id, of `type` (empty: all), newest first by documentDate.
    std::vector<Json> related(const std::string& customerId, std::string_view type = {}) const;
    // The customer's live vehicles, newest first, as related(customerId, "vehicle"); with `vehicleOwners` also
    // while the records load (vehicles load in the first stage).
    std::vector<Json> vehicles(const std::string& customerId) const;
    std::vector<TimelineEntry> timeline(const std::string& customerId) const;

    // Saves an edited customer document (CrmSession validates it and records each change in its history);
    // nothing is written when nothing changed. `edited` carries the _rev the user started from, so a newer
    // revision is a conflict.
    WriteResult saveCustomer(Json edited, const std::string& user, FieldIssues* issues = nullptr);
    // Creates or updates a document about a customer (vehicle, service record, follow-up, ...).
    // `issues` (when given) receives what the description's validation found (warnings also on success).
    WriteResult saveRelated(Json doc, const std::string& customerId, const std::string& user,
                            FieldIssues* issues = nullptr);
    // Adds a file as an attachment of document `docId` (a free name is chosen if `name` is taken) or removes
    // one; on a customer the change is recorded in its history as field "attachments".
    static constexpr size_t kAttachmentLimit = 10 * 1024 * 1024;  // bytes; larger files are refused
    WriteResult attach(const std::string& docId, const std::string& name, const std::string& contentType,
                       std::string_view bytes, const std::string& user);
    WriteResult detach(const std::string& docId, const std::string& name, const std::string& user);

private:
    WriteResult saveAttachments(const Json& before, Json after, const std::string& user);
    void addHistory(const Json& doc, std::vector<TimelineEntry>& entries) const;
    CrmSession& m_session;
    const SecondaryIndex& m_byCustomer;
    const SecondaryIndex* m_vehicleOwners;
};

}  // namespace crm::core

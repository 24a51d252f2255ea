// CustomerFiles: related documents, timeline, attributed edits.
#include "core/app/customer_file.h"

#include "core/app/customer.h"
#include "core/app/customer_records.h"

#include <algorithm>
#include <cstdio>

namespace crm::core {
namespace {
// The user a CustomerFiles call names is who the session's history records for that write.
class ActingAs {
public:
    ActingAs(CrmSession& session, const std::string& user) : m_session(session), m_previous(session.user()) {
        if (!user.empty()) m_session.setUser(user);
    }
    ~ActingAs() { m_session.setUser(m_previous); }

private:
    CrmSession& m_session;
    std::string m_previous;
};
}  // namespace
std::string documentDate(const Json& doc) {
    for (const char* key : {"date", "date_in", "received_at", "purchase_date"}) {
        std::string value = stringField(doc, key);
        if (!value.empty()) return value;
    }
    return stringField(doc, "created_at");
}

std::string documentSummary(const Json& doc) {
    const std::string type = stringField(doc, "type");
    auto join = [](std::initializer_list<std::string> parts) {
        std::string out;
        for (const std::string& p : parts) {
            if (p.empty()) continue;
            if (!out.empty()) out += " · ";
            out += p;
        }
        return out;
    };
    if (type == "vehicle") {
        std::string make = stringField(doc, "make"), model = stringField(doc, "model");
        return join({stringField(doc, "plate"), make + (make.empty() || model.empty() ? "" : " ") + model,
                     stringField(doc, "vin")});
    }
    if (type == "service_record") return join({stringField(doc, "items"), stringField(doc, "advisor")});
    if (type == "followup") return stringField(doc, "content");
    if (type == "purchase") {
        std::string amount;
        if (auto it = doc.find("amount"); it != doc.end() && it->is_number()) {
            char buf[48];
            std::snprintf(buf, sizeof buf, "¥%.2f", it->get<double>());
            amount = buf;
        }
        return join({stringField(doc, "item"), amount, stringField(doc, "salesperson")});
    }  // channel and outcome are keys: the UI localises them
    for (const char* key : {"summary", "content", "title", "matter", "description", "note", "items"}) {
        std::string value = stringField(doc, key);
        if (!value.empty()) return value;
    }
    return {};
}

CustomerFiles::CustomerFiles(CrmSession& session, const SecondaryIndex& byCustomer,
                             const SecondaryIndex* vehicleOwners)
    : m_session(session), m_byCustomer(byCustomer), m_vehicleOwners(vehicleOwners) {}

namespace {
// The live documents of `ids` (of `type`, unless empty), newest first by documentDate.
std::vector<Json> liveNewestFirst(const DocumentStore& store, const std::vector<std::string>& ids,
                                  std::string_view type) {
    std::vector<Json> docs;
    for (const std::string& id : ids) {
        std::optional<Json> doc = store.get(id);
        if (!doc) continue;
        if (!type.empty() && stringField(*doc, "type") != type) continue;
        docs.push_back(std::move(*doc));
    }
    std::stable_sort(docs.begin(), docs.end(), [](const Json& a, const Json& b) {
        std::string x = documentDate(a), y = documentDate(b);
        if (x != y) return x > y;
        return stringField(a, "created_at") > stringField(b, "created_at");
    });
    return docs;
}
}  // namespace

std::vector<Json> CustomerFiles::related(const std::string& customerId, std::string_view type) const {
    return liveNewestFirst(m_session.store(), m_byCustomer.lookup(customerId), type);
}

std::vector<Json> CustomerFiles::vehicles(const std::string& customerId) const {
    if (!m_vehicleOwners) return related(customerId, "vehicle");
    return liveNewestFirst(m_session.store(), m_vehicleOwners->lookup(customerId), "vehicle");
}

std::vector<TimelineEntry> CustomerFiles::timeline(const std::string& customerId) const {
    std::vector<TimelineEntry> entries;
    std::optional<Json> customer = m_session.store().get(customerId);
    if (!customer) return entries;
    entries.push_back({stringField(*customer, "created_at"), "customer_created", customerId,
                       stringField(*customer, "created_by"), stringField(*customer, "name"),
                       stringField(*customer, "created_at"), "customer", {}});
    addHistory(*customer, entries);
    for (const Json& doc : related(customerId)) {
        entries.push_back({documentDate(doc), stringField(doc, "type"), stringField(doc, "_id"),
                           stringField(doc, "created_by"), documentSummary(doc), stringField(doc, "created_at"),
                           stringField(doc, "type"), {}});
        addHistory(doc, entries);
    }
    // Newest day first (documents carry a day, edits a timestamp); within a day, newest recorded first.
    std::stable_sort(entries.begin(), entries.end(), [](const TimelineEntry& a, const TimelineEntry& b) {
        std::string dayA = a.at.substr(0, 10), dayB = b.at.substr(0, 10);
        if (dayA != dayB) return dayA > dayB;
        return a.recordedAt > b.recordedAt;
    });
    return entries;
}

void CustomerFiles::addHistory(const Json& doc, std::vector<TimelineEntry>& entries) const {
    const std::string type = stringField(doc, "type"), id = stringField(doc, "_id");
    for (HistoryEntry& h : readHistory(doc)) {
        entries.push_back({h.at, type + "_edited", id, h.by, {}, h.at, type, std::move(h.changes)});
    }
}

WriteResult CustomerFiles::saveCustomer(Json edited, const std::string& user, FieldIssues* issues) {
    ActingAs acting(m_session, user);
    edited["type"] = "customer";
    const std::string id = stringField(edited, "_id");
    if (id.empty()) {
        edited["created_by"] = user;
        return m_session.putDocument(std::move(edited), issues);
    }
    std::optional<Json> current = m_session.store().get(id);
    if (!current) return WriteResult{id, "", DocError{"not_found", "error.not_found"}};
    if (diffRecord(*current, edited).empty()) return WriteResult{id, stringField(*current, "_rev"), std::nullopt};
    return m_session.putDocument(std::move(edited), issues);
}

WriteResult CustomerFiles::saveRelated(Json doc, const std::string& customerId, const std::string& user,
                                       FieldIssues* issues) {
    ActingAs acting(m_session, user);
    doc["customer_id"] = customerId;
    if (!doc.contains("_rev"))
        doc["created_by"] = user;
    else
        doc["updated_by"] = user;
    return m_session.putDocument(std::move(doc), issues);
}

WriteResult CustomerFiles::attach(const std::string& docId, const std::string& name, const std::string& contentType,
                                  std::string_view bytes, const std::string& user) {
    std::optional<Json> doc = m_session.store().get(docId);
    if (!doc) return WriteResult{docId, "", DocError{"not_found", "error.not_found"}};
    if (bytes.size() > kAttachmentLimit)
        return WriteResult{docId, "", DocError{"too_large", "error.attachment_too_large"}};
    return saveAttachments(*doc, withAttachment(*doc, name, contentType, bytes), user);
}

WriteResult CustomerFiles::detach(const std::string& docId, const std::string& name, const std::string& user) {
    std::optional<Json> doc = m_session.store().get(docId);
    if (!doc) return WriteResult{docId, "", DocError{"not_found", "error.not_found"}};
    return saveAttachments(*doc, withoutAttachment(*doc, name), user);
}

WriteResult CustomerFiles::saveAttachments(const Json&, Json after, const std::string& user) {
    ActingAs acting(m_session, user);
    after.erase("_conflicts");
    if (stringField(after, "type") != "customer") after["updated_by"] = user;
    return m_session.putDocument(std::move(after));  // the history records the change of "attachments"
}

}  // namespace crm::core

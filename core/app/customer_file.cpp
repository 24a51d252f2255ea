// CustomerFiles: related documents, timeline, attributed edits.
#include "core/app/customer_file.h"

#include "core/app/customer.h"
#include "core/app/customer_records.h"

#include <algorithm>
#include <cstdio>

namespace crm::core {
namespace {

bool isBookkeeping(const std::string& key) {
    return key == "_rev" || key == "_id" || key == "updated_at" || key == "created_at" || key == "history" ||
           key == "_attachments" || key == "_conflicts" || key == "_revisions";
}

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
    if (type == "vehicle")
        return join({stringField(doc, "plate"), stringField(doc, "make") + " " + stringField(doc, "model"),
                     stringField(doc, "vin")});
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
    for (const char* key : {"summary", "content", "title", "description", "note", "items"}) {
        std::string value = stringField(doc, key);
        if (!value.empty()) return value;
    }
    return {};
}

std::vector<std::string> changedFields(const Json& before, const Json& after) {
    std::vector<std::string> fields;
    if (!before.is_object() || !after.is_object()) return fields;
    for (auto it = after.begin(); it != after.end(); ++it) {
        if (isBookkeeping(it.key())) continue;
        auto old = before.find(it.key());
        if (old == before.end() || *old != *it) fields.push_back(it.key());
    }
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!isBookkeeping(it.key()) && !after.contains(it.key())) fields.push_back(it.key());
    }
    std::sort(fields.begin(), fields.end());
    return fields;
}

CustomerFiles::CustomerFiles(CrmSession& session, const SecondaryIndex& byCustomer)
    : m_session(session), m_byCustomer(byCustomer) {}

std::vector<Json> CustomerFiles::related(const std::string& customerId, std::string_view type) const {
    std::vector<Json> docs;
    for (const std::string& id : m_byCustomer.lookup(customerId)) {
        std::optional<Json> doc = m_session.store().get(id);
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

std::vector<TimelineEntry> CustomerFiles::timeline(const std::string& customerId) const {
    std::vector<TimelineEntry> entries;
    std::optional<Json> customer = m_session.store().get(customerId);
    if (!customer) return entries;
    entries.push_back({stringField(*customer, "created_at"), "customer_created", customerId,
                       stringField(*customer, "created_by"), stringField(*customer, "name"),
                       stringField(*customer, "created_at")});
    if (auto history = customer->find("history"); history != customer->end() && history->is_array()) {
        for (const Json& h : *history) {
            if (!h.is_object()) continue;
            std::string fields;
            if (auto f = h.find("fields"); f != h.end() && f->is_array()) {
                for (const Json& name : *f) {
                    if (!name.is_string()) continue;
                    if (!fields.empty()) fields += ", ";
                    fields += name.get<std::string>();
                }
            }
            entries.push_back({stringField(h, "at"), "customer_edited", customerId, stringField(h, "by"), fields,
                               stringField(h, "at")});
        }
    }
    for (const Json& doc : related(customerId)) {
        entries.push_back({documentDate(doc), stringField(doc, "type"), stringField(doc, "_id"),
                           stringField(doc, "created_by"), documentSummary(doc), stringField(doc, "created_at")});
    }
    // Newest day first (documents carry a day, edits a timestamp); within a day, newest recorded first.
    std::stable_sort(entries.begin(), entries.end(), [](const TimelineEntry& a, const TimelineEntry& b) {
        std::string dayA = a.at.substr(0, 10), dayB = b.at.substr(0, 10);
        if (dayA != dayB) return dayA > dayB;
        return a.recordedAt > b.recordedAt;
    });
    return entries;
}

WriteResult CustomerFiles::saveCustomer(Json edited, const std::string& user) {
    edited["type"] = "customer";
    const std::string id = stringField(edited, "_id");
    std::string now = formatIsoUtc(m_session.clock().nowMs());
    if (id.empty()) {
        edited["created_by"] = user;
        return m_session.putDocument(std::move(edited));
    }
    std::optional<Json> current = m_session.store().get(id);
    if (!current) return WriteResult{id, "", DocError{"not_found", "error.not_found"}};
    std::vector<std::string> fields = changedFields(*current, edited);
    if (fields.empty()) return WriteResult{id, stringField(*current, "_rev"), std::nullopt};
    // History comes from the stored revision (the editor's copy may predate a synced entry).
    Json history =
        current->contains("history") && (*current)["history"].is_array() ? (*current)["history"] : Json::array();
    history.push_back(Json{{"at", now}, {"by", user}, {"fields", fields}});
    while (history.size() > kHistoryLimit)
        history.erase(history.begin());
    edited["history"] = std::move(history);
    return m_session.putDocument(std::move(edited));
}

WriteResult CustomerFiles::saveRelated(Json doc, const std::string& customerId, const std::string& user) {
    doc["customer_id"] = customerId;
    if (!doc.contains("_rev"))
        doc["created_by"] = user;
    else
        doc["updated_by"] = user;
    return m_session.putDocument(std::move(doc));
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

WriteResult CustomerFiles::saveAttachments(const Json& before, Json after, const std::string& user) {
    after.erase("_conflicts");
    if (stringField(before, "type") != "customer") {
        after["updated_by"] = user;
        return m_session.putDocument(std::move(after));
    }
    Json history = before.contains("history") && before["history"].is_array() ? before["history"] : Json::array();
    history.push_back(Json{{"at", formatIsoUtc(m_session.clock().nowMs())}, {"by", user}, {"fields", {"attachments"}}});
    while (history.size() > kHistoryLimit)
        history.erase(history.begin());
    after["history"] = std::move(history);
    return m_session.putDocument(std::move(after));
}

}  // namespace crm::core

// CrmSession: store + write-behind + derived views, and the validated write paths.
#include "core/app/crm_session.h"

#include "core/app/complaint_service.h"
#include "core/domain/civil_date.h"
#include "core/domain/working_time.h"
#include "core/json_field.h"
#include "core/records/record_history.h"
#include "core/records/record_validation.h"
#include "core/sync/conflict_merge.h"

#include <cstdio>

namespace crm::core {

std::string formatIsoUtc(int64_t ms) { return isoText(ms); }

CrmSession::CrmSession(const Clock& clock, uint64_t idSeed) : m_clock(clock), m_random(idSeed | 1) {
    m_listener = m_store.addListener([this](const Change& change) { onChange(change); });
}

CrmSession::~CrmSession() { m_store.removeListener(m_listener); }

void CrmSession::open(Persistence* persistence, std::function<void(const LoadReport&)> onLoaded) {
    if (!persistence) {
        m_loaded = m_complete = true;
        if (onLoaded) onLoaded(m_loadReport);
        return;
    }
    m_writeBehind = std::make_unique<WriteBehind>(m_store, *persistence);
    m_writeBehind->load(
        [this, onLoaded](const LoadReport& report) {
            m_loadReport = report;
            if (report.status.code == "memory") m_outOfMemory = true;
            m_loaded = true;  // the views were filled by the change listener as records streamed in
            if (onLoaded) onLoaded(report);
        },
        [this](const LoadReport& records) {
            m_loadReport.loaded += records.loaded;
            m_loadReport.superseded += records.superseded;
            m_loadReport.segments += records.segments;
            m_loadReport.corruptKeys.insert(m_loadReport.corruptKeys.end(), records.corruptKeys.begin(),
                                            records.corruptKeys.end());
            if (m_loadReport.status.ok()) m_loadReport.status = records.status;
            if (records.status.code == "memory") m_outOfMemory = true;
            m_complete = true;
        });
}

bool CrmSession::loadRecordsStep(const std::function<bool()>& more) {
    return m_writeBehind && m_writeBehind->loadRecordsStep(more);
}

void CrmSession::tick() {
    if (!m_writeBehind || !m_loaded) return;
    int64_t now = m_clock.nowMs();
    // After a failed save the batch stays pending in memory; the next attempt waits, so a full disk is
    // not hammered every frame.
    if (m_writeBehind->state() == SaveState::Failed && now < m_lastCommitMs + kSaveRetryMs) return;
    if (!m_writeBehind->inFlight() && m_writeBehind->pendingCount() > 0) m_lastCommitMs = now;
    m_writeBehind->commit();
}

SaveState CrmSession::saveState() const { return m_writeBehind ? m_writeBehind->state() : SaveState::Saved; }

void CrmSession::setBulkArrival(bool bulk) {
    if (m_writeBehind) m_writeBehind->setBulkArrival(bulk);
}

size_t CrmSession::pendingSaves() const { return m_writeBehind ? m_writeBehind->pendingCount() : 0; }

PersistStatus CrmSession::saveError() const { return m_writeBehind ? m_writeBehind->lastError() : PersistStatus{}; }

void CrmSession::onChange(const Change& change) {
    if (change.reloaded && change.recordsStage) return;  // no customers nor settings among the records
    if (change.reloaded || change.id == kWorkingTimeSettingsId) {
        std::optional<Json> settings = m_store.winningBody(kWorkingTimeSettingsId);
        m_zone = ShopZone{};
        if (settings) readField(*settings, "utc_offset_minutes", m_zone.utcOffsetMinutes);
    }
    if (change.reloaded) {  // the list rows are the first screen: rebuilt at once, customers only decoded
        m_customers.clear();
        m_store.forEachDoc([this](const std::string& id, const Json& body) {
            m_customers.update(id, &body);
            return true;
        }, "customer");
        return;
    }
    std::optional<Json> doc;
    if (change.type == "customer") doc = m_store.winningBody(change.id);
    m_customers.update(change.id, doc ? &*doc : nullptr);
}

std::string CrmSession::newId(const std::string& type) {
    // xorshift64*: ids only need to be unique, not secret.
    m_random ^= m_random >> 12;
    m_random ^= m_random << 25;
    m_random ^= m_random >> 27;
    uint64_t r = m_random * 2685821657736338717ULL;
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s:%011llx-%04llx-%08llx", type.c_str(),
                  static_cast<unsigned long long>(m_clock.nowMs()),
                  static_cast<unsigned long long>(++m_idCounter & 0xffff),
                  static_cast<unsigned long long>(r >> 32));
    return buf;
}

std::optional<WriteResult> CrmSession::validate(const Json& doc, FieldIssues* issues) const {
    if (!doc.is_object() || (doc.contains("type") && !doc["type"].is_string())) {
        return WriteResult{stringField(doc, "_id"), "", DocError{"bad_request", "error.bad_request"}};
    }
    FieldIssues found = validateRecord(doc);
    if (issues) *issues = found;
    for (const FieldIssue& issue : found) {
        if (!issue.warning) return WriteResult{stringField(doc, "_id"), "", DocError{"bad_request", issue.code}};
    }
    return std::nullopt;
}

// An update of a live document appends {at, by, kind, changes} to its history, which starts from the stored
// revision's (the writer's copy may predate an entry that arrived by sync) united with the writer's own.
void CrmSession::recordHistory(Json& doc, const char* kind) {
    const std::string id = stringField(doc, "_id");
    std::optional<Json> current = id.empty() ? std::nullopt : m_store.winningBody(id);
    if (!current || !recordTypeOf(doc)) return;  // a type this version does not describe is not rewritten
    Json history = unionHistory(current->value("history", Json()), doc.value("history", Json()));
    std::vector<FieldChange> changes = diffRecord(*current, doc);
    if (!changes.empty() || std::string_view(kind) != "edit")
        history = appendHistory(history, {formatIsoUtc(m_clock.nowMs()), m_user, kind, std::move(changes)});
    if (!history.empty()) doc["history"] = std::move(history);
}

void CrmSession::stamp(Json& doc) {
    std::string now = formatIsoUtc(m_clock.nowMs());
    if (!doc.contains("_id")) {
        std::string type = stringField(doc, "type");
        doc["_id"] = newId(type.empty() ? "doc" : type);
    }
    if (!doc.contains("created_at")) doc["created_at"] = now;
    doc["updated_at"] = now;
}

WriteResult CrmSession::putDocument(Json doc, FieldIssues* issues) {
    deriveComplaint(m_store, doc);
    if (auto invalid = validate(doc, issues)) return *invalid;
    recordHistory(doc, "edit");
    stamp(doc);
    return m_store.put(std::move(doc));
}

std::vector<WriteResult> CrmSession::putDocuments(std::vector<Json> docs) {
    std::vector<WriteResult> results(docs.size());
    std::vector<Json> valid;
    std::vector<size_t> where;
    for (size_t i = 0; i < docs.size(); ++i) {
        deriveComplaint(m_store, docs[i]);
        if (auto invalid = validate(docs[i], nullptr)) {
            results[i] = *invalid;
            continue;
        }
        recordHistory(docs[i], "edit");
        stamp(docs[i]);
        valid.push_back(std::move(docs[i]));
        where.push_back(i);
    }
    std::vector<WriteResult> written = m_store.bulkDocs(std::move(valid));
    for (size_t k = 0; k < written.size(); ++k) results[where[k]] = std::move(written[k]);
    return results;
}

WriteResult CrmSession::saveCustomer(const CustomerForm& form, const std::string& id, const std::string& rev) {
    if (auto problem = validateCustomer(form)) return WriteResult{id, "", DocError{"bad_request", *problem}};
    Json doc = Json::object();
    if (!id.empty()) {
        std::optional<Json> current = m_store.get(id);
        if (!current) return WriteResult{id, "", DocError{"not_found", "error.not_found"}};
        doc = std::move(*current);
        doc["_rev"] = rev;  // the revision the user edited: a newer one makes this a conflict, not an overwrite
    }
    applyCustomerForm(form, doc);
    return putDocument(std::move(doc));
}

// The tombstone keeps the type and the history, with a "delete" entry of every field's last value.
WriteResult CrmSession::removeDocument(const std::string& id, const std::string& rev) {
    std::optional<Json> current = m_store.winningBody(id);
    std::optional<RevisionTree> tree = m_store.revisionTree(id);
    if (!current || !tree || tree->winner()->rev.str() != rev) return m_store.remove(id, rev);  // the store says why
    Json tombstone{{"_id", id}, {"_rev", rev}, {"_deleted", true}};
    if (current->contains("type")) tombstone["type"] = (*current)["type"];
    Json history = appendHistory(current->value("history", Json()),
                                 {formatIsoUtc(m_clock.nowMs()), m_user, "delete", diffRecord(*current, Json::object())});
    tombstone["history"] = std::move(history);
    return m_store.put(std::move(tombstone));
}

WriteResult CrmSession::resolveConflict(const std::string& id, const Json& merged) {
    std::optional<RevisionTree> tree = m_store.revisionTree(id);
    std::optional<Json> winner = m_store.winningBody(id);
    if (!tree || !winner || !merged.is_object()) return core::resolveConflict(m_store, id, merged);
    Json doc = merged;
    Json history = winner->value("history", Json());
    Json events = winner->value("events", Json());  // a complaint's events: append-only like the history
    for (const RevId& leaf : tree->conflicts()) {
        if (std::optional<Json> body = m_store.get(id, GetOptions{.rev = leaf.str()})) {
            history = unionHistory(history, body->value("history", Json()));
            events = unionEvents(events, body->value("events", Json()));
        }
    }
    history = unionHistory(history, merged.value("history", Json()));
    events = unionEvents(events, merged.value("events", Json()));
    if (!events.empty()) doc["events"] = std::move(events);
    deriveComplaint(m_store, doc);
    doc["history"] = appendHistory(history, {formatIsoUtc(m_clock.nowMs()), m_user, "merge", diffRecord(*winner, merged)});
    FieldIssues issues;
    if (auto invalid = validate(doc, &issues)) return *invalid;
    doc["updated_at"] = formatIsoUtc(m_clock.nowMs());
    return core::resolveConflict(m_store, id, doc);
}

} // namespace crm::core

// CrmSession: store + write-behind + derived views, and the validated write paths.
#include "core/app/crm_session.h"

#include <cstdio>

namespace crm::core {

std::string formatIsoUtc(int64_t ms) {
    // Civil-from-days (Howard Hinnant's algorithm), no time zone library needed.
    int64_t secs = ms / 1000;
    int64_t days = secs / 86400;
    int64_t rem = secs % 86400;
    if (rem < 0) { rem += 86400; --days; }
    days += 719468;
    int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    int64_t doe = days - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = yoe + era * 400;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int64_t d = doy - (153 * mp + 2) / 5 + 1;
    int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", int(y), int(m), int(d), int(rem / 3600),
                  int(rem / 60 % 60), int(rem % 60));
    return buf;
}

CrmSession::CrmSession(const Clock& clock, uint64_t idSeed) : m_clock(clock), m_random(idSeed | 1) {
    m_listener = m_store.addListener([this](const Change& change) { onChange(change); });
}

CrmSession::~CrmSession() { m_store.removeListener(m_listener); }

void CrmSession::open(Persistence* persistence, std::function<void(const LoadReport&)> onLoaded) {
    if (!persistence) {
        m_loaded = true;
        if (onLoaded) onLoaded(m_loadReport);
        return;
    }
    m_writeBehind = std::make_unique<WriteBehind>(m_store, *persistence);
    m_writeBehind->load([this, onLoaded](const LoadReport& report) {
        m_loadReport = report;
        if (report.status.code == "memory") m_outOfMemory = true;
        m_loaded = true;  // the views were filled by the change listener as records streamed in
        if (onLoaded) onLoaded(report);
    });
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

size_t CrmSession::pendingSaves() const { return m_writeBehind ? m_writeBehind->pendingCount() : 0; }

PersistStatus CrmSession::saveError() const { return m_writeBehind ? m_writeBehind->lastError() : PersistStatus{}; }

void CrmSession::onChange(const Change& change) {
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

std::optional<WriteResult> CrmSession::validate(const Json& doc) const {
    if (!doc.is_object() || (doc.contains("type") && !doc["type"].is_string())) {
        return WriteResult{stringField(doc, "_id"), "", DocError{"bad_request", "error.bad_request"}};
    }
    bool deleted = doc.contains("_deleted") && doc["_deleted"].is_boolean() && doc["_deleted"].get<bool>();
    if (stringField(doc, "type") == "customer" && !deleted) {
        if (auto problem = validateCustomer(customerFormFromDoc(doc))) {
            return WriteResult{stringField(doc, "_id"), "", DocError{"bad_request", *problem}};
        }
    }
    return std::nullopt;
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

WriteResult CrmSession::putDocument(Json doc) {
    if (auto invalid = validate(doc)) return *invalid;
    stamp(doc);
    return m_store.put(std::move(doc));
}

std::vector<WriteResult> CrmSession::putDocuments(std::vector<Json> docs) {
    std::vector<WriteResult> results(docs.size());
    std::vector<Json> valid;
    std::vector<size_t> where;
    for (size_t i = 0; i < docs.size(); ++i) {
        if (auto invalid = validate(docs[i])) {
            results[i] = *invalid;
            continue;
        }
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

WriteResult CrmSession::removeDocument(const std::string& id, const std::string& rev) {
    return m_store.remove(id, rev);
}

} // namespace crm::core

// The Complaints summary computed in the background (complaint_summary_job.h).
#include "core/app/complaint_summary_job.h"

#include "core/app/complaint_service.h"
#include "core/json_field.h"

#include <algorithm>

namespace crm::core {

ComplaintSummaryJob::ComplaintSummaryJob(CrmSession& session, size_t entriesPerStep, size_t factsPerStep)
    : m_session(session), m_entriesPerStep(entriesPerStep), m_factsPerStep(factsPerStep) {
    m_listener = m_session.store().addListener([this](const Change& change) { onChange(change); });
}

ComplaintSummaryJob::~ComplaintSummaryJob() { m_session.store().removeListener(m_listener); }

void ComplaintSummaryJob::onChange(const Change& change) {
    if (change.reloaded || change.id == kWorkingTimeSettingsId) {
        m_stale = true;
    } else if (m_stale) {
        return;  // every complaint is read at the next step anyway
    } else if (change.type == "complaint" || m_slots.count(change.id)) {  // a new, changed or deleted complaint
        m_changed.insert(change.id);
        ++m_counters.complaintChanges;
    }
}

void ComplaintSummaryJob::request(const CivilDate& from, const CivilDate& to) {
    if (m_requested && from == m_from && to == m_to) return;
    m_requested = true;
    m_from = from;
    m_to = to;
    if (m_phase == Phase::Tallying) {  // a tally for another period: the new one starts at the next step
        m_tally.reset();
        m_phase = Phase::Idle;
    }
}

bool ComplaintSummaryJob::hasWork(int64_t nowMs) const {
    return m_requested && (m_stale || m_phase != Phase::Idle || tallyDue(nowMs));
}

bool ComplaintSummaryJob::tallyDue(int64_t nowMs) const {
    if (!answersRequest() || nowMs < m_talliedAt) return true;  // another period, or the clock set back
    if (!m_changed.empty() && nowMs - m_talliedAt >= kPaceMs) return true;
    return m_nextDueMs && nowMs >= *m_nextDueMs && nowMs - m_talliedAt >= kOverdueRecountMs;
}

void ComplaintSummaryJob::step(int64_t nowMs) {
    if (m_stale) startRead();
    switch (m_phase) {
    case Phase::Reading: readSome(); break;
    case Phase::Idle: startApplying(); [[fallthrough]];
    case Phase::Applying: applySome(nowMs); break;
    case Phase::Tallying: tallySome(); break;
    }
}

double ComplaintSummaryJob::progress() const {
    // Reading is most of the work (a document decoded a complaint); the tally the rest.
    switch (m_phase) {
    case Phase::Reading: {
        const size_t entries = m_session.store().entryCount();
        return entries ? 0.9 * double(m_nextEntry) / double(entries) : 0.0;
    }
    case Phase::Tallying: return m_facts.empty() ? 1.0 : 0.9 + 0.1 * double(m_nextFact) / double(m_facts.size());
    default: return m_stale ? 0.0 : 0.9;
    }
}

// ---- reading the complaints --------------------------------------------------------------------------------
void ComplaintSummaryJob::startRead() {
    ++m_counters.reads;
    m_stale = false;
    m_phase = Phase::Reading;
    m_nextEntry = 0;
    m_time = loadComplaintSettings(m_session.store()).time;
    m_facts.clear();
    m_slots.clear();
    m_recurrence.clear();
    m_changed.clear();
    m_applying.clear();
    m_tally.reset();
}

void ComplaintSummaryJob::readSome() {
    // Entry numbers only grow; a complaint written meanwhile is also noted by the listener and read again before
    // the tally (Applying), so whatever version the scan read, the latest wins.
    const DocumentStore& store = m_session.store();
    m_nextEntry = store.forEachLiveEntry(m_nextEntry, m_entriesPerStep, "complaint", [&](DocIndex doc) {
        if (std::optional<Json> body = store.entryBody(doc)) putFacts(std::string(store.idOf(doc)), *body);
    });
    if (m_nextEntry >= store.entryCount()) startApplying();
}

void ComplaintSummaryJob::startApplying() {
    m_phase = Phase::Applying;
    m_applying.assign(m_changed.begin(), m_changed.end());
    m_changed.clear();
    m_nextChange = 0;
}

void ComplaintSummaryJob::applySome(int64_t nowMs) {
    const size_t end = std::min(m_applying.size(), m_nextChange + kChangesPerStep);
    for (; m_nextChange < end; ++m_nextChange) {
        const std::string& id = m_applying[m_nextChange];
        std::optional<Json> doc = m_session.store().winningBody(id);
        if (doc && stringField(*doc, "type") == "complaint") putFacts(id, *doc);
        else removeFacts(id);
    }
    if (m_nextChange < m_applying.size()) return;
    m_applying.clear();
    startTally(nowMs);
}

void ComplaintSummaryJob::putFacts(const std::string& id, const Json& complaint) {
    removeFacts(id);
    std::optional<ComplaintFacts> facts = complaintFacts(id, complaint, m_time);
    if (!facts) return;
    ++m_counters.factsRead;
    m_recurrence.add(*facts);
    m_slots[id] = m_facts.size();
    m_facts.push_back(std::move(*facts));
}

void ComplaintSummaryJob::removeFacts(const std::string& id) {
    auto at = m_slots.find(id);
    if (at == m_slots.end()) return;
    const size_t slot = at->second;
    m_slots.erase(at);
    m_recurrence.remove(m_facts[slot]);
    if (slot + 1 != m_facts.size()) {
        m_facts[slot] = std::move(m_facts.back());
        m_slots[m_facts[slot].id] = slot;
    }
    m_facts.pop_back();
}

// ---- the tally ---------------------------------------------------------------------------------------------
void ComplaintSummaryJob::startTally(int64_t nowMs) {
    m_phase = Phase::Tallying;
    m_tally.emplace(m_from, m_to, m_time, nowMs);
    m_nextFact = 0;
    m_talliedAt = nowMs;
}

void ComplaintSummaryJob::tallySome() {
    const size_t end = std::min(m_facts.size(), m_nextFact + m_factsPerStep);
    for (; m_nextFact < end; ++m_nextFact) m_tally->add(m_facts[m_nextFact], m_recurrence);
    if (m_nextFact < m_facts.size()) return;
    m_nextDueMs = m_tally->nextDueMs();
    m_summary = m_tally->finish();
    m_summaryFrom = m_from;  // (a new period resets the tally: this one was for the period asked for)
    m_summaryTo = m_to;
    m_tally.reset();
    m_phase = Phase::Idle;
    ++m_counters.tallies;
    ++m_generation;
}

}  // namespace crm::core

// The complaint use cases the screens and the automation API share (core/domain/complaint_workflow.h has
// the rules): open a complaint at "received", move it to another stage, pause/resume it while it waits on
// the customer, and the deadlines as the API reports them. Every write goes through CrmSession, which
// validates it and records its history; the derived fields (stage, deadlines) are recomputed from the
// events on every write of a complaint (deriveComplaint).
#pragma once
#include "core/app/crm_session.h"
#include "core/domain/complaint_workflow.h"

#include <string>
#include <vector>

namespace crm::core {

struct ComplaintSettings {
    WorkingTime time = WorkingTime::defaults();
    ComplaintDeadlines deadlines = ComplaintDeadlines::defaults();
};
// From the synced settings documents settings:working_time and settings:complaint_deadlines.
ComplaintSettings loadComplaintSettings(const DocumentStore& store);
// Writes both settings documents (they sync to the shop's other devices).
WriteResult saveComplaintSettings(CrmSession& session, const ComplaintSettings& settings);
// A complaint about to be written gets status, paused, closed and deadlines from its events (others untouched).
void deriveComplaint(const DocumentStore& store, Json& doc);

// The outcome of a stage change: written (write.rev), refused by the workflow (check), or refused by the
// store / validation (write.error).
struct ComplaintChange {
    WriteResult write;
    AdvanceCheck check;
    bool ok() const { return check.ok() && write.ok(); }
};

// Fields a complaint may be opened with (a survey answer, the customer file, the automation API):
// customer_id, vehicle_id, service_record_id, survey_id, matter, channel (others: complainant, severity,
// received_at, owner). received_at defaults to now.
ComplaintChange openComplaint(CrmSession& session, const Json& fields);
// `fields` are merged into the complaint first (they are written with the change, or not at all).
ComplaintChange advanceComplaint(CrmSession& session, const std::string& id, const std::string& to, const Json& fields,
                                 const std::string& reason = {});
// Waiting on the customer: the deadline clock stops (pause) or runs again (resume).
ComplaintChange pauseComplaint(CrmSession& session, const std::string& id, bool pause, const std::string& reason = {});

// The API's view of a change: {ok, id, rev} or {ok: false, refusal, reason (in the UI language), missing}.
Json complaintChangeJson(const ComplaintChange& change);
// Per stage to reach: {stage, due, pausedMs, state: ok|warning|overdue, warnLevel, reached, late}.
Json complaintDeadlinesJson(const Json& complaint, int64_t nowMs);

}  // namespace crm::core

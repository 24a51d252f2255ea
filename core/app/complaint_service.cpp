// Complaint use cases through CrmSession (complaint_service.h).
#include "core/app/complaint_service.h"

#include "core/app/i18n.h"
#include "core/json_field.h"

namespace crm::core {
namespace {
const char* const kOpenFields[] = {"customer_id", "vehicle_id", "service_record_id", "survey_id", "matter", "channel",
                                   "complainant", "severity", "received_at", "owner", "category"};
// Fields only the workflow writes.
bool derived(const std::string& key) {
    return key == "status" || key == "events" || key == "deadlines" || key == "paused" || key == "closed" ||
           key == "type" || (!key.empty() && key[0] == '_');
}

ComplaintChange refused(const std::string& id, AdvanceRefusal refusal) {
    ComplaintChange c;
    c.write.id = id;
    c.check.refusal = refusal;
    return c;
}

ComplaintChange writeWithEvent(CrmSession& session, Json doc, ComplaintEvent event) {
    event.id = session.newId("event");
    event.at = formatIsoUtc(session.clock().nowMs());
    event.by = session.user();
    Json events = doc.value("events", Json::array());
    if (!events.is_array()) events = Json::array();
    events.push_back(eventJson(event));
    doc["events"] = std::move(events);
    ComplaintChange c;
    c.write = session.putDocument(std::move(doc));
    return c;
}
}  // namespace

ComplaintSettings loadComplaintSettings(const DocumentStore& store) {
    ComplaintSettings s;
    if (std::optional<Json> t = store.get(kWorkingTimeSettingsId)) s.time = WorkingTime::fromJson(*t);
    if (std::optional<Json> d = store.get(kComplaintDeadlinesSettingsId)) s.deadlines = ComplaintDeadlines::fromJson(*d);
    return s;
}

WriteResult saveComplaintSettings(CrmSession& session, const ComplaintSettings& settings) {
    WriteResult result;
    for (auto [id, body] : {std::pair{kWorkingTimeSettingsId, settings.time.toJson()},
                            std::pair{kComplaintDeadlinesSettingsId, settings.deadlines.toJson()}}) {
        body["_id"] = id;
        body["type"] = "settings";
        if (std::optional<Json> current = session.store().get(id)) body["_rev"] = (*current)["_rev"];
        result = session.putDocument(std::move(body));
        if (!result.ok()) return result;
    }
    return result;
}

void deriveComplaint(const DocumentStore& store, Json& doc) {
    if (stringField(doc, "type") != "complaint" || doc.value("_deleted", false)) return;
    auto events = doc.find("events");
    if (events == doc.end() || !events->is_array() || events->empty()) return;  // older records stay as they are
    ComplaintSettings s = loadComplaintSettings(store);
    applyEvents(doc, s.time, s.deadlines);
}

ComplaintChange openComplaint(CrmSession& session, const Json& fields) {
    Json doc{{"type", "complaint"}, {"status", "received"}, {"severity", "normal"}};
    if (fields.is_object()) {
        for (const char* key : kOpenFields) {
            if (fields.contains(key) && !fields[key].is_null()) doc[key] = fields[key];
        }
    }
    if (!doc.contains("received_at")) doc["received_at"] = formatIsoUtc(session.clock().nowMs());
    doc["_id"] = session.newId("complaint");
    return writeWithEvent(session, std::move(doc), {"", "", "", "open", "", "received", ""});
}

ComplaintChange advanceComplaint(CrmSession& session, const std::string& id, const std::string& to, const Json& fields,
                                 const std::string& reason) {
    std::optional<Json> current = session.store().get(id);
    if (!current || stringField(*current, "type") != "complaint") {
        ComplaintChange c;
        c.write = WriteResult{id, "", DocError{"not_found", "error.not_found"}};
        return c;
    }
    Json doc = std::move(*current);
    if (fields.is_object()) {
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            if (!derived(it.key())) doc[it.key()] = it.value();
        }
    }
    ComplaintChange c;
    c.check = checkAdvance(doc, to, reason);
    if (!c.check.ok()) {
        c.write.id = id;
        return c;
    }
    const std::string from = stringField(doc, "status");
    return writeWithEvent(session, std::move(doc), {"", "", "", c.check.reopen ? "reopen" : "stage", from, to, reason});
}

ComplaintChange pauseComplaint(CrmSession& session, const std::string& id, bool pause, const std::string& reason) {
    std::optional<Json> doc = session.store().get(id);
    if (!doc || stringField(*doc, "type") != "complaint") {
        ComplaintChange c;
        c.write = WriteResult{id, "", DocError{"not_found", "error.not_found"}};
        return c;
    }
    if (doc->value("paused", false) == pause) return refused(id, AdvanceRefusal::SameStage);
    return writeWithEvent(session, std::move(*doc), {"", "", "", pause ? "pause" : "resume", "", "", reason});
}

Json complaintChangeJson(const ComplaintChange& change) {
    if (change.ok()) return Json{{"ok", true}, {"id", change.write.id}, {"rev", change.write.rev}};
    Json out{{"ok", false}, {"id", change.write.id}};
    if (!change.check.ok()) {
        static const char* const names[] = {"", "unknown_stage", "same_stage", "skip", "no_reason", "missing_fields", "paused"};
        out["refusal"] = names[int(change.check.refusal)];
        out["reason"] = tr(refusalKey(change.check.refusal));
        if (!change.check.missing.empty()) out["missing"] = change.check.missing;
    } else {
        out["error"] = change.write.error->error;
        out["reason"] = hasText(change.write.error->reason) ? std::string(tr(change.write.error->reason))
                                                             : change.write.error->reason;
    }
    return out;
}

Json complaintDeadlinesJson(const Json& complaint, int64_t nowMs) {
    Json out = Json::array();
    for (const StageDeadline& d : deadlinesAt(complaint, nowMs)) {
        out.push_back({{"stage", d.stage},
                       {"due", d.dueMs ? Json(isoText(*d.dueMs)) : Json()},
                       {"pausedMs", d.pausedMs},
                       {"budgetMs", d.budgetMs},
                       {"state", deadlineStateName(d.state)},
                       {"warnLevel", d.warnLevel},
                       {"reached", d.reachedMs ? Json(isoText(*d.reachedMs)) : Json()},
                       {"late", d.late}});
    }
    return out;
}

}  // namespace crm::core

// Complaint stages, events and deadlines (complaint_workflow.h).
//
// Sections: 1. stages  2. settings Json  3. stage changes  4. events  5. deadlines  6. ISO time
#include "core/domain/complaint_workflow.h"

#include "core/domain/append_only_list.h"

#include "core/json_field.h"

#include <algorithm>
#include <cstdio>
#include <tuple>

namespace crm::core {
namespace {
bool filled(const Json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return false;
    if (it->is_string()) return it->get_ref<const std::string&>().find_first_not_of(" \t\r\n") != std::string::npos;
    return true;
}
std::optional<int64_t> isoField(const Json& doc, const char* key) {
    std::string text = stringField(doc, key);
    return text.empty() ? std::nullopt : parseIsoMs(text);
}
Json isoOrNull(const std::optional<int64_t>& ms) { return ms ? Json(isoText(*ms)) : Json(); }
}  // namespace

// ---- 1. Stages --------------------------------------------------------------------------------------------
const char* stageKey(ComplaintStage stage) { return kComplaintStageKeys[size_t(stage)]; }

std::optional<ComplaintStage> parseStage(std::string_view key) {
    for (int i = 0; i < kComplaintStages; ++i) {
        if (key == kComplaintStageKeys[size_t(i)]) return ComplaintStage(i);
    }
    return std::nullopt;
}

ComplaintStage stageOf(const Json& complaint) {
    return parseStage(stringField(complaint, "status")).value_or(ComplaintStage::Received);
}

const std::vector<const char*>& fieldsToEnter(ComplaintStage stage) {
    static const std::vector<const char*> none;
    static const std::vector<const char*> registration = {"complainant", "customer_id", "matter", "category",
                                                          "severity", "owner"};
    static const std::vector<const char*> resolution = {"findings", "root_cause", "department", "measures",
                                                        "told_at", "told_how"};
    static const std::vector<const char*> revisit = {"revisit_at", "handling_satisfaction"};
    switch (stage) {
    case ComplaintStage::Registered: return registration;
    case ComplaintStage::Resolved: return resolution;
    case ComplaintStage::FollowedUp: return revisit;
    default: return none;
    }
}

// ---- 2. Settings Json -------------------------------------------------------------------------------------
ComplaintDeadlines ComplaintDeadlines::defaults() {
    ComplaintDeadlines d;  // working hours from receipt; a working day is 8 h with the default opening hours
    d.hours["critical"] = {2, 4, 8, 24};
    d.hours["high"] = {4, 8, 16, 40};
    d.hours["normal"] = {8, 16, 24, 56};
    d.hours["low"] = {8, 24, 40, 80};
    return d;
}

Json ComplaintDeadlines::toJson() const {
    Json matrix = Json::object();
    for (const auto& [severity, h] : hours) {
        Json row = Json::object();
        for (size_t i = 0; i < h.size(); ++i) row[kComplaintStageKeys[i + 1]] = h[i];
        matrix[severity] = row;
    }
    return Json{{"hours", matrix}, {"warn_percent", Json::array({warnFirstPercent, warnSecondPercent})},
                {"service_manager", serviceManager}};
}

ComplaintDeadlines ComplaintDeadlines::fromJson(const Json& json) {
    ComplaintDeadlines d = defaults();
    if (!json.is_object()) return d;
    if (auto m = json.find("hours"); m != json.end() && m->is_object()) {
        for (auto row = m->begin(); row != m->end(); ++row) {
            std::array<double, 4> h = d.hoursFor(row.key());
            for (size_t i = 0; i < h.size(); ++i) {
                double v = h[i];
                readField(*row, kComplaintStageKeys[i + 1], v);
                if (v > 0) h[i] = v;
            }
            d.hours[row.key()] = h;
        }
    }
    if (auto w = json.find("warn_percent"); w != json.end() && w->is_array() && w->size() == 2 &&
                                            (*w)[0].is_number() && (*w)[1].is_number()) {
        d.warnFirstPercent = std::clamp((*w)[0].get<int>(), 1, 99);
        d.warnSecondPercent = std::clamp((*w)[1].get<int>(), d.warnFirstPercent, 99);
    }
    d.serviceManager = stringField(json, "service_manager");
    return d;
}

std::array<double, 4> ComplaintDeadlines::hoursFor(const std::string& severity) const {
    auto it = hours.find(severity);
    if (it != hours.end()) return it->second;
    it = hours.find("normal");
    return it != hours.end() ? it->second : defaults().hours.at("normal");
}

// ---- 3. Stage changes -------------------------------------------------------------------------------------
AdvanceCheck checkAdvance(const Json& complaint, std::string_view to, const std::string& reason) {
    AdvanceCheck check;
    std::optional<ComplaintStage> target = parseStage(to);
    if (!target) {
        check.refusal = AdvanceRefusal::UnknownStage;
        return check;
    }
    const int from = int(stageOf(complaint)), next = int(*target);
    if (next == from) {
        check.refusal = AdvanceRefusal::SameStage;
    } else if (next < from) {
        check.reopen = true;
        if (reason.find_first_not_of(" \t\r\n") == std::string::npos) check.refusal = AdvanceRefusal::NoReason;
    } else if (next > from + 1) {
        check.refusal = AdvanceRefusal::Skip;
    } else if (complaint.value("paused", false)) {
        check.refusal = AdvanceRefusal::Paused;
    } else {
        for (const char* key : fieldsToEnter(*target)) {
            if (!filled(complaint, key)) check.missing.push_back(key);
        }
        if (!check.missing.empty()) check.refusal = AdvanceRefusal::MissingFields;
    }
    return check;
}

const char* refusalKey(AdvanceRefusal refusal) {
    switch (refusal) {
    case AdvanceRefusal::None: return "";
    case AdvanceRefusal::UnknownStage: return "complaint.refused.unknown_stage";
    case AdvanceRefusal::SameStage: return "complaint.refused.same_stage";
    case AdvanceRefusal::Skip: return "complaint.refused.skip";
    case AdvanceRefusal::NoReason: return "complaint.refused.no_reason";
    case AdvanceRefusal::MissingFields: return "complaint.refused.missing";
    case AdvanceRefusal::Paused: return "complaint.refused.paused";
    }
    return "";
}

// ---- 4. Events --------------------------------------------------------------------------------------------
Json eventJson(const ComplaintEvent& e) {
    Json out{{"id", e.id}, {"at", e.at}, {"by", e.by}, {"kind", e.kind}};
    if (!e.from.empty()) out["from"] = e.from;
    if (!e.to.empty()) out["to"] = e.to;
    if (!e.reason.empty()) out["reason"] = e.reason;
    return out;
}

std::vector<ComplaintEvent> readEvents(const Json& complaint) {
    std::vector<ComplaintEvent> out;
    auto list = complaint.is_object() ? complaint.find("events") : complaint.end();
    if (!complaint.is_object() || list == complaint.end() || !list->is_array()) return out;
    for (const Json& e : *list) {
        if (!e.is_object()) continue;
        out.push_back({stringField(e, "id"), stringField(e, "at"), stringField(e, "by"), stringField(e, "kind"),
                       stringField(e, "from"), stringField(e, "to"), stringField(e, "reason")});
    }
    std::stable_sort(out.begin(), out.end(), [](const ComplaintEvent& a, const ComplaintEvent& b) {
        return std::tie(a.at, a.id) < std::tie(b.at, b.id);
    });
    return out;
}

Json unionEvents(const Json& a, const Json& b) { return unionAppendOnly(a, b); }

// ---- 5. Deadlines -----------------------------------------------------------------------------------------
namespace {
struct Pause {
    int64_t from;
    std::optional<int64_t> to;  // open while the complaint still waits on the customer
};

// The instant `budget` working time after `start`, not counting the pauses; nullopt when it falls in the
// open pause (not known yet).
std::optional<int64_t> dueAfter(const WorkingTime& time, int64_t start, int64_t budget, const std::vector<Pause>& pauses) {
    int64_t cursor = start, left = budget;
    for (const Pause& p : pauses) {
        if (p.from > cursor) {
            int64_t w = time.workingBetween(cursor, p.from);
            if (w >= left) return time.addWorking(cursor, left);
            left -= w;
        }
        if (!p.to) return std::nullopt;
        cursor = std::max(cursor, *p.to);
    }
    return time.addWorking(cursor, left);
}

int64_t pausedBefore(const WorkingTime& time, int64_t start, std::optional<int64_t> until, const std::vector<Pause>& pauses,
                     int64_t lastEvent) {
    int64_t total = 0;
    for (const Pause& p : pauses) {
        int64_t from = std::max(p.from, start), to = p.to.value_or(lastEvent);
        if (until) to = std::min(to, *until);
        total += time.workingBetween(from, to);
    }
    return total;
}
}  // namespace

void applyEvents(Json& complaint, const WorkingTime& time, const ComplaintDeadlines& deadlines) {
    std::vector<ComplaintEvent> events = readEvents(complaint);
    ComplaintStage stage = ComplaintStage::Received;
    std::array<std::optional<int64_t>, kComplaintStages> reached;
    std::vector<Pause> pauses;
    int64_t lastEvent = 0;
    for (const ComplaintEvent& e : events) {
        std::optional<int64_t> at = parseIsoMs(e.at);
        if (!at) continue;
        lastEvent = std::max(lastEvent, *at);
        if (e.kind == "stage" || e.kind == "reopen") {
            std::optional<ComplaintStage> to = parseStage(e.to);
            if (!to) continue;
            stage = *to;
            if (e.kind == "stage" || !reached[size_t(stage)]) reached[size_t(stage)] = at;  // a reopen keeps it
            for (size_t later = size_t(stage) + 1; later < reached.size(); ++later) reached[later].reset();
        } else if (e.kind == "pause" && (pauses.empty() || pauses.back().to)) {
            pauses.push_back({*at, std::nullopt});
        } else if (e.kind == "resume" && !pauses.empty() && !pauses.back().to) {
            pauses.back().to = std::max(*at, pauses.back().from);
        }
    }
    complaint["status"] = stageKey(stage);
    complaint["paused"] = !pauses.empty() && !pauses.back().to;
    complaint["closed"] = stage == ComplaintStage::FollowedUp;
    std::optional<int64_t> start = isoField(complaint, "received_at");
    if (!start && !events.empty()) start = parseIsoMs(events.front().at);
    if (!start) {
        complaint.erase("deadlines");
        return;
    }
    const std::array<double, 4> hours = deadlines.hoursFor(stringField(complaint, "severity"));
    const int percents[2] = {deadlines.warnFirstPercent, deadlines.warnSecondPercent};
    Json out = Json::object();
    for (size_t i = 0; i < hours.size(); ++i) {
        const int64_t budget = int64_t(hours[i] * double(kHourMs));
        std::optional<int64_t> due = dueAfter(time, *start, budget, pauses);
        Json warn = Json::array();
        for (int percent : percents) warn.push_back(isoOrNull(dueAfter(time, *start, budget * percent / 100, pauses)));
        out[kComplaintStageKeys[i + 1]] = {{"due", isoOrNull(due)},
                                           {"warn_at", warn},
                                           {"warn_percent", Json::array({percents[0], percents[1]})},
                                           {"budget_ms", budget},
                                           {"paused_ms", pausedBefore(time, *start, due, pauses, lastEvent)},
                                           {"reached", isoOrNull(reached[i + 1])}};
    }
    complaint["deadlines"] = std::move(out);
}

std::vector<StageDeadline> deadlinesAt(const Json& complaint, int64_t nowMs) {
    std::vector<StageDeadline> out;
    auto stored = complaint.is_object() ? complaint.find("deadlines") : complaint.end();
    if (!complaint.is_object() || stored == complaint.end() || !stored->is_object()) return out;
    for (int i = 1; i < kComplaintStages; ++i) {
        auto it = stored->find(kComplaintStageKeys[size_t(i)]);
        if (it == stored->end() || !it->is_object()) continue;
        StageDeadline d;
        d.stage = kComplaintStageKeys[size_t(i)];
        d.dueMs = isoField(*it, "due");
        d.reachedMs = isoField(*it, "reached");
        readField(*it, "budget_ms", d.budgetMs);
        readField(*it, "paused_ms", d.pausedMs);
        Json warn = it->value("warn_at", Json()), percent = it->value("warn_percent", Json::array({50, 80}));
        for (size_t w = 0; w < 2; ++w) {
            if (warn.is_array() && w < warn.size() && warn[w].is_string()) d.warnMs[w] = parseIsoMs(warn[w].get<std::string>());
            if (percent.is_array() && percent.size() == 2 && percent[w].is_number()) d.warnPercent[w] = percent[w].get<int>();
        }
        judgeAt(d, nowMs);
        out.push_back(std::move(d));
    }
    return out;
}

void judgeAt(StageDeadline& d, int64_t nowMs) {
    d.state = DeadlineState::Ok;
    d.warnLevel = 0;
    d.late = d.reachedMs && d.dueMs && *d.reachedMs > *d.dueMs;
    if (d.reachedMs) {
        if (d.late) d.state = DeadlineState::Overdue;
    } else if (d.dueMs && nowMs >= *d.dueMs) {
        d.state = DeadlineState::Overdue;
    } else {
        for (size_t w = 0; w < 2; ++w) {
            if (d.warnMs[w] && nowMs >= *d.warnMs[w]) {
                d.state = DeadlineState::Warning;
                d.warnLevel = d.warnPercent[w];
            }
        }
    }
}

std::optional<int64_t> nextStateChange(const StageDeadline& d, int64_t nowMs) {
    if (d.reachedMs) return std::nullopt;  // judged by when it was reached, whatever the time
    std::optional<int64_t> next;
    for (const std::optional<int64_t>& at : {d.warnMs[0], d.warnMs[1], d.dueMs}) {
        if (at && *at > nowMs && (!next || *at < *next)) next = at;
    }
    return next;
}

std::optional<StageDeadline> nextDeadline(const Json& complaint, int64_t nowMs) {
    const int next = int(stageOf(complaint)) + 1;
    if (next >= kComplaintStages) return std::nullopt;
    for (StageDeadline& d : deadlinesAt(complaint, nowMs)) {
        if (d.stage == kComplaintStageKeys[size_t(next)]) return std::move(d);
    }
    return std::nullopt;
}

bool isOverdue(const Json& complaint, int64_t nowMs) {
    std::optional<StageDeadline> next = nextDeadline(complaint, nowMs);
    return next && next->state == DeadlineState::Overdue;
}

const char* deadlineStateName(DeadlineState state) {
    switch (state) {
    case DeadlineState::Ok: return "ok";
    case DeadlineState::Warning: return "warning";
    case DeadlineState::Overdue: return "overdue";
    }
    return "ok";
}

// ---- 6. ISO time ------------------------------------------------------------------------------------------

}  // namespace crm::core

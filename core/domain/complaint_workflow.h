// The complaint workflow (客户投诉): stages received → registered → investigating → resolved → followed up
// (受理 → 登记 → 调查分析 → 处理 → 跟踪回访), one at a time forwards, back (reopen) only with a reason; pauses
// while the complaint waits on the customer. Every change is an event in the append-only `events` list
// ({id, at, by, kind: open|stage|reopen|pause|resume, from, to, reason}); the stage (`status`), `paused`
// and the stored `deadlines` are derived from the events (applyEvents), so devices agree offline and a
// conflict merge that unions two devices' events (unionEvents) derives the same values again.
//
// Deadlines: a severity × stage matrix of working hours counted from `received_at` (settings document
// `settings:complaint_deadlines`), in the shop's working time (working_time.h); time paused is not
// counted. Each stage stores its due instant and the instants of the 50% and 80% warnings.
#pragma once
#include "core/domain/working_time.h"
#include "core/json.h"

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

inline constexpr const char* kComplaintDeadlinesSettingsId = "settings:complaint_deadlines";

enum class ComplaintStage { Received, Registered, Investigating, Resolved, FollowedUp };
inline constexpr int kComplaintStages = 5;
inline constexpr std::array<const char*, kComplaintStages> kComplaintStageKeys = {
    "received", "registered", "investigating", "resolved", "followed_up"};
inline constexpr std::array<const char*, 4> kComplaintCategories = {"product_quality", "service", "information",
                                                                    "expectation"};  // 产品质量/服务/信息不对称/期望值过高
inline constexpr std::array<const char*, 4> kComplaintSeverities = {"low", "normal", "high", "critical"};
inline constexpr std::array<const char*, 6> kComplaintChannels = {"phone", "walk_in", "wechat", "email", "online",
                                                                  "hotline"};

const char* stageKey(ComplaintStage stage);
std::optional<ComplaintStage> parseStage(std::string_view key);
// The document's stage (its "status"; "received" when absent or unknown).
ComplaintStage stageOf(const Json& complaint);
// The fields that must be filled before a complaint may enter `stage` (registering needs the registration,
// resolving needs the investigation's findings and the resolution, following up needs the revisit).
const std::vector<const char*>& fieldsToEnter(ComplaintStage stage);

// ---- deadline settings ----
struct ComplaintDeadlines {
    // severity -> working hours from receipt to reaching registered, investigating, resolved, followed_up
    std::map<std::string, std::array<double, 4>> hours;
    int warnFirstPercent = 50, warnSecondPercent = 80;
    std::string serviceManager;  // named on every overdue complaint's agenda item (escalation)

    static ComplaintDeadlines defaults();
    Json toJson() const;
    static ComplaintDeadlines fromJson(const Json& json);  // missing values keep the defaults
    std::array<double, 4> hoursFor(const std::string& severity) const;  // unknown severity: "normal"
};

// ---- stage changes ----
enum class AdvanceRefusal {
    None,
    UnknownStage,   // not one of the five
    SameStage,      // already there
    Skip,           // forwards by more than one stage
    NoReason,       // going back without a reason
    MissingFields,  // `missing` lists what the stage needs
    Paused,         // forwards while waiting on the customer (resume first)
};
struct AdvanceCheck {
    AdvanceRefusal refusal = AdvanceRefusal::None;
    bool reopen = false;                // a step back
    std::vector<std::string> missing;   // MissingFields: field keys
    bool ok() const { return refusal == AdvanceRefusal::None; }
};
// Whether `complaint` (with the fields about to be written) may move to `to`.
AdvanceCheck checkAdvance(const Json& complaint, std::string_view to, const std::string& reason);
const char* refusalKey(AdvanceRefusal refusal);  // i18n key of the reason ("complaint.refused.skip")

// ---- events ----
struct ComplaintEvent {
    std::string id, at, by, kind;  // kind: open | stage | reopen | pause | resume
    std::string from, to, reason;
};
Json eventJson(const ComplaintEvent& event);
std::vector<ComplaintEvent> readEvents(const Json& complaint);  // in time order
// Both lists' events once each (by id, else by content), in time order: the merge of two offline lists.
Json unionEvents(const Json& a, const Json& b);
// Sets status, paused, closed and deadlines from received_at, severity and the events.
void applyEvents(Json& complaint, const WorkingTime& time, const ComplaintDeadlines& deadlines);

// ---- deadline state at a moment ----
enum class DeadlineState { Ok, Warning, Overdue };
struct StageDeadline {
    std::string stage;                  // the stage to reach
    std::optional<int64_t> dueMs;       // unknown while paused before it falls due
    std::optional<int64_t> warnMs[2];   // the 50% and 80% instants
    int warnPercent[2] = {0, 0};        // their percents as stored (0 when unreadable)
    int64_t pausedMs = 0;               // working time paused before it fell due (or so far)
    int64_t budgetMs = 0;
    std::optional<int64_t> reachedMs;   // when the stage was reached (a reopen back to it keeps the time)
    DeadlineState state = DeadlineState::Ok;
    int warnLevel = 0;                  // 0, 50 or 80 (percent passed)
    bool late = false;                  // reached after it was due
};
// The stored deadlines of `complaint`, each judged at `nowMs`: a reached stage is ok, or overdue when it was
// reached late; an open one is overdue past its due instant, a warning past 50% / 80%.
std::vector<StageDeadline> deadlinesAt(const Json& complaint, int64_t nowMs);
// Sets `deadline`'s state, warnLevel and late as they stand at `nowMs`, from its stored instants only.
void judgeAt(StageDeadline& deadline, int64_t nowMs);
// The first stored instant after `nowMs` at which judgeAt would answer differently (nullopt: never again).
std::optional<int64_t> nextStateChange(const StageDeadline& deadline, int64_t nowMs);
// The deadline of the next stage to reach (none once followed up); its state says how the complaint stands.
std::optional<StageDeadline> nextDeadline(const Json& complaint, int64_t nowMs);
bool isOverdue(const Json& complaint, int64_t nowMs);
const char* deadlineStateName(DeadlineState state);  // "ok" | "warning" | "overdue"

}  // namespace crm::core

// Demo complaints (demo_complaints.h): realistic matters per cause category, stage timelines in working time.
#include "core/app/demo_complaints.h"

#include "core/domain/complaint_workflow.h"

#include <array>
#include <cstdio>

namespace crm::core {
namespace {
struct Matter {
    const char* category;
    const char* matter;
    const char* findings;
    const char* rootCause;
    const char* department;
    const char* measures;
};
const std::array<Matter, 8> kMatters = {{
    {"product_quality", "保养后发动机异响", "正时皮带张紧器异常磨损", "配件批次质量缺陷", "manufacturer", "免费更换张紧器并延长质保"},
    {"product_quality", "空调制冷效果差，维修两次未好", "冷凝器内漏，前两次仅补充冷媒", "首次诊断不彻底", "workshop", "更换冷凝器，技师复训"},
    {"service", "前台接待态度冷淡", "高峰时段接待人员不足，未主动问候", "高峰时段接待人员不足", "service_desk", "调整排班，增加高峰时段接待"},
    {"service", "维修等待超过四小时", "预约未分流，工位排满", "预约排程不合理", "service_desk", "启用预约分时段，赠送保养券"},
    {"information", "结算金额与报价不符", "报价未含工时费，顾问未说明", "报价未说明工时费", "service_desk", "退还差额，统一报价单格式"},
    {"information", "延保条款与销售承诺不一致", "销售口头承诺超出延保范围", "销售承诺超出条款", "sales", "按承诺办理一次免费保养"},
    {"expectation", "要求免费更换整个变速箱", "故障为单个电磁阀，非整体损坏", "客户对保修范围理解有误", "customer_care", "耐心解释保修条款，更换电磁阀"},
    {"expectation", "要求赔偿维修期间误工费", "维修时长在承诺范围内", "客户期望超出服务承诺", "customer_care", "提供代步车券，说明赔付政策"},
}};
const std::array<const char*, 4> kSeverities = {"low", "normal", "high", "critical"};
const std::array<const char*, 5> kSatisfaction = {"very_satisfied", "satisfied", "satisfied", "neutral", "dissatisfied"};

// splitmix64 of (seed, key): the demo's values depend only on the customer and what is drawn.
uint64_t draw(uint64_t seed, uint64_t key) {
    uint64_t z = seed + key * 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}
int drawBelow(uint64_t seed, uint64_t key, int n) { return int(draw(seed, key) % uint64_t(n)); }

// The instant `workingMs` of working time before `end` (binary search on workingBetween, to the minute).
int64_t workingBefore(const WorkingTime& time, int64_t end, int64_t workingMs) {
    int64_t lo = end - 400 * 24 * kHourMs, hi = end;
    while (hi - lo > kMinuteMs) {
        int64_t mid = lo + (hi - lo) / 2;
        (time.workingBetween(mid, end) >= workingMs ? lo : hi) = mid;
    }
    return lo;
}

std::string docId(size_t index, int n) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "complaint:demo-%06zu-%d", index, n);
    return buf;
}

// A complaint now at `stage`, `overdue` past the next stage's deadline or comfortably within it.
Json complaintAt(const DemoComplainant& who, int n, int stage, const Matter& m, int64_t received, uint64_t salt) {
    const WorkingTime time = WorkingTime::defaults();
    const ComplaintDeadlines deadlines = ComplaintDeadlines::defaults();
    const char* severity = kSeverities[size_t(drawBelow(who.seed, salt + 1, 4))];
    const std::array<double, 4> hours = deadlines.hoursFor(severity);
    Json doc{{"_id", docId(who.index, n)},  {"type", "complaint"},      {"customer_id", who.customerId},
             {"received_at", isoText(received)}, {"channel", kComplaintChannels[size_t(drawBelow(who.seed, salt + 2, 6))]},
             {"severity", severity},        {"matter", m.matter},       {"demo", true}};
    if (!who.vehicleId.empty()) doc["vehicle_id"] = who.vehicleId;
    if (!who.serviceRecordId.empty()) doc["service_record_id"] = who.serviceRecordId;
    Json events = Json::array({eventJson({"demo-" + std::to_string(n) + "-0", isoText(received), "前台", "open", "", "received", ""})});
    int64_t previous = received;
    for (int s = 1; s <= stage; ++s) {
        // Each stage reached at 20–90% of its deadline (one in twelve a little late).
        double share = drawBelow(who.seed, salt + 10 + uint64_t(s), 12) == 0 ? 1.15 : 0.2 + 0.07 * drawBelow(who.seed, salt + 20 + uint64_t(s), 10);
        int64_t at = *time.addWorking(received, int64_t(hours[size_t(s - 1)] * share * double(kHourMs)));
        at = std::max(at, previous + 10 * kMinuteMs);
        events.push_back(eventJson({"demo-" + std::to_string(n) + "-" + std::to_string(s), isoText(at), who.owner, "stage",
                                    kComplaintStageKeys[size_t(s - 1)], kComplaintStageKeys[size_t(s)], ""}));
        previous = at;
    }
    if (stage >= 1) {
        doc["complainant"] = who.name;
        doc["category"] = m.category;
        doc["owner"] = who.owner;
    }
    if (stage >= 3) {
        doc["findings"] = m.findings;
        doc["root_cause"] = m.rootCause;
        doc["department"] = m.department;
        doc["measures"] = m.measures;
        if (drawBelow(who.seed, salt + 30, 3) == 0) doc["compensation"] = 100 * (1 + drawBelow(who.seed, salt + 31, 10));
        doc["told_at"] = isoText(previous);
        doc["told_how"] = drawBelow(who.seed, salt + 32, 2) ? "phone" : "in_person";
    } else if (stage == 2 && drawBelow(who.seed, salt + 33, 2)) {
        doc["findings"] = m.findings;  // investigation under way
    }
    if (stage >= 4) {
        doc["revisit_at"] = isoText(previous);
        doc["handling_satisfaction"] = kSatisfaction[size_t(drawBelow(who.seed, salt + 34, 5))];
    }
    doc["events"] = std::move(events);
    applyEvents(doc, time, deadlines);
    return doc;
}
}  // namespace

std::vector<Json> demoComplaints(const DemoComplainant& who) {
    const WorkingTime time = WorkingTime::defaults();
    // Today's opening (08:30 shop time) is the reference the open complaints' ages are measured against.
    const int64_t opening = who.today.toDays() * 24 * kHourMs + (8 * 60 + 30 - time.utcOffsetMinutes) * kMinuteMs;
    const int stage = int((who.index / 8) % kComplaintStages);
    const Matter& m = kMatters[size_t(drawBelow(who.seed, 100, int(kMatters.size())))];
    std::vector<Json> out;
    int64_t received;
    if (stage == kComplaintStages - 1) {
        received = opening - int64_t(10 + drawBelow(who.seed, 101, 190)) * 24 * kHourMs + drawBelow(who.seed, 102, 8) * kHourMs;
    } else {
        // Open: the next stage's deadline is 10–90% used at today's opening; one in five is overdue (110–200%).
        const char* severity = kSeverities[size_t(drawBelow(who.seed, 201, 4))];  // the draw complaintAt makes
        double budget = ComplaintDeadlines::defaults().hoursFor(severity)[size_t(stage)];
        double used = drawBelow(who.seed, 103, 5) == 0 ? 1.1 + 0.1 * drawBelow(who.seed, 104, 10)
                                                       : 0.1 + 0.1 * drawBelow(who.seed, 105, 9);
        received = workingBefore(time, opening, int64_t(budget * used * double(kHourMs)));
    }
    Json doc = complaintAt(who, 1, stage, m, received, 200);
    // One open complaint in seven waits on the customer (the clock stopped).
    if (stage > 0 && stage < 4 && drawBelow(who.seed, 106, 7) == 0) {
        doc["events"].push_back(eventJson({"demo-1-pause", isoText(opening), who.owner, "pause", "", "", "等待客户提供维修单据"}));
        applyEvents(doc, time, ComplaintDeadlines::defaults());
    }
    out.push_back(std::move(doc));
    // Some customers complained about the same fault 30–80 days before (a recurrence the summary shows).
    if (who.index % 5 == 4) {  // with index % 8 == 3: one customer in forty, whose complaint is being investigated
        int64_t earlier = received - int64_t(30 + drawBelow(who.seed, 107, 50)) * 24 * kHourMs;
        out.push_back(complaintAt(who, 2, kComplaintStages - 1, m, earlier, 300));
    }
    return out;
}

}  // namespace crm::core

// The complaint summary over a period (complaint_summary.h).
#include "core/app/complaint_summary.h"

#include "core/json_field.h"

#include <algorithm>
#include <unordered_map>

namespace crm::core {
namespace {
// The same vehicle with the same kind of fault: vehicle id and cause category.
std::string vehicleFaultKey(const Json& complaint) {
    return stringField(complaint, "vehicle_id") + '\n' + stringField(complaint, "category");
}

// Whether `sorted` holds an instant in [at - window, at).
bool earlierWithin(const std::vector<int64_t>& sorted, int64_t at, int64_t window) {
    auto first = std::lower_bound(sorted.begin(), sorted.end(), at - window);
    return first != sorted.end() && *first < at;
}
}  // namespace

Json ComplaintSummary::toJson() const {
    Json stages = Json::object();
    for (size_t i = 0; i < avgStageHours.size(); ++i)
        stages[kComplaintStageKeys[i + 1]] = {{"avgHours", avgStageHours[i]}, {"n", stageSamples[i]}};
    return Json{{"total", total},
                {"byCategory", byCategory},
                {"byRootCause", byRootCause},
                {"byDepartment", byDepartment},
                {"stages", stages},
                {"deadlinesMet", deadlinesMet},
                {"deadlinesJudged", deadlinesJudged},
                {"onTimeShare", onTimeShare()},
                {"recurringCustomer", recurringCustomer},
                {"recurringVehicle", recurringVehicle},
                {"recurringIds", recurringIds}};
}

std::vector<Json> storedComplaints(const DocumentStore& store) {
    std::vector<Json> all;
    store.forEachDoc([&](const std::string& id, const Json& body) {
        all.push_back(body);
        all.back()["_id"] = id;
        return true;
    }, "complaint");
    return all;
}

ComplaintSummary summarizeComplaints(const std::vector<Json>& complaints, const CivilDate& from, const CivilDate& to,
                                     const WorkingTime& time, int64_t nowMs) {
    // Receipt instants by customer and by (vehicle, cause), each sorted: whether an earlier complaint falls in
    // the 90 days before one is a binary search, so the summary stays O(n log n).
    std::unordered_map<std::string, std::vector<int64_t>> byCustomer, byVehicleFault;
    for (const Json& c : complaints) {
        std::optional<int64_t> at = parseIsoMs(stringField(c, "received_at"));
        if (!at) continue;
        byCustomer[stringField(c, "customer_id")].push_back(*at);
        byVehicleFault[vehicleFaultKey(c)].push_back(*at);
    }
    for (auto* index : {&byCustomer, &byVehicleFault}) {
        for (auto& [key, times] : *index) std::sort(times.begin(), times.end());
    }
    const int64_t window = kRecurrenceDays * 24 * kHourMs;
    const int64_t offset = time.utcOffsetMinutes * kMinuteMs;
    ComplaintSummary s;
    std::array<double, 4> totalHours{};
    for (const Json& c : complaints) {
        std::optional<int64_t> received = parseIsoMs(stringField(c, "received_at"));
        if (!received) continue;
        CivilDate day = CivilDate::fromDays((*received + offset) / (24 * kHourMs));
        if (day < from || to < day) continue;
        ++s.total;
        for (auto [key, counts] : {std::pair{"category", &s.byCategory}, std::pair{"root_cause", &s.byRootCause},
                                   std::pair{"department", &s.byDepartment}}) {
            std::string value = stringField(c, key);
            if (!value.empty()) ++(*counts)[value];
        }
        int64_t stageStart = *received;
        for (const StageDeadline& d : deadlinesAt(c, nowMs)) {
            size_t i = size_t(*parseStage(d.stage)) - 1;
            if (d.reachedMs) {
                totalHours[i] += double(time.workingBetween(stageStart, *d.reachedMs)) / double(kHourMs);
                ++s.stageSamples[i];
                stageStart = *d.reachedMs;
                ++s.deadlinesJudged;
                if (!d.late) ++s.deadlinesMet;
            } else if (d.state == DeadlineState::Overdue) {
                ++s.deadlinesJudged;
            }
        }
        const bool sameCustomer = !stringField(c, "customer_id").empty() &&
                                  earlierWithin(byCustomer[stringField(c, "customer_id")], *received, window);
        const bool sameVehicle = !stringField(c, "vehicle_id").empty() &&
                                 earlierWithin(byVehicleFault[vehicleFaultKey(c)], *received, window);
        s.recurringCustomer += sameCustomer;
        s.recurringVehicle += sameVehicle;
        if (sameCustomer || sameVehicle) s.recurringIds.push_back(stringField(c, "_id"));
    }
    for (size_t i = 0; i < totalHours.size(); ++i)
        s.avgStageHours[i] = s.stageSamples[i] ? totalHours[i] / s.stageSamples[i] : 0.0;
    return s;
}

}  // namespace crm::core

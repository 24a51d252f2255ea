// The complaint summary over a period (complaint_summary.h).
#include "core/app/complaint_summary.h"

#include "core/json_field.h"

namespace crm::core {

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

ComplaintSummary summarizeComplaints(const std::vector<Json>& complaints, const CivilDate& from, const CivilDate& to,
                                     const WorkingTime& time, int64_t nowMs) {
    struct Seen {
        int64_t at;
        std::string customer, vehicle, category;
    };
    std::vector<Seen> all;
    for (const Json& c : complaints) {
        if (auto at = parseIsoMs(stringField(c, "received_at")))
            all.push_back({*at, stringField(c, "customer_id"), stringField(c, "vehicle_id"), stringField(c, "category")});
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
        const std::string customer = stringField(c, "customer_id"), vehicle = stringField(c, "vehicle_id"),
                          category = stringField(c, "category");
        bool sameCustomer = false, sameVehicle = false;
        for (const Seen& e : all) {
            if (e.at >= *received || e.at < *received - window) continue;
            sameCustomer = sameCustomer || (!customer.empty() && e.customer == customer);
            sameVehicle = sameVehicle || (!vehicle.empty() && e.vehicle == vehicle && e.category == category);
        }
        s.recurringCustomer += sameCustomer;
        s.recurringVehicle += sameVehicle;
        if (sameCustomer || sameVehicle) s.recurringIds.push_back(stringField(c, "_id"));
    }
    for (size_t i = 0; i < totalHours.size(); ++i)
        s.avgStageHours[i] = s.stageSamples[i] ? totalHours[i] / s.stageSamples[i] : 0.0;
    return s;
}

}  // namespace crm::core

// Demo complaints (issue 17) for the instant demo: one customer's complaints at a given stage, with event
// timelines relative to the demo's today (most on time, some overdue, a few waiting on the customer) and,
// for some customers, an earlier complaint about the same vehicle fault (recurrence within 90 days).
#pragma once
#include "core/domain/civil_date.h"
#include "core/json.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crm::core {

struct DemoComplainant {
    size_t index = 0;      // the customer's index in the demo
    uint64_t seed = 0;
    std::string customerId, name, owner, vehicleId, serviceRecordId;
    CivilDate today;
};

// The customer's complaints ("complaint:demo-<index>-<n>"), derived fields (stage, deadlines) included.
std::vector<Json> demoComplaints(const DemoComplainant& who);

}  // namespace crm::core

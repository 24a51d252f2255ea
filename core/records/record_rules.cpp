// Multi-field record rules (see record_rules.h).
#include "core/records/record_rules.h"

#include "core/json_field.h"

namespace crm::core {
namespace {
// Both fields present as values of the same JSON kind and `later` < `earlier`.
bool outOfOrder(const Json& doc, const char* earlier, const char* later) {
    auto a = doc.find(earlier), b = doc.find(later);
    if (a == doc.end() || b == doc.end()) return false;
    if (a->is_number() && b->is_number()) return b->get<double>() < a->get<double>();
    if (a->is_string() && b->is_string())
        return !a->get_ref<const std::string&>().empty() && !b->get_ref<const std::string&>().empty() &&
               b->get_ref<const std::string&>() < a->get_ref<const std::string&>();
    return false;
}
}  // namespace

void vehicleIdentityRule(const Json& doc, FieldIssues& out) {
    if (stringField(doc, "vin").empty() && stringField(doc, "plate").empty())
        out.push_back({"", "file.error.vehicle_identity"});
}

void serviceOdometerRule(const Json& doc, FieldIssues& out) {
    if (outOfOrder(doc, "odometer_in", "odometer_out")) out.push_back({"odometer_out", "file.error.odometer_order"});
}

void serviceDatesRule(const Json& doc, FieldIssues& out) {
    if (outOfOrder(doc, "date_in", "date_out")) out.push_back({"date_out", "record.error.date_order"});
}

void campaignDatesRule(const Json& doc, FieldIssues& out) {
    if (outOfOrder(doc, "start", "end")) out.push_back({"end", "record.error.date_order"});
}

void followupDatesRule(const Json& doc, FieldIssues& out) {
    if (outOfOrder(doc, "date", "next_date")) out.push_back({"next_date", "file.error.past_date"});
}

}  // namespace crm::core

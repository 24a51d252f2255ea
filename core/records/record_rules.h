// Rules that look at several fields of one record (the description lists which apply to its type).
#pragma once
#include "core/json.h"
#include "core/records/field_issue.h"

namespace crm::core {

void vehicleIdentityRule(const Json& doc, FieldIssues& out);  // a VIN or a plate
void serviceOdometerRule(const Json& doc, FieldIssues& out);  // odometer out not below in
void serviceDatesRule(const Json& doc, FieldIssues& out);     // date out not before date in
void campaignDatesRule(const Json& doc, FieldIssues& out);    // end not before start
void followupDatesRule(const Json& doc, FieldIssues& out);    // next date not before the follow-up's date

}  // namespace crm::core

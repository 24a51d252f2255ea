// The small records the customer file and the customer list write about a customer: follow-ups and
// purchases built and checked from what was typed into a form, and attachments added to / removed from a
// document. Pure functions over Json; the screens save the results through CustomerFiles.
#pragma once
#include "core/domain/civil_date.h"
#include "core/json.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

// One problem with a typed field, as i18n keys: field "field.next_date", problem "file.error.date".
struct FieldProblem {
    std::string field;  // "" when the problem is about the record as a whole
    std::string problem;
};

// A document ready to save, or the problems that stop it.
struct RecordDraft {
    Json doc;
    std::vector<FieldProblem> problems;
    bool ok() const { return problems.empty(); }
};

struct FollowupInput {
    std::string channel = "phone";  // phone | wechat | sms | email | visit
    std::string content;
    std::string outcome = "reached";  // reached | no_answer | booked | declined
    std::string nextDate;             // "YYYY-MM-DD" or blank
    std::string resolves;             // reminder key it closes, or blank
};

// A "followup" document dated `today`, recorded by `user`. Content is required; a next date must be a
// real date, not before today.
RecordDraft followupDraft(const FollowupInput& input, const CivilDate& today, const std::string& user);

// A purchase (购车 / 精品 / 保险 …): what was bought, when, for how much, sold by whom.
struct PurchaseInput {
    std::string date;       // "YYYY-MM-DD"; blank = today
    std::string item;       // vehicle model or item, required
    std::string vehicleId;  // the customer's vehicle it concerns, or blank
    std::string amount;     // yuan, required, >= 0, up to 2 decimals kept
    std::string salesperson;
};

// A "purchase" document {type, date, item, vehicle_id?, amount, salesperson?}.
RecordDraft purchaseDraft(const PurchaseInput& input, const CivilDate& today);

// A repair order (维修记录) as typed: `fields` by document field name — date_in (required), date_out,
// odometer_in, odometer_out (km, out not below in), parts_amount, labour_amount (yuan), advisor, items.
struct ServiceInput {
    std::string vehicleId;
    std::string payType = "customer";  // customer | warranty | internal
    bool comeback = false;
    std::map<std::string, std::string> fields;
};

// A "service_record" document {type, vehicle_id, pay_type, comeback, date_in, ...}.
RecordDraft serviceRecordDraft(const ServiceInput& input);

// `doc` (a vehicle) with today's odometer reading typed as `km` ("12,345") appended to its readings; false
// (and `doc` unchanged) when `km` is not a whole number of kilometres. Blank: nothing to add, true.
bool addOdometerReading(Json& doc, const std::string& km, const CivilDate& today);

// `doc` with an inline attachment (base64 data), named `name` or, if that name is taken, "name (2).ext", ...
Json withAttachment(Json doc, const std::string& name, const std::string& contentType, std::string_view bytes);
// `doc` without the attachment `name` (the "_attachments" object is dropped when it becomes empty).
Json withoutAttachment(Json doc, const std::string& name);
// `name` if `doc` has no attachment of that name, else the first free "stem (n).ext".
std::string freeAttachmentName(const Json& doc, const std::string& name);

}  // namespace crm::core

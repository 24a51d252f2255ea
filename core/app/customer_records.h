// The small records the customer file and the customer list write about a customer: the quick follow-up
// built and checked from what was typed, today's odometer reading of a vehicle, and attachments added to /
// removed from a document. Pure functions over Json; the screens save the results through CustomerFiles.
#pragma once
#include "core/domain/civil_date.h"
#include "core/json.h"

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

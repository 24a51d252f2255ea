// The small records the customer file and the customer list write about a customer: the follow-up
// completed from its form, today's odometer reading of a vehicle, and attachments added to /
// removed from a document. Pure functions over Json; the screens save the results through CustomerFiles.
#pragma once
#include "core/domain/civil_date.h"
#include "core/json.h"

#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

// A follow-up as typed into its form (the `followup` description's fields), dated `today`, recorded by `user`,
// closing the reminder `resolves` ("" none). CrmSession then validates it like any write (content required, a
// next date not before the follow-up's date).
Json followupRecord(Json formDoc, const CivilDate& today, const std::string& user, const std::string& resolves);

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

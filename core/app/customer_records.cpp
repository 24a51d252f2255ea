// Follow-up drafts from typed fields, odometer readings; attachments added to and removed from documents.
#include "core/app/customer_records.h"

#include "core/records/typed_input.h"
#include "core/store/base64.h"

#include <cmath>
#include <cstdlib>

namespace crm::core {
namespace {

bool isBlank(const std::string& s) {
    return s.find_first_not_of(" \t") == std::string::npos;
}

std::string trimmed(const std::string& s) {
    size_t begin = s.find_first_not_of(" \t"), end = s.find_last_not_of(" \t");
    return begin == std::string::npos ? std::string() : s.substr(begin, end - begin + 1);
}

std::optional<CivilDate> parseDay(const std::string& text) {
    std::optional<CivilDate> d = CivilDate::parse(trimmed(text));
    if (!d || !d->isValid()) return std::nullopt;
    return d;
}

}  // namespace

RecordDraft followupDraft(const FollowupInput& input, const CivilDate& today, const std::string& user) {
    RecordDraft draft;
    if (isBlank(input.content)) draft.problems.push_back({"", "file.error.content_required"});
    draft.doc = Json{{"type", "followup"},       {"date", today.toString()},
                     {"channel", input.channel}, {"content", trimmed(input.content)},
                     {"outcome", input.outcome}, {"by", user}};
    if (!isBlank(input.nextDate)) {
        std::optional<CivilDate> next = parseDay(input.nextDate);
        if (!next)
            draft.problems.push_back({"field.next_date", "file.error.date"});
        else if (*next < today)
            draft.problems.push_back({"field.next_date", "file.error.past_date"});
        else
            draft.doc["next_date"] = next->toString();
    }
    if (!isBlank(input.resolves)) draft.doc["resolves"] = input.resolves;
    return draft;
}

bool addOdometerReading(Json& doc, const std::string& km, const CivilDate& today) {
    if (isBlank(km)) return true;
    std::optional<long long> value = parseWholeText(km);
    if (!value || *value < 0) return false;
    Json readings = doc.contains("odometer") && doc["odometer"].is_array() ? doc["odometer"] : Json::array();
    readings.push_back(Json{{"date", today.toString()}, {"km", *value}});
    doc["odometer"] = std::move(readings);
    return true;
}

std::string freeAttachmentName(const Json& doc, const std::string& name) {
    auto taken = [&](const std::string& candidate) {
        auto it = doc.find("_attachments");
        return it != doc.end() && it->is_object() && it->contains(candidate);
    };
    if (!taken(name)) return name;
    size_t dot = name.rfind('.');
    if (dot == 0 || dot == std::string::npos) dot = name.size();
    const std::string stem = name.substr(0, dot), ext = name.substr(dot);
    for (int n = 2;; ++n) {
        std::string candidate = stem + " (" + std::to_string(n) + ")" + ext;
        if (!taken(candidate)) return candidate;
    }
}

Json withAttachment(Json doc, const std::string& name, const std::string& contentType, std::string_view bytes) {
    const std::string free = freeAttachmentName(doc, name.empty() ? std::string("file") : name);
    if (!doc.contains("_attachments") || !doc["_attachments"].is_object()) doc["_attachments"] = Json::object();
    doc["_attachments"][free] = Json{{"content_type", contentType.empty() ? "application/octet-stream" : contentType},
                                     {"data", base64Encode(bytes)}};
    return doc;
}

Json withoutAttachment(Json doc, const std::string& name) {
    auto it = doc.find("_attachments");
    if (it == doc.end() || !it->is_object()) return doc;
    it->erase(name);
    if (it->empty()) doc.erase("_attachments");
    return doc;
}

}  // namespace crm::core

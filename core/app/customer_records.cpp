// Follow-ups completed from their form, odometer readings; attachments added to and removed from documents.
#include "core/app/customer_records.h"

#include "core/records/typed_input.h"
#include "core/store/base64.h"

#include <cmath>
#include <cstdlib>

namespace crm::core {
Json followupRecord(Json formDoc, const CivilDate& today, const std::string& user, const std::string& resolves) {
    formDoc["type"] = "followup";
    formDoc["date"] = today.toString();
    formDoc["by"] = user;
    if (resolves.empty()) formDoc.erase("resolves");
    else formDoc["resolves"] = resolves;
    return formDoc;
}

bool addOdometerReading(Json& doc, const std::string& km, const CivilDate& today) {
    if (trimmedText(km).empty()) return true;
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

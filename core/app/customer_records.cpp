// Follow-up and purchase drafts from typed fields; attachments added to and removed from documents.
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

// "1,280.50" / "¥1280.5" / "1280" -> 1280.5; nullopt when not a non-negative number.
std::optional<double> parseAmount(const std::string& text) {
    std::string digits;
    for (char c : trimmed(text)) {
        if (c != ',') digits += c;
    }
    if (digits.rfind("¥", 0) == 0) digits.erase(0, std::string("¥").size());
    if (digits.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size() || !std::isfinite(v) || v < 0) return std::nullopt;
    return std::round(v * 100) / 100;
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

RecordDraft purchaseDraft(const PurchaseInput& input, const CivilDate& today) {
    RecordDraft draft;
    draft.doc = Json{{"type", "purchase"}, {"date", today.toString()}};
    if (!isBlank(input.date)) {
        if (std::optional<CivilDate> d = parseDay(input.date))
            draft.doc["date"] = d->toString();
        else
            draft.problems.push_back({"field.purchase_on", "file.error.date"});
    }
    if (isBlank(input.item))
        draft.problems.push_back({"field.purchase_item", "file.error.required"});
    else
        draft.doc["item"] = trimmed(input.item);
    if (!isBlank(input.vehicleId)) draft.doc["vehicle_id"] = input.vehicleId;
    if (isBlank(input.amount))
        draft.problems.push_back({"field.purchase_amount", "file.error.required"});
    else if (std::optional<double> amount = parseAmount(input.amount))
        draft.doc["amount"] = *amount;
    else
        draft.problems.push_back({"field.purchase_amount", "file.error.number"});
    if (!isBlank(input.salesperson)) draft.doc["salesperson"] = trimmed(input.salesperson);
    return draft;
}

RecordDraft serviceRecordDraft(const ServiceInput& input) {
    RecordDraft draft;
    draft.doc = Json{{"type", "service_record"},
                     {"vehicle_id", input.vehicleId},
                     {"pay_type", input.payType},
                     {"comeback", input.comeback}};
    for (const auto& [key, text] : input.fields) {
        if (isBlank(text)) continue;
        const std::string field = "field." + key;
        if (key == "date_in" || key == "date_out") {
            if (std::optional<CivilDate> d = parseDay(text))
                draft.doc[key] = d->toString();
            else
                draft.problems.push_back({field, "file.error.date"});
        } else if (key == "odometer_in" || key == "odometer_out") {
            std::optional<double> km = parseAmount(text);
            if (km && *km == std::floor(*km))
                draft.doc[key] = static_cast<long long>(*km);
            else
                draft.problems.push_back({field, "file.error.number"});
        } else if (key == "parts_amount" || key == "labour_amount") {
            if (std::optional<double> amount = parseAmount(text))
                draft.doc[key] = *amount;
            else
                draft.problems.push_back({field, "file.error.number"});
        } else {
            draft.doc[key] = trimmed(text);
        }
    }
    if (!draft.doc.contains("date_in")) draft.problems.push_back({"", "file.error.date_in_required"});
    if (draft.doc.contains("odometer_in") && draft.doc.contains("odometer_out") &&
        draft.doc["odometer_out"].get<long long>() < draft.doc["odometer_in"].get<long long>())
        draft.problems.push_back({"", "file.error.odometer_order"});
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

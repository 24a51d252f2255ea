// Customer form validation and document mapping.
#include "core/app/customer.h"

#include "core/records/record_validation.h"
#include "core/records/typed_input.h"

#include <cctype>
#include <cstdio>

namespace crm::core {

std::string phoneDigits(const std::string& phone) {
    std::string digits;
    for (char c : phone) {
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    }
    if (digits.size() == 13 && digits.rfind("86", 0) == 0) digits.erase(0, 2);
    return digits;
}

namespace {

void setOrErase(Json& doc, const char* key, const std::string& value) {
    if (value.empty()) doc.erase(key);
    else doc[key] = value;
}

} // namespace

// The record description's validation (core/records), on the document the form would write.
std::optional<std::string> validateCustomer(const CustomerForm& form) {
    const RecordType* type = findRecordType("customer");
    if (!form.birthday.empty()) {
        TypedValue birthday = parseInput(*type->field("birthday"), form.birthday, ShopZone{});
        if (!birthday.ok() || birthday.value.value("calendar", std::string()) != "solar") return "error.birthday_invalid";
    }
    Json doc = Json::object();
    applyCustomerForm(form, doc);
    for (const FieldIssue& issue : validateRecord(doc)) {
        if (!issue.warning) return issue.code;
    }
    return std::nullopt;
}

CustomerForm customerFormFromDoc(const Json& doc) {
    CustomerForm f;
    f.name = stringField(doc, "name");
    f.gender = stringField(doc, "gender");
    auto phones = doc.find("phones");
    if (phones != doc.end() && phones->is_array() && !phones->empty() && phones->front().is_string()) {
        f.phone = phones->front().get<std::string>();
    }
    f.wechat = stringField(doc, "wechat");
    f.email = stringField(doc, "email");
    auto birthday = doc.find("birthday");
    if (birthday != doc.end() && birthday->is_object() && stringField(*birthday, "calendar") != "lunar") {
        // Fields of synced or imported documents may have any type: only integers count.
        auto number = [&](const char* key) {
            auto it = birthday->find(key);
            return it != birthday->end() && it->is_number_integer() ? it->get<int>() : 0;
        };
        int y = number("year"), m = number("month"), d = number("day");
        if (y > 0 && m > 0 && d > 0) {
            char buf[16];
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
            f.birthday = buf;
        }
    }
    f.region = stringField(doc, "region");
    f.address = stringField(doc, "address");
    f.company = stringField(doc, "company");
    f.position = stringField(doc, "position");
    f.source = stringField(doc, "source");
    f.owner = stringField(doc, "owner");
    f.notes = stringField(doc, "notes");
    return f;
}

void applyCustomerForm(const CustomerForm& form, Json& doc) {
    doc["type"] = "customer";
    doc["name"] = form.name;
    setOrErase(doc, "gender", form.gender);
    // The form edits the first (primary) phone; further numbers stored on the document are kept.
    Json phones = doc.contains("phones") && doc["phones"].is_array() ? doc["phones"] : Json::array();
    if (!phones.empty()) phones.erase(phones.begin());
    if (!form.phone.empty()) phones.insert(phones.begin(), form.phone);
    if (phones.empty()) doc.erase("phones");
    else doc["phones"] = phones;
    setOrErase(doc, "wechat", form.wechat);
    setOrErase(doc, "email", form.email);
    bool lunar = doc.contains("birthday") && doc["birthday"].is_object() &&
                 stringField(doc["birthday"], "calendar") == "lunar";
    if (form.birthday.empty()) {
        if (!lunar) doc.erase("birthday");  // the form shows solar dates only; a lunar one is kept
    } else {
        TypedValue birthday = parseInput(*findRecordType("customer")->field("birthday"), form.birthday, ShopZone{});
        if (birthday.ok()) doc["birthday"] = birthday.value;  // validateCustomer refuses the others
    }
    setOrErase(doc, "region", form.region);
    setOrErase(doc, "address", form.address);
    setOrErase(doc, "company", form.company);
    setOrErase(doc, "position", form.position);
    setOrErase(doc, "source", form.source);
    setOrErase(doc, "owner", form.owner);
    setOrErase(doc, "notes", form.notes);
}

} // namespace crm::core

// Customer form validation and document mapping.
#include "core/app/customer.h"

#include <cctype>
#include <cstdio>

namespace crm::core {

std::string stringField(const Json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

std::string phoneDigits(const std::string& phone) {
    std::string digits;
    for (char c : phone) {
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    }
    if (digits.size() == 13 && digits.rfind("86", 0) == 0) digits.erase(0, 2);
    return digits;
}

namespace {

bool isValidDate(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
        if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    }
    int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return !(m == 2 && d == 29 && !leap);
}

bool isBlank(const std::string& s) {
    for (char c : s) {
        if (!std::isspace(static_cast<unsigned char>(c))) return false;
    }
    return true;
}

void setOrErase(Json& doc, const char* key, const std::string& value) {
    if (value.empty()) doc.erase(key);
    else doc[key] = value;
}

} // namespace

std::optional<std::string> validateCustomer(const CustomerForm& form) {
    if (isBlank(form.name)) return "error.name_required";
    if (!form.phone.empty()) {
        std::string digits = phoneDigits(form.phone);
        if (digits.size() != 11 || digits[0] != '1') return "error.phone_invalid";
    }
    if (!form.birthday.empty() && !isValidDate(form.birthday)) return "error.birthday_invalid";
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
        doc["birthday"] = Json{{"calendar", "solar"},
                               {"year", std::stoi(form.birthday.substr(0, 4))},
                               {"month", std::stoi(form.birthday.substr(5, 2))},
                               {"day", std::stoi(form.birthday.substr(8, 2))}};
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

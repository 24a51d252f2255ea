// Parsing of typed input per field kind (see typed_input.h).
#include "core/records/typed_input.h"

#include "core/domain/lunar_calendar.h"
#include "core/domain/vehicle_rules.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace crm::core {
namespace {

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Removes every occurrence of `what` from `s`.
void eraseAll(std::string& s, std::string_view what) {
    for (size_t at; (at = s.find(what)) != std::string::npos;) s.erase(at, what.size());
}

// Splits "1990年5月1日" / "1990/5/1" / "1990-05-01" / "1990.5.1" into numbers; false unless exactly three.
bool threeNumbers(std::string text, int& a, int& b, int& c) {
    for (std::string_view sep : {"年", "月", "/", ".", "-"}) {
        for (size_t at; (at = text.find(sep)) != std::string::npos;) text.replace(at, sep.size(), " ");
    }
    eraseAll(text, "日");
    eraseAll(text, "号");
    int used = 0;
    if (std::sscanf(text.c_str(), "%d %d %d %n", &a, &b, &c, &used) != 3) return false;
    return size_t(used) == text.size();
}

std::string joinMany(const Json& value, const FieldSpec& one, ShopZone zone) {
    std::string out;
    for (const Json& item : value) {
        if (!out.empty()) out += ", ";
        out += inputText(one, item, zone);
    }
    return out;
}

TypedValue parseBirthday(std::string text) {
    bool lunar = false, leap = false;
    for (std::string_view mark : {"农历", "阴历", "lunar", "Lunar"}) {
        if (startsWith(text, mark)) {
            lunar = true;
            text = trimmedText(text.substr(mark.size()));
        }
    }
    if (text.find("闰") != std::string::npos || text.find("leap") != std::string::npos) {
        leap = lunar;
        if (!lunar) return {Json(), InputError::Birthday};
        eraseAll(text, "闰");
        eraseAll(text, "leap");
        text = trimmedText(text);
    }
    int y = 0, m = 0, d = 0;
    if (!threeNumbers(text, y, m, d)) return {Json(), InputError::Birthday};
    if (lunar) {
        if (!lunarToSolar(LunarDate{y, m, d, leap})) return {Json(), InputError::LunarDate};
    } else if (!CivilDate{y, m, d}.isValid() || y < 1900 || y > 2100) {
        return {Json(), InputError::Birthday};
    }
    Json b{{"calendar", lunar ? "lunar" : "solar"}, {"year", y}, {"month", m}, {"day", d}};
    if (leap) b["leap"] = true;
    return {b, InputError::None};
}

TypedValue parseOne(const FieldSpec& field, const std::string& text, ShopZone zone) {
    switch (field.kind) {
        case FieldKind::Text:
        case FieldKind::Multiline:
        case FieldKind::Reference:
        case FieldKind::Attachment:
        case FieldKind::List:
            return {Json(text), InputError::None};
        case FieldKind::Phone: {
            if (!parsePhoneText(text)) return {Json(), InputError::Phone};
            return {Json(text), InputError::None};  // kept as typed (people write numbers their way)
        }
        case FieldKind::Email:
            return isValidEmail(text) ? TypedValue{Json(text), InputError::None} : TypedValue{Json(), InputError::Email};
        case FieldKind::Date: {
            std::optional<CivilDate> d = parseDateText(text);
            return d ? TypedValue{Json(d->toString()), InputError::None} : TypedValue{Json(), InputError::Date};
        }
        case FieldKind::DateTime: {
            size_t split = text.find_first_of(" T");
            std::optional<CivilDate> d = parseDateText(split == std::string::npos ? text : text.substr(0, split));
            if (!d) return {Json(), InputError::DateTime};
            if (split == std::string::npos) return {Json(d->toString()), InputError::None};
            int h = 0, mi = 0, used = 0;
            std::string time = trimmedText(text.substr(split + 1));
            const bool utc = !time.empty() && time.back() == 'Z';  // typed in UTC on purpose
            if (utc) time.pop_back();
            if (std::sscanf(time.c_str(), "%d:%d%n", &h, &mi, &used) != 2 || h < 0 || h > 23 || mi < 0 || mi > 59)
                return {Json(), InputError::DateTime};
            const int64_t local = d->toDays() * 86'400'000LL + (h * 60 + mi) * 60'000LL;
            return {Json(isoText(local - (utc ? 0 : zone.offsetMs()))), InputError::None};
        }
        case FieldKind::Money: {
            std::optional<double> v = parseMoneyText(text);
            if (v) return {Json(*v), InputError::None};
            std::string t = trimmedText(text);
            return {Json(), !t.empty() && t[0] == '-' ? InputError::Negative : InputError::Number};
        }
        case FieldKind::Integer:
        case FieldKind::Km: {
            std::optional<long long> v = parseWholeText(text);
            if (!v) {
                std::optional<double> any = parseMoneyText(text);
                return {Json(), any ? InputError::WholeNumber : InputError::Number};
            }
            if (field.kind == FieldKind::Km && *v < 0) return {Json(), InputError::Negative};
            return {Json(*v), InputError::None};
        }
        case FieldKind::Enum:
            for (const char* option : field.options) {
                if (text == option) return {Json(text), InputError::None};
            }
            return {Json(), InputError::Option};
        case FieldKind::Bool:
            if (text == "true" || text == "1" || text == "是") return {Json(true), InputError::None};
            if (text == "false" || text == "0" || text == "否") return {Json(false), InputError::None};
            return {Json(), InputError::Option};
        case FieldKind::Vin:
            return {Json(validateVin(text).normalized), InputError::None};  // its checks are the validation's
        case FieldKind::Plate:
            return {Json(validatePlate(text).normalized), InputError::None};
        case FieldKind::Birthday:
            return parseBirthday(text);
    }
    return {Json(text), InputError::None};
}

}  // namespace

const char* inputErrorKey(InputError error) {
    switch (error) {
        case InputError::None: return "";
        case InputError::Date: return "input.error.date";
        case InputError::DateTime: return "input.error.date_time";
        case InputError::Number: return "input.error.number";
        case InputError::Negative: return "input.error.negative";
        case InputError::WholeNumber: return "input.error.whole_number";
        case InputError::Phone: return "error.phone_invalid";
        case InputError::Email: return "input.error.email";
        case InputError::Option: return "input.error.option";
        case InputError::Birthday: return "error.birthday_invalid";
        case InputError::LunarDate: return "file.error.lunar_birthday";
    }
    return "";
}

std::string trimmedText(std::string_view text) {
    const char* space = " \t\r\n";
    size_t begin = text.find_first_not_of(space);
    if (begin == std::string_view::npos) return {};
    size_t end = text.find_last_not_of(space);
    std::string out(text.substr(begin, end - begin + 1));
    // Ideographic spaces (U+3000) at either end, as typed with a Chinese IME.
    while (startsWith(out, "\u3000")) out.erase(0, 3);
    while (out.size() >= 3 && out.compare(out.size() - 3, 3, "\u3000") == 0) out.erase(out.size() - 3);
    return out;
}

std::optional<CivilDate> parseDateText(std::string_view text) {
    int y = 0, m = 0, d = 0;
    if (!threeNumbers(trimmedText(text), y, m, d)) return std::nullopt;
    CivilDate date{y, m, d};
    if (!date.isValid() || y < 1000 || y > 9999) return std::nullopt;
    return date;
}

std::optional<double> parseMoneyText(std::string_view input) {
    std::string text = trimmedText(input);
    for (std::string_view mark : {"¥", "￥", "RMB", "CNY", "元", ",", "，", " "}) eraseAll(text, mark);
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v) || v < 0) return std::nullopt;
    if (text.find_first_of("eExXpP") != std::string::npos) return std::nullopt;
    return std::round(v * 100) / 100;
}

std::optional<long long> parseWholeText(std::string_view input) {
    std::string text = trimmedText(input);
    for (std::string_view mark : {"公里", "km", "KM", "Km", ",", "，", " "}) eraseAll(text, mark);
    if (text.empty()) return std::nullopt;
    size_t start = text[0] == '-' ? 1 : 0;
    if (start == text.size() || text.size() > 17) return std::nullopt;
    for (size_t i = start; i < text.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
    }
    return std::stoll(text);
}

bool isValidPhoneDigits(const std::string& digits) {
    if (digits.size() == 11 && digits[0] == '1') return true;                       // mobile
    return digits.size() >= 10 && digits.size() <= 12 && digits[0] == '0';          // landline with area code
}

std::optional<std::string> parsePhoneText(std::string_view input) {
    std::string text = trimmedText(input), digits;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
        else if (c == '+' && i == 0) continue;
        else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') return std::nullopt;
    }
    if (digits.size() == 13 && startsWith(digits, "86") && startsWith(text, "+")) digits.erase(0, 2);
    else if (digits.size() == 13 && startsWith(digits, "86")) digits.erase(0, 2);
    if (!isValidPhoneDigits(digits)) return std::nullopt;
    return digits;
}

bool isValidEmail(std::string_view text) {
    size_t at = text.find('@');
    if (at == 0 || at == std::string_view::npos || text.find('@', at + 1) != std::string_view::npos) return false;
    size_t dot = text.find('.', at);
    if (dot == std::string_view::npos || dot == at + 1 || dot + 1 >= text.size()) return false;
    return text.find_first_of(" \t,;") == std::string_view::npos;
}

TypedValue parseInput(const FieldSpec& field, std::string_view input, ShopZone zone) {
    std::string text = field.kind == FieldKind::Multiline ? std::string(input) : trimmedText(input);
    if (trimmedText(text).empty()) return {Json(), InputError::None};
    if (!field.many) return parseOne(field, text, zone);
    Json items = Json::array();
    std::string part;
    auto flush = [&]() -> InputError {
        std::string item = trimmedText(part);
        part.clear();
        if (item.empty()) return InputError::None;
        TypedValue v = parseOne(field, item, zone);
        if (!v.ok()) return v.error;
        items.push_back(std::move(v.value));
        return InputError::None;
    };
    for (size_t i = 0; i < text.size(); ++i) {
        bool sep = text[i] == ',' || text[i] == ';' || text[i] == '\n';
        if (!sep && text.compare(i, 3, "、") == 0) {
            sep = true;
            i += 2;
        } else if (!sep && text.compare(i, 3, "，") == 0) {
            sep = true;
            i += 2;
        }
        if (!sep) {
            part += text[i];
            continue;
        }
        if (InputError e = flush(); e != InputError::None) return {Json(), e};
    }
    if (InputError e = flush(); e != InputError::None) return {Json(), e};
    return {items.empty() ? Json() : items, InputError::None};
}

std::string inputText(const FieldSpec& field, const Json& value, ShopZone zone) {
    if (value.is_null()) return {};
    if (field.many && value.is_array()) {
        FieldSpec one = field;
        one.many = false;
        return joinMany(value, one, zone);
    }
    switch (field.kind) {
        case FieldKind::Money:
            if (value.is_number()) {
                double v = value.get<double>();
                char buf[48];
                if (v == std::floor(v)) std::snprintf(buf, sizeof buf, "%.0f", v);
                else std::snprintf(buf, sizeof buf, "%.2f", v);
                return buf;
            }
            break;
        case FieldKind::Integer:
        case FieldKind::Km:
            if (value.is_number()) return std::to_string(static_cast<long long>(std::llround(value.get<double>())));
            break;
        case FieldKind::Bool:
            if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
            break;
        case FieldKind::DateTime:
            if (value.is_string()) {
                std::optional<int64_t> ms = parseIsoMs(value.get_ref<const std::string&>());
                if (!ms || value.get_ref<const std::string&>().size() <= 10) return value.get<std::string>();  // a date
                std::string local = isoText(*ms + zone.offsetMs());  // "YYYY-MM-DDTHH:MM:SS…Z" in the shop's zone
                return local.substr(0, 10) + " " + local.substr(11, 5);
            }
            break;
        case FieldKind::Birthday:
            if (value.is_object()) {
                auto num = [&](const char* k) {
                    auto it = value.find(k);
                    return it != value.end() && it->is_number_integer() ? it->get<int>() : 0;
                };
                bool lunar = value.value("calendar", std::string()) == "lunar";
                bool leap = value.contains("leap") && value["leap"].is_boolean() && value["leap"].get<bool>();
                char buf[48];
                std::snprintf(buf, sizeof buf, "%s%04d-%s%02d-%02d", lunar ? "农历 " : "", num("year"),
                              leap ? "闰" : "", num("month"), num("day"));
                return buf;
            }
            break;
        default:
            break;
    }
    if (value.is_string()) return value.get<std::string>();
    return value.dump();
}

}  // namespace crm::core

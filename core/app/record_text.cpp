// Records in words (see record_text.h).
#include "core/app/record_text.h"

#include "core/app/i18n.h"
#include "core/app/ui_settings.h"
#include "core/records/typed_input.h"

#include <cmath>
#include <cstdio>

namespace crm::core {
namespace {
ShopZone g_displayZone;

// "1234567.5" -> "1,234,567.50"
std::string grouped(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(v));
    std::string s = buf;
    size_t dot = s.find('.');
    size_t intEnd = dot == std::string::npos ? s.size() : dot;
    for (int i = int(intEnd) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
    return (v < 0 ? "-" : "") + s;
}

std::string oneValue(const FieldSpec& field, const Json& v) {
    switch (field.kind) {
        case FieldKind::Enum:
            if (v.is_string()) {
                if (v.get_ref<const std::string&>().empty()) return tr("values.unset");
                return tr(field.optionLabelKey(v.get_ref<const std::string&>()));
            }
            break;
        case FieldKind::Bool:
            if (v.is_boolean()) return tr(v.get<bool>() ? "value.yes" : "value.no");
            break;
        case FieldKind::Money:
            if (v.is_number()) return "¥" + grouped(v.get<double>(), 2);
            break;
        case FieldKind::Km:
            if (v.is_number()) return grouped(v.get<double>(), 0) + " km";
            break;
        case FieldKind::List:
            if (v.is_array()) return std::to_string(v.size()) + " " + tr("value.items");
            break;
        default:
            break;
    }
    return inputText(field, v, g_displayZone);
}

}  // namespace

void setDisplayZone(ShopZone zone) { g_displayZone = zone; }
ShopZone displayZone() { return g_displayZone; }

std::string userText(const std::string& name) {
    return name == kDeviceUser ? std::string(tr("settings.user_default")) : name;
}

std::string fieldLabel(const RecordType* type, const std::string& field) {
    if (type) {
        if (const FieldSpec* spec = type->field(field)) return tr(spec->label);
    }
    if (field == "attachments") return tr("field.attachments");
    std::string key = "field." + field;
    return hasText(key) ? tr(key) : field;
}

std::string valueText(const FieldSpec* field, const Json& value) {
    if (value.is_null()) return "—";
    if (value.is_string() && value.get_ref<const std::string&>() == kDeviceUser) return userText(kDeviceUser);
    if (!field) return value.is_string() ? value.get<std::string>() : value.dump();
    if (field->many && value.is_array()) {
        std::string out;
        for (const Json& item : value) {
            if (!out.empty()) out += tr("list.separator");
            out += oneValue(*field, item);
        }
        return out;
    }
    return oneValue(*field, value);
}

std::string valueText(const RecordType* type, const std::string& field, const Json& value) {
    if (field == "attachments" && value.is_array()) {
        std::string out;
        for (const Json& name : value) out += (out.empty() ? "" : tr("list.separator")) + name.get<std::string>();
        return out;
    }
    return valueText(type ? type->field(field) : nullptr, value);
}

std::string changeText(const RecordType* type, const FieldChange& change) {
    std::string label = fieldLabel(type, change.field);
    if (change.before.is_null() && change.after.is_null()) return label;
    return label + ": " + valueText(type, change.field, change.before) + " → " +
           valueText(type, change.field, change.after);
}

std::string changesText(const RecordType* type, const std::vector<FieldChange>& changes) {
    std::string out;
    for (const FieldChange& c : changes) {
        if (!out.empty()) out += "; ";
        out += changeText(type, c);
    }
    return out;
}

std::string issueText(const RecordType* type, const FieldIssue& issue) {
    bool needsLabel = issue.code.rfind("input.", 0) == 0 || issue.code.rfind("record.", 0) == 0;
    if (!needsLabel || issue.field.empty()) return tr(issue.code);
    return fieldLabel(type, issue.field) + ": " + tr(issue.code);
}

Json issuesJson(const Json& doc, const FieldIssues& issues) {
    const RecordType* type = recordTypeOf(doc);
    Json out = Json::array();
    for (const FieldIssue& i : issues) {
        Json e{{"field", i.field}, {"code", i.code}, {"message", issueText(type, i)}};
        if (i.warning) e["warning"] = true;
        out.push_back(std::move(e));
    }
    return out;
}

Json recordTypesJson() {
    Json types = Json::array();
    for (const RecordType& t : recordTypes()) {
        Json fields = Json::array();
        for (const FieldSpec& f : t.fields) {
            Json field{{"key", f.key}, {"kind", std::string(kindName(f.kind))}, {"label", tr(f.label)},
                       {"required", f.required}};
            if (f.many) field["many"] = true;
            if (*f.refType) field["refType"] = f.refType;
            if (!f.options.empty()) {
                Json options = Json::array();
                for (const char* o : f.options) options.push_back({{"value", o}, {"label", tr(f.optionLabelKey(o))}});
                field["options"] = options;
            }
            fields.push_back(std::move(field));
        }
        Json columns = Json::array(), timeline = Json::array();
        for (const char* c : t.listColumns) columns.push_back(c);
        for (const char* c : t.timelineFields) timeline.push_back(c);
        types.push_back({{"type", t.type},
                         {"label", tr(t.label)},
                         {"fields", fields},
                         {"listColumns", columns},
                         {"sort", {{"field", t.sortField}, {"descending", t.sortDescending}}},
                         {"timelineFields", timeline}});
    }
    return types;
}

}  // namespace crm::core

// Record history: field diffs, entries, append and union (see record_history.h).
#include "core/records/record_history.h"

#include "core/domain/append_only_list.h"
#include "core/json_field.h"

#include <algorithm>
#include <set>

namespace crm::core {
namespace {

bool isBookkeeping(const std::string& key) {
    return (!key.empty() && key[0] == '_') || key == "updated_at" || key == "created_at" || key == "history" ||
           key == "created_by" || key == "updated_by";
}

Json attachmentNames(const Json& doc) {
    Json names = Json::array();
    auto it = doc.find("_attachments");
    if (it != doc.end() && it->is_object()) {
        for (auto a = it->begin(); a != it->end(); ++a) names.push_back(a.key());
    }
    return names.empty() ? Json() : names;
}

}  // namespace

std::vector<FieldChange> diffRecord(const Json& before, const Json& after) {
    std::vector<FieldChange> changes;
    const Json empty = Json::object();
    const Json& b = before.is_object() ? before : empty;
    const Json& a = after.is_object() ? after : empty;
    std::set<std::string> keys;
    for (const Json* doc : {&b, &a}) {
        for (auto it = doc->begin(); it != doc->end(); ++it) {
            if (!isBookkeeping(it.key())) keys.insert(it.key());
        }
    }
    for (const std::string& key : keys) {
        Json x = b.contains(key) ? b[key] : Json(), y = a.contains(key) ? a[key] : Json();
        if (x != y) changes.push_back({key, std::move(x), std::move(y)});
    }
    Json x = attachmentNames(b), y = attachmentNames(a);
    if (x != y) changes.push_back({"attachments", std::move(x), std::move(y)});
    return changes;
}

Json historyEntryJson(const HistoryEntry& entry) {
    Json changes = Json::array(), fields = Json::array();
    for (const FieldChange& c : entry.changes) {
        changes.push_back(Json{{"field", c.field}, {"before", c.before}, {"after", c.after}});
        fields.push_back(c.field);
    }
    return Json{{"at", entry.at}, {"by", entry.by}, {"kind", entry.kind}, {"changes", changes}, {"fields", fields}};
}

std::vector<HistoryEntry> readHistory(const Json& doc) {
    std::vector<HistoryEntry> out;
    auto history = doc.is_object() ? doc.find("history") : doc.end();
    if (!doc.is_object() || history == doc.end() || !history->is_array()) return out;
    for (const Json& h : *history) {
        if (!h.is_object()) continue;
        HistoryEntry e{stringField(h, "at"), stringField(h, "by"), stringField(h, "kind"), {}};
        if (e.kind.empty()) e.kind = "edit";
        if (auto c = h.find("changes"); c != h.end() && c->is_array()) {
            for (const Json& change : *c) {
                if (!change.is_object()) continue;
                e.changes.push_back({stringField(change, "field"), change.value("before", Json()),
                                     change.value("after", Json())});
            }
        } else if (auto f = h.find("fields"); f != h.end() && f->is_array()) {
            for (const Json& name : *f) {
                if (name.is_string()) e.changes.push_back({name.get<std::string>(), Json(), Json()});
            }
        }
        out.push_back(std::move(e));
    }
    return out;
}

Json appendHistory(const Json& history, const HistoryEntry& entry) {
    Json out = history.is_array() ? history : Json::array();
    out.push_back(historyEntryJson(entry));
    if (out.size() > kHistoryLimit) out.erase(out.begin(), out.begin() + std::ptrdiff_t(out.size() - kHistoryLimit));
    return out;
}

Json unionHistory(const Json& a, const Json& b) {
    Json all = unionAppendOnly(a, b);  // entries carry no id: each distinct entry once
    if (all.size() > kHistoryLimit) all.erase(all.begin(), all.begin() + std::ptrdiff_t(all.size() - kHistoryLimit));
    return all;
}

}  // namespace crm::core

// Records drawn from their descriptions (see record_views.h).
#include "shell/record_views.h"

#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "core/records/record_history.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>

namespace crm::shell {
using core::FieldKind;
using core::FieldSpec;
using core::Json;
using core::tr;

namespace {

bool drawField(core::RecordForm& form, const FieldSpec& field, const std::string& name, const FormExtras& extras) {
    std::string& text = form.text(field.key);
    const std::string id = "##" + name;
    file_ui::labelCell(field.label);
    if (extras.focus && field.key == std::string_view(extras.focus)) ImGui::SetKeyboardFocusHere();
    switch (field.kind) {
        case FieldKind::Bool: {
            bool on = text == "true";
            if (ImGui::Checkbox(id.c_str(), &on)) text = on ? "true" : "false";  // the label is in the left cell
            markItem(name.c_str());
            return false;
        }
        case FieldKind::Enum: {
            std::vector<std::string> values;
            if (!field.required) values.push_back("");
            for (const char* o : field.options) values.push_back(o);
            auto optionText = [&](const std::string& v) {
                return std::string(v.empty() ? tr("values.unset") : tr(field.optionLabelKey(v)));
            };
            // Radio buttons when up to five fit the width left; a combo otherwise.
            float need = 0;
            for (const std::string& v : values)
                need += ImGui::CalcTextSize(optionText(v).c_str()).x + ImGui::GetFrameHeight() +
                        ImGui::GetStyle().ItemInnerSpacing.x + ImGui::GetStyle().ItemSpacing.x;
            if (values.size() <= 5 && need <= ImGui::GetContentRegionAvail().x) {
                for (size_t i = 0; i < values.size(); ++i) {
                    if (i > 0) ImGui::SameLine();
                    if (ImGui::RadioButton((optionText(values[i]) + id + values[i]).c_str(), text == values[i]))
                        text = values[i];
                    markItem((name + "." + (values[i].empty() ? "unset" : values[i])).c_str());
                }
                return false;
            }
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
            if (ImGui::BeginCombo(id.c_str(), optionText(text).c_str())) {
                for (const std::string& v : values) {
                    if (ImGui::Selectable(optionText(v).c_str(), text == v)) text = v;
                    markItem((name + "." + (v.empty() ? "unset" : v)).c_str());
                }
                ImGui::EndCombo();
            }
            markItem(name.c_str());
            return false;
        }
        case FieldKind::Multiline:
            ImGui::InputTextMultiline(id.c_str(), &text, ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 3.2f));
            markItem(name.c_str());
            return false;
        default: {
            bool wide = field.kind == FieldKind::Text || field.kind == FieldKind::Phone ||
                        field.kind == FieldKind::Email || field.kind == FieldKind::Birthday;
            ImGui::SetNextItemWidth(wide ? -FLT_MIN : ImGui::GetFontSize() * 12);
            auto computed = extras.hints.find(field.key);
            const char* hint = computed != extras.hints.end() ? computed->second.c_str() : *field.hint ? tr(field.hint) : "";
            bool enter = ImGui::InputTextWithHint(id.c_str(), hint, &text, ImGuiInputTextFlags_EnterReturnsTrue);
            markItem(name.c_str());
            return enter;
        }
    }
}

}  // namespace

bool drawRecordForm(core::RecordForm& form, const char* prefix, int columns, const std::vector<const char*>& skip,
                    const FormExtras& extras) {
    const core::RecordType* type = form.type();
    if (!type) return false;
    std::vector<const FieldSpec*> fields;
    for (const FieldSpec& f : type->fields) {
        bool skipped = std::any_of(skip.begin(), skip.end(), [&](const char* k) { return std::string_view(k) == f.key; });
        if (f.inForm && !skipped) fields.push_back(&f);
    }
    columns = ImGui::GetContentRegionAvail().x > ImGui::GetFontSize() * 44 ? std::max(1, columns) : 1;
    bool enter = false;
    const size_t per = (fields.size() + size_t(columns) - 1) / size_t(columns);
    if (!ImGui::BeginTable((std::string(prefix) + "_layout").c_str(), columns, ImGuiTableFlags_SizingStretchSame))
        return false;
    for (int c = 0; c < columns; ++c) {
        ImGui::TableNextColumn();
        if (!file_ui::beginForm((std::string(prefix) + "_" + std::to_string(c)).c_str(), 7.5f)) continue;
        for (size_t i = size_t(c) * per; i < std::min(fields.size(), size_t(c + 1) * per); ++i)
            enter |= drawField(form, *fields[i], std::string(prefix) + "." + fields[i]->key, extras);
        ImGui::EndTable();
    }
    ImGui::EndTable();
    return enter;
}

void drawIssues(const core::RecordType* type, const core::FieldIssues& issues, const char* prefix) {
    for (const core::FieldIssue& issue : issues) {
        ImGui::PushStyleColor(ImGuiCol_Text, issue.warning ? ImVec4(0.75f, 0.45f, 0.05f, 1) : ImVec4(0.80f, 0.15f, 0.10f, 1));
        ImGui::TextWrapped("%s", core::issueText(type, issue).c_str());
        ImGui::PopStyleColor();
        markItem((std::string(prefix) + ".issue." + issue.field + ":" + issue.code).c_str());
    }
}

void drawRecordHistory(const Json& doc, const char* id) {
    std::vector<core::HistoryEntry> history = core::readHistory(doc);
    std::string title = std::string(tr("history.title")) + " (" + std::to_string(history.size()) + ")###" + id;
    if (!ImGui::CollapsingHeader(title.c_str())) return;
    markItem((std::string(id) + ".open").c_str());
    if (history.empty()) ImGui::TextDisabled("%s", tr("history.none"));
    const core::RecordType* type = core::recordTypeOf(doc);
    for (auto it = history.rbegin(); it != history.rend(); ++it) {
        ImGui::TextDisabled("%s  %s  %s", file_ui::shortTime(it->at).c_str(), core::userText(it->by).c_str(),
                            tr("history.kind." + it->kind));
        ImGui::Indent();
        for (const core::FieldChange& c : it->changes) ImGui::TextWrapped("%s", core::changeText(type, c).c_str());
        ImGui::Unindent();
    }
}

void drawTimelineDetail(const core::TimelineEntry& entry, const Json* doc) {
    const core::RecordType* type = core::findRecordType(entry.recordType);
    if (!entry.changes.empty() || entry.type.size() > 7 && entry.type.ends_with("_edited")) {
        for (const core::FieldChange& c : entry.changes) {
            std::string text = core::changeText(type, c);
            ImGui::TextWrapped("%s", text.c_str());
            markItem(("timeline.change." + text).c_str());
        }
        return;
    }
    std::string detail = entry.detail;
    if (doc && type) {  // the timeline fields that are choices, translated, before the main text
        for (const char* key : type->timelineFields) {
            const FieldSpec* f = type->field(key);
            if (f && f->kind == FieldKind::Enum && doc->contains(key))
                detail = core::valueText(f, (*doc)[key]) + (detail.empty() ? "" : " · " + detail);
        }
    }
    ImGui::TextWrapped("%s", detail.c_str());
}

void drawRecordDetail(const Json& doc, const char* id) {
    const core::RecordType* type = core::recordTypeOf(doc);
    if (!type) return;
    if (!file_ui::beginForm(id, 7.5f)) return;
    for (const FieldSpec& f : type->fields) {
        auto it = doc.find(f.key);
        if (it == doc.end() || it->is_null() || (it->is_string() && it->get_ref<const std::string&>().empty())) continue;
        file_ui::labelCell(f.label);
        ImGui::TextWrapped("%s", core::valueText(&f, *it).c_str());
        markItem((std::string(id) + "." + f.key).c_str());
    }
    ImGui::EndTable();
}

// ---- list ----------------------------------------------------------------------------------------------
std::string RecordTable::cellText(const std::string& column, const Json& doc) const {
    auto it = doc.find(column);
    if (it == doc.end()) return {};
    const core::RecordType* type = core::findRecordType(m_type);
    if (!type) return it->is_string() ? it->get<std::string>() : it->dump();
    const FieldSpec* f = type->field(column);
    if (f && f->kind == FieldKind::List && it->is_string()) return it->get<std::string>();
    return core::valueText(f, *it);
}

int RecordTable::draw(const char* id, const std::vector<Json>& docs, const std::string& selectedId,
                      const char* rowPrefix, const char* rowField, float height) {
    const core::RecordType* type = core::findRecordType(m_type);
    if (!type) return -1;
    struct Column {
        std::string key;
        std::string label;
        bool extra;
    };
    std::vector<Column> all;
    for (const char* c : type->listColumns) all.push_back({c, tr(type->field(c)->label), false});
    for (const Extra& e : m_extra) all.push_back({e.key, tr(e.label), true});
    ImGui::PushID(id);
    if (showFilter) {
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
        ImGui::InputTextWithHint("##filter", tr("customers.filter"), &m_filter);
        markItem((std::string(id) + ".filter").c_str());
        ImGui::SameLine();
    }
    if (ImGui::SmallButton(label("list.columns").c_str())) ImGui::OpenPopup("columns");
    markItem((std::string(id) + ".columns").c_str());
    if (ImGui::BeginPopup("columns")) {
        for (const Column& c : all) {
            bool shown = !m_hidden.count(c.key);
            if (ImGui::Checkbox(c.label.c_str(), &shown)) {
                if (shown) m_hidden.erase(c.key);
                else m_hidden.insert(c.key);
            }
        }
        ImGui::EndPopup();
    }
    std::vector<const Column*> columns;
    for (const Column& c : all) {
        if (!m_hidden.count(c.key)) columns.push_back(&c);
    }
    // Rows: filtered by the shown text, in the chosen order (the description's sort until a header is clicked).
    std::vector<size_t> rows;
    for (size_t i = 0; i < docs.size(); ++i) {
        if (m_filter.empty()) {
            rows.push_back(i);
            continue;
        }
        for (const Column* c : columns) {
            if (!c->extra && cellText(c->key, docs[i]).find(m_filter) != std::string::npos) {
                rows.push_back(i);
                break;
            }
        }
    }
    int clicked = -1;
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                            ImGuiTableFlags_SizingStretchProp | ImGuiTableFlags_Sortable | ImGuiTableFlags_Resizable;
    if (height > 0) flags |= ImGuiTableFlags_ScrollY;
    if (columns.empty() || !ImGui::BeginTable("rows", int(columns.size()), flags, ImVec2(0, height))) {
        ImGui::PopID();
        return -1;
    }
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const Column* c : columns) {
        ImGuiTableColumnFlags cf = c->extra ? ImGuiTableColumnFlags_NoSort : 0;
        if (c->key == type->sortField)
            cf |= ImGuiTableColumnFlags_DefaultSort |
                  (type->sortDescending ? ImGuiTableColumnFlags_PreferSortDescending : ImGuiTableColumnFlags_PreferSortAscending);
        ImGui::TableSetupColumn(c->label.c_str(), cf);
    }
    ImGui::TableHeadersRow();
    if (ImGuiTableSortSpecs* sort = ImGui::TableGetSortSpecs(); sort && sort->SpecsCount > 0) {
        const std::string& key = columns[size_t(sort->Specs[0].ColumnIndex)]->key;
        bool descending = sort->Specs[0].SortDirection == ImGuiSortDirection_Descending;
        static const Json kAbsent;
        auto valueOf = [&](const Json& doc) -> const Json& {
            auto it = doc.find(key);
            return it == doc.end() ? kAbsent : *it;
        };
        std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) {
            const Json& x = valueOf(docs[a]);
            const Json& y = valueOf(docs[b]);
            return descending ? y < x : x < y;
        });
    }
    ImGuiListClipper clipper;
    clipper.Begin(int(rows.size()));
    while (clipper.Step()) {
        for (int r = clipper.DisplayStart; r < clipper.DisplayEnd; ++r) {
            const Json& doc = docs[rows[size_t(r)]];
            const std::string docId = core::stringField(doc, "_id");
            ImGui::PushID(docId.c_str());
            const uint32_t color = m_rowColor ? m_rowColor(doc) : 0;
            if (color) ImGui::PushStyleColor(ImGuiCol_Text, color);
            ImGui::TableNextRow();
            for (size_t c = 0; c < columns.size(); ++c) {
                ImGui::TableNextColumn();
                if (c == 0) {
                    if (ImGui::Selectable("##row", docId == selectedId && !docId.empty(),
                                          ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                        clicked = int(rows[size_t(r)]);
                    if (rowPrefix) {
                        std::string key = core::stringField(doc, rowField ? rowField : "_id");
                        markItem((std::string(rowPrefix) + "." + key).c_str());
                    }
                    ImGui::SameLine(0, 0);
                }
                if (m_cell && m_cell(columns[c]->key, doc)) continue;
                ImGui::TextUnformatted(cellText(columns[c]->key, doc).c_str());
            }
            if (color) ImGui::PopStyleColor();
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    ImGui::PopID();
    return clicked;
}

}  // namespace crm::shell

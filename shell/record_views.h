// Any record type drawn from its description (core/records): a form (one input per field kind), a detail
// view, a list (virtualised, sortable, filterable, with a column chooser), a record's history in words
// and the issues that stopped a save. Workflow screens add only what is their own around these.
#pragma once
#include "core/app/customer_file.h"
#include "core/records/field_issue.h"
#include "core/records/record_form.h"

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace crm::shell {

// What a screen adds to a generic form: a field that takes the keyboard this frame, and hints computed now
// (shown in an empty input instead of the description's hint, e.g. the next follow-up date the rules give).
struct FormExtras {
    const char* focus = nullptr;
    std::map<std::string, std::string> hints;
};
// Draws the form's fields (those in the description's form, minus `skip`) in `columns` side-by-side
// two-column tables; each input is named "<prefix>.<field>" (enum choices "<prefix>.<field>.<option>").
// Returns true when Enter was pressed in a single-line input.
bool drawRecordForm(core::RecordForm& form, const char* prefix, int columns = 1,
                    const std::vector<const char*>& skip = {}, const FormExtras& extras = {});
// The issues of a refused save, one line each ("label: problem"), errors red and warnings amber; each line
// is named "<prefix>.issue.<field>:<code>" so tests can tell which rule refused it.
void drawIssues(const core::RecordType* type, const core::FieldIssues& issues, const char* prefix);
// A record read-only: each described field that has a value, "label: value" in the UI language (enum values
// translated, dates, money and km formatted); each value named "<id>.<field>".
void drawRecordDetail(const core::Json& doc, const char* id);
// A document's history, newest first: when, who and each change "label: before → after".
void drawRecordHistory(const core::Json& doc, const char* id);
// One timeline entry's detail: the changes of an edit (one line each, named "timeline.change.<text>"), or
// the entry's text with enum fields translated.
void drawTimelineDetail(const core::TimelineEntry& entry, const core::Json* doc);

// A list of records of one type: the description's columns (a chooser hides or shows them), a filter
// box over the shown text, click-to-sort headers, rows drawn only when visible.
class RecordTable {
public:
    using CellFn = std::function<bool(const std::string& column, const core::Json& doc)>;  // true: drawn
    explicit RecordTable(std::string type) : m_type(std::move(type)) {}
    // Extra columns a screen adds (computed values), drawn by `cell`.
    void addColumn(std::string key, const char* label) { m_extra.push_back({std::move(key), label}); }
    void setCell(CellFn cell) { m_cell = std::move(cell); }
    // A row's text colour (an ImU32; 0 keeps the theme's): overdue complaints are red.
    void setRowColor(std::function<uint32_t(const core::Json& doc)> color) { m_rowColor = std::move(color); }
    // Draws the rows; a row named "<rowPrefix>.<rowField's value>" when rowPrefix is given. Returns the
    // index of the row clicked this frame, or -1. `height` 0: as tall as the rows.
    int draw(const char* id, const std::vector<core::Json>& docs, const std::string& selectedId = {},
             const char* rowPrefix = nullptr, const char* rowField = nullptr, float height = 0);
    bool showFilter = false;

private:
    struct Extra {
        std::string key;
        const char* label;
    };
    std::string cellText(const std::string& column, const core::Json& doc) const;
    std::string m_type;
    std::vector<Extra> m_extra;
    CellFn m_cell;
    std::function<uint32_t(const core::Json& doc)> m_rowColor;
    std::string m_filter;
    std::set<std::string> m_hidden;
};

}  // namespace crm::shell

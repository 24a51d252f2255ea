// The conflict dialog: a document's conflicting versions field by field (mine / theirs / common ancestor),
// one-sided changes pre-merged, a click picks a side, Save writes the merge (CrmSession::resolveConflict).
#include "shell/conflict_dialog.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <algorithm>
#include <cstdio>

namespace crm::shell {
using core::tr;

namespace {
const ImVec4 kWarn(0.8f, 0.45f, 0.05f, 1);

// A field's display name: its catalog label ("field.<name>") when there is one, else the name itself.
std::string fieldLabel(const std::string& field) {
    std::string key = "field." + field;
    const char* text = tr(key);
    return key == text ? field : text;
}

// A value as one line of text: strings as they are, arrays of strings joined, other JSON compact.
std::string valueText(const core::Json& value) {
    if (value.is_null()) return tr("conflict.empty");
    if (value.is_string()) return value.get<std::string>().empty() ? tr("conflict.empty") : value.get<std::string>();
    if (value.is_array() &&
        std::all_of(value.begin(), value.end(), [](const core::Json& v) { return v.is_string(); })) {
        std::string out;
        for (const core::Json& v : value)
            out += (out.empty() ? "" : ", ") + v.get<std::string>();
        return out.empty() ? tr("conflict.empty") : out;
    }
    if (value.is_boolean()) return tr(value.get<bool>() ? "conflict.yes" : "conflict.no");
    return value.dump();
}

// At most `max` characters (UTF-8 aware), "…" when cut.
std::string clip(const std::string& s, size_t max) {
    size_t chars = 0, i = 0;
    while (i < s.size()) {
        if (chars == max) return s.substr(0, i) + "…";
        unsigned char c = static_cast<unsigned char>(s[i]);
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
        ++chars;
    }
    return s;
}

// Fields the same on every side are kept as they are; "_attachments" and the like follow mine.
bool shownInDialog(const core::FieldChoice& f) {
    if (!f.mineChanged && !f.theirsChanged && f.mine == f.theirs) return false;
    return f.field.empty() || f.field[0] != '_';
}

}  // namespace

ConflictDialog::ConflictDialog(core::CrmSession& session) : m_session(session) {}

void ConflictDialog::open(const std::string& id) {
    m_conflict = core::buildConflictView(m_session.store(), id);
    m_error.clear();
    m_picks.clear();
    m_picked.clear();
    if (!m_conflict) return;
    m_picked.assign(m_conflict->fields.size(), false);
    for (const core::FieldChoice& f : m_conflict->fields) {
        // One-sided changes start on the changed side (the pre-merged value); real clashes start on mine.
        m_picks.push_back(f.autoMerged && f.theirsChanged && !f.mineChanged ? Theirs : Mine);
    }
    m_justOpened = true;
}

void ConflictDialog::save() {
    core::Json merged = m_conflict->merged.is_object() ? m_conflict->merged : core::Json::object();
    for (size_t i = 0; i < m_conflict->fields.size(); ++i) {
        const core::FieldChoice& f = m_conflict->fields[i];
        const core::Json& value = m_picks[i] == Theirs ? f.theirs : m_picks[i] == Ancestor ? f.ancestor : f.mine;
        if (value.is_null())
            merged.erase(f.field);
        else
            merged[f.field] = value;
    }
    core::WriteResult result = m_session.resolveConflict(m_conflict->id, merged);
    if (result.ok()) {
        m_conflict.reset();
        ImGui::CloseCurrentPopup();
        return;
    }
    char buf[512];
    std::snprintf(buf, sizeof buf, tr("conflict.failed"), result.error->reason.c_str());
    m_error = buf;
}

void ConflictDialog::draw(const std::function<std::string(const std::string&)>& documentLabel) {
    const char* popupId = "###conflict_dialog";
    if (!m_conflict) return;
    if (m_justOpened) {
        ImGui::OpenPopup(popupId);
        m_justOpened = false;
    }
    ImGuiIO& io = ImGui::GetIO();
    ImGui::SetNextWindowSize(ImVec2(std::min(io.DisplaySize.x * 0.95f, ImGui::GetFontSize() * 62.0f), 0),
                             ImGuiCond_Always);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always,
                            ImVec2(0.5f, 0.5f));
    char title[512];
    std::snprintf(title, sizeof title, tr("conflict.title"), documentLabel(m_conflict->id).c_str());
    std::string fullTitle = std::string(title) + popupId;
    bool keepOpen = true;
    if (!ImGui::BeginPopupModal(fullTitle.c_str(), &keepOpen, ImGuiWindowFlags_NoSavedSettings)) {
        m_conflict.reset();
        return;
    }
    if (!keepOpen) {
        m_conflict.reset();
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    ImGui::TextWrapped("%s", tr("conflict.help"));
    if (!m_conflict->hasAncestor) ImGui::TextDisabled("%s", tr("conflict.no_ancestor"));
    ImGui::Spacing();
    const int columns = m_conflict->hasAncestor ? 5 : 4;
    int rows = 1;  // the header
    for (const core::FieldChoice& f : m_conflict->fields)
        rows += shownInDialog(f) ? 1 : 0;
    const float rowHeight = ImGui::GetTextLineHeight() + ImGui::GetStyle().CellPadding.y * 2.0f + 1.0f;
    float maxHeight = std::min(io.DisplaySize.y * 0.6f, rows * rowHeight + ImGui::GetStyle().CellPadding.y * 2.0f);
    ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInner | ImGuiTableFlags_SizingStretchProp |
                            ImGuiTableFlags_ScrollY;
    if (ImGui::BeginTable("conflict_fields", columns, flags, ImVec2(0, maxHeight))) {
        ImGui::TableSetupScrollFreeze(0, 1);
        ImGui::TableSetupColumn(tr("conflict.field"), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
        ImGui::TableSetupColumn(tr("conflict.mine"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(tr("conflict.theirs"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        if (m_conflict->hasAncestor)
            ImGui::TableSetupColumn(tr("conflict.ancestor"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn(tr("conflict.result"), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
        ImGui::TableHeadersRow();
        for (size_t i = 0; i < m_conflict->fields.size(); ++i) {
            const core::FieldChoice& f = m_conflict->fields[i];
            if (!shownInDialog(f)) continue;
            ImGui::PushID(static_cast<int>(i));
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(fieldLabel(f.field).c_str());
            const core::Json* values[] = {&f.mine, &f.theirs, &f.ancestor};
            for (int pick = Mine; pick <= (m_conflict->hasAncestor ? Ancestor : Theirs); ++pick) {
                ImGui::TableNextColumn();
                std::string full = valueText(*values[pick]);
                std::string text = clip(full, 40) + "##" + std::to_string(pick);
                if (ImGui::Selectable(text.c_str(), m_picks[i] == pick)) {
                    m_picks[i] = pick;
                    m_picked[i] = true;
                }
                if (full.size() > 40 && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", full.c_str());
                static const char* const kNames[] = {"mine", "theirs", "ancestor"};
                markItem(("conflict." + f.field + "." + kNames[pick]).c_str());
            }
            ImGui::TableNextColumn();
            bool clash = f.mineChanged && f.theirsChanged && !f.autoMerged;
            static const char* const kColumns[] = {"conflict.mine", "conflict.theirs", "conflict.ancestor"};
            if (m_picked[i])
                ImGui::TextUnformatted(tr(kColumns[m_picks[i]]));
            else if (clash)
                ImGui::TextColored(kWarn, "%s", tr("conflict.choose"));
            else
                ImGui::TextDisabled("%s", tr("conflict.auto"));
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    errorText(m_error);
    if (ImGui::Button(label("conflict.save").c_str())) save();
    markItem("conflict.save");
    ImGui::SameLine();
    if (m_conflict && ImGui::Button(label("conflict.cancel").c_str())) {
        m_conflict.reset();
        ImGui::CloseCurrentPopup();
    }
    markItem("conflict.cancel");
    ImGui::EndPopup();
}

}  // namespace crm::shell

// The customer file's shared widgets and text helpers (see customer_file_widgets.h).
#include "shell/customer_file_widgets.h"

#include "core/app/i18n.h"
#include "shell/record_views.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell::file_ui {
using core::Json;
using core::tr;

// A label cell + a widget cell in a two-column form table.
void labelCell(const char* key) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(key));
    ImGui::TableNextColumn();
}

bool beginForm(const char* id, float labelEm) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp)) return false;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * labelEm);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}

// Radio buttons for one of `values`; each named "<prefix>.<value>" for tests, labelled "<labelPrefix>.<value>".
void noticeText(const std::string& message) {
    if (message.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.10f, 0.50f, 0.20f, 1.0f));
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
}

void warningText(const std::string& message) {
    if (message.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.75f, 0.45f, 0.05f, 1.0f));
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
}

std::string writeError(const core::WriteResult& result) {
    const std::string& reason = result.error->reason;
    if (reason.rfind("error.", 0) == 0) return tr(reason);
    if (result.error->error == "conflict") return tr("error.conflict");
    if (result.error->error == core::kNotLoaded) return tr("error.not_loaded");
    return std::string(tr("error.unknown")) + " (" + reason + ")";
}

// "2026-11-24T10:29:00Z" -> "2026-11-24 10:29"; dates stay as they are.
std::string shortTime(const std::string& at) {
    if (at.size() >= 16 && at[10] == 'T') return at.substr(0, 10) + " " + at.substr(11, 5);
    return at;
}

std::string typeText(const std::string& type) {
    const std::string key = "doctype." + type;
    if (core::hasText(key) || !type.ends_with("_edited")) return tr(key);
    return std::string(tr("history.kind.edit")) + " " + tr("doctype." + type.substr(0, type.size() - 7));
}

void sectionTitle(const char* text) {
    ImGui::Spacing();
    ImGui::TextUnformatted(text);
    ImGui::Separator();
}

}  // namespace crm::shell::file_ui

namespace crm::shell {
namespace {
// Filled in by the save (core::followupRecord) or shown elsewhere (the reminder being resolved).
const std::vector<const char*> kFollowupNotTyped = {"date", "resolves", "by", "staff", "customer_id"};
}  // namespace

bool FollowupForm::drawFields(const std::string& nextHint) {
    FormExtras extras;
    if (m_focusContent) extras.focus = "content";
    m_focusContent = false;
    extras.hints["next_date"] = nextHint.empty() ? std::string(core::tr("file.next_hint")) : nextHint;
    return drawRecordForm(m_draft.form(), "fu", 1, kFollowupNotTyped, extras);
}

void FollowupForm::drawIssues() {
    shell::drawIssues(m_draft.form().type(), m_draft.issues(), "fu");
    if (m_draft.failure()) errorText(file_ui::writeError(*m_draft.failure()));
}

}  // namespace crm::shell

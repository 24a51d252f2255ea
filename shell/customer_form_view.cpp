// Customer form dialog: field grid, save/cancel/delete, delete confirmation.
#include "shell/customer_form_view.h"

#include "core/app/i18n.h"
#include "shell/shortcuts.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::tr;

void CustomerFormView::openNew() {
    m_id.clear();
    m_rev.clear();
    m_form = {};
    m_error.clear();
    m_open = m_justOpened = m_focusName = true;
}

void CustomerFormView::openExisting(const std::string& id) {
    std::optional<core::Json> doc = m_session.store().get(id);
    if (!doc) return;
    m_id = id;
    m_rev = doc->value("_rev", std::string());
    m_form = core::customerFormFromDoc(*doc);
    m_error.clear();
    m_open = m_justOpened = true;
    m_focusName = false;
}

void CustomerFormView::save() {
    core::WriteResult result = m_session.saveCustomer(m_form, m_id, m_rev);
    if (result.ok()) {
        m_open = false;
        ImGui::CloseCurrentPopup();
        return;
    }
    const std::string& reason = result.error->reason;
    if (reason.rfind("error.", 0) == 0) m_error = tr(reason);
    else if (result.error->error == "conflict") m_error = tr("error.conflict");
    else m_error = std::string(tr("error.unknown")) + " (" + reason + ")";
}

void CustomerFormView::draw() {
    const char* popupId = "###customer_form";
    if (m_justOpened) {
        ImGui::OpenPopup(popupId);
        m_justOpened = false;
    }
    ImGuiIO& io = ImGui::GetIO();
    float width = std::min(io.DisplaySize.x * 0.92f, ImGui::GetFontSize() * 40.0f);
    ImGui::SetNextWindowSize(ImVec2(width, 0), ImGuiCond_Always);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.5f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    std::string title = std::string(tr(m_id.empty() ? "form.new_title" : "form.edit_title")) + popupId;
    bool keepOpen = true;
    if (!ImGui::BeginPopupModal(title.c_str(), &keepOpen, ImGuiWindowFlags_NoSavedSettings)) {
        m_open = false;
        return;
    }
    if (!keepOpen) {
        m_open = false;
        ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
        return;
    }
    if (ImGui::BeginTable("customer_fields", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
        ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
        if (m_focusName) {
            ImGui::SetKeyboardFocusHere(0);  // the next focusable widget: the name field (labels are not focusable)
            m_focusName = false;
        }
        formTextRow("field.name", &m_form.name, "form.name");

        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("field.gender"));
        ImGui::TableNextColumn();
        const char* genders[] = {"", "male", "female"};
        const char* genderKeys[] = {"gender.unknown", "gender.male", "gender.female"};
        for (int i = 0; i < 3; ++i) {
            if (i > 0) ImGui::SameLine();
            if (ImGui::RadioButton(label(genderKeys[i]).c_str(), m_form.gender == genders[i])) m_form.gender = genders[i];
            markItem(genderKeys[i]);
        }
        formTextRow("field.phone", &m_form.phone, "form.phone", "138 0013 8000");
        formTextRow("field.wechat", &m_form.wechat, "form.wechat");
        formTextRow("field.email", &m_form.email, "form.email");
        formTextRow("field.birthday", &m_form.birthday, "form.birthday", tr("form.birthday_hint"));
        formTextRow("field.region", &m_form.region, "form.region");
        formTextRow("field.address", &m_form.address, "form.address");
        formTextRow("field.company", &m_form.company, "form.company");
        formTextRow("field.position", &m_form.position, "form.position");
        formTextRow("field.source", &m_form.source, "form.source");
        formTextRow("field.owner", &m_form.owner, "form.owner");
        formTextRow("field.notes", &m_form.notes, "form.notes", nullptr, true);
        ImGui::EndTable();
    }
    errorText(m_error);
    ImGui::Separator();
    bool enter = ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Enter)) && !ImGui::GetIO().WantTextInput;
    if (ImGui::Button(label("form.save").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0)) || enter ||
        shortcutPressed(Shortcut::Save)) {
        save();
    }
    markItem("form.save");
    ImGui::SameLine();
    if (ImGui::Button(label("form.cancel").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) {
        m_open = false;
        ImGui::CloseCurrentPopup();
    }
    markItem("form.cancel");
    if (!m_id.empty()) {
        ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - ImGui::GetFontSize() * 6);
        ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.85f, 0.25f, 0.25f, 0.25f));
        if (ImGui::Button(label("form.delete").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) {
            ImGui::OpenPopup("###confirm_delete");
        }
        ImGui::PopStyleColor();
        markItem("form.delete");
        confirmDelete();
        if (!m_open) ImGui::CloseCurrentPopup();  // deleted: close the form too
    }
    ImGui::EndPopup();
}

void CustomerFormView::confirmDelete() {
    std::string title = std::string(tr("form.delete_confirm_title")) + "###confirm_delete";
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr, ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings)) {
        return;
    }
    ImGui::Text(tr("form.delete_confirm"), m_form.name.c_str());
    ImGui::Spacing();
    if (ImGui::Button(label("form.delete").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) {
        core::WriteResult result = m_session.removeDocument(m_id, m_rev);
        ImGui::CloseCurrentPopup();
        if (result.ok()) {
            m_open = false;
        } else {
            m_error = result.error->error == "conflict" ? tr("error.conflict") : tr("error.unknown");
        }
    }
    markItem("confirm.delete");
    ImGui::SameLine();
    if (ImGui::Button(label("form.cancel").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) ImGui::CloseCurrentPopup();
    markItem("confirm.cancel");
    ImGui::EndPopup();
}

} // namespace crm::shell

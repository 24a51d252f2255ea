// Customer file, attachments tab: the files attached to the customer and to the documents about them
// (stored as store attachments, so they sync by digest), adding one through the platform's file chooser and
// removing one (with an inline confirmation).
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

namespace {
struct AttachmentItem {
    std::string docId, name, type, owner;
    long long length;
};

std::string sizeText(long long bytes) {
    char buf[32];
    if (bytes < 1024 * 1024)
        std::snprintf(buf, sizeof buf, "%.1f KB", double(bytes) / 1024.0);
    else
        std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / (1024.0 * 1024.0));
    return buf;
}
}  // namespace

void CustomerFileView::attachFile(const PickedFile& file) {
    m_waitingForFile = false;
    if (!isOpen()) return;
    const bool formCurrent = stringField(m_basic.original(), "_rev") == stringField(m_customer, "_rev");
    core::WriteResult result = m_files.attach(m_id, file.name, file.contentType, file.bytes, m_user());
    m_attachError = !result.ok();
    if (!result.ok()) {
        m_attachMessage = writeError(result);
        return;
    }
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("file.attached"), file.name.c_str());
    m_attachMessage = buf;
    // Our own write only touched the attachments: basic-info edits begun on the previous revision stay valid.
    if (formCurrent) rebaseBasic();
}

void CustomerFileView::removeAttachment(const std::string& docId, const std::string& name) {
    const bool onCustomer = docId == m_id && stringField(m_basic.original(), "_rev") == stringField(m_customer, "_rev");
    core::WriteResult result = m_files.detach(docId, name, m_user());
    m_attachError = !result.ok();
    m_attachMessage = result.ok() ? std::string() : writeError(result);
    if (result.ok() && onCustomer) rebaseBasic();
}

void CustomerFileView::drawAttachments() {
    std::vector<AttachmentItem> items;
    auto collect = [&](const Json& doc, const std::string& owner) {
        auto it = doc.find("_attachments");
        if (it == doc.end() || !it->is_object()) return;
        for (auto a = it->begin(); a != it->end(); ++a) {
            items.push_back(
                {stringField(doc, "_id"), a.key(), stringField(*a, "content_type"), owner, a->value("length", 0LL)});
        }
    };
    collect(m_customer, tr("doctype.customer"));
    for (const Json& d : m_all)
        collect(d, typeText(stringField(d, "type")));

    ImGui::BeginDisabled(m_waitingForFile);
    if (ImGui::Button(label("file.attach").c_str())) {
        const std::string customerId = m_id;
        m_attachMessage.clear();
        m_waitingForFile = m_platform.openFile([this, customerId](PickedFile file) {
            if (customerId == m_id)
                attachFile(file);
            else
                m_waitingForFile = false;
        });
        if (!m_waitingForFile) {
            m_attachMessage = tr("file.attach_unsupported");
            m_attachError = true;
        }
    }
    ImGui::EndDisabled();
    markItem("attach.add");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    if (m_waitingForFile) {
        ImGui::TextDisabled("%s", tr("file.attach_waiting"));
        ImGui::SameLine();
        if (ImGui::SmallButton(label("form.cancel").c_str())) m_waitingForFile = false;  // the chooser was closed
    } else {
        ImGui::TextDisabled("%s", tr("file.attach_hint"));
    }
    if (m_attachError)
        errorText(m_attachMessage);
    else
        noticeText(m_attachMessage);
    ImGui::Spacing();

    if (items.empty()) {
        ImGui::TextDisabled("%s", tr("file.no_attachments"));
        return;
    }
    if (!ImGui::BeginTable("attachments", 5,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn(tr("col.file"), 0, 2.0f);
    ImGui::TableSetupColumn(tr("col.kind"), 0, 1.0f);
    ImGui::TableSetupColumn(tr("col.size"), 0, 0.6f);
    ImGui::TableSetupColumn(tr("col.belongs_to"), 0, 0.8f);
    ImGui::TableSetupColumn("##actions", 0, 0.9f);
    ImGui::TableHeadersRow();
    for (const AttachmentItem& i : items) {
        const std::string key = i.docId + "\n" + i.name;
        ImGui::PushID(key.c_str());
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(i.name.c_str());
        markItem(("attach.row." + i.name).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(i.type.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(sizeText(i.length).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(i.owner.c_str());
        ImGui::TableNextColumn();
        if (m_confirmRemove != key) {
            if (ImGui::SmallButton(label("file.attach_remove").c_str())) m_confirmRemove = key;
            markItem(("attach.remove." + i.name).c_str());
        } else {
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.20f, 0.20f, 1.0f));
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
            if (ImGui::SmallButton(label("file.attach_confirm_remove").c_str())) {
                m_confirmRemove.clear();
                removeAttachment(i.docId, i.name);
            }
            ImGui::PopStyleColor(2);
            markItem(("attach.confirm_remove." + i.name).c_str());
        }
        ImGui::PopID();
    }
    ImGui::EndTable();
}

}  // namespace crm::shell

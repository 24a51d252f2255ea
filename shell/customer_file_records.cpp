// Customer file, list tabs: complaints (registered here, opened in the complaints screen), surveys and points
// as lists drawn from their descriptions
// (enum values translated), and the timeline of everything that happened to the customer (newest first,
// with who recorded it and each edit's before -> after).
#include "shell/customer_file_view.h"

#include "core/app/complaint_service.h"
#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "shell/customer_file_widgets.h"
#include "shell/record_views.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

void CustomerFileView::drawRelated(RecordTable& table, const std::vector<Json>& docs, const char* emptyKey) {
    if (docs.empty())
        ImGui::TextDisabled("%s", tr(emptyKey));
    else
        table.draw("related", docs);
}

// The complaints tab: register a new complaint of this customer (opened at "received" by the complaint
// workflow, then shown in the complaints screen's form), or open one from its row.
void CustomerFileView::drawComplaints() {
    if (ImGui::Button(label("file.new_complaint").c_str())) {
        core::ComplaintChange opened = core::openComplaint(
            m_session, Json{{"customer_id", m_id}, {"complainant", stringField(m_customer, "name")}, {"owner", m_user()}});
        m_complaintError = opened.ok() ? std::string() : writeError(opened.write);
        if (opened.ok() && m_openComplaint) m_openComplaint(opened.write.id);
    }
    markItem("file.new_complaint");
    errorText(m_complaintError);
    if (m_complaints.empty()) {
        ImGui::TextDisabled("%s", tr("file.no_complaints"));
        return;
    }
    int clicked = m_complaintTable.draw("related", m_complaints, {}, "file.complaint", "_id");
    if (clicked >= 0 && m_openComplaint) m_openComplaint(stringField(m_complaints[size_t(clicked)], "_id"));
}

void CustomerFileView::drawTimeline() {
    if (!ImGui::BeginTable("timeline", 4,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn(tr("col.when"), 0, 0.9f);
    ImGui::TableSetupColumn(tr("col.event"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("col.by"), 0, 0.7f);
    ImGui::TableSetupColumn(tr("col.detail"), 0, 3.0f);
    ImGui::TableHeadersRow();
    int index = 0;
    for (const core::TimelineEntry& e : m_timeline) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(shortTime(e.at).c_str());
        markItem(("timeline." + std::to_string(index++) + "." + e.type).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(typeText(e.type).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(core::userText(e.by).c_str());
        ImGui::TableNextColumn();
        const Json* doc = nullptr;
        for (const Json& d : m_all) {
            if (stringField(d, "_id") == e.docId) doc = &d;
        }
        drawTimelineDetail(e, doc);
    }
    ImGui::EndTable();
}

}  // namespace crm::shell

// Customer file, read-only tabs: complaints, surveys and points as lists drawn from their descriptions
// (enum values translated), and the timeline of everything that happened to the customer (newest first,
// with who recorded it and each edit's before -> after).
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "shell/customer_file_widgets.h"
#include "shell/record_views.h"
#include "shell/ui_registry.h"

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
        ImGui::TextUnformatted(e.by.c_str());
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

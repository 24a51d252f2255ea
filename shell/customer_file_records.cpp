// Customer file, read-only tabs: complaints, surveys and points as dated lists, and the timeline of
// everything that happened to the customer (newest first, with who recorded it).
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"

#include <imgui.h>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

void CustomerFileView::drawRelated(const char* type, const char* emptyKey) {
    const std::vector<Json>& docs = std::string(type) == "complaint" ? m_complaints
                                    : std::string(type) == "survey"  ? m_surveys
                                                                     : m_points;
    if (docs.empty()) {
        ImGui::TextDisabled("%s", tr(emptyKey));
        return;
    }
    if (!ImGui::BeginTable("related", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                               ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn(tr("col.date"), 0, 0.8f);
    ImGui::TableSetupColumn(tr("col.status"), 0, 0.7f);
    ImGui::TableSetupColumn(tr("col.summary"), 0, 3.0f);
    ImGui::TableHeadersRow();
    for (const Json& d : docs) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(shortTime(core::documentDate(d)).c_str());
        ImGui::TableNextColumn();
        std::string status = stringField(d, "status");
        if (status.empty() && d.contains("points")) status = numberText(d, "points");
        ImGui::TextUnformatted(status.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", core::documentSummary(d).c_str());
    }
    ImGui::EndTable();
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
        ImGui::TextUnformatted(typeText(e.type));
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(e.by.c_str());
        ImGui::TableNextColumn();
        std::string detail = e.detail;
        if (e.type == "customer_edited") {
            // Field names -> labels in the UI language.
            std::string out;
            size_t start = 0;
            while (start <= detail.size()) {
                size_t end = detail.find(", ", start);
                std::string field = detail.substr(start, end == std::string::npos ? std::string::npos : end - start);
                if (!field.empty()) {
                    if (!out.empty()) out += tr("list.separator");
                    const char* text = tr("field." + field);
                    out += std::string(text).rfind("field.", 0) == 0 ? field : text;
                }
                if (end == std::string::npos) break;
                start = end + 2;
            }
            detail = std::string(tr("file.edited_fields")) + " " + out;
        } else if (e.type == "followup") {
            for (const Json& d : m_followups) {
                if (stringField(d, "_id") != e.docId) continue;
                std::string channel = stringField(d, "channel"), outcome = stringField(d, "outcome");
                if (!channel.empty()) detail = std::string(tr("channel." + channel)) + " · " + detail;
                if (!outcome.empty()) detail += std::string(" · ") + tr("outcome." + outcome);
            }
        }
        ImGui::TextWrapped("%s", detail.c_str());
    }
    ImGui::EndTable();
}

}  // namespace crm::shell

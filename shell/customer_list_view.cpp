// Customer list table: toolbar, sort specs, clipped rows.
#include "shell/customer_list_view.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::tr;

namespace {
const char* genderText(const std::string& g) {
    if (g == "male") return tr("gender.male");
    if (g == "female") return tr("gender.female");
    return "";
}
} // namespace

void CustomerListView::draw() {
    if (ImGui::Button(label("customers.new").c_str())) m_form.openNew();
    markItem("customers.new");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 18.0f);
    ImGui::InputTextWithHint("##filter", tr("customers.filter_hint"), &m_filter);
    markItem("customers.filter");

    m_classFilter.text = m_filter;
    const auto& rows = m_filtered.view(m_session.customers(), m_classes, m_classFilter, m_sortColumn, m_sortAscending);
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    ImGui::TextDisabled(tr("customers.count"), static_cast<int>(rows.size()));

    drawFilters();

    if (m_session.customers().size() == 0) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", tr("customers.empty"));
        return;
    }
    if (rows.empty()) {
        ImGui::Spacing();
        ImGui::TextWrapped("%s", tr("customers.no_match"));
        return;
    }

    ImGuiTableFlags flags = ImGuiTableFlags_Sortable | ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg |
                            ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable |
                            ImGuiTableFlags_Reorderable | ImGuiTableFlags_Hideable | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("customers", 12, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    using core::CustomerColumn;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(label("col.name").c_str(), ImGuiTableColumnFlags_DefaultSort, 1.2f, int(CustomerColumn::Name));
    ImGui::TableSetupColumn(label("col.gender").c_str(), 0, 0.5f, int(CustomerColumn::Gender));
    ImGui::TableSetupColumn(label("col.phone").c_str(), 0, 1.3f, int(CustomerColumn::Phone));
    ImGui::TableSetupColumn(label("col.region").c_str(), 0, 1.0f, int(CustomerColumn::Region));
    ImGui::TableSetupColumn(label("col.company").c_str(), 0, 1.6f, int(CustomerColumn::Company));
    ImGui::TableSetupColumn(label("col.owner").c_str(), 0, 0.8f, int(CustomerColumn::Owner));
    ImGui::TableSetupColumn(label("col.updated").c_str(), 0, 1.4f, int(CustomerColumn::Updated));
    // Computed classification columns (not sortable; filter them with the bar above).
    ImGui::TableSetupColumn(label("col.class").c_str(), ImGuiTableColumnFlags_NoSort, 0.5f);
    ImGui::TableSetupColumn(label("col.lifecycle").c_str(), ImGuiTableColumnFlags_NoSort, 0.6f);
    ImGui::TableSetupColumn(label("col.loyalty").c_str(), ImGuiTableColumnFlags_NoSort, 0.6f);
    ImGui::TableSetupColumn(label("col.warranty").c_str(), ImGuiTableColumnFlags_NoSort, 0.7f);
    ImGui::TableSetupColumn(label("col.important").c_str(), ImGuiTableColumnFlags_NoSort, 0.5f);
    if (m_applyColumns >= 0) {
        for (int i = 0; i < 5; ++i) ImGui::TableSetColumnEnabled(7 + i, (m_applyColumns >> i) & 1);
        m_applyColumns = -1;
    }
    m_visibleColumns = 0;
    for (int i = 0; i < 5; ++i) {
        if (ImGui::TableGetColumnFlags(7 + i) & ImGuiTableColumnFlags_IsEnabled) m_visibleColumns |= 1 << i;
    }
    ImGui::TableHeadersRow();

    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsCount > 0) {
        m_sortColumn = static_cast<CustomerColumn>(specs->Specs[0].ColumnUserID);
        m_sortAscending = specs->Specs[0].SortDirection != ImGuiSortDirection_Descending;
        specs->SpecsDirty = false;
    }

    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(rows.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::CustomerRow& row = *rows[i];
            ImGui::PushID(row.id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            // The label is drawn separately so a name containing "##" still shows in full.
            if (ImGui::Selectable("##row", false, ImGuiSelectableFlags_SpanAllColumns)) m_open(row.id);
            ImGui::SameLine(0, 0);
            ImGui::TextUnformatted(row.name.c_str());
            // Named at the name cell: the row's centre may fall on a column border (a resize handle).
            if (i - clipper.DisplayStart < 50) markItem(("customers.row." + row.name).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(genderText(row.gender));
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.phone.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.region.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.company.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(row.owner.c_str());
            ImGui::TableNextColumn();
            // "2026-11-24T10:29:00Z" → "2026-11-24 10:29"
            std::string when = row.updatedAt.size() >= 16 ? row.updatedAt.substr(0, 10) + " " + row.updatedAt.substr(11, 5) : row.updatedAt;
            ImGui::TextUnformatted(when.c_str());
            drawClassCells(row);
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
}

} // namespace crm::shell

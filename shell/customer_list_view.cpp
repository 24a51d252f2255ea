// Customer list table: toolbar, sort specs, clipped rows.
#include "shell/customer_list_view.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>

namespace crm::shell {
using core::tr;

namespace {
constexpr float kDataColumnWeights = 1.0f + 0.4f + 1.35f + 0.9f + 1.05f + 0.8f + 1.05f;  // name .. updated, below

const char* genderText(const std::string& g) {
    if (g == "male") return tr("gender.male");
    if (g == "female") return tr("gender.female");
    return "";
}
}  // namespace

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
    ImGui::TextDisabled("%s", core::countText("customers.count", long(rows.size())).c_str());
    markItem(("customers.count." + std::to_string(rows.size())).c_str());  // tests read the count here
    drawSubsetChip();

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
    // One table per language: the fixed column widths fit that language's text.
    const std::string tableId = std::string("customers_") + core::languageCode(core::language());
    if (!ImGui::BeginTable(tableId.c_str(), 13, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    using core::CustomerColumn;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(label("col.name").c_str(), ImGuiTableColumnFlags_DefaultSort, 1.0f,
                            int(CustomerColumn::Name));
    ImGui::TableSetupColumn(label("col.gender").c_str(), 0, 0.4f, int(CustomerColumn::Gender));
    ImGui::TableSetupColumn(label("col.phone").c_str(), 0, 1.35f, int(CustomerColumn::Phone));
    ImGui::TableSetupColumn(label("col.region").c_str(), 0, 0.9f, int(CustomerColumn::Region));
    ImGui::TableSetupColumn(label("col.company").c_str(), 0, 1.05f, int(CustomerColumn::Company));
    ImGui::TableSetupColumn(label("col.owner").c_str(), 0, 0.8f, int(CustomerColumn::Owner));
    ImGui::TableSetupColumn(label("col.updated").c_str(), 0, 1.05f, int(CustomerColumn::Updated));
    // Computed classification columns: sorted best first (A, loyal, in warranty, important), filtered above.
    // Stretch weights that give them the width of the header (with its sort arrow) or of the longest value in
    // the UI language; the data columns share the rest.
    auto fitted = [](const char* header, std::initializer_list<const char*> values) {
        // ImGui keeps room for the sort arrow in every sortable header: 0.65 font size + frame padding.
        float w = ImGui::CalcTextSize(core::tr(header)).x + ImGui::GetFontSize() * 0.65f +
                  ImGui::GetStyle().FramePadding.x * 2;
        for (const char* v : values)
            w = std::max(w, ImGui::CalcTextSize(core::tr(v)).x);
        return w + ImGui::GetStyle().CellPadding.x * 2;
    };
    const float classWidths[] = {
        fitted("col.class", {}),
        fitted("col.lifecycle", {"lifecycle.potential", "lifecycle.intent", "lifecycle.closed"}),
        fitted("col.loyalty", {"loyalty.loyal", "loyalty.flexible", "loyalty.lost"}),
        fitted("col.warranty", {"warranty.in", "warranty.out"}), fitted("col.important", {"col.important_mark"})};
    const float actionsWidth =
        std::max(ImGui::CalcTextSize(tr("list.quick_followup")).x + ImGui::GetStyle().FramePadding.x * 2,
                 ImGui::CalcTextSize(tr("col.actions")).x);
    float rest = ImGui::GetContentRegionAvail().x - actionsWidth - ImGui::GetStyle().CellPadding.x * 2;
    for (float w : classWidths)
        rest -= w;
    const float pxToWeight = kDataColumnWeights / std::max(rest, ImGui::GetFontSize() * 20);
    const char* const classHeaders[] = {"col.class", "col.lifecycle", "col.loyalty", "col.warranty", "col.important"};
    const CustomerColumn classColumns[] = {CustomerColumn::ValueClass, CustomerColumn::Lifecycle,
                                           CustomerColumn::Loyalty, CustomerColumn::Warranty,
                                           CustomerColumn::Important};
    for (int i = 0; i < 5; ++i)
        ImGui::TableSetupColumn(label(classHeaders[i]).c_str(), 0, classWidths[i] * pxToWeight, int(classColumns[i]));
    ImGui::TableSetupColumn(
        label("col.actions").c_str(),
        ImGuiTableColumnFlags_NoSort | ImGuiTableColumnFlags_NoHide | ImGuiTableColumnFlags_WidthFixed, actionsWidth);
    if (m_applyColumns >= 0) {
        for (int i = 0; i < 5; ++i)
            ImGui::TableSetColumnEnabled(7 + i, (m_applyColumns >> i) & 1);
        m_applyColumns = -1;
    }
    m_visibleColumns = 0;
    for (int i = 0; i < 5; ++i) {
        if (ImGui::TableGetColumnFlags(7 + i) & ImGuiTableColumnFlags_IsEnabled) m_visibleColumns |= 1 << i;
    }
    ImGui::TableHeadersRow();

    // Only a click on a header changes the sort (a saved view sets it directly).
    if (ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs(); specs && specs->SpecsDirty && specs->SpecsCount > 0) {
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
            if (ImGui::Selectable("##row", false,
                                  ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowItemOverlap))
                m_open(row.id);
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
            // "2026-11-24T10:29:00Z" → "2026-11-24" (the time is in the customer file's timeline)
            ImGui::TextUnformatted(row.updatedAt.substr(0, 10).c_str());
            drawClassCells(row);
            ImGui::TableNextColumn();
            if (ImGui::SmallButton(label("list.quick_followup").c_str())) openQuickFollowup(row);
            if (i - clipper.DisplayStart < 50) markItem(("customers.followup." + row.name).c_str());
            ImGui::PopID();
        }
    }
    ImGui::EndTable();
    drawQuickFollowup();
}

}  // namespace crm::shell

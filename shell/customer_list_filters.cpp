// The customer list's classification and region filters (combinable combos and a checkbox), the chip of a survey
// cluster it is narrowed to, saved views (named filter + sort + visible columns, stored as "view" documents so
// they sync) and classification cells.
#include "shell/customer_list_view.h"

#include "core/app/i18n.h"
#include "core/app/classification_text.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::tr;

namespace {
const char* const kOptionalColumns[] = {"class", "lifecycle", "loyalty", "warranty", "important"};

// A combo "<label>: <choice>" over `keys` ("" = any); options are named "<name>.<key>" for tests.
void filterCombo(const char* labelKey, const char* name, std::string* value, const char* const* keys,
                 const char* const* textKeys, size_t count) {
    std::string preview = std::string(tr(labelKey)) + ": " + (value->empty() ? tr("filter.any") : "");
    for (size_t i = 0; i < count; ++i) {
        if (*value == keys[i]) preview += tr(textKeys[i]);
    }
    ImGui::SetNextItemWidth(ImGui::CalcTextSize(preview.c_str()).x + ImGui::GetFrameHeight() * 2.2f);
    std::string id = std::string("##") + name;
    if (ImGui::BeginCombo(id.c_str(), preview.c_str())) {
        if (ImGui::Selectable(tr("filter.any"), value->empty())) value->clear();
        markItem((std::string(name) + ".any").c_str());
        for (size_t i = 0; i < count; ++i) {
            if (ImGui::Selectable(tr(textKeys[i]), *value == keys[i])) *value = keys[i];
            markItem((std::string(name) + "." + keys[i]).c_str());
        }
        ImGui::EndCombo();
    }
    markItem(name);
}
}  // namespace

void CustomerListView::drawFilters() {
    static const char* const classes[] = {"A", "B", "C"};
    static const char* const classText[] = {"class.a", "class.b", "class.c"};
    static const char* const stages[] = {"potential", "intent", "closed"};
    static const char* const stageText[] = {"lifecycle.potential", "lifecycle.intent", "lifecycle.closed"};
    static const char* const loyalties[] = {"loyal", "flexible", "lost", "none"};
    static const char* const loyaltyTexts[] = {"loyalty.loyal", "loyalty.flexible", "loyalty.lost", "loyalty.never"};
    static const char* const warranties[] = {"in", "out", "none"};
    static const char* const warrantyTexts[] = {"warranty.in", "warranty.out", "warranty.unknown"};

    core::CustomerFilter before = m_classFilter;
    filterCombo("col.class", "filter.class", &m_classFilter.valueClass, classes, classText, 3);
    ImGui::SameLine();
    filterCombo("col.lifecycle", "filter.lifecycle", &m_classFilter.lifecycle, stages, stageText, 3);
    ImGui::SameLine();
    filterCombo("col.loyalty", "filter.loyalty", &m_classFilter.loyalty, loyalties, loyaltyTexts, 4);
    ImGui::SameLine();
    filterCombo("col.warranty", "filter.warranty", &m_classFilter.warranty, warranties, warrantyTexts, 3);
    ImGui::SameLine();
    drawRegionFilter();
    ImGui::SameLine();
    ImGui::Checkbox(label("filter.important").c_str(), &m_classFilter.importantOnly);
    markItem("filter.important");
    if (m_classFilter.active()) {
        ImGui::SameLine();
        if (ImGui::SmallButton(label("filter.clear").c_str())) {
            std::string text = m_classFilter.text;
            m_classFilter = {};
            m_classFilter.text = text;
        }
        markItem("filter.clear");
    }
    if (!(before == m_classFilter)) m_viewId.clear();

    // Saved views, right-aligned on the same line.
    std::string current = tr("views.none");
    std::optional<core::Json> currentDoc = m_viewId.empty() ? std::nullopt : m_session.store().get(m_viewId);
    if (currentDoc) current = core::stringField(*currentDoc, "name");
    std::string preview = std::string(tr("views.label")) + ": " + current;
    const float comboWidth = ImGui::CalcTextSize(preview.c_str()).x + ImGui::GetFrameHeight() * 2.2f;
    const float saveWidth = ImGui::CalcTextSize(tr("views.save")).x + ImGui::GetStyle().FramePadding.x * 2;
    const float gap = ImGui::GetFontSize() * 1.5f;
    // On the filters' line when it fits, else on a line of their own (never clipped at the right edge).
    const float lineEnd = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x;
    if (lineEnd + gap + comboWidth + ImGui::GetStyle().ItemSpacing.x + saveWidth <=
        ImGui::GetWindowContentRegionMax().x)
        ImGui::SameLine(0, gap);
    ImGui::SetNextItemWidth(comboWidth);
    if (ImGui::BeginCombo("##views", preview.c_str())) {
        std::vector<std::string> ids = m_views.lookupPrefix("");
        if (ids.empty()) ImGui::TextDisabled("%s", tr("views.empty"));
        for (const std::string& id : ids) {
            std::optional<core::Json> doc = m_session.store().get(id);
            if (!doc) continue;
            std::string name = core::stringField(*doc, "name");
            if (ImGui::Selectable((name + "##" + id).c_str(), id == m_viewId)) {
                applyView(core::SavedView::fromDoc(*doc));
            }
            markItem(("views.item." + name).c_str());
        }
        ImGui::EndCombo();
    }
    markItem("views.combo");
    ImGui::SameLine();
    if (ImGui::SmallButton(label("views.save").c_str())) {
        m_newViewName = currentDoc ? current : std::string();
        m_viewMessage.clear();
        ImGui::OpenPopup("###save_view");
    }
    markItem("views.save");
    drawSaveViewPopup();
}

// A combo of the regions customers are in ("<region> (count)"), read from the rows only while it is open.
void CustomerListView::drawRegionFilter() {
    std::string& region = m_classFilter.region;
    std::string preview = std::string(tr("col.region")) + ": " + (region.empty() ? tr("filter.any") : region.c_str());
    ImGui::SetNextItemWidth(ImGui::CalcTextSize(preview.c_str()).x + ImGui::GetFrameHeight() * 2.2f);
    if (ImGui::BeginCombo("##filter_region", preview.c_str())) {
        core::CustomerList& list = m_session.customers();
        if (m_regionsGeneration != list.generation()) {
            m_regions = core::regionCounts(list);
            m_regionsGeneration = list.generation();
        }
        if (ImGui::Selectable(tr("filter.any"), region.empty())) region.clear();
        markItem("filter.region.any");
        for (const auto& [name, count] : m_regions) {
            std::string text = name + "  (" + std::to_string(count) + ")##" + name;
            if (ImGui::Selectable(text.c_str(), region == name)) region = name;
            markItem(("filter.region." + name).c_str());
        }
        ImGui::EndCombo();
    }
    markItem("filter.region");
}

void CustomerListView::showSubset(std::shared_ptr<const core::CustomerSubset> subset) {
    m_classFilter = {};
    m_filter.clear();
    m_viewId.clear();
    m_classFilter.subset = std::move(subset);
}

// The cluster the list is narrowed to, as a chip on the count's line; a click removes it.
void CustomerListView::drawSubsetChip() {
    if (!m_classFilter.subset) return;
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_HeaderActive));
    std::string text = core::countText("customers.chip.cluster", m_classFilter.subset->cluster) + "##subset";
    bool remove = ImGui::SmallButton(text.c_str());
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr("customers.chip.remove"));
    markItem("customers.chip.cluster");
    if (remove) m_classFilter.subset.reset();
}

void CustomerListView::applyView(const core::SavedView& view) {
    m_viewId = view.id;
    m_classFilter = view.filter;
    m_filter = view.filter.text;
    m_sortColumn = view.sortColumn;
    m_sortAscending = view.ascending;
    int mask = 0;
    for (int i = 0; i < 5; ++i) {
        if (std::find(view.columns.begin(), view.columns.end(), kOptionalColumns[i]) != view.columns.end())
            mask |= 1 << i;
    }
    m_applyColumns = view.columns.empty() ? 0x1f : mask;
}

void CustomerListView::drawSaveViewPopup() {
    std::string title = std::string(tr("views.save_title")) + "###save_view";
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    ImGui::TextUnformatted(tr("views.name"));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
    if (ImGui::IsWindowAppearing()) ImGui::SetKeyboardFocusHere();
    ImGui::InputText("##view_name", &m_newViewName);
    markItem("views.name");
    ImGui::TextDisabled("%s", tr("views.save_hint"));
    errorText(m_viewMessage);
    if (ImGui::Button(label("form.save").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) {
        if (m_newViewName.find_first_not_of(' ') == std::string::npos) {
            m_viewMessage = tr("views.name_required");
        } else {
            core::SavedView view;
            std::vector<std::string> same = m_views.lookup(m_newViewName);
            if (!same.empty()) {  // the same name replaces that view
                if (std::optional<core::Json> old = m_session.store().get(same.front()))
                    view = core::SavedView::fromDoc(*old);
            }
            view.name = m_newViewName;
            view.filter = m_classFilter;
            view.filter.text = m_filter;
            view.sortColumn = m_sortColumn;
            view.ascending = m_sortAscending;
            view.columns.clear();
            for (int i = 0; i < 5; ++i) {
                if (m_visibleColumns & (1 << i)) view.columns.push_back(kOptionalColumns[i]);
            }
            core::WriteResult r = m_session.putDocument(view.toDoc());
            if (r.ok()) {
                m_viewId = r.id;
                ImGui::CloseCurrentPopup();
            } else {
                m_viewMessage = tr("error.conflict");
            }
        }
    }
    markItem("views.confirm");
    ImGui::SameLine();
    if (ImGui::Button(label("form.cancel").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) ImGui::CloseCurrentPopup();
    ImGui::EndPopup();
}

void CustomerListView::drawClassCells(const core::CustomerRow& row) {
    const core::CustomerClassification* c = m_classes.classOf(row.id);
    ImGui::TableNextColumn();
    if (c) {
        ImVec4 color = c->valueClass == core::ValueClass::A   ? ImVec4(0.80f, 0.45f, 0.05f, 1)
                       : c->valueClass == core::ValueClass::B ? ImVec4(0.20f, 0.45f, 0.75f, 1)
                                                              : ImGui::GetStyle().Colors[ImGuiCol_TextDisabled];
        ImGui::TextColored(color, "%s", core::valueClassKey(c->valueClass).data());
        markItem(("customers.class." + row.name + "." + std::string(core::valueClassKey(c->valueClass))).c_str());
    }
    ImGui::TableNextColumn();
    if (c) ImGui::TextUnformatted(core::lifecycleText(c->lifecycle));
    ImGui::TableNextColumn();
    if (c && c->loyalty != core::Loyalty::None) ImGui::TextUnformatted(core::loyaltyText(c->loyalty));
    ImGui::TableNextColumn();
    if (c && c->warranty != core::CustomerWarranty::None) ImGui::TextUnformatted(core::warrantyText(c->warranty));
    ImGui::TableNextColumn();
    if (c && c->important) ImGui::TextColored(ImVec4(0.80f, 0.20f, 0.20f, 1), "%s", tr("col.important_mark"));
}

}  // namespace crm::shell

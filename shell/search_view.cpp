// Search palette: window, input with history-key navigation, result rows with highlights.
#include "shell/search_view.h"

#include "core/app/i18n.h"
#include "shell/shortcuts.h"
#include "shell/ui_registry.h"

#include <algorithm>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::tr;

namespace {
const char* fieldKey(core::SearchField f) {
    switch (f) {
    case core::SearchField::Name: return "search.field_name";
    case core::SearchField::Phone: return "search.field_phone";
    case core::SearchField::Plate: return "search.field_plate";
    case core::SearchField::Vin: return "search.field_vin";
    case core::SearchField::Company: return "search.field_company";
    case core::SearchField::Tag: return "search.field_tag";
    }
    return "";
}

// The text of one field of an entry (item-th value for lists).
const std::string* fieldText(const core::SearchEntry& e, core::SearchField f, uint32_t item) {
    auto at = [&](const std::vector<std::string>& v) { return item < v.size() ? &v[item] : nullptr; };
    switch (f) {
    case core::SearchField::Name: return &e.name;
    case core::SearchField::Phone: return at(e.phones);
    case core::SearchField::Plate: return at(e.plates);
    case core::SearchField::Vin: return at(e.vins);
    case core::SearchField::Company: return &e.company;
    case core::SearchField::Tag: return at(e.tags);
    }
    return nullptr;
}

int historyCallback(ImGuiInputTextCallbackData* data) {
    auto* view = static_cast<SearchView*>(data->UserData);
    if (data->EventFlag == ImGuiInputTextFlags_CallbackHistory) {
        view->moveSelection(data->EventKey == ImGuiKey_UpArrow ? -1 : 1);
    }
    return 0;
}
} // namespace

void highlightedText(const std::string& text, const std::vector<std::pair<uint32_t, uint32_t>>& ranges) {
    const ImU32 mark = ImGui::GetColorU32(ImGuiCol_TextSelectedBg);
    const ImU32 markText = ImGui::GetColorU32(ImGuiCol_Text);
    size_t pos = 0;
    bool first = true;
    auto piece = [&](size_t begin, size_t end, bool highlighted) {
        if (begin >= end) return;
        if (!first) ImGui::SameLine(0, 0);
        first = false;
        const char* b = text.data() + begin;
        const char* e = text.data() + end;
        if (highlighted) {
            ImVec2 p = ImGui::GetCursorScreenPos();
            ImVec2 size = ImGui::CalcTextSize(b, e);
            ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), mark, 2.0f);
            ImGui::PushStyleColor(ImGuiCol_Text, markText);
            ImGui::TextUnformatted(b, e);
            ImGui::PopStyleColor();
        } else {
            ImGui::TextUnformatted(b, e);
        }
    };
    std::vector<std::pair<uint32_t, uint32_t>> sorted = ranges;
    std::sort(sorted.begin(), sorted.end());
    for (const auto& [begin, end] : sorted) {
        size_t b = std::max<size_t>(begin, pos), e = std::min<size_t>(end, text.size());
        if (b >= e) continue;
        piece(pos, b, false);
        piece(b, e, true);
        pos = e;
    }
    piece(pos, text.size(), false);
    if (first) ImGui::TextUnformatted("");
}

void SearchView::open() {
    m_open = true;
    m_focusInput = true;
    m_selected = 0;
}

void SearchView::moveSelection(int delta) {
    if (m_hits.empty()) return;
    m_selected = std::clamp(m_selected + delta, 0, static_cast<int>(m_hits.size()) - 1);
    m_scrollToSelected = true;
}

void SearchView::refresh() {
    if (m_query == m_shownQuery && m_search.index().generation() == m_shownGeneration) return;
    if (m_query != m_shownQuery) m_selected = 0;
    m_shownQuery = m_query;
    m_shownGeneration = m_search.index().generation();
    m_hits = m_search.search(m_query, 50);
    m_selected = std::clamp(m_selected, 0, std::max(0, static_cast<int>(m_hits.size()) - 1));
}

void SearchView::drawHit(int index, const core::SearchHit& hit) {
    const std::optional<core::SearchEntry> entry = m_search.index().find(hit.id);
    if (!entry) return;
    ImGui::PushID(index);
    bool selected = index == m_selected;
    ImVec2 rowSize(0, ImGui::GetTextLineHeightWithSpacing() * 2.0f);
    ImVec2 start = ImGui::GetCursorPos();
    if (ImGui::Selectable("##hit", selected, 0, rowSize)) {
        m_selected = index;
        m_openCustomer(hit.id);
        m_open = false;
    }
    markItem(("search.result." + std::to_string(index)).c_str());
    if (selected && m_scrollToSelected) {
        ImGui::SetScrollHereY();
        m_scrollToSelected = false;
    }
    ImVec2 end = ImGui::GetCursorPos();
    ImGui::SetCursorPos(ImVec2(start.x + ImGui::GetStyle().FramePadding.x, start.y));
    ImGui::BeginGroup();
    // Line 1: the name; line 2: the field that matched best, if it is not the name (else the first phone).
    std::vector<std::pair<uint32_t, uint32_t>> nameRanges, otherRanges;
    const core::Highlight* other = nullptr;
    for (const core::Highlight& h : hit.highlights) {
        if (h.field == core::SearchField::Name) nameRanges.emplace_back(h.begin, h.end);
        else if (!other) other = &h;
    }
    highlightedText(entry->name, nameRanges);
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    if (other) {
        for (const core::Highlight& h : hit.highlights) {
            if (h.field == other->field && h.item == other->item) otherRanges.emplace_back(h.begin, h.end);
        }
        const std::string* text = fieldText(*entry, other->field, other->item);
        ImGui::TextUnformatted(tr(fieldKey(other->field)));
        ImGui::SameLine();
        highlightedText(text ? *text : std::string(), otherRanges);
    } else {
        std::string line = entry->phones.empty() ? std::string() : entry->phones.front();
        if (!entry->plates.empty()) line += (line.empty() ? "" : "  ·  ") + entry->plates.front();
        if (!entry->company.empty()) line += (line.empty() ? "" : "  ·  ") + entry->company;
        ImGui::TextUnformatted(line.c_str());
    }
    ImGui::PopStyleColor();
    ImGui::EndGroup();
    ImGui::SetCursorPos(end);
    ImGui::PopID();
}

void SearchView::draw() {
    if (!m_open) return;
    ImGuiIO& io = ImGui::GetIO();
    float width = std::min(io.DisplaySize.x * 0.94f, ImGui::GetFontSize() * 36.0f);
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.08f), ImGuiCond_Always, ImVec2(0.5f, 0));
    ImGui::SetNextWindowSize(ImVec2(width, io.DisplaySize.y * 0.7f), ImGuiCond_Always);
    std::string title = std::string(tr("search.title")) + "###search";
    bool keepOpen = true;
    ImGui::SetNextWindowFocus();
    if (!ImGui::Begin(title.c_str(), &keepOpen, ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                                    ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize)) {
        ImGui::End();
        return;
    }
    if (m_focusInput) {
        ImGui::SetKeyboardFocusHere();
        m_focusInput = false;
    }
    ImGui::SetNextItemWidth(-FLT_MIN);
    bool enter = ImGui::InputTextWithHint("##query", tr("search.hint"), &m_query,
                                          ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory,
                                          historyCallback, this);
    markItem("search.input");
    refresh();
    if (m_search.pending() > 0) {
        char overlay[64];
        std::snprintf(overlay, sizeof overlay, tr("search.indexing"), static_cast<int>(m_search.progress() * 100));
        ImGui::ProgressBar(m_search.progress(), ImVec2(-FLT_MIN, 0), overlay);
        markItem("search.progress");
    }
    if (!m_query.empty()) {
        ImGui::TextDisabled(tr("search.count"), static_cast<int>(m_hits.size()));
    } else {
        ImGui::TextDisabled("%s", tr("search.tips"));
    }
    ImGui::BeginChild("results");
    for (int i = 0; i < static_cast<int>(m_hits.size()); ++i) drawHit(i, m_hits[i]);
    ImGui::EndChild();
    if (enter && !m_hits.empty()) {
        m_openCustomer(m_hits[m_selected].id);
        keepOpen = false;
    }
    if (shortcutPressed(Shortcut::Close)) keepOpen = false;
    ImGui::End();
    if (!keepOpen) m_open = false;
}

} // namespace crm::shell

// The Complaints section (complaints_view.h): board, list and the form.
#include "shell/complaints_view.h"

#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "shell/complaint_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <algorithm>
#include <tuple>
#include <imgui.h>

namespace crm::shell {
using core::ComplaintCard;
using core::tr;

namespace {
constexpr int kCardsPerColumn = 40;  // the most urgent; "+ N more" below

// A combo of "All" + the options (translated through `field`'s description, or as they are).
void filterCombo(const char* labelKey, const char* name, std::string* value, const std::vector<std::string>& options,
                 const char* field) {
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(labelKey));
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7.5f);
    std::string shown = value->empty() ? tr("complaints.filter.any")
                        : field        ? complaintOption(field, *value)
                                       : core::userText(*value);
    if (ImGui::BeginCombo((std::string("##") + name).c_str(), shown.c_str())) {
        if (ImGui::Selectable(tr("complaints.filter.any"), value->empty())) value->clear();
        for (const std::string& o : options) {
            std::string text = field ? complaintOption(field, o) : o.empty() ? tr("complaints.unassigned") : core::userText(o);
            if (ImGui::Selectable((text + "##" + o).c_str(), *value == o)) *value = o;
        }
        ImGui::EndCombo();
    }
    markItem(name);
}

std::vector<std::string> strings(const auto& keys) { return {keys.begin(), keys.end()}; }

// Most urgent first: overdue, then least time left; closed and paused last.
bool moreUrgent(const ComplaintCard* a, const ComplaintCard* b) {
    auto rank = [](const ComplaintCard* c) { return c->closed ? 2 : c->paused || !c->hasDue ? 1 : 0; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return a->leftMs < b->leftMs;
}
}  // namespace

ComplaintsView::ComplaintsView(core::CrmSession& session, core::ComplaintBoard& board,
                               core::ComplaintSummaryJob& summaryJob)
    : m_session(session), m_board(board), m_form(session), m_summaryJob(summaryJob) {
    m_table.showFilter = true;
    m_table.addColumn("customer", "doctype.customer");
    m_table.addColumn("deadline", "complaints.col.deadline");
    m_table.setCell([this](const std::string& column, const core::Json& doc) {
        const ComplaintCard* card = m_board.find(core::stringField(doc, "_id"));
        if (column == "customer") ImGui::TextUnformatted(card ? card->customerName.c_str() : "");
        else if (column == "deadline") ImGui::TextColored(deadlineColor(card ? card->state : core::DeadlineState::Ok), "%s",
                                                          card ? timeLeftText(*card).c_str() : "");
        else return false;
        return true;
    });
    m_table.setRowColor([this](const core::Json& doc) { return complaintRowColor(doc, m_session.clock().nowMs()); });
}

void ComplaintsView::draw() {
    if (!m_session.isComplete()) {  // the complaints are among the records loaded behind `ready`
        ImGui::TextDisabled("%s", tr("records.loading"));
        markItem("records.loading");
        return;
    }
    m_board.refresh(m_session.clock().nowMs());
    if (m_form.isOpen() && m_form.draw(m_board.settings())) return;
    drawToolbar();
    switch (m_mode) {
    case Mode::Board: drawBoard(); break;
    case Mode::List: drawList(); break;
    case Mode::Summary: drawSummary(); break;
    }
}

void ComplaintsView::drawToolbar() {
    const struct {
        Mode mode;
        const char* key;
        const char* name;
    } modes[] = {{Mode::Board, "complaints.view.board", "complaints.view.board"},
                 {Mode::List, "complaints.view.list", "complaints.view.list"},
                 {Mode::Summary, "complaints.view.summary", "complaints.view.summary"}};
    for (const auto& m : modes) {
        if (ImGui::RadioButton(label(m.key).c_str(), m_mode == m.mode)) m_mode = m.mode;
        markItem(m.name);
        ImGui::SameLine();
    }
    char count[128];
    std::snprintf(count, sizeof count, tr("complaints.count"), int(m_board.size()), m_board.overdueCount());
    ImGui::TextDisabled("%s", count);
    markItem("complaints.count");
    if (m_mode == Mode::Summary) return;
    filterCombo("complaints.filter.category", "complaints.filter.category", &m_filter.category, strings(core::kComplaintCategories),
                "category");
    ImGui::SameLine();
    filterCombo("complaints.filter.severity", "complaints.filter.severity", &m_filter.severity, strings(core::kComplaintSeverities),
                "severity");
    ImGui::SameLine();
    filterCombo("complaints.filter.owner", "complaints.filter.owner", &m_filter.owner, m_board.owners(), nullptr);
    ImGui::SameLine();
    ImGui::Checkbox(label("complaints.filter.overdue").c_str(), &m_filter.overdueOnly);
    markItem("complaints.filter.overdue");
    if (m_mode == Mode::Board) {
        ImGui::SameLine();
        ImGui::Checkbox(label("complaints.swimlanes").c_str(), &m_swimlanes);
        markItem("complaints.swimlanes");
    }
}

void ComplaintsView::drawBoard() {
    std::vector<const ComplaintCard*> cards = m_board.filtered(m_filter);
    std::stable_sort(cards.begin(), cards.end(), moreUrgent);
    ImGui::BeginChild("board", ImVec2(0, 0), false);
    if (!m_swimlanes) {
        drawLane(cards, "all");
    } else {
        for (const std::string& owner : m_board.owners()) {
            std::vector<const ComplaintCard*> lane;
            for (const ComplaintCard* c : cards) {
                if (c->owner == owner) lane.push_back(c);
            }
            if (lane.empty()) continue;
            ImGui::Separator();
            ImGui::TextUnformatted(owner.empty() ? tr("complaints.unassigned") : core::userText(owner).c_str());
            markItem(("complaints.lane." + owner).c_str());
            drawLane(lane, owner.empty() ? "unassigned" : owner.c_str());
        }
    }
    ImGui::EndChild();
}

void ComplaintsView::drawLane(const std::vector<const ComplaintCard*>& cards, const char* laneId) {
    if (!ImGui::BeginTable(laneId, core::kComplaintStages, ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchSame))
        return;
    for (int s = 0; s < core::kComplaintStages; ++s) {
        ImGui::TableSetupColumn(tr(std::string("complaint.stage.") + core::kComplaintStageKeys[size_t(s)]));
    }
    ImGui::TableHeadersRow();
    ImGui::TableNextRow();
    for (int s = 0; s < core::kComplaintStages; ++s) {
        ImGui::TableNextColumn();
        const float width = ImGui::GetContentRegionAvail().x;
        int shown = 0, more = 0;
        for (const ComplaintCard* c : cards) {
            if (c->stageIndex != s) continue;
            if (shown == kCardsPerColumn) {
                ++more;
                continue;
            }
            ++shown;
            if (drawCard(*c, width)) m_form.open(c->id);
        }
        if (more) ImGui::TextDisabled("+ %d", more);
    }
    ImGui::EndTable();
}

// A card: customer and severity, owner, time left; red frame and text when overdue, amber in warning.
bool ComplaintsView::drawCard(const ComplaintCard& card, float width) {
    const float line = ImGui::GetTextLineHeightWithSpacing(), pad = ImGui::GetStyle().FramePadding.x;
    const ImVec2 pos = ImGui::GetCursorScreenPos(), size(std::max(width, 1.0f), line * 3 + pad * 2);
    ImGui::PushID(card.id.c_str());
    const bool clicked = ImGui::InvisibleButton("card", size);
    markItem(("complaints.card." + card.id).c_str());
    ImGui::PopID();
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImVec4 state = deadlineColor(card.state);
    const bool alarm = card.state != core::DeadlineState::Ok && !card.closed;
    ImVec4 fill = ImGui::GetStyleColorVec4(ImGuiCol_FrameBg);
    if (card.overdue()) fill = ImVec4(state.x, state.y, state.z, 0.16f);
    if (ImGui::IsItemHovered()) fill.w += 0.12f;
    draw->AddRectFilled(pos, ImVec2(pos.x + size.x, pos.y + size.y), ImGui::GetColorU32(fill), 4.0f);
    draw->AddRect(pos, ImVec2(pos.x + size.x, pos.y + size.y),
                  ImGui::GetColorU32(alarm ? state : ImGui::GetStyleColorVec4(ImGuiCol_Border)), 4.0f, 0, alarm ? 2.0f : 1.0f);
    const ImU32 text = ImGui::GetColorU32(card.overdue() ? state : ImGui::GetStyleColorVec4(ImGuiCol_Text));
    const ImU32 dim = ImGui::GetColorU32(ImGuiCol_TextDisabled);
    const ImVec2 at(pos.x + pad, pos.y + pad);
    const std::string first = (card.customerName.empty() ? card.customerId : card.customerName) + " · " +
                              complaintOption("severity", card.severity);
    draw->PushClipRect(pos, ImVec2(pos.x + size.x - pad, pos.y + size.y), true);
    draw->AddText(at, text, first.c_str());
    draw->AddText(ImVec2(at.x, at.y + line), dim, card.owner.empty() ? tr("complaints.unassigned") : core::userText(card.owner).c_str());
    draw->AddText(ImVec2(at.x, at.y + line * 2), card.closed ? dim : ImGui::GetColorU32(state), timeLeftText(card).c_str());
    draw->PopClipRect();
    ImGui::Dummy(ImVec2(0, ImGui::GetStyle().ItemSpacing.y * 0.5f));
    return clicked;
}

void ComplaintsView::drawList() {
    const auto filterKey = std::tie(m_filter.category, m_filter.severity, m_filter.owner, m_filter.overdueOnly);
    if (m_docsSeq != m_session.store().updateSeq() || filterKey != std::tie(m_docsFilter.category, m_docsFilter.severity,
                                                                               m_docsFilter.owner, m_docsFilter.overdueOnly)) {
        m_docsFilter = m_filter;
        m_docs.clear();
        for (const ComplaintCard* c : m_board.filtered(m_filter)) {
            if (std::optional<core::Json> doc = m_session.store().get(c->id)) m_docs.push_back(std::move(*doc));
        }
        m_docsSeq = m_session.store().updateSeq();
    }
    int clicked = m_table.draw("complaints", m_docs, {}, "complaints.row", "_id", ImGui::GetContentRegionAvail().y);
    if (clicked >= 0) m_form.open(core::stringField(m_docs[size_t(clicked)], "_id"));
}

}  // namespace crm::shell

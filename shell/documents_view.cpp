// Generic per-type document table.
#include "shell/documents_view.h"

#include "core/app/i18n.h"
#include "shell/widgets.h"

#include <algorithm>
#include <imgui.h>

namespace crm::shell {
using core::tr;

namespace {
// "channel: phone · outcome: …": the document's own fields, without bookkeeping ones.
std::string summarize(const core::Json& doc) {
    std::string out;
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& k = it.key();
        if (k[0] == '_' || k == "type" || k == "customer_id" || k == "created_at" || k == "updated_at") continue;
        if (!out.empty()) out += "  ·  ";
        out += k + ": " + (it->is_string() ? it->get<std::string>() : it->dump());
        if (out.size() > 160) break;
    }
    return out;
}
} // namespace

void DocumentsView::refresh() {
    if (m_seenSeq == m_session.store().updateSeq()) return;
    m_seenSeq = m_session.store().updateSeq();
    m_docs.clear();
    m_session.store().forEachDoc([&](const std::string&, const core::Json& body) {
        m_docs.push_back(body);
        return true;
    }, m_type);
    std::sort(m_docs.begin(), m_docs.end(), [](const core::Json& a, const core::Json& b) {
        return core::stringField(a, "updated_at") > core::stringField(b, "updated_at");
    });
}

void DocumentsView::draw() {
    refresh();
    const std::vector<core::Json>& docs = m_docs;
    core::CrmSession& session = m_session;
    ImGui::TextWrapped("%s", tr(m_introKey));
    ImGui::TextDisabled(tr("docs.count"), static_cast<int>(docs.size()));
    if (docs.empty()) {
        ImGui::TextWrapped("%s", tr("docs.empty"));
        return;
    }
    ImGuiTableFlags flags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                            ImGuiTableFlags_BordersV | ImGuiTableFlags_Resizable;
    if (!ImGui::BeginTable("documents", 3, flags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn(label("col.updated").c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 10);
    ImGui::TableSetupColumn(label("col.name").c_str(), ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 8);
    ImGui::TableSetupColumn(label("col.summary").c_str(), ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    ImGuiListClipper clipper;
    clipper.Begin(static_cast<int>(docs.size()));
    while (clipper.Step()) {
        for (int i = clipper.DisplayStart; i < clipper.DisplayEnd; ++i) {
            const core::Json& doc = docs[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string when = core::stringField(doc, "updated_at").substr(0, 16);
            if (when.size() > 10) when[10] = ' ';
            ImGui::TextUnformatted(when.c_str());
            ImGui::TableNextColumn();
            const core::CustomerRow* customer = session.customers().find(core::stringField(doc, "customer_id"));
            ImGui::TextUnformatted(customer ? customer->name.c_str() : "");
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(summarize(doc).c_str());
        }
    }
    ImGui::EndTable();
}

} // namespace crm::shell

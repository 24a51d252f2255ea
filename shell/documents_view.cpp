// DocumentsView: one type's documents in its description's table.
#include "shell/documents_view.h"

#include "core/app/i18n.h"
#include "shell/widgets.h"

#include <algorithm>
#include <imgui.h>

namespace crm::shell {
using core::tr;

DocumentsView::DocumentsView(core::CrmSession& session, const char* type, const char* introKey)
    : m_session(session), m_type(type), m_introKey(introKey), m_table(type) {
    m_table.showFilter = true;
    m_table.addColumn("customer", "doctype.customer");
    m_table.setCell([this](const std::string& column, const core::Json& doc) { return drawCustomer(column, doc); });
    // Only changes to this type rebuild the list (a sync pulling customers and vehicles leaves it alone); a
    // deletion carries no type, so it rebuilds too.
    m_listener = m_session.store().addListener([this](const core::Change& change) {
        if (change.deleted || change.reloaded || change.type == m_type) m_stale = true;
    });
}

DocumentsView::~DocumentsView() { m_session.store().removeListener(m_listener); }

void DocumentsView::refresh() {
    if (!m_stale) return;
    m_stale = false;
    m_docs.clear();
    m_session.store().forEachDoc([&](const std::string& id, const core::Json& body) {
        m_docs.push_back(body);
        m_docs.back()["_id"] = id;
        return true;
    }, m_type);
}

bool DocumentsView::drawCustomer(const std::string& column, const core::Json& doc) {
    if (column != "customer") return false;
    const core::CustomerRow* customer = m_session.customers().find(core::stringField(doc, "customer_id"));
    ImGui::TextUnformatted(customer ? customer->name.c_str() : "");
    return true;
}

void DocumentsView::draw() {
    refresh();
    ImGui::TextWrapped("%s", tr(m_introKey));
    ImGui::TextDisabled(tr("docs.count"), static_cast<int>(m_docs.size()));
    if (m_docs.empty()) {
        ImGui::TextWrapped("%s", tr("docs.empty"));
        return;
    }
    const core::Json* selected = nullptr;
    for (const core::Json& doc : m_docs) {
        if (!m_selectedId.empty() && core::stringField(doc, "_id") == m_selectedId) selected = &doc;
    }
    const float available = ImGui::GetContentRegionAvail().y;
    int clicked = m_table.draw(m_type, m_docs, m_selectedId, m_type, "_id", selected ? available * 0.55f : available);
    if (clicked >= 0) {
        std::string id = core::stringField(m_docs[size_t(clicked)], "_id");
        m_selectedId = id == m_selectedId ? std::string() : id;  // a second click closes the detail
    }
    if (!selected) return;
    ImGui::BeginChild("detail", ImVec2(0, 0), true);
    drawRecordDetail(*selected, (std::string(m_type) + ".detail").c_str());
    drawRecordHistory(*selected, (std::string(m_type) + ".history").c_str());
    ImGui::EndChild();
}

} // namespace crm::shell

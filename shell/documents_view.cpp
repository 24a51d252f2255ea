// DocumentsView: one type's documents in its description's table.
#include "shell/documents_view.h"

#include "core/app/i18n.h"
#include "shell/widgets.h"

#include <algorithm>
#include <imgui.h>

namespace crm::shell {
using core::tr;

void DocumentsView::refresh() {
    if (m_seenSeq == m_session.store().updateSeq()) return;
    m_seenSeq = m_session.store().updateSeq();
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
    m_table.draw(m_type, m_docs, {}, nullptr, nullptr, ImGui::GetContentRegionAvail().y);
}

} // namespace crm::shell

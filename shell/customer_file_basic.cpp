// Customer file, basic information tab: the customer's fields drawn from the `customer` description
// (shell/record_views.h) in two columns, saved with the edit attributed, and the file's change history.
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "shell/customer_file_widgets.h"
#include "shell/record_views.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::tr;
using namespace file_ui;

void CustomerFileView::loadBasic() {
    m_basic.load(*core::findRecordType("customer"), m_customer, m_session.shopZone());
    m_basicIssues.clear();
    m_basicError.clear();
    m_basicSaved = false;
}

// After our own attachment write: the form's edits continue on the new revision.
void CustomerFileView::rebaseBasic() {
    if (std::optional<core::Json> doc = m_session.store().get(m_id)) m_basic.rebase(*doc);
}

void CustomerFileView::saveBasic() {
    m_basicError.clear();
    m_basicSaved = false;
    core::FormResult form = m_basic.build();
    m_basicIssues = form.issues;
    if (!form.ok()) return;
    core::WriteResult result = m_files.saveCustomer(form.doc, m_user(), &m_basicIssues);
    if (!result.ok()) {
        if (m_basicIssues.empty()) m_basicError = writeError(result);
        return;
    }
    m_seenSeq = UINT64_MAX;
    refreshRelated();
    loadBasic();
    m_basicSaved = true;
}

bool CustomerFileView::basicRefused() const {
    return core::hasErrors(m_basicIssues) || !m_basicError.empty();
}

void CustomerFileView::drawBasic() {
    drawRecordForm(m_basic, "basic", 2);
    ImGui::Spacing();
    drawIssues(m_basic.type(), m_basicIssues, "basic");
    errorText(m_basicError);
    if (m_basicSaved) noticeText(tr("file.saved"));  // in the language shown now
    if (ImGui::Button(label("file.save").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) saveBasic();
    markItem("basic.save");
    ImGui::SameLine();
    if (ImGui::Button(label("file.revert").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) loadBasic();
    ImGui::Spacing();
    drawRecordHistory(m_customer, "basic.history");
}

}  // namespace crm::shell

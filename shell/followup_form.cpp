// FollowupForm: the follow-up fields and their save (see followup_form.h).
#include "shell/followup_form.h"

#include "core/app/customer_records.h"
#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "shell/customer_file_widgets.h"
#include "shell/record_views.h"
#include "shell/widgets.h"

namespace crm::shell {
namespace {
// Filled in by the save (core::followupRecord) or shown elsewhere (the reminder being resolved).
const std::vector<const char*> kNotTyped = {"date", "resolves", "by", "staff", "customer_id"};
}  // namespace

void FollowupForm::reset() {
    m_form.load(*core::findRecordType("followup"), core::Json{{"type", "followup"}, {"channel", "phone"}, {"outcome", "reached"}},
                core::displayZone());
    m_issues.clear();
    m_writeError.clear();
}

bool FollowupForm::drawFields(const std::string& nextHint) {
    FormExtras extras;
    if (m_focusContent) extras.focus = "content";
    m_focusContent = false;
    extras.hints["next_date"] = nextHint.empty() ? std::string(core::tr("file.next_hint")) : nextHint;
    return drawRecordForm(m_form, "fu", 1, kNotTyped, extras);
}

bool FollowupForm::save(core::CustomerFiles& files, const std::string& customerId, const core::CivilDate& today,
                        const std::string& user, const std::string& resolves) {
    m_writeError.clear();
    core::FormResult typed = m_form.build();
    m_issues = typed.issues;
    if (!typed.ok()) return false;
    core::WriteResult result =
        files.saveRelated(core::followupRecord(std::move(typed.doc), today, user, resolves), customerId, user, &m_issues);
    if (!result.ok()) {
        if (m_issues.empty()) m_writeError = file_ui::writeError(result);
        return false;
    }
    reset();
    return true;
}

void FollowupForm::drawIssues() const {
    shell::drawIssues(m_form.type(), m_issues, "fu");
    errorText(m_writeError);
}

}  // namespace crm::shell

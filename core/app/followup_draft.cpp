// FollowupDraft: the follow-up form's values and their save (see followup_draft.h).
#include "core/app/followup_draft.h"

#include "core/app/customer_records.h"
#include "core/app/record_text.h"

namespace crm::core {

void FollowupDraft::reset() {
    m_form.load(*findRecordType("followup"), Json{{"type", "followup"}, {"channel", "phone"}, {"outcome", "reached"}},
                displayZone());
    m_issues.clear();
    m_failure.reset();
}

bool FollowupDraft::save(CustomerFiles& files, const std::string& customerId, const CivilDate& today,
                         const std::string& user, const std::string& resolves) {
    m_failure.reset();
    FormResult typed = m_form.build();
    m_issues = typed.issues;
    if (!typed.ok()) return false;
    WriteResult result = files.saveRelated(followupRecord(std::move(typed.doc), today, user, resolves), customerId, user, &m_issues);
    if (!result.ok()) {
        if (m_issues.empty()) m_failure = result;
        return false;
    }
    reset();
    return true;
}

}  // namespace crm::core

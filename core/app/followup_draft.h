// A follow-up being typed (channel, content, outcome, next date: the `followup` description's form) and its
// save through CustomerFiles, which validates it like every write. The customer file's follow-up tab and the
// customer list's quick follow-up popup each hold one and draw it (shell/customer_file_widgets.h).
#pragma once
#include "core/app/customer_file.h"
#include "core/domain/civil_date.h"
#include "core/records/field_issue.h"
#include "core/records/record_form.h"

#include <optional>
#include <string>

namespace crm::core {

class FollowupDraft {
public:
    FollowupDraft() { reset(); }
    // An empty follow-up: by phone, customer reached.
    void reset();
    RecordForm& form() { return m_form; }
    std::string& content() { return m_form.text("content"); }
    // Saves the follow-up for `customerId`, closing the reminder `resolves` ("" none); true when saved (the draft
    // is then cleared), else issues() or failure() say why.
    bool save(CustomerFiles& files, const std::string& customerId, const CivilDate& today, const std::string& user,
              const std::string& resolves = {});
    const FieldIssues& issues() const { return m_issues; }
    // A refused write that named no field (e.g. a conflict), for a message.
    const std::optional<WriteResult>& failure() const { return m_failure; }

private:
    RecordForm m_form;
    FieldIssues m_issues;
    std::optional<WriteResult> m_failure;
};

}  // namespace crm::core

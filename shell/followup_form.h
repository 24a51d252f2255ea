// The follow-up form (channel, content, outcome, next date: the `followup` description's fields drawn by
// shell/record_views.h) shared by the customer file's follow-up tab and the customer list's quick follow-up
// popup; it saves through CustomerFiles, which validates it like every write.
#pragma once
#include "core/app/customer_file.h"
#include "core/domain/civil_date.h"
#include "core/records/field_issue.h"
#include "core/records/record_form.h"

#include <string>

namespace crm::shell {

class FollowupForm {
public:
    FollowupForm() { reset(); }
    // An empty follow-up: by phone, customer reached.
    void reset();
    std::string& content() { return m_form.text("content"); }
    void focusContent() { m_focusContent = true; }
    // Draws the fields (widgets named fu.channel.<c>, fu.content, fu.outcome.<o>, fu.next_date); `nextHint`
    // is the computed next follow-up date shown in the empty next-date field. True when Enter was pressed.
    bool drawFields(const std::string& nextHint);
    // Saves the follow-up for `customerId`, closing the reminder `resolves` ("" none); true when saved (the
    // form is then cleared), else the issues are drawn by drawIssues().
    bool save(core::CustomerFiles& files, const std::string& customerId, const core::CivilDate& today,
              const std::string& user, const std::string& resolves = {});
    void drawIssues() const;

private:
    core::RecordForm m_form;
    core::FieldIssues m_issues;
    std::string m_writeError;
    bool m_focusContent = false;
};

}  // namespace crm::shell

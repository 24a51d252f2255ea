// The follow-up form (channel, content, outcome, next date) shared by the customer file's follow-up tab and
// the customer list's quick follow-up popup; it saves a "followup" document through CustomerFiles.
#pragma once
#include "core/app/customer_file.h"
#include "core/app/customer_records.h"

#include <string>

namespace crm::shell {

class FollowupForm {
public:
    void reset();
    core::FollowupInput& input() { return m_input; }
    void focusContent() { m_focusContent = true; }
    // Draws the fields in a two-column table (widgets named fu.channel.<c>, fu.content, fu.outcome.<o>,
    // fu.next); `nextHint` is the computed next follow-up date shown in the empty next-date field.
    // Returns true when Enter was pressed in the content field.
    bool drawFields(const char* tableId, const std::string& nextHint);
    // Checks and saves the follow-up for `customerId`; true when saved (the form is then cleared).
    bool save(core::CustomerFiles& files, const std::string& customerId, const core::CivilDate& today,
              const std::string& user);
    const std::string& error() const { return m_error; }

private:
    core::FollowupInput m_input;
    bool m_focusContent = false;
    std::string m_error;
};

}  // namespace crm::shell

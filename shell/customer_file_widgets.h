// Small widgets and text helpers shared by the customer file's tabs (customer_file_*.cpp) and the quick
// follow-up popup: two-column form tables, coloured messages, number and date text, and the follow-up form.
#pragma once
#include "core/app/crm_session.h"
#include "core/app/followup_draft.h"
#include "core/json.h"

#include <string>

namespace crm::shell::file_ui {

// "2026-11-24T10:29:00Z" -> "2026-11-24 10:29"; dates stay as they are.
std::string shortTime(const std::string& at);
// The document type's name in the UI language ("<type>_edited": an edit of one).
std::string typeText(const std::string& type);
// A failed write as a message in the UI language.
std::string writeError(const core::WriteResult& result);

// A two-column form table (label column `labelEm` font sizes wide); end it with ImGui::EndTable().
bool beginForm(const char* id, float labelEm = 7.0f);
// A new form row: the translated label left; the caller draws the widget in the right cell.
void labelCell(const char* key);
void noticeText(const std::string& message);   // green
void warningText(const std::string& message);  // amber
void sectionTitle(const char* text);           // a heading line with a separator under it

}  // namespace crm::shell::file_ui

namespace crm::shell {

// The follow-up form (a core::FollowupDraft drawn from the `followup` description by shell/record_views.h), shared
// by the customer file's follow-up tab and the customer list's quick follow-up popup.
class FollowupForm {
public:
    void reset() { m_draft.reset(); }
    std::string& content() { return m_draft.content(); }
    void focusContent() { m_focusContent = true; }
    // Draws the fields (widgets named fu.channel.<c>, fu.content, fu.outcome.<o>, fu.next_date); `nextHint`
    // is the computed next follow-up date shown in the empty next-date field. True when Enter was pressed.
    bool drawFields(const std::string& nextHint);
    bool save(core::CustomerFiles& files, const std::string& customerId, const core::CivilDate& today,
              const std::string& user, const std::string& resolves = {}) {
        return m_draft.save(files, customerId, today, user, resolves);
    }
    void drawIssues();  // why the last save was refused, under the fields

private:
    core::FollowupDraft m_draft;
    bool m_focusContent = false;
};

}  // namespace crm::shell

// The complaint form (投诉单): the stage bar (five stages; a click on the next one moves the complaint, on an
// earlier one asks for the reopen reason, on a later one is refused and says why), the fields from the
// complaint's description (record_views.h), pause/resume while waiting on the customer, each stage's deadline
// and the event history. Every change goes through core/app/complaint_service.h.
#pragma once
#include "core/app/complaint_service.h"
#include "core/records/record_form.h"

#include <string>

namespace crm::shell {

class ComplaintForm {
public:
    explicit ComplaintForm(core::CrmSession& session) : m_session(session) {}
    void open(const std::string& id);
    bool isOpen() const { return !m_id.empty(); }
    const std::string& id() const { return m_id; }
    // Draws the form; false once the user went back to the board.
    bool draw(const core::ComplaintSettings& settings);

private:
    void drawStageBar(const core::Json& doc);
    void drawDeadlines(const core::Json& doc, const core::ComplaintSettings& settings);
    void drawEvents(const core::Json& doc, const core::ComplaintSettings& settings);
    void drawReopenPopup();
    void moveTo(const std::string& stage, const std::string& reason);
    void showChange(const core::ComplaintChange& change, const std::string& stage);

    core::CrmSession& m_session;
    std::string m_id;
    std::string m_loadedRev;
    core::RecordForm m_form;
    core::FieldIssues m_issues;
    std::string m_message;
    bool m_messageIsError = false;
    int m_reopenTo = 0;
    std::string m_reason;
};

}  // namespace crm::shell

// The "today" agenda (今日待办) of the Follow-ups section: reminders overdue, due today and this week,
// computed from the data; a click opens the customer file with a follow-up form that resolves it.
#pragma once
#include "core/app/classification_service.h"
#include "core/app/complaint_board.h"
#include "core/app/crm_session.h"
#include "shell/customer_file_view.h"

#include <functional>
#include <imgui.h>

namespace crm::shell {

class AgendaView {
public:
    AgendaView(core::CrmSession& session, core::ClassificationService& classes, CustomerFileView& file)
        : m_session(session), m_classes(classes), m_file(file) {}
    // Draws the agenda, or the customer file while one is open from here.
    void draw();
    // Overdue complaints escalated to the user (the owner; the service manager) lead the agenda; a click
    // opens the complaint (agenda_complaints.cpp).
    void setComplaints(const core::ComplaintBoard* board, std::function<std::string()> user,
                       std::function<void(const std::string&)> open) {
        m_complaintBoard = board;
        m_user = std::move(user);
        m_openComplaint = std::move(open);
    }

private:
    void drawComplaintEscalations();
    void drawBucket(const char* titleKey, const std::vector<core::AgendaEntry>& reminders, const char* bucket,
                    ImVec4 color);

    core::CrmSession& m_session;
    core::ClassificationService& m_classes;
    CustomerFileView& m_file;
    bool m_showAll[3] = {false, false, false};
    std::string m_openedId;  // the customer opened from here
    const core::ComplaintBoard* m_complaintBoard = nullptr;
    std::function<std::string()> m_user;
    std::function<void(const std::string&)> m_openComplaint;
};

} // namespace crm::shell

// Settings for complaint deadlines: the shop's opening hours per weekday, the holiday table (public holidays
// and make-up working days, by date), the severity × stage matrix of working hours and the service manager.
// Saved as the synced settings documents settings:working_time and settings:complaint_deadlines.
#pragma once
#include "core/app/complaint_service.h"

#include <array>
#include <string>

namespace crm::shell {

class WorkingTimeSettings {
public:
    explicit WorkingTimeSettings(core::CrmSession& session) : m_session(session) {}
    void draw();

private:
    void load();
    void drawHolidays();
    void drawMatrix();

    core::CrmSession& m_session;
    bool m_loaded = false;
    core::ComplaintSettings m_settings;
    std::array<std::string, 7> m_hoursText;
    std::string m_date, m_holidayName, m_message;
    bool m_error = false;
};

}  // namespace crm::shell

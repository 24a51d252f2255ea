// The customer file screen (客户档案): a header with the computed classification and next follow-up, and
// tabs for basic information, vehicles, service history, follow-ups, complaints, surveys, points,
// attachments and the timeline. Opened from the customer list and from the agenda (to resolve a reminder).
#pragma once
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"
#include "core/app/customer_file.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace crm::shell {

class CustomerFileView {
public:
    using UserFn = std::function<std::string()>;
    CustomerFileView(core::CrmSession& session, core::CustomerFiles& files, core::ClassificationService& classes,
                     UserFn currentUser);

    void open(const std::string& customerId);
    // Opens the follow-ups tab with a follow-up form that resolves `reminder` when saved.
    void openForReminder(const core::Reminder& reminder);
    void close() { m_id.clear(); }
    bool isOpen() const { return !m_id.empty(); }
    const std::string& customerId() const { return m_id; }
    void draw();

private:
    enum class Tab { Basic, Vehicles, Service, Followups, Complaints, Surveys, Points, Attachments, Timeline };
    void loadBasic();
    void refreshRelated();
    void drawHeader();
    void drawTabs();
    void drawBasic();
    void drawVehicles();
    void drawService();
    void drawFollowups();
    void drawRelated(const char* type, const char* emptyKey);
    void drawAttachments();
    void drawTimeline();
    void saveBasic();
    void editVehicle(const core::Json* vehicle);
    void saveVehicle();
    void saveService();
    void saveFollowup();
    void resetFollowupForm();
    core::CivilDate today() const;

    core::CrmSession& m_session;
    core::CustomerFiles& m_files;
    core::ClassificationService& m_classes;
    UserFn m_user;

    std::string m_id;
    std::optional<Tab> m_selectTab;
    uint64_t m_seenSeq = UINT64_MAX;
    core::Json m_customer;
    std::vector<core::Json> m_vehicles, m_service, m_followups, m_complaints, m_surveys, m_points, m_all;
    std::vector<core::TimelineEntry> m_timeline;

    // basic information
    std::map<std::string, std::string> m_text;  // document field -> edited text
    std::string m_basicRev;                      // the revision the edits started from
    std::string m_phone, m_gender, m_lifecycle, m_values, m_channel, m_birthday;
    bool m_lunar = false, m_leap = false, m_important = false, m_consent = false;
    std::string m_basicMessage;
    bool m_basicError = false;

    // vehicle form
    std::string m_vehicleId;  // empty: new vehicle
    std::map<std::string, std::string> m_vehicleText;
    std::string m_usage = "private";
    bool m_commercial = false;
    std::string m_vehicleError, m_vehicleWarning;

    // service form
    int m_serviceVehicle = 0;
    std::map<std::string, std::string> m_serviceText;
    std::string m_payType = "customer";
    bool m_comeback = false;
    std::string m_serviceError;

    // follow-up form
    std::string m_fuChannel = "phone", m_fuContent, m_fuOutcome = "reached", m_fuNext;
    std::optional<core::Reminder> m_resolving;
    bool m_focusContent = false;
    std::string m_fuError;
};

} // namespace crm::shell

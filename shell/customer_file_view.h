// The customer file screen (客户档案): a header with the computed classification, next follow-up and a delete
// button, and tabs for basic information, vehicles, service history, purchases, follow-ups, complaints,
// surveys, points, attachments and the timeline. Opened from the customer list and from the agenda (to
// resolve a reminder). One file per tab group: customer_file_view.cpp (open, header, tabs, delete),
// customer_file_basic.cpp, customer_file_vehicles.cpp, customer_file_service.cpp (service + purchases),
// customer_file_followups.cpp, customer_file_records.cpp (complaints/surveys/points, timeline),
// customer_file_attachments.cpp; shared widgets in customer_file_widgets.h.
#pragma once
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"
#include "core/app/customer_file.h"
#include "core/app/customer_records.h"
#include "core/records/record_form.h"
#include "shell/customer_file_widgets.h"
#include "shell/platform.h"
#include "shell/record_views.h"

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace crm::shell {

class CustomerFileView {
public:
    using UserFn = std::function<std::string()>;
    CustomerFileView(core::CrmSession& session, core::CustomerFiles& files, core::ClassificationService& classes,
                     Platform& platform, UserFn currentUser);

    void open(const std::string& customerId);
    // Where a complaint opens (the complaints screen's form): a row of the complaints tab, or a new one.
    void setComplaintOpener(std::function<void(const std::string&)> open) { m_openComplaint = std::move(open); }
    // Opens the follow-ups tab with a follow-up form that resolves `reminder` when saved.
    void openForReminder(const core::Reminder& reminder);
    void close() { m_id.clear(); }
    bool isOpen() const { return !m_id.empty(); }
    const std::string& customerId() const { return m_id; }
    void draw();

private:
    enum class Tab {
        Basic,
        Vehicles,
        Service,
        Purchases,
        Followups,
        Complaints,
        Surveys,
        Points,
        Attachments,
        Timeline
    };
    // customer_file_view.cpp
    void refreshRelated();
    void drawHeader();
    void drawDeleteButton();
    void drawTabs();
    core::CivilDate today() const;
    // customer_file_basic.cpp
    void loadBasic();
    void saveBasic();
    bool basicRefused() const;
    void rebaseBasic();
    void drawBasic();
    // customer_file_vehicles.cpp
    void editVehicle(const core::Json* vehicle);
    void saveVehicle();
    bool drawVehicleCell(const std::string& column, const core::Json& vehicle);
    void drawVehicles();
    // customer_file_service.cpp
    void resetServiceForm();
    void resetPurchaseForm();
    bool saveRelatedForm(core::RecordForm& form, int vehicle, core::FieldIssues& issues, std::string& error);
    bool drawRelatedCell(const std::string& column, const core::Json& doc);
    void drawService();
    void drawPurchases();
    std::string plateOf(const std::string& vehicleId) const;
    // customer_file_followups.cpp
    void drawFollowups();
    void saveFollowup();
    // customer_file_records.cpp
    void drawRelated(RecordTable& table, const std::vector<core::Json>& docs, const char* emptyKey);
    void drawComplaints();
    void drawTimeline();
    // customer_file_attachments.cpp
    void drawAttachments();
    void attachFile(const PickedFile& file);
    void removeAttachment(const std::string& docId, const std::string& name);

    core::CrmSession& m_session;
    core::CustomerFiles& m_files;
    core::ClassificationService& m_classes;
    Platform& m_platform;
    UserFn m_user;
    std::function<void(const std::string&)> m_openComplaint;
    std::string m_complaintError;

    std::string m_id;
    std::optional<Tab> m_selectTab;
    uint64_t m_seenSeq = UINT64_MAX;
    bool m_seenComplete = false;  // the records were in when the related documents were read
    core::Json m_customer;
    std::vector<core::Json> m_vehicles, m_service, m_purchases, m_followups, m_complaints, m_surveys, m_points, m_all;
    std::vector<core::TimelineEntry> m_timeline;
    std::string m_deleteError;

    // basic information (the `customer` description's form)
    core::RecordForm m_basic;
    core::FieldIssues m_basicIssues;
    std::string m_basicError;  // a refused write ("" none)
    bool m_basicSaved = false;

    // vehicle form
    std::string m_vehicleId;  // empty: new vehicle
    core::RecordForm m_vehicleForm;
    std::string m_odometerText;  // today's reading, appended to the vehicle's odometer list
    core::FieldIssues m_vehicleIssues;
    std::string m_vehicleError;

    // repair order and purchase forms
    core::RecordForm m_serviceForm, m_purchaseForm;
    int m_serviceVehicle = 0;    // index into m_vehicles
    int m_purchaseVehicle = -1;  // index into m_vehicles, -1: none
    core::FieldIssues m_serviceIssues, m_purchaseIssues;
    std::string m_serviceError, m_purchaseError;

    // lists drawn from the descriptions
    RecordTable m_vehicleTable{"vehicle"}, m_serviceTable{"service_record"}, m_purchaseTable{"purchase"},
        m_followupTable{"followup"}, m_complaintTable{"complaint"}, m_surveyTable{"survey"}, m_pointsTable{"points"};

    // follow-up form
    FollowupForm m_followup;
    std::optional<core::Reminder> m_resolving;

    // attachments
    bool m_waitingForFile = false;
    std::string m_attachMessage;
    bool m_attachError = false;
    std::string m_confirmRemove;  // "docId\nname" of the attachment whose removal awaits a second click
};

}  // namespace crm::shell

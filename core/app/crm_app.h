// The CRM's core objects, assembled once: the session, classification with the agenda, customer files,
// customer search, sync, the complaints board and surveys, and the background work they share each frame. The screens (shell/) and the
// automation API (web/) reach every use case through it.
#pragma once
#include "core/app/classification_service.h"
#include "core/app/complaint_board.h"
#include "core/app/complaint_summary_job.h"
#include "core/app/crm_session.h"
#include "core/app/customer_file.h"
#include "core/app/customer_search.h"
#include "core/app/frame_budget.h"
#include "core/app/survey_service.h"
#include "core/app/sync_controller.h"

#include <string>

namespace crm::core {

class CrmApp {
public:
    // `http` null: no network on this platform (sync stays off). `defaultDatabaseUrl`: the database used
    // while the server URL setting is empty (the page's own /db/crm).
    CrmApp(CrmSession& session, HttpClient* http, std::string defaultDatabaseUrl);
    CrmApp(const CrmApp&) = delete;
    CrmApp& operator=(const CrmApp&) = delete;

    CrmSession& session() { return m_session; }
    ClassificationService& classes() { return m_classes; }
    CustomerFiles& files() { return m_files; }
    CustomerSearch& search() { return m_search; }
    SyncController& sync() { return m_sync; }
    const SyncController& sync() const { return m_sync; }
    // Complaints' cards and deadlines: the board, the status bar's overdue count and the agenda share it.
    ComplaintBoard& complaintBoard() { return m_complaintBoard; }
    // The Complaints summary, tallied in steps once the view asks for a period.
    ComplaintSummaryJob& complaintSummary() { return m_complaintSummary; }
    // Satisfaction surveys: recording, the answer table and the analysis (computed in steps).
    SurveyService& surveys() { return m_surveys; }

    // Who writes: the logged-in CouchDB user when there is one, else the name set for this device.
    std::string currentUser() const;

    // Once a frame, before the screens: names the writer for the history, then search indexing, sync,
    // survey analysis, classification, the complaint board's paced refresh (the status bar's overdue count;
    // its first build after a load is one step here, not part of the first frame) and the complaint summary (once
    // its view asked) take turns at going first within the frame's allowance (the first step always runs, so
    // none of them starves). Out of memory, the derived views (search, analysis, classes, summary) stop growing:
    // the screens keep working with what they have.
    void runBackgroundWork(bool online, FrameBudget& background);

private:
    void refreshClasses(FrameBudget& background);

    // A frame's allowance for taking in the records behind `ready` (besides the background jobs' own).
    static constexpr double kRecordsLoadMsPerFrame = 16.0;
    static constexpr int kBackgroundJobs = 6;  // search index, sync, survey analysis, complaint board, summary, classes
    static constexpr size_t kCustomersPerIndexStep = 4;    // the allowance is checked between steps
    static constexpr size_t kEntriesPerIndexStep = 2048;   // store entries a step of an index's rebuild (~2 ms)

    CrmSession& m_session;
    ClassificationService m_classes;
    CustomerSearch m_search;  // before m_files, which reads its vehicle owners
    CustomerFiles m_files;
    SyncController m_sync;
    ComplaintBoard m_complaintBoard;
    ComplaintSummaryJob m_complaintSummary;
    SurveyService m_surveys;
    int m_backgroundTurn = 0;  // which job goes first this frame
};

}  // namespace crm::core

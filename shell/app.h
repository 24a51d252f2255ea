// The application window: navigation (customers, follow-ups, complaints, boards, reports, sync, settings),
// the current section's view, and the status bar (online/offline, customer count, save state).
#pragma once
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"
#include "core/app/customer_file.h"
#include "core/app/ui_settings.h"
#include "shell/agenda_view.h"
#include "shell/comfort_layer.h"
#include "shell/customer_file_view.h"
#include "shell/customer_form_view.h"
#include "shell/customer_list_view.h"
#include "shell/documents_view.h"
#include "shell/font_manager.h"
#include "shell/frame_budget.h"
#include "shell/platform.h"
#include "shell/reports_view.h"
#include "shell/rule_settings_view.h"
#include "shell/sync_controller.h"
#include "shell/surveys_view.h"
#include "shell/sync_view.h"

namespace crm::shell {

enum class Section { Customers, Followups, Complaints, Boards, Reports, Sync, Settings, Surveys };

class App {
public:
    App(core::CrmSession& session, Platform& platform, FontManager& fonts);
    ~App();

    // After the session has loaded: applies the stored interface settings. (The data's characters reach the
    // font manager through the store listener as records load.)
    void onLoaded();
    // Before NewFrame: applies font size / theme / pixel density changes and new characters to the font
    // atlas; the platform then re-creates the font texture (Rebuilt) or uploads its changed rows (GlyphsAdded).
    // `addGlyphs` false: new characters wait for a later frame (this one has no time left for them).
    FontAtlasChange prepareFrame(float devicePixelRatio, bool addGlyphs = true);
    // Builds one frame of UI (between ImGui::NewFrame and ImGui::Render). Background work shares
    // `background`, the frame's allowance, which the caller started (and may have used some of: an answer
    // from the server).
    void frame(FrameBudget& background);

    Section section() const { return m_section; }
    SyncController& sync() { return m_sync; }
    SyncView& syncView() { return m_syncView; }
    ComfortLayer& comfort() { return m_comfort; }
    core::SurveyService& surveys() { return m_surveyService; }

private:
    void runBackgroundWork(FrameBudget& background);
    void refreshClasses(FrameBudget& background);
    void refreshSurveys(FrameBudget& background);
    void drawNavigation();
    void drawStatusBar();
    void drawStorageBanner();
    void drawSync();
    void drawSettings();
    void saveSettings();
    void noteDocumentText(const core::Json& doc);
    std::string currentUser() const;

    core::CrmSession& m_session;
    Platform& m_platform;
    FontManager& m_fonts;
    int m_listener = 0;
    Section m_section = Section::Customers;
    core::UiSettings m_settings;  // language, theme, font size, server (core/app/ui_settings.h)
    bool m_themeDirty = true;
    static constexpr int kBackgroundJobs = 4;    // search index, sync, classification, survey analysis
    int m_backgroundTurn = 0;                    // which goes first this frame
    static constexpr size_t kFactsPerStep = 25;  // customers classified per step (a fraction of a ms)
    float m_dpr = 1.0f;

    // Customer files, classification and the agenda (declared before the views that use them).
    core::ClassificationService m_classes;
    core::CustomerFiles m_files;
    RuleSettingsView m_ruleSettings;
    CustomerFileView m_customerFile;
    AgendaView m_agenda;
    CustomerFormView m_customerForm;
    CustomerListView m_customerList;
    DocumentsView m_complaints;
    DocumentsView m_tasks;
    ReportsView m_reports;
    core::SurveyService m_surveyService;
    SurveysView m_surveys;
    SyncController m_sync;
    SyncView m_syncView;
    ComfortLayer m_comfort;  // search, shortcuts, help, demo, update offer (last: uses the views above)
};

} // namespace crm::shell

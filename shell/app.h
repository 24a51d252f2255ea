// The application window: navigation (customers, follow-ups, complaints, boards, reports, sync, settings),
// the current section's view, and the status bar (online/offline, customer count, save state).
#pragma once
#include "core/app/crm_app.h"
#include "core/app/ui_settings.h"
#include "shell/agenda_view.h"
#include "shell/comfort_layer.h"
#include "shell/complaints_view.h"
#include "shell/customer_file_view.h"
#include "shell/customer_form_view.h"
#include "shell/customer_list_view.h"
#include "shell/documents_view.h"
#include "shell/font_manager.h"
#include "core/app/frame_budget.h"
#include "shell/platform.h"
#include "shell/reports_view.h"
#include "shell/rule_settings_view.h"
#include "core/app/sync_controller.h"
#include "shell/surveys_view.h"
#include "shell/sync_view.h"
#include "shell/working_time_settings.h"

namespace crm::shell {

enum class Section { Customers, Followups, Complaints, Boards, Reports, Sync, Settings, Surveys };

class App {
public:
    App(core::CrmApp& crm, Platform& platform, FontManager& fonts);
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
    void frame(core::FrameBudget& background);

    Section section() const { return m_section; }
    core::SyncController& sync() { return m_crm.sync(); }
    SyncView& syncView() { return m_syncView; }
    ComfortLayer& comfort() { return m_comfort; }

private:
    void showComplaint(const std::string& id);  // the complaints screen with the complaint's form open
    void drawNavigation();
    void drawStatusBar();
    void drawStorageBanner();
    void drawClassificationProgress();
    static constexpr size_t kProgressFromCustomers = 200;  // fewer waiting customers: no progress bar
    void drawSync();
    void drawSettings();
    void saveSettings();
    void scanGlyphs();  // one slice of the glyph scan after a bulk load

    core::CrmApp& m_crm;
    core::CrmSession& m_session;
    Platform& m_platform;
    FontManager& m_fonts;
    int m_listener = 0;
    bool m_glyphScanning = false;
    uint64_t m_glyphScanSeq = 0;  // the glyph scan resumes after this update sequence
    Section m_section = Section::Customers;
    core::UiSettings m_settings;  // language, theme, font size, server (core/app/ui_settings.h)
    bool m_themeDirty = true;
    float m_dpr = 1.0f;

    RuleSettingsView m_ruleSettings;
    CustomerFileView m_customerFile;
    AgendaView m_agenda;
    CustomerFormView m_customerForm;
    CustomerListView m_customerList;
    ComplaintsView m_complaints;
    WorkingTimeSettings m_workingTime;
    DocumentsView m_tasks;
    ReportsView m_reports;
    SurveysView m_surveys;
    SyncView m_syncView;
    ComfortLayer m_comfort;  // search, shortcuts, help, demo, update offer (last: uses the views above)
};

} // namespace crm::shell

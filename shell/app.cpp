// Application frame: layout, navigation, status bar, and the small sync and settings sections.
#include "shell/app.h"

#include "core/app/i18n.h"
#include "shell/theme.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::tr;

namespace {
struct NavItem {
    Section section;
    const char* key;
};
const NavItem kNav[] = {
    {Section::Customers, "nav.customers"}, {Section::Followups, "nav.followups"}, {Section::Complaints, "nav.complaints"},
    {Section::Boards, "nav.boards"},       {Section::Reports, "nav.reports"},     {Section::Surveys, "nav.surveys"},
    {Section::Sync, "nav.sync"},
    {Section::Settings, "nav.settings"},
};

// Documents whose text the glyph scan reads per frame after a bulk load (~1 µs each, without decoding).
constexpr size_t kGlyphScanDocsPerFrame = 2000;
} // namespace

App::App(core::CrmApp& crm, Platform& platform, FontManager& fonts)
    : m_crm(crm), m_session(crm.session()), m_platform(platform), m_fonts(fonts), m_ruleSettings(m_session, crm.classes()),
      m_customerFile(m_session, crm.files(), crm.classes(), platform, [this] { return m_crm.currentUser(); }),
      m_agenda(m_session, crm.classes(), m_customerFile), m_customerForm(m_session),
      m_customerList(m_session, m_customerForm, crm.classes(), crm.files(),
                     [this](const std::string& id) { m_customerFile.open(id); }, [this] { return m_crm.currentUser(); }),
      m_complaints(m_session, crm.complaintBoard(), crm.complaintSummary()), m_workingTime(m_session),
      m_tasks(m_session, "task", "boards.intro"),
      m_reports(m_session),
      m_surveys(crm.surveys(), [this](std::shared_ptr<const core::CustomerSubset> subset) {
          m_section = Section::Customers;
          m_customerFile.close();
          m_customerList.showSubset(std::move(subset));
      }),
      m_syncView(m_session, crm.sync(), [this](const std::string& url) {
          m_settings.serverUrl = url;
          saveSettings();
          m_crm.sync().setServerUrl(url);
      }, [this](const std::string& id) {
          m_section = Section::Customers;
          m_customerFile.open(id);
      }),
      m_comfort(m_session, crm.search(), fonts,
                {[this](const std::string& id) { m_section = Section::Customers; m_customerFile.open(id); },
                 [this] { m_customerForm.openNew(); },
                 [this] { return m_customerFile.isOpen() ? m_customerFile.customerId() : std::string(); }}) {
    m_customerFile.setComplaintOpener([this](const std::string& id) { showComplaint(id); });
    m_agenda.setComplaints(&crm.complaintBoard(), [this] { return m_crm.currentUser(); },
                           [this](const std::string& id) { showComplaint(id); });
    m_fonts.noteText(core::allCatalogText());
    // Every character of the user's data gets a glyph: each written document's text at once, a loaded
    // store's in slices over the first frames (scanGlyphs), so opening a large store does not wait for it.
    m_listener = m_session.store().addListener([this](const core::Change& change) {
        if (change.reloaded) {
            m_glyphScanSeq = 0;
            m_glyphScanning = true;
        } else if (!change.deleted) {
            m_session.store().forEachWinningString(change.id, [this](std::string_view text) { m_fonts.noteText(text); });
        }
    });
}

void App::showComplaint(const std::string& id) {
    m_section = Section::Complaints;
    m_complaints.open(id);
}

App::~App() { m_session.store().removeListener(m_listener); }

void App::scanGlyphs() {
    uint64_t next = m_session.store().forEachWinningString(m_glyphScanSeq, kGlyphScanDocsPerFrame,
                                                           [this](std::string_view text) { m_fonts.noteText(text); });
    m_glyphScanning = next != m_glyphScanSeq;
    m_glyphScanSeq = next;
}

void App::onLoaded() {
    m_settings = core::loadUiSettings(m_session.store());
    core::setLanguage(m_settings.language == "en" ? core::Language::English : core::Language::Chinese);
    m_themeDirty = true;
    m_syncView.setServerUrlText(m_settings.serverUrl);
    m_crm.sync().setServerUrl(m_settings.serverUrl);  // sync starts with the next frame
}

void App::saveSettings() {
    core::UiSettings stored = core::loadUiSettings(m_session.store());  // the user name is the rules view's
    m_settings.userName = stored.userName;
    m_settings.language = core::languageCode(core::language());
    core::saveUiSettings(m_session.store(), m_settings);
}

FontAtlasChange App::prepareFrame(float devicePixelRatio, bool addGlyphs) {
    if (devicePixelRatio != m_dpr) {
        m_dpr = devicePixelRatio;
        m_themeDirty = true;
    }
    m_fonts.setScale(m_settings.fontScale, m_dpr);
    if (m_themeDirty) {
        applyTheme(m_settings.dark, m_fonts.pixelScale());
        m_themeDirty = false;
    }
    if (m_glyphScanning) scanGlyphs();
    return m_fonts.update(addGlyphs);
}

void App::frame(core::FrameBudget& background) {
    beginUiFrame();
    m_comfort.beginFrame();
    m_crm.runBackgroundWork(m_platform.isOnline(), background);
    ImGuiIO& io = ImGui::GetIO();
    const float statusHeight = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, io.DisplaySize.y - statusHeight));
    ImGuiWindowFlags fixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                             ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoBackground;  // the clear colour
    ImGui::Begin("main", nullptr, fixed);
    drawNavigation();
    ImGui::SameLine();
    // Banners come and go (the empty database's demo offer disappears when a pull brings customers): they sit
    // above the content, never above the navigation, so a navigation item never moves under the pointer.
    ImGui::BeginGroup();
    drawStorageBanner();
    m_comfort.drawBanners(m_section == Section::Customers);
    ImGui::PushStyleColor(ImGuiCol_ChildBg, panelBackground());
    ImGui::BeginChild("content", ImVec2(0, 0), false);
    ImGui::PopStyleColor();
    switch (m_section) {
    case Section::Customers:
        if (m_customerFile.isOpen()) m_customerFile.draw();
        else m_customerList.draw();
        break;
    case Section::Followups: m_agenda.draw(); break;
    case Section::Complaints: m_complaints.draw(); break;
    case Section::Boards: m_tasks.draw(); break;
    case Section::Reports: m_reports.draw(); break;
    case Section::Surveys: m_surveys.draw(); break;
    case Section::Sync: drawSync(); break;
    case Section::Settings: drawSettings(); break;
    }
    ImGui::EndChild();
    ImGui::EndGroup();
    ImGui::End();
    if (m_customerForm.isOpen()) m_customerForm.draw();
    m_syncView.drawDialogs();
    m_comfort.drawOverlays();
    drawStatusBar();
}

void App::drawNavigation() {
    ImGui::PushStyleColor(ImGuiCol_ChildBg, panelBackground());
    ImGui::BeginChild("nav", ImVec2(ImGui::GetFontSize() * 9.0f, 0), true);
    ImGui::PopStyleColor();
    ImGui::TextUnformatted(tr("app.title"));
    ImGui::Separator();
    ImGui::Spacing();
    for (const NavItem& item : kNav) {
        if (ImGui::Selectable(label(item.key).c_str(), m_section == item.section, 0, ImVec2(0, ImGui::GetFrameHeight()))) {
            m_section = item.section;
        }
        markItem(item.key);
    }
    // Language switch, always at hand.
    ImGui::SetCursorPosY(ImGui::GetWindowHeight() - ImGui::GetFrameHeightWithSpacing() - ImGui::GetStyle().WindowPadding.y);
    bool zh = core::language() == core::Language::Chinese;
    if (ImGui::SmallButton("中文")) { core::setLanguage(core::Language::Chinese); saveSettings(); }
    markItem("lang.zh");
    ImGui::SameLine();
    if (ImGui::SmallButton("English")) { core::setLanguage(core::Language::English); saveSettings(); }
    markItem("lang.en");
    (void)zh;
    ImGui::EndChild();
}

void App::drawStatusBar() {
    ImGuiIO& io = ImGui::GetIO();
    const float height = ImGui::GetFrameHeight() + ImGui::GetStyle().WindowPadding.y;
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ImGui::GetStyle().WindowPadding.x, ImGui::GetStyle().WindowPadding.y * 0.5f));
    ImGui::Begin("status", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    bool online = m_platform.isOnline();
    ImGui::TextColored(online ? ImVec4(0.15f, 0.6f, 0.25f, 1) : ImVec4(0.75f, 0.45f, 0.05f, 1), "● %s",
                       tr(online ? "status.online" : "status.offline"));
    markItem("status.online");
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    SyncView::drawStatus(m_crm.sync(), [this] { m_section = Section::Sync; });
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    ImGui::Text("%s: %d", tr("status.customers"), static_cast<int>(m_session.customers().size()));
    // (The board is refreshed among the background work: CrmApp::runBackgroundWork.)
    if (int overdue = m_crm.complaintBoard().overdueCount()) {  // red everywhere, the status bar too
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        ImGui::TextColored(ImVec4(0.86f, 0.16f, 0.16f, 1.0f), tr("status.overdue_complaints"), overdue);
        markItem("status.overdue_complaints");
    }
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    const char* saveKey = "status.saved";
    switch (m_session.saveState()) {
    case core::SaveState::Saved: saveKey = "status.saved"; break;
    case core::SaveState::Unsaved: saveKey = "status.unsaved"; break;
    case core::SaveState::Saving: saveKey = "status.saving"; break;
    case core::SaveState::Failed: saveKey = "status.save_failed"; break;
    }
    if (!m_session.isLoaded()) saveKey = "status.loading";
    ImGui::TextUnformatted(tr(saveKey));
    markItem("status.save");
    if (m_session.isLoaded() && !m_session.isComplete()) {  // the records behind `ready`, as they come in
        ImGui::SameLine(0, ImGui::GetFontSize() * 2);
        ImGui::TextDisabled(tr("records.loading_count"), static_cast<int>(m_session.recordsLoadedCount()));
        markItem("records.loading");
    }
    drawClassificationProgress();
    m_comfort.drawStatusItems();
    ImGui::End();
    ImGui::PopStyleVar();
}

// Classes and reminders are rebuilt for everyone in the background after a load: the list and files work
// meanwhile, and the status bar shows how far it has come.
void App::drawClassificationProgress() {
    std::optional<double> progress = m_crm.classes().rebuildProgress();
    if (!progress || m_crm.classes().pendingCustomers() < kProgressFromCustomers) return;
    ImGui::SameLine(0, ImGui::GetFontSize() * 2);
    char text[96];
    std::snprintf(text, sizeof text, tr("classes.progress"), static_cast<int>(*progress * 100));
    statusProgress(static_cast<float>(*progress), text, 10.0f);
    markItem("classes.progress");
}

void App::drawStorageBanner() {
    std::string message;
    const core::LoadReport& load = m_session.loadReport();
    core::PersistStatus save = m_session.saveError();
    int pending = static_cast<int>(m_session.pendingSaves());
    char buf[512];
    if (m_session.outOfMemory() && pending == 0) {
        message = tr("storage.memory_saved");
    } else if (m_session.outOfMemory()) {
        std::snprintf(buf, sizeof buf, tr("storage.memory"), pending);
        message = buf;
    } else if (m_platform.storageInfo().versionChanged) {
        message = tr("storage.versionchange");
    } else if (!load.status.ok() && load.status.code != "memory") {
        message = tr(load.status.code == "blocked" ? "storage.blocked" : "storage.unavailable");
    } else if (m_session.saveState() == core::SaveState::Failed) {
        std::snprintf(buf, sizeof buf, tr(save.code == "quota" ? "storage.quota" : "storage.io"), pending);
        message = buf;
    } else if (!load.corruptKeys.empty()) {
        std::snprintf(buf, sizeof buf, tr("storage.corrupt"), static_cast<int>(load.corruptKeys.size()));
        message = buf;
    }
    if (!message.empty()) banner("storage_banner", BannerTone::Problem, message.c_str(), "storage.banner");
}

void App::drawSync() { m_syncView.draw(); }

void App::drawSettings() {
    if (!ImGui::BeginTable("settings", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.0f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);

    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("settings.language"));
    ImGui::TableNextColumn();
    if (ImGui::RadioButton("中文（简体）", core::language() == core::Language::Chinese)) {
        core::setLanguage(core::Language::Chinese);
        saveSettings();
    }
    ImGui::SameLine();
    if (ImGui::RadioButton("English", core::language() == core::Language::English)) {
        core::setLanguage(core::Language::English);
        saveSettings();
    }

    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("settings.theme"));
    ImGui::TableNextColumn();
    if (ImGui::RadioButton(label("settings.theme_light").c_str(), !m_settings.dark)) {
        m_settings.dark = false;
        m_themeDirty = true;
        saveSettings();
    }
    ImGui::SameLine();
    if (ImGui::RadioButton(label("settings.theme_dark").c_str(), m_settings.dark)) {
        m_settings.dark = true;
        m_themeDirty = true;
        saveSettings();
    }

    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr("settings.font_size"));
    ImGui::TableNextColumn();
    const float sizes[] = {0.875f, 1.0f, 1.125f, 1.25f, 1.5f};
    for (float s : sizes) {
        char text[16];
        std::snprintf(text, sizeof text, "%d%%", int(s * 100 + 0.5f));
        if (s != sizes[0]) ImGui::SameLine();
        if (ImGui::RadioButton(text, m_settings.fontScale == s)) {
            m_settings.fontScale = s;
            m_themeDirty = true;
            saveSettings();
        }
    }

    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr("settings.storage"));
    ImGui::TableNextColumn();
    StorageInfo info = m_platform.storageInfo();
    if (info.usageBytes >= 0 && info.quotaBytes > 0) {
        ImGui::Text("%.1f MB / %.0f MB", double(info.usageBytes) / 1e6, double(info.quotaBytes) / 1e6);
    } else {
        ImGui::TextDisabled("—");
    }
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(tr("settings.persisted"));
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", tr(info.persisted == 1   ? "settings.persist_granted"
                                : info.persisted == 0 ? "settings.persist_denied"
                                                      : "settings.persist_unknown"));
    markItem("settings.persisted");
    if (!m_comfort.page().offlineReload()) {
        // Said once, here: no service worker on this page (blocked, or plain http on the LAN).
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(tr("settings.offline"));
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", tr("settings.offline_unavailable"));
        markItem("settings.offline");
    }
    ImGui::EndTable();
    m_ruleSettings.draw();
    m_workingTime.draw();
    m_surveys.drawSettings();
}

} // namespace crm::shell

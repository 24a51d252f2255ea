// The Sync screen (the conflict dialog is shell/conflict_dialog.cpp).
//
// Sections: helpers · screen · account · progress · rejections · conflicts
#include "shell/sync_view.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>
#include <cstring>

namespace crm::shell {
using core::tr;

// ---- helpers ----
namespace {
const ImVec4 kGood(0.15f, 0.6f, 0.25f, 1);
const ImVec4 kBusy(0.15f, 0.45f, 0.8f, 1);
const ImVec4 kWarn(0.8f, 0.45f, 0.05f, 1);
const ImVec4 kBad(0.8f, 0.12f, 0.12f, 1);

ImVec4 stateColor(core::SyncState s) {
    switch (s) {
        case core::SyncState::UpToDate:
            return kGood;
        case core::SyncState::Connecting:
        case core::SyncState::Pulling:
        case core::SyncState::Pushing:
        case core::SyncState::Checking:
            return kBusy;
        case core::SyncState::Paused:
        case core::SyncState::Idle:
            return kWarn;
        case core::SyncState::LoginRequired:
        case core::SyncState::Failed:
            return kBad;
    }
    return kWarn;
}

std::string format(const char* fmt, long long value) {
    char buf[256];
    std::snprintf(buf, sizeof buf, fmt, static_cast<int>(value));
    return buf;
}

// "3 s ago", "5 min ago"… for a past time.
std::string ago(int64_t nowMs, int64_t thenMs) {
    int64_t s = std::max<int64_t>(0, (nowMs - thenMs) / 1000);
    if (s < 5) return tr("sync.ago_now");
    if (s < 60) return format(tr("sync.ago_seconds"), s);
    if (s < 3600) return format(tr("sync.ago_minutes"), s / 60);
    if (s < 86400) return format(tr("sync.ago_hours"), s / 3600);
    return format(tr("sync.ago_days"), s / 86400);
}

std::string duration(double seconds) {
    if (seconds < 60) return format(tr("sync.seconds"), static_cast<long long>(std::max(1.0, seconds + 0.5)));
    if (seconds < 3600) return format(tr("sync.minutes"), static_cast<long long>(seconds / 60 + 0.5));
    return format(tr("sync.hours"), static_cast<long long>(seconds / 3600 + 0.5));
}

// The i18n key explaining a replication error: chosen from its kind ("sync.error.<kind>").
std::string errorHint(core::SyncErrorKind kind) {
    return std::string("sync.error.") + core::syncErrorKindName(kind);
}

void rowLabel(const char* key) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(key));
    ImGui::TableNextColumn();
}
}  // namespace

SyncView::SyncView(core::CrmSession& session, core::SyncController& sync, std::function<void(const std::string&)> onServerUrl,
                   std::function<void(const std::string&)> onOpenDocument)
    : m_session(session),
      m_sync(sync),
      m_onServerUrl(std::move(onServerUrl)),
      m_onOpenDocument(std::move(onOpenDocument)),
      m_conflict(session) {}

std::string SyncView::statusText(const core::SyncController& sync) {
    if (!sync.disabledReason().empty()) return tr("sync.status_off");
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("sync.status_bar"), tr(sync.stateKey()));
    std::string text = buf;
    if (sync.conflictsKnown() && !sync.conflicts().empty()) text += " · " + format(tr("sync.status_conflicts"), sync.conflicts().size());
    return text;
}

void SyncView::drawStatus(const core::SyncController& sync, const std::function<void()>& onSetServer) {
    ImGui::TextUnformatted(statusText(sync).c_str());
    markItem("status.sync");
    if (!sync.noServerConfigured()) return;
    ImGui::SameLine();
    if (ImGui::SmallButton(label("sync.set_server").c_str())) onSetServer();
    markItem("status.sync_setup");
}

std::string SyncView::documentLabel(const std::string& id) const {
    if (std::optional<core::Json> doc = m_session.store().get(id)) {
        std::string name = doc->value("name", std::string());
        if (!name.empty()) return name;
    }
    return id;
}

// ---- screen ----
void SyncView::draw() {
    ImGui::TextWrapped("%s", tr("sync.intro"));
    ImGui::Spacing();
    if (!m_sync.disabledReason().empty()) {
        ImGui::TextColored(kWarn, "%s", tr(m_sync.disabledReason()));
        markItem("sync.disabled");
        return;
    }
    if (m_sync.state() == core::SyncState::LoginRequired) {
        ImGui::PushStyleColor(ImGuiCol_ChildBg, ImVec4(0.99f, 0.93f, 0.90f, 1.0f));
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.55f, 0.10f, 0.05f, 1.0f));
        const char* text = tr("sync.login_required_banner");
        const ImVec2 pad = ImGui::GetStyle().WindowPadding;
        float textHeight = ImGui::CalcTextSize(text, nullptr, false, ImGui::GetContentRegionAvail().x - pad.x * 2).y;
        ImGui::BeginChild("login_banner", ImVec2(0, textHeight + pad.y * 2 + 2), true, ImGuiWindowFlags_NoScrollbar);
        ImGui::TextWrapped("%s", text);
        markItem("sync.login_required");
        ImGui::EndChild();
        ImGui::PopStyleColor(2);
    }
    if (!ImGui::BeginTable("sync_fields", 2, ImGuiTableFlags_SizingStretchProp)) return;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 7.0f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);

    rowLabel("sync.server");
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputTextWithHint("##server", m_sync.databaseUrl().c_str(), &m_urlEdit);
    // Applied when the field is left or Enter is pressed, not at every keystroke.
    if (ImGui::IsItemDeactivatedAfterEdit() && m_onServerUrl) m_onServerUrl(m_urlEdit);
    markItem("sync.server");
    ImGui::TextDisabled("%s", m_urlEdit.empty() ? tr("sync.server_default") : tr("sync.server_custom"));
    const bool noServer = m_sync.noServerConfigured();
    if (noServer) {  // a static host: not an error, an invitation to set one
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextColored(kBusy, "%s", tr("sync.no_server_hint"));
        ImGui::PopTextWrapPos();
        markItem("sync.no_server");
    }

    rowLabel("sync.account");
    drawAccount();

    rowLabel("sync.state");
    core::SyncState state = m_sync.state();
    ImGui::AlignTextToFramePadding();
    ImGui::TextColored(noServer ? kBusy : stateColor(state), "● %s", tr(m_sync.stateKey()));
    markItem("sync.state");
    ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
    if (ImGui::Button(label(m_sync.enabled() ? "sync.pause" : "sync.resume").c_str())) {
        if (m_sync.enabled())
            m_sync.stop();
        else
            m_sync.start();
    }
    markItem("sync.toggle");
    if (!m_sync.online()) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s", tr("sync.offline_note"));
    } else if (state == core::SyncState::Paused && m_sync.replicator() && m_sync.replicator()->retryAtMs() > 0) {
        int64_t wait = (m_sync.replicator()->retryAtMs() - m_session.clock().nowMs() + 999) / 1000;
        ImGui::SameLine();
        ImGui::TextDisabled("%s", format(tr("sync.retry_in"), std::max<int64_t>(0, wait)).c_str());
        ImGui::SameLine();
        if (ImGui::SmallButton(label("sync.now").c_str())) m_sync.syncNow();
        markItem("sync.now");
    }

    rowLabel("sync.progress");
    drawProgress();

    rowLabel("sync.last_sync");
    const core::Replicator* replicator = m_sync.replicator();
    int64_t last = replicator ? replicator->lastSyncMs() : 0;
    if (last > 0) {
        ImGui::Text("%s  (%s)", ago(m_session.clock().nowMs(), last).c_str(), core::formatIsoUtc(last).c_str());
    } else {
        ImGui::TextDisabled("%s", tr("sync.never"));
    }
    markItem("sync.last");

    core::SyncError error = replicator ? replicator->lastSyncError() : core::SyncError{};
    if (error && state != core::SyncState::UpToDate && !noServer) {
        rowLabel("sync.last_error");
        // What it means and what to do, in the UI language; the server's or the browser's own words below.
        errorText(tr(errorHint(error.kind)));
        markItem("sync.error");
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextDisabled("%s", error.detail.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::EndTable();

    drawRejections();
    drawConflicts();
}

// ---- account ----
void SyncView::drawAccount() {
    const core::SyncAccount& account = m_sync.account();
    using S = core::SyncAccount::State;
    ImGui::AlignTextToFramePadding();
    switch (account.state) {
        case S::LoggedIn: {
            char buf[256];
            std::snprintf(buf, sizeof buf, tr("sync.logged_in"), account.name.c_str());
            ImGui::TextUnformatted(buf);
            markItem("sync.account");
            ImGui::SameLine();
            if (ImGui::Button(label("sync.logout").c_str())) m_sync.logout();
            markItem("sync.logout");
            break;
        }
        case S::LoggingOut:
            ImGui::TextDisabled("%s", tr("sync.checking"));
            markItem("sync.account");
            return;
        case S::Checking:
        case S::LoggingIn:
            ImGui::TextDisabled("%s", tr("sync.checking"));
            markItem("sync.account");
            break;
        case S::Unknown:
        case S::Anonymous:
            ImGui::TextUnformatted(tr(account.state == S::Unknown ? "sync.account_unknown" : "sync.anonymous"));
            if (account.state == S::Anonymous && account.admin && m_sync.state() != core::SyncState::LoginRequired) {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", tr("sync.admin_party"));
            }
            markItem("sync.account");
            break;
    }
    if (account.state == S::LoggedIn) {
        errorText(account.error.empty() ? "" : std::string(tr(account.error)) + " " + account.detail);
        return;
    }
    // The login form: name and password; the password leaves memory once sent.
    float w = ImGui::GetFontSize() * 9.0f;
    ImGui::SetNextItemWidth(w);
    ImGui::InputTextWithHint("##login_name", tr("sync.user"), &m_loginName);
    markItem("sync.login.name");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(w);
    bool enter = ImGui::InputTextWithHint("##login_password", tr("sync.password"), &m_password,
                                          ImGuiInputTextFlags_Password | ImGuiInputTextFlags_EnterReturnsTrue);
    markItem("sync.login.password");
    ImGui::SameLine();
    bool busy = account.state == S::LoggingIn || account.state == S::Checking;
    ImGui::BeginDisabled(busy || m_loginName.empty());
    bool clicked = ImGui::Button(label("sync.login").c_str());
    ImGui::EndDisabled();
    markItem("sync.login");
    if ((clicked || enter) && !busy && !m_loginName.empty()) {
        m_sync.login(m_loginName, m_password);
        std::fill(m_password.begin(), m_password.end(), '\0');
        m_password.clear();
    }
    if (!account.error.empty()) {
        errorText(std::string(tr(account.error)) + (account.detail.empty() ? "" : " (" + account.detail + ")"));
        markItem("sync.login_error");
    }
}

// ---- progress ----
void SyncView::drawProgress() {
    const core::Replicator* replicator = m_sync.replicator();
    if (!replicator) {
        ImGui::TextDisabled("—");
        return;
    }
    const core::SyncProgress& p = replicator->progress();
    size_t done = p.pulledDocs + p.pushedDocs;
    float fraction = p.pendingDocs == 0 ? (done > 0 || m_sync.state() == core::SyncState::UpToDate ? 1.0f : 0.0f)
                                        : float(double(done) / double(done + p.pendingDocs));
    char overlay[128];
    std::snprintf(overlay, sizeof overlay, "%d / %d", static_cast<int>(done), static_cast<int>(done + p.pendingDocs));
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, m_sync.state() == core::SyncState::UpToDate
                                                      ? ImVec4(0.45f, 0.75f, 0.5f, 1)
                                                      : ImVec4(0.45f, 0.62f, 0.88f, 1));
    ImGui::ProgressBar(fraction, ImVec2(-FLT_MIN, 0), overlay);
    ImGui::PopStyleColor();
    markItem("sync.progress");
    char buf[256];
    std::snprintf(buf, sizeof buf, tr("sync.progress_text"), static_cast<int>(p.pulledDocs),
                  static_cast<int>(p.pushedDocs), static_cast<int>(p.pendingDocs));
    std::string text = buf;
    if (p.docsPerSecond > 0.05 && p.pendingDocs > 0) {
        std::snprintf(buf, sizeof buf, tr("sync.rate"), p.docsPerSecond);
        text += std::string(" · ") + buf;
        if (p.etaSeconds > 0) {
            std::snprintf(buf, sizeof buf, tr("sync.eta"), duration(p.etaSeconds).c_str());
            text += std::string(" · ") + buf;
        }
    }
    ImGui::TextDisabled("%s", text.c_str());
}

// ---- rejections ----
void SyncView::drawRejections() {
    const core::Replicator* replicator = m_sync.replicator();
    if (!replicator || replicator->rejections().empty()) return;
    const auto& rejections = replicator->rejections();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextColored(kBad, "%s", format(tr("sync.rejected_title"), rejections.size()).c_str());
    markItem("sync.rejections");
    ImGui::TextWrapped("%s", tr("sync.rejected_help"));
    if (!ImGui::BeginTable("rejections", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn(tr("col.document"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(tr("col.error"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(tr("col.reason"), ImGuiTableColumnFlags_WidthStretch, 3.0f);
    ImGui::TableHeadersRow();
    for (const core::Rejection& r : rejections) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::PushID(r.id.c_str());
        if (ImGui::Selectable(documentLabel(r.id).c_str(), false) && m_onOpenDocument) m_onOpenDocument(r.id);
        ImGui::PopID();
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s %s", r.id.c_str(), r.rev.c_str());
        markItem(("sync.rejection." + r.id).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(r.error.c_str());
        ImGui::TableNextColumn();
        ImGui::TextWrapped("%s", r.reason.c_str());
    }
    ImGui::EndTable();
}

// ---- conflicts ----
void SyncView::drawConflicts() {
    const std::set<std::string>& conflicts = m_sync.conflicts();
    ImGui::Spacing();
    ImGui::Separator();
    ImGui::TextColored(conflicts.empty() ? kGood : kWarn, "%s",
                       format(tr("sync.conflicts_title"), conflicts.size()).c_str());
    markItem("sync.conflicts");
    if (conflicts.empty()) {
        ImGui::TextDisabled("%s", tr("sync.no_conflicts"));
        return;
    }
    ImGui::TextWrapped("%s", tr("sync.conflicts_help"));
    if (!ImGui::BeginTable("conflicts", 3,
                           ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp))
        return;
    ImGui::TableSetupColumn(tr("col.document"), ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn(tr("col.versions"), ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("##action", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 6.0f);
    ImGui::TableHeadersRow();
    int shown = 0;
    std::string open;
    for (const std::string& id : conflicts) {
        if (++shown > 200) break;  // a long list is worked through from the top
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(documentLabel(id).c_str());
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", id.c_str());
        ImGui::TableNextColumn();
        std::optional<core::RevisionTree> tree = m_session.store().revisionTree(id);
        ImGui::Text("%d", tree ? static_cast<int>(tree->conflicts().size() + 1) : 0);
        ImGui::TableNextColumn();
        ImGui::PushID(id.c_str());
        if (ImGui::SmallButton(label("sync.resolve").c_str())) open = id;
        ImGui::PopID();
        markItem(("sync.conflict." + id).c_str());
    }
    ImGui::EndTable();
    if (!open.empty()) m_conflict.open(open);
}

}  // namespace crm::shell

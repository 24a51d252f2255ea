// The Sync screen: server URL, account (log in / log out), state, progress (done / pending, rate, ETA),
// last sync, documents the server refused with its reasons, documents in conflict (opening the conflict dialog,
// shell/conflict_dialog.h); and the status bar's sync part.
#pragma once
#include "core/app/crm_session.h"
#include "core/app/sync_controller.h"
#include "shell/conflict_dialog.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crm::shell {

class SyncView {
public:
    // `onServerUrl` stores a new server URL setting (App keeps the settings document); `onOpenDocument` shows
    // a document (a refused customer, to fix it).
    SyncView(core::CrmSession& session, core::SyncController& sync, std::function<void(const std::string&)> onServerUrl,
             std::function<void(const std::string&)> onOpenDocument = nullptr);

    void setServerUrlText(const std::string& url) { m_urlEdit = url; }
    void draw();
    // The conflict dialog (drawn at the top level of the frame, like the customer form).
    void drawDialogs() {
        m_conflict.draw([this](const std::string& id) { return documentLabel(id); });
    }
    void openConflict(const std::string& id) { m_conflict.open(id); }
    bool conflictOpen() const { return m_conflict.isOpen(); }

    // The status bar's "Sync: …" text for the current state.
    static std::string statusText(const core::SyncController& sync);
    // The status bar's part: its text, and when there is no server a button that opens the Sync screen
    // (`onSetServer`), whose first field is the server address.
    static void drawStatus(const core::SyncController& sync, const std::function<void()>& onSetServer);

private:
    void drawAccount();
    void drawProgress();
    void drawRejections();
    void drawConflicts();
    std::string documentLabel(const std::string& id) const;

    core::CrmSession& m_session;
    core::SyncController& m_sync;
    std::function<void(const std::string&)> m_onServerUrl;
    std::function<void(const std::string&)> m_onOpenDocument;
    std::string m_urlEdit;
    std::string m_loginName;
    std::string m_password;  // only while typed: cleared as soon as it is sent
    ConflictDialog m_conflict;
};

}  // namespace crm::shell

// The Sync screen: server URL, account (log in / log out), state, progress (done / pending, rate, ETA),
// last sync, documents the server refused with its reasons, documents in conflict, and the field-by-field
// conflict dialog (mine / theirs / common ancestor; one-sided changes pre-merged; Save writes the merge).
#pragma once
#include "core/app/crm_session.h"
#include "core/sync/conflict_merge.h"
#include "core/app/sync_controller.h"

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
    void drawDialogs();
    void openConflict(const std::string& id);
    bool conflictOpen() const { return m_conflict.has_value(); }

    // The status bar's "Sync: …" text for the current state.
    static std::string statusText(const core::SyncController& sync);

private:
    enum Pick { Mine = 0, Theirs = 1, Ancestor = 2 };
    void drawAccount();
    void drawProgress();
    void drawRejections();
    void drawConflicts();
    void saveConflict();
    std::string documentLabel(const std::string& id) const;

    core::CrmSession& m_session;
    core::SyncController& m_sync;
    std::function<void(const std::string&)> m_onServerUrl;
    std::function<void(const std::string&)> m_onOpenDocument;
    std::string m_urlEdit;
    std::string m_loginName;
    std::string m_password;  // only while typed: cleared as soon as it is sent

    std::optional<core::ConflictView> m_conflict;
    std::vector<int> m_picks;    // per field of m_conflict: Pick
    std::vector<bool> m_picked;  // per field: chosen by a click
    bool m_conflictJustOpened = false;
    std::string m_conflictError;
};

}  // namespace crm::shell

// CrmApp: assembly of the core objects, the writer's name, and the frame's background work.
#include "core/app/crm_app.h"

#include "core/app/record_text.h"
#include "core/app/ui_settings.h"
#include "core/domain/civil_date.h"

#include <new>

namespace crm::core {

CrmApp::CrmApp(CrmSession& session, HttpClient* http, std::string defaultDatabaseUrl)
    : m_session(session), m_classes(session.store()), m_search(session.store()),
      m_files(session, m_classes.byCustomer(), &m_search.vehicleOwners()),
      m_sync(session, http, std::move(defaultDatabaseUrl)), m_complaintBoard(session), m_complaintSummary(session),
      m_surveys(session, m_classes) {}

std::string CrmApp::currentUser() const {
    const SyncAccount& account = m_sync.account();
    if (account.state == SyncAccount::State::LoggedIn && !account.name.empty()) return account.name;
    std::string name = loadUiSettings(m_session.store()).userName;
    return name.empty() ? std::string(kDeviceUser) : name;
}

void CrmApp::runBackgroundWork(bool online, FrameBudget& background) {
    m_session.setUser(currentUser());  // history entries name who made each write
    setDisplayZone(m_session.shopZone());  // date-times in lists and histories, in the shop's time
    try {
        // The records behind `ready` (core/store/segment.h's stages) first, in an allowance of their own: what
        // waits for them (classification, complaint board, surveys, sync) cannot start before. A frame they
        // took whole (a segment taken in at the end of the allowance, the stage's end) has no other job's step.
        if (m_session.isLoaded() && !m_session.isComplete() && background.remainingMs() > 0) {
            FrameBudget loading = background.separate(kRecordsLoadMsPerFrame);
            m_session.loadRecordsStep([&] { return loading.allows(); });
            if (loading.remainingMs() <= 0) background.useUp();
        }
        for (int k = 0; k < kBackgroundJobs; ++k) {
            switch ((m_backgroundTurn + k) % kBackgroundJobs) {
            case 0:
                if (m_session.outOfMemory()) break;
                while (m_search.pending() > 0 && background.allows() && m_search.step(kCustomersPerIndexStep)) {}
                break;
            case 1: m_sync.tick(online, background); break;
            case 2:
                if (m_session.outOfMemory()) break;
                while (m_surveys.step() && background.allows()) {}
                break;
            case 3:
                if (m_session.isComplete()) m_complaintBoard.refreshInSteps(m_session.clock().nowMs(), background);
                break;
            case 4:
                if (!m_session.isComplete() || m_session.outOfMemory()) break;
                while (m_complaintSummary.hasWork(m_session.clock().nowMs()) && background.allows())
                    m_complaintSummary.step(m_session.clock().nowMs());
                break;
            default:
                if (!m_session.outOfMemory()) refreshClasses(background);
                break;
            }
        }
    } catch (const std::bad_alloc&) {
        m_session.noteOutOfMemory();
    }
    m_backgroundTurn = (m_backgroundTurn + 1) % kBackgroundJobs;
}

// Classification: after a load its customer_id index first, then customers' facts, in small steps while the
// allowance lasts; a new day or new rules at once.
void CrmApp::refreshClasses(FrameBudget& background) {
    if (!m_session.isComplete()) return;
    // The facts read the index, and until they are refreshed the classification asks it nothing (it has every
    // customer to rebuild anyway), so no query finishes the rebuild in one step.
    const SecondaryIndex& related = m_classes.byCustomer();
    while (related.stale()) {
        if (!background.allows()) return;
        related.buildStep(kEntriesPerIndexStep);
    }
    if (m_classes.dirty() && !background.allows()) return;
    const int64_t now = m_session.clock().nowMs();
    const CivilDate today = chinaToday(now);
    do {
        m_classes.refreshPaced(today, now, background);  // facts: a customer at a time while the allowance lasts
    } while (m_classes.busy() && background.allows());
}

}  // namespace crm::core

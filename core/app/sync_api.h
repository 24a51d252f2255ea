// The automation API's window.crm.sync.*: the sync controller's status and controls, a conflict as JSON and its
// resolution. JSON in, JSON out ({"result": …} or {"error": {"code", "message"}}), as callAutomation.
// Not here: sync.open_conflict, which opens the shell's conflict dialog (web/ forwards it).
#pragma once
#include "core/app/crm_session.h"
#include "core/app/sync_controller.h"
#include "core/sync/conflict_merge.h"

#include <string>

namespace crm::core {

// method: "sync.status" | "sync.start" | "sync.stop" | "sync.now" | "sync.login" ({name, password}) |
// "sync.logout" | "sync.conflict" (id) | "sync.resolve" ({id, merged}); anything else: unknown_method.
Json callSyncApi(SyncController& sync, CrmSession& session, const std::string& method, const Json& arg);

// {id, mineRev, theirsRev, hasAncestor, fields: [{field, mine, theirs, ancestor, mineChanged, theirsChanged,
// autoMerged}], merged}
Json conflictViewJson(const ConflictView& view);

}  // namespace crm::core

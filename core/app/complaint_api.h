// The automation API's complaint methods (window.crm.complaints, README "Automation API"):
// complaints.open (fields) → {ok, id, rev}; complaints.advance ({id, stage, fields, reason}) → {ok, rev} or
// {ok: false, refusal, reason, missing}; complaints.pause ({id, paused, reason}); complaints.deadlines (id) →
// [{stage, due, pausedMs, state, …}]; complaints.board ({category, severity, owner, overdue}) → {overdue,
// cards}; complaints.summary ({from, to}) → the period summary.
#pragma once
#include "core/app/crm_session.h"

#include <optional>
#include <string_view>

namespace crm::core {

class ComplaintBoard;

// The reply ({"result": …}) of a "complaints.*" method, or nullopt for any other method. `board`: the app's
// board, kept up to date (complaints.board refreshes it); null: one built for the call.
std::optional<Json> callComplaintApi(CrmSession& session, std::string_view method, const Json& arg,
                                     ComplaintBoard* board = nullptr);

}  // namespace crm::core

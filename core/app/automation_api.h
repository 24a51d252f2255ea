// The automation API behind window.crm (end-to-end tests, integrators): JSON in, JSON out, through the
// same CrmSession paths the screens use. Reply: {"result": …} or {"error": {"code", "message"}}.
#pragma once
#include "core/app/crm_session.h"

#include <string_view>

namespace crm::core {

// method: "put" (doc) | "bulk" ([docs]) | "get" (id) | "remove" ({id, rev}) | "query" ({selector, limit,
// skip, sort, fields}) | "stats" (null) | "records.types" (null) | "records.validate" (doc) |
// "records.history" (id) | "complaints.*" (core/app/complaint_api.h; `board`: the app's complaints board).
class ComplaintBoard;
Json callAutomation(CrmSession& session, std::string_view method, const Json& arg, const Json& extraStats = {},
                    ComplaintBoard* board = nullptr);

} // namespace crm::core

// The automation API's complaint methods (complaint_api.h).
#include "core/app/complaint_api.h"

#include "core/app/complaint_board.h"
#include "core/app/complaint_summary.h"
#include "core/json_field.h"

namespace crm::core {
namespace {
Json boardJson(CrmSession& session, const Json& arg, ComplaintBoard* shared) {
    std::optional<ComplaintBoard> own;
    ComplaintBoard& board = shared ? *shared : own.emplace(session);
    board.refresh(session.clock().nowMs());
    ComplaintFilter filter{stringField(arg, "category"), stringField(arg, "severity"), stringField(arg, "owner"),
                           arg.is_object() && arg.value("overdue", false)};
    Json cards = Json::array();
    for (const ComplaintCard* c : board.filtered(filter)) {
        cards.push_back({{"id", c->id}, {"customer", c->customerName}, {"stage", c->stage}, {"severity", c->severity},
                         {"owner", c->owner}, {"category", c->category}, {"state", deadlineStateName(c->state)},
                         {"warnLevel", c->warnLevel}, {"leftMs", c->hasDue ? Json(c->leftMs) : Json()},
                         {"paused", c->paused}});
    }
    return Json{{"overdue", board.overdueCount()}, {"cards", cards}};
}

Json summaryJson(CrmSession& session, const Json& arg) {
    auto from = CivilDate::parse(stringField(arg, "from")), to = CivilDate::parse(stringField(arg, "to"));
    const int64_t now = session.clock().nowMs();
    ComplaintSettings settings = loadComplaintSettings(session.store());
    return summarizeComplaints(storedComplaints(session.store()), from.value_or(CivilDate{1970, 1, 1}), to.value_or(CivilDate{9999, 12, 31}),
                               settings.time, now)
        .toJson();
}
}  // namespace

std::optional<Json> callComplaintApi(CrmSession& session, std::string_view method, const Json& arg,
                                     ComplaintBoard* board) {
    if (method == "complaints.open") return Json{{"result", complaintChangeJson(openComplaint(session, arg))}};
    if (method == "complaints.advance") {
        if (!arg.is_object()) throw std::invalid_argument("complaints.advance expects {id, stage, fields, reason}");
        return Json{{"result", complaintChangeJson(advanceComplaint(session, stringField(arg, "id"), stringField(arg, "stage"),
                                                                    arg.value("fields", Json::object()),
                                                                    stringField(arg, "reason")))}};
    }
    if (method == "complaints.pause") {
        if (!arg.is_object()) throw std::invalid_argument("complaints.pause expects {id, paused, reason}");
        return Json{{"result", complaintChangeJson(pauseComplaint(session, stringField(arg, "id"), arg.value("paused", true),
                                                                  stringField(arg, "reason")))}};
    }
    if (method == "complaints.deadlines") {
        if (!arg.is_string()) throw std::invalid_argument("complaints.deadlines expects a complaint id");
        std::optional<Json> doc = session.store().get(arg.get<std::string>());
        return Json{{"result", doc ? complaintDeadlinesJson(*doc, session.clock().nowMs()) : Json()}};
    }
    if (method == "complaints.board") return Json{{"result", boardJson(session, arg, board)}};
    if (method == "complaints.summary") return Json{{"result", summaryJson(session, arg)}};
    return std::nullopt;
}

}  // namespace crm::core

// window.crm.sync.* as JSON (see sync_api.h).
#include "core/app/sync_api.h"

namespace crm::core {

Json conflictViewJson(const ConflictView& view) {
    Json fields = Json::array();
    for (const FieldChoice& f : view.fields) {
        fields.push_back({{"field", f.field},
                          {"mine", f.mine},
                          {"theirs", f.theirs},
                          {"ancestor", f.ancestor},
                          {"mineChanged", f.mineChanged},
                          {"theirsChanged", f.theirsChanged},
                          {"autoMerged", f.autoMerged}});
    }
    return Json{{"id", view.id},           {"mineRev", view.mineRev}, {"theirsRev", view.theirsRev},
                {"hasAncestor", view.hasAncestor}, {"fields", fields},          {"merged", view.merged}};
}

Json callSyncApi(SyncController& sync, CrmSession& session, const std::string& method, const Json& arg) {
    if (method == "sync.start") {
        sync.start();
    } else if (method == "sync.stop") {
        sync.stop();
    } else if (method == "sync.now") {
        sync.syncNow();
    } else if (method == "sync.login") {
        sync.login(arg.value("name", std::string()), arg.value("password", std::string()));
    } else if (method == "sync.logout") {
        sync.logout();
    } else if (method == "sync.conflict") {
        if (!arg.is_string()) return Json{{"error", {{"code", "bad_request"}, {"message", "expects a document id"}}}};
        std::optional<ConflictView> view = buildConflictView(session.store(), arg.get<std::string>());
        return Json{{"result", view ? conflictViewJson(*view) : Json(nullptr)}};
    } else if (method == "sync.resolve") {
        WriteResult r = session.resolveConflict(arg.value("id", std::string()), arg.value("merged", Json::object()));
        if (r.ok()) return Json{{"result", {{"ok", true}, {"id", r.id}, {"rev", r.rev}}}};
        return Json{{"result", {{"ok", false}, {"id", r.id}, {"error", r.error->error}, {"reason", r.error->reason}}}};
    } else if (method != "sync.status") {
        return Json{{"error", {{"code", "unknown_method"}, {"message", "unknown method " + method}}}};
    }
    return Json{{"result", sync.status()}};
}

}  // namespace crm::core

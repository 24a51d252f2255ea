// Headless doctests for the Sync screen: the real App syncing with the fake CouchDB of the core sync tests
// (behind a small _session endpoint), driven frame by frame: state and status bar, login when the server
// asks for it (the password is not kept), refused documents, and the conflict dialog by clicking.
#include "shell/app.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"
#include "tests/core/sync/fake_couch.h"
#include "tests/shell/app_harness.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>
#include <string>

using namespace crm;

namespace {

// The fake database plus POST/GET/DELETE /_session. With requireLogin, database requests without a session
// answer 401 (CouchDB with require_valid_user).
class FakeServer : public core::HttpClient {
public:
    core::test::FakeCouch couch;
    bool requireLogin = false;
    bool loggedIn = false;
    std::string lastLoginBody;
    size_t sessionRequests = 0;

    void send(const core::HttpRequest& request, std::function<void(core::HttpResponse)> done) override {
        const std::string sessionUrl = "http://127.0.0.1:5984/_session";
        if (request.url == sessionUrl) {
            ++sessionRequests;
            if (request.method == "POST") {
                lastLoginBody = request.body;
                core::Json body = core::Json::parse(request.body);
                if (body.value("name", "") == "wang" && body.value("password", "") == "secret") {
                    loggedIn = true;
                    return done({200, R"({"ok":true,"name":"wang","roles":["crm"]})", "", {}});
                }
                return done({401, R"({"error":"unauthorized","reason":"Name or password is incorrect."})", "", {}});
            }
            if (request.method == "DELETE") {
                loggedIn = false;
                return done({200, R"({"ok":true})", "", {}});
            }
            std::string user = loggedIn ? R"({"name":"wang","roles":["crm"]})" : R"({"name":null,"roles":[]})";
            return done({200, R"({"ok":true,"userCtx":)" + user + "}", "", {}});
        }
        if (requireLogin && !loggedIn) {
            return done(
                {401, R"({"error":"unauthorized","reason":"You are not authorized to access this db."})", "", {}});
        }
        couch.send(request, std::move(done));
    }
};

// The sync server goes to the platform before the App is built (it syncs from its first frames).
struct WithServer {
    FakeServer server;
    explicit WithServer(bool requireLogin) { server.requireLogin = requireLogin; }
};

// The shared harness over FakeServer, 50 ms a frame.
struct SyncHarness : WithServer, shell_test::Harness {
    explicit SyncHarness(bool requireLogin = false)
        : WithServer(requireLogin), Harness({.http = &server, .msPerFrame = 50}) {}

    // Clicks once the widget stays in place for a frame (banners above may come and go).
    void click(const std::string& name) {
        core::Json items = shell::publishedItems();
        for (int i = 0; i < 20; ++i) {
            frame();
            core::Json now = shell::publishedItems();
            if (now.contains(name) && items.contains(name) && now[name] == items[name]) break;
            items = std::move(now);
        }
        Harness::click(name);
    }
    // The Sync screen. (The navigation can shift under the pointer while a banner of the customers screen
    // comes or goes in the same frame: clicking again is harmless for a navigation item.)
    void openSyncScreen() {
        for (int i = 0; i < 3 && !has("sync.state"); ++i)
            click("nav.sync");
        REQUIRE(has("sync.state"));
    }
    std::string state() const { return app->sync().status()["state"].get<std::string>(); }
    // Frames until `pred` holds (at most `n`).
    template <class Pred>
    bool until(Pred pred, int n = 400) {
        for (int i = 0; i < n; ++i) {
            if (pred()) return true;
            frame();
        }
        return pred();
    }
};

core::Json customer(const std::string& id, const std::string& name) {
    return {{"_id", id}, {"type", "customer"}, {"name", name}, {"phones", {"13900000000"}}};
}
}  // namespace

TEST_CASE("the app syncs by itself: local customers reach the server, the status bar shows the state") {
    SyncHarness h;
    REQUIRE(h.session.putDocument(customer("customer:a", "张伟")).ok());
    h.server.couch.put(customer("customer:b", "李娜"));
    CHECK(h.until([&] {
        return h.state() == "up_to_date" && h.server.couch.db.get("customer:a") && h.session.store().get("customer:b");
    }));
    CHECK(h.has("status.sync"));
    h.openSyncScreen();
    CHECK(h.has("sync.state"));
    CHECK(h.has("sync.progress"));
    CHECK(h.has("sync.login"));  // anonymous: the login form is offered
    core::Json status = h.app->sync().status();
    CHECK(status["pushed"].get<int>() >= 1);
    CHECK(status["pulled"].get<int>() >= 1);
    CHECK(status["account"]["state"] == "anonymous");

    // Offline pauses; back online resumes and sends what was written meanwhile.
    h.platform.m_online = false;
    h.frames(2);
    CHECK(h.state() == "paused");
    REQUIRE(h.session.putDocument(customer("customer:c", "王芳")).ok());
    h.frames(20);
    CHECK_FALSE(h.server.couch.db.get("customer:c"));
    h.platform.m_online = true;
    CHECK(h.until([&] { return h.server.couch.db.get("customer:c").has_value(); }));
}

TEST_CASE("a server that asks for a login: the banner, the login form, and sync going on afterwards") {
    SyncHarness h(true);
    REQUIRE(h.session.putDocument(customer("customer:a", "张伟")).ok());
    CHECK(h.until([&] { return h.state() == "login_required"; }));
    h.openSyncScreen();
    CHECK(h.has("sync.login_required"));
    h.click("sync.login.name");
    h.type("wang");
    h.click("sync.login.password");
    h.type("wrong");
    h.click("sync.login");
    CHECK(h.until([&] { return h.has("sync.login_error"); }));
    CHECK(h.state() == "login_required");

    h.click("sync.login.password");  // the field was emptied when the password was sent
    h.type("secret");
    h.click("sync.login");
    CHECK(h.server.lastLoginBody.find("secret") != std::string::npos);
    CHECK(h.until([&] { return h.server.couch.db.get("customer:a").has_value() && h.state() == "up_to_date"; }));
    CHECK(h.app->sync().status()["account"]["name"] == "wang");
    CHECK_FALSE(h.has("sync.login_required"));
    // The password is not in the settings document.
    std::optional<core::Json> settings = h.session.store().getLocal("_local/ui_settings");
    CHECK((!settings || settings->dump().find("secret") == std::string::npos));
}

TEST_CASE("a refused document is listed with the server's reason; the others sync") {
    SyncHarness h;
    h.server.couch.forbid = [](const core::Json& doc) { return !doc.contains("phones"); };
    REQUIRE(h.session.putDocument(customer("customer:ok", "有电话")).ok());
    REQUIRE(h.session.putDocument({{"_id", "customer:no"}, {"type", "customer"}, {"name", "没电话"}}).ok());
    CHECK(h.until(
        [&] { return h.server.couch.db.get("customer:ok") && h.app->sync().status()["rejections"].size() == 1; }));
    CHECK_FALSE(h.server.couch.db.get("customer:no"));
    h.openSyncScreen();
    CHECK(h.has("sync.rejection.customer:no"));
    CHECK(h.has("sync.rejections"));
}

TEST_CASE("the conflict dialog: one-sided changes are merged, a clash is chosen by clicking, Save resolves") {
    SyncHarness h;
    h.app->sync().stop();
    // Two leaves under one ancestor: notes changed on both sides, region on one side, company on the other.
    core::Json base = {{"type", "customer"}, {"name", "王建国"}, {"region", "北京"}, {"notes", "老客户"}};
    core::Json mine = base, theirs = base;
    mine.update({{"_id", "customer:w"},
                 {"_rev", "2-bbbb"},
                 {"_revisions", {{"start", 2}, {"ids", {"bbbb", "aaaa"}}}},
                 {"region", "上海"},
                 {"notes", "周末联系"}});
    theirs.update({{"_id", "customer:w"},
                   {"_rev", "2-aaab"},
                   {"_revisions", {{"start", 2}, {"ids", {"aaab", "aaaa"}}}},
                   {"company", "建国汽修"},
                   {"notes", "只接电话"}});
    core::Json ancestor = base;
    ancestor.update({{"_id", "customer:w"}, {"_rev", "1-aaaa"}});
    h.session.store().bulkDocs({ancestor}, false);
    h.session.store().bulkDocs({mine, theirs}, false);
    // The common ancestor's body, as the replicator fetches it from the server.
    REQUIRE(h.session.store().keepAncestorBody("customer:w", "1-aaaa", base));
    REQUIRE(h.app->sync().conflicts().count("customer:w") == 1);

    h.openSyncScreen();
    h.click("sync.conflict.customer:w");
    REQUIRE(h.has("conflict.save"));
    CHECK(h.has("conflict.notes.mine"));
    CHECK(h.has("conflict.notes.theirs"));
    CHECK(h.has("conflict.notes.ancestor"));
    CHECK(h.has("conflict.region.mine"));
    CHECK_FALSE(h.has("conflict.name.mine"));  // the same everywhere: not shown
    h.click("conflict.notes.theirs");
    h.click("conflict.save");
    CHECK_FALSE(h.has("conflict.save"));
    std::optional<core::Json> doc = h.session.store().get("customer:w", core::GetOptions{"", true});
    REQUIRE(doc);
    CHECK((*doc)["notes"] == "只接电话");
    CHECK((*doc)["region"] == "上海");
    CHECK((*doc)["company"] == "建国汽修");
    CHECK_FALSE(doc->contains("_conflicts"));
    CHECK(h.app->sync().conflicts().empty());
}

TEST_CASE("the session endpoint is the server root's /_session, whatever the database URL looks like") {
    core::FixedClock clock{shell_test::kNow};
    core::CrmSession session{clock, 5};
    session.open(nullptr, nullptr);
    core::SyncController sync(session, nullptr, "http://127.0.0.1:8080/db/crm");
    CHECK(sync.databaseUrl() == "http://127.0.0.1:8080/db/crm");
    CHECK(sync.sessionUrl() == "http://127.0.0.1:8080/db/_session");
    sync.setServerUrl(" https://couch.example.com:6984/crm/ ");
    CHECK(sync.databaseUrl() == "https://couch.example.com:6984/crm");
    CHECK(sync.sessionUrl() == "https://couch.example.com:6984/_session");
    sync.setServerUrl("http://shop.example.com/couch/crm");
    CHECK(sync.sessionUrl() == "http://shop.example.com/couch/_session");
    sync.setServerUrl("/db/crm");
    CHECK(sync.sessionUrl() == "/db/_session");
    sync.setServerUrl("");
    CHECK(sync.databaseUrl() == "http://127.0.0.1:8080/db/crm");
    CHECK(sync.state() == core::SyncState::Idle);  // no HTTP on this platform: no replicator
}

TEST_CASE("a new server URL typed on the Sync screen is stored and used") {
    SyncHarness h;
    CHECK(h.until([&] { return h.state() == "up_to_date"; }));
    h.openSyncScreen();
    size_t before = h.server.couch.log.size();
    h.click("sync.server");
    h.type("http://127.0.0.1:5984/other");
    h.click("sync.state");  // leaving the field applies it
    CHECK(h.app->sync().databaseUrl() == "http://127.0.0.1:5984/other");
    std::optional<core::Json> settings = h.session.store().getLocal("_local/ui_settings");
    REQUIRE(settings);
    CHECK((*settings)["serverUrl"] == "http://127.0.0.1:5984/other");
    h.frames(10);
    REQUIRE(h.server.couch.log.size() > before);
    CHECK(h.server.couch.log.back().find("/other") != std::string::npos);            // the fake only knows /crm: …
    CHECK(h.until([&] { return h.state() == "failed" || h.state() == "paused"; }));  // … so the new one fails
    CHECK(h.has("sync.error"));
}

TEST_CASE("sync switched off for the demo database says so and sends nothing") {
    SyncHarness h;
    h.app->sync().disable("sync.demo_off");
    size_t before = h.server.couch.log.size();
    REQUIRE(h.session.putDocument(customer("customer:demo", "演示客户")).ok());
    h.frames(40);
    CHECK(h.server.couch.log.size() == before);
    CHECK_FALSE(h.server.couch.db.get("customer:demo"));
    CHECK(h.state() == "idle");
    for (int i = 0; i < 3 && !h.has("sync.disabled"); ++i)
        h.click("nav.sync");
    CHECK(h.has("sync.disabled"));
    CHECK_FALSE(h.has("sync.login"));
}

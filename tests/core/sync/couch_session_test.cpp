// The CouchDB session at its seam (core/sync/couch_session.h), against a fake _session endpoint with a cookie:
// log in, check, expiry (the server forgets the session), wrong password, network failure, log out.
#include "core/sync/couch_session.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
const std::string kUrl = "http://server/_session";

// _session of a server that knows one user and whether this browser's cookie is still valid.
struct FakeSessionServer : HttpClient {
    bool cookieValid = false;
    bool down = false;
    void send(const HttpRequest& r, std::function<void(HttpResponse)> done) override {
        CHECK(r.url == kUrl);
        if (down) return done(HttpResponse{0, "", "connection refused", {}});
        if (r.method == "POST") {
            Json body = Json::parse(r.body);
            cookieValid = body["name"] == "advisor" && body["password"] == "secret";
            if (!cookieValid)
                return done(HttpResponse{401, R"({"error":"unauthorized","reason":"Name or password is incorrect."})", "", {}});
            return done(HttpResponse{200, R"({"ok":true,"name":"advisor","roles":[]})", "", {}});
        }
        if (r.method == "DELETE") {
            cookieValid = false;
            return done(HttpResponse{200, R"({"ok":true})", "", {}});
        }
        Json user = cookieValid ? Json{{"name", "advisor"}, {"roles", Json::array({"sales"})}}
                                : Json{{"name", nullptr}, {"roles", Json::array()}};
        done(HttpResponse{200, Json{{"ok", true}, {"userCtx", user}}.dump(), "", {}});
    }
};
}  // namespace

TEST_CASE("session: log in, checked while valid, then expired once the server forgets it") {
    FakeSessionServer server;
    CouchSession session(server);
    SessionAnswer last;
    auto keep = [&](SessionAnswer a) { last = std::move(a); };
    session.check(kUrl, keep);
    CHECK(last.kind == SessionAnswer::Kind::Anonymous);
    session.login(kUrl, "advisor", "secret", keep);
    CHECK(last.kind == SessionAnswer::Kind::LoggedIn);
    CHECK(last.name == "advisor");
    session.check(kUrl, keep);
    CHECK(last.kind == SessionAnswer::Kind::LoggedIn);
    CHECK_FALSE(last.admin);
    server.cookieValid = false;  // the cookie's time is up
    session.check(kUrl, keep);
    CHECK(last.kind == SessionAnswer::Kind::Expired);
    CHECK_FALSE(session.loggedIn());
    session.check(kUrl, keep);
    CHECK(last.kind == SessionAnswer::Kind::Anonymous);  // said once
}

TEST_CASE("session: a wrong password and a network failure are answers of their kind; logging out") {
    FakeSessionServer server;
    CouchSession session(server);
    SessionAnswer last;
    auto keep = [&](SessionAnswer a) { last = std::move(a); };
    session.login(kUrl, "advisor", "wrong", keep);
    CHECK(last.kind == SessionAnswer::Kind::WrongPassword);
    CHECK(last.error.kind == SyncErrorKind::LoginRequired);
    CHECK(last.error.detail.find("Name or password is incorrect.") != std::string::npos);
    server.down = true;
    session.login(kUrl, "advisor", "secret", keep);
    CHECK(last.kind == SessionAnswer::Kind::Failed);
    CHECK(last.error.kind == SyncErrorKind::Network);
    session.check(kUrl, keep);  // a failed check says nothing about the session
    CHECK(last.kind == SessionAnswer::Kind::Failed);
    server.down = false;
    session.login(kUrl, "advisor", "secret", keep);
    session.logout(kUrl, keep);
    CHECK(last.kind == SessionAnswer::Kind::Anonymous);
    session.check(kUrl, keep);
    CHECK(last.kind == SessionAnswer::Kind::Anonymous);  // logged out, not expired
}

// CouchDB cookie sessions (`_session`): log in (POST name + password; the server sets the AuthSession cookie,
// the password is only passed through), check who is logged in (GET: userCtx name and roles), log out (DELETE).
// Answers are values: who (name, admin), or that the session has expired (a check finds no user where one was
// logged in), or an error with its kind. Does not: keep the password, or decide what the screens say.
#pragma once
#include "core/sync/couch_wire.h"
#include "core/sync/http_client.h"

#include <functional>
#include <string>

namespace crm::core {

struct SessionAnswer {
    enum class Kind { LoggedIn, Anonymous, Expired, WrongPassword, Failed };
    Kind kind = Kind::Failed;
    std::string name;    // LoggedIn: who
    bool admin = false;  // the session has the _admin role (PouchDB Server's admin party: anyone)
    SyncError error;     // WrongPassword / Failed: the server's or the network's words in `detail`
};

class CouchSession {
public:
    using Done = std::function<void(SessionAnswer)>;
    explicit CouchSession(HttpClient& http) : m_http(http) {}

    void check(const std::string& sessionUrl, Done done);
    void login(const std::string& sessionUrl, const std::string& name, const std::string& password, Done done);
    void logout(const std::string& sessionUrl, Done done);  // Anonymous, or Failed
    bool loggedIn() const { return !m_user.empty(); }

private:
    HttpClient& m_http;
    std::string m_user;  // who the last answer said is logged in
};

}  // namespace crm::core

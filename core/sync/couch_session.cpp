// CouchDB cookie sessions as values (see couch_session.h).
#include "core/sync/couch_session.h"

namespace crm::core {

namespace {
constexpr int kTimeoutMs = 20000;

// The session as the server describes it ({"userCtx": {"name", "roles"}}); Failed when it does not.
SessionAnswer describe(const HttpResponse& response, const char* doing) {
    SessionAnswer answer;
    if (response.status != 200) {
        answer.error = httpError(doing, response);
        return answer;
    }
    std::optional<Json> body = parseJson(response.body);
    if (!body || !body->is_object() || !body->contains("userCtx") || !(*body)["userCtx"].is_object()) {
        answer.error = wrongShape(doing, "no userCtx");
        return answer;
    }
    const Json& user = (*body)["userCtx"];
    answer.name = user.contains("name") && user["name"].is_string() ? user["name"].get<std::string>() : "";
    if (user.contains("roles") && user["roles"].is_array()) {
        for (const Json& role : user["roles"])
            answer.admin = answer.admin || role == "_admin";
    }
    answer.kind = answer.name.empty() ? SessionAnswer::Kind::Anonymous : SessionAnswer::Kind::LoggedIn;
    return answer;
}
}  // namespace

void CouchSession::check(const std::string& sessionUrl, Done done) {
    m_http.send(jsonRequest("GET", sessionUrl, {}, kTimeoutMs), [this, done = std::move(done)](HttpResponse response) {
        SessionAnswer answer = describe(response, "Checking the session");
        if (answer.kind == SessionAnswer::Kind::Anonymous && !m_user.empty()) answer.kind = SessionAnswer::Kind::Expired;
        if (answer.kind != SessionAnswer::Kind::Failed) m_user = answer.name;
        done(std::move(answer));
    });
}

void CouchSession::login(const std::string& sessionUrl, const std::string& name, const std::string& password,
                         Done done) {
    std::string body = Json{{"name", name}, {"password", password}}.dump();
    m_http.send(jsonRequest("POST", sessionUrl, std::move(body), kTimeoutMs),
                [this, name, done = std::move(done)](HttpResponse response) {
                    SessionAnswer answer;
                    if (response.status == 200) {
                        answer.kind = SessionAnswer::Kind::LoggedIn;
                        answer.name = m_user = name;
                    } else {
                        answer.kind =
                            response.status == 401 ? SessionAnswer::Kind::WrongPassword : SessionAnswer::Kind::Failed;
                        answer.error = httpError("Logging in", response);
                    }
                    done(std::move(answer));
                });
}

void CouchSession::logout(const std::string& sessionUrl, Done done) {
    m_http.send(jsonRequest("DELETE", sessionUrl, {}, kTimeoutMs), [this, done = std::move(done)](HttpResponse response) {
        SessionAnswer answer;
        if (response.status == 200) {
            answer.kind = SessionAnswer::Kind::Anonymous;
            m_user.clear();
        } else {
            answer.error = httpError("Logging out", response);
        }
        done(std::move(answer));
    });
}

}  // namespace crm::core

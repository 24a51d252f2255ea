// The HTTP seam of core/sync: core never opens a socket. The web build implements HttpClient with
// fetch (web/), native tools with POSIX sockets (native/socket_http_client.h), tests with a fake server.
#pragma once
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace crm::core {

struct HttpRequest {
    std::string method;  // "GET", "PUT", "POST", "DELETE"
    std::string url;     // absolute (http://host:port/db/...) or same-origin (/db/crm/...)
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    int timeoutMs = 30000;
};

struct HttpResponse {
    int status = 0;  // 0: network error or timeout
    std::string body;
    std::string error;  // what went wrong when status is 0
    std::vector<std::pair<std::string, std::string>> headers;
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    // Sends the request; `done` runs exactly once, later (web: from the event loop) or immediately (tests).
    virtual void send(const HttpRequest& request, std::function<void(HttpResponse)> done) = 0;
    // Runs `task` soon from the platform's event loop, after the caller has returned (web: a task of its own
    // between frames), so long work can go on in slices without waiting for the next frame. false: this
    // client cannot; the caller goes on from its next tick() instead.
    virtual bool defer(std::function<void()> task) {
        (void)task;
        return false;
    }
};

}  // namespace crm::core

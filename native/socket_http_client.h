// A blocking HttpClient over POSIX sockets for native tools and tests: HTTP/1.1, one connection per
// request (Connection: close), Content-Length, chunked and read-to-close bodies, a deadline per request.
// Only loopback servers (127.0.0.1, localhost) are reachable: it exists to talk to a local sync server.
#pragma once
#include "core/sync/http_client.h"

#include <string>

namespace crm::core {

class SocketHttpClient : public HttpClient {
public:
    // Performs the request and calls `done` before returning.
    void send(const HttpRequest& request, std::function<void(HttpResponse)> done) override;
    static HttpResponse perform(const HttpRequest& request);

    struct Url {
        std::string host;
        int port = 80;
        std::string target;  // path + query, starting with '/'
    };
    static bool parseUrl(const std::string& url, Url& out, std::string& error);
    // Decodes a chunked body; false when it is malformed or incomplete.
    static bool decodeChunked(const std::string& raw, std::string& out);
};

}  // namespace crm::core

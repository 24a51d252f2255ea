// SocketHttpClient (native only): URL rules (loopback only), chunked decoding, and real round trips
// against a one-shot loopback server thread: Content-Length, chunked, read-to-close, timeout, refused.
#ifndef __EMSCRIPTEN__
#include "native/socket_http_client.h"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

using namespace crm::core;

namespace {

// Accepts one connection, reads the request head (and a body by Content-Length), answers `reply`
// (possibly in pieces), then closes. The request text is kept for checks.
class OneShotServer {
public:
    explicit OneShotServer(std::vector<std::string> pieces, int delayMs = 0) {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_fd, 1);
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        port = ntohs(addr.sin_port);
        m_thread = std::thread([this, pieces = std::move(pieces), delayMs] {
            int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0) return;
            std::string data;
            char buf[4096];
            for (;;) {
                size_t head = data.find("\r\n\r\n");
                if (head != std::string::npos) {
                    size_t cl = data.find("Content-Length: ");
                    size_t want = cl == std::string::npos ? 0 : std::stoul(data.substr(cl + 16));
                    if (data.size() >= head + 4 + want) break;
                }
                ssize_t n = ::recv(c, buf, sizeof buf, 0);
                if (n <= 0) break;
                data.append(buf, static_cast<size_t>(n));
            }
            request = data;
            for (const std::string& p : pieces) {
                if (delayMs) std::this_thread::sleep_for(std::chrono::milliseconds(delayMs));
                ::send(c, p.data(), p.size(), MSG_NOSIGNAL);
            }
            ::close(c);
        });
    }
    ~OneShotServer() {
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        if (m_thread.joinable()) m_thread.join();
    }
    std::string url(const std::string& path) const { return "http://127.0.0.1:" + std::to_string(port) + path; }
    int port = 0;
    std::string request;

private:
    int m_fd = -1;
    std::thread m_thread;
};

HttpResponse perform(const std::string& method, const std::string& url, std::string body = {}, int timeoutMs = 5000) {
    HttpRequest req;
    req.method = method;
    req.url = url;
    req.body = std::move(body);
    req.timeoutMs = timeoutMs;
    req.headers.emplace_back("Content-Type", "application/json");
    HttpResponse out;
    int calls = 0;
    SocketHttpClient client;
    client.send(req, [&](HttpResponse r) {
        ++calls;
        out = std::move(r);
    });
    CHECK(calls == 1);
    return out;
}

}  // namespace

TEST_CASE("socket client: only loopback http URLs") {
    SocketHttpClient::Url u;
    std::string err;
    CHECK(SocketHttpClient::parseUrl("http://127.0.0.1:5984/crm/_changes?since=0", u, err));
    CHECK(u.port == 5984);
    CHECK(u.target == "/crm/_changes?since=0");
    CHECK(SocketHttpClient::parseUrl("http://localhost/x", u, err));
    CHECK(u.port == 80);
    CHECK_FALSE(SocketHttpClient::parseUrl("http://10.0.0.1:5984/crm", u, err));
    CHECK(err.find("127.0.0.1") != std::string::npos);
    CHECK_FALSE(SocketHttpClient::parseUrl("https://127.0.0.1/crm", u, err));
    CHECK_FALSE(SocketHttpClient::parseUrl("http://user:pw@127.0.0.1/crm", u, err));
    auto r = perform("GET", "http://example.com/crm");
    CHECK(r.status == 0);
    CHECK_FALSE(r.error.empty());
}

TEST_CASE("socket client: chunked decoding") {
    std::string out;
    CHECK(SocketHttpClient::decodeChunked("5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n", out));
    CHECK(out == "hello world");
    CHECK_FALSE(SocketHttpClient::decodeChunked("5\r\nhel", out));
    CHECK_FALSE(SocketHttpClient::decodeChunked("zz\r\nhello\r\n0\r\n\r\n", out));
}

TEST_CASE("socket client: round trips with Content-Length, chunked and read-to-close bodies") {
    {
        OneShotServer server(
            {"HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"ok\":true}"});
        auto r = perform("POST", server.url("/crm/_bulk_docs"), R"({"docs":[]})");
        CHECK(r.status == 201);
        CHECK(r.body == R"({"ok":true})");
        CHECK(server.request.rfind("POST /crm/_bulk_docs HTTP/1.1\r\n", 0) == 0);
        CHECK(server.request.find("Content-Length: 11\r\n") != std::string::npos);
        CHECK(server.request.find(R"({"docs":[]})") != std::string::npos);
    }
    {
        // Chunked, delivered in pieces with pauses (like a longpoll with heartbeats).
        OneShotServer server({"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "1\r\n\n\r\n",
                              "d\r\n{\"results\":[]\r\n", "10\r\n,\"last_seq\":42}\n\r\n0\r\n\r\n"},
                             30);
        auto r = perform("GET", server.url("/crm/_changes?feed=longpoll"));
        CHECK(r.status == 200);
        CHECK(r.body == "\n{\"results\":[],\"last_seq\":42}\n");
    }
    {
        OneShotServer server(
            {"HTTP/1.1 404 Object Not Found\r\nContent-Type: application/json\r\n\r\n{\"error\":\"not_found\"}"});
        auto r = perform("GET", server.url("/crm/_local/x"));
        CHECK(r.status == 404);
        CHECK(r.body == R"({"error":"not_found"})");
    }
    {
        // Truncated: Content-Length promises more than arrives.
        OneShotServer server({"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"results\":"});
        auto r = perform("GET", server.url("/crm/_changes"));
        CHECK(r.status == 0);
        CHECK(r.error.find("closed") != std::string::npos);
    }
}

TEST_CASE("socket client: timeout and refused connection are status 0") {
    {
        OneShotServer server({"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}"}, 1500);
        auto start = std::chrono::steady_clock::now();
        auto r = perform("GET", server.url("/slow"), {}, 200);
        auto ms =
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
        CHECK(r.status == 0);
        CHECK(r.error.find("timeout") != std::string::npos);
        CHECK(ms < 1400);
    }
    int port;
    {
        OneShotServer closed({});
        port = closed.port;
    }
    auto r = perform("GET", "http://127.0.0.1:" + std::to_string(port) + "/crm");
    CHECK(r.status == 0);
    CHECK_FALSE(r.error.empty());
}
#endif

// SocketHttpClient: connect (non-blocking, with a deadline), write the request, read the response to
// completion, then parse status line, headers and body (Content-Length / chunked / until close).
#include "native/socket_http_client.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace crm::core {

namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

int remainingMs(Clock::time_point deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

HttpResponse networkError(std::string message) {
    HttpResponse r;
    r.error = std::move(message);
    return r;
}

struct Fd {
    int fd = -1;
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
};

// Finds the end of the header block; npos while incomplete.
size_t headerEnd(const std::string& data) {
    size_t p = data.find("\r\n\r\n");
    return p == std::string::npos ? p : p + 4;
}

}  // namespace

bool SocketHttpClient::parseUrl(const std::string& url, Url& out, std::string& error) {
    const std::string scheme = "http://";
    if (url.compare(0, scheme.size(), scheme) != 0) {
        error = "only http:// URLs are supported: " + url;
        return false;
    }
    size_t hostStart = scheme.size();
    size_t pathStart = url.find('/', hostStart);
    std::string authority =
        url.substr(hostStart, pathStart == std::string::npos ? std::string::npos : pathStart - hostStart);
    out.target = pathStart == std::string::npos ? "/" : url.substr(pathStart);
    if (authority.find('@') != std::string::npos) {
        error = "credentials in the URL are not supported (send an Authorization header)";
        return false;
    }
    size_t colon = authority.rfind(':');
    out.host = authority.substr(0, colon);
    out.port = 80;
    if (colon != std::string::npos) {
        std::string port = authority.substr(colon + 1);
        if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) {
            error = "bad port in " + url;
            return false;
        }
        out.port = std::stoi(port);
    }
    if (out.host != "127.0.0.1" && out.host != "localhost") {
        error = "only 127.0.0.1 is reachable from this client, not " + out.host;
        return false;
    }
    return true;
}

bool SocketHttpClient::decodeChunked(const std::string& raw, std::string& out) {
    out.clear();
    size_t pos = 0;
    for (;;) {
        size_t lineEnd = raw.find("\r\n", pos);
        if (lineEnd == std::string::npos) return false;
        std::string sizeText = raw.substr(pos, lineEnd - pos);
        if (auto semi = sizeText.find(';'); semi != std::string::npos) sizeText.resize(semi);
        if (sizeText.empty() || sizeText.find_first_not_of("0123456789abcdefABCDEF \t") != std::string::npos)
            return false;
        size_t size = std::stoul(sizeText, nullptr, 16);
        pos = lineEnd + 2;
        if (size == 0) return true;  // trailers, if any, are ignored
        if (raw.size() < pos + size + 2) return false;
        out.append(raw, pos, size);
        pos += size + 2;
    }
}

HttpResponse SocketHttpClient::perform(const HttpRequest& request) {
    Url url;
    std::string error;
    if (!parseUrl(request.url, url, error)) return networkError(error);
    auto deadline = Clock::now() + std::chrono::milliseconds(request.timeoutMs > 0 ? request.timeoutMs : 30000);

    Fd sock;
    sock.fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (sock.fd < 0) return networkError(std::string("socket: ") + std::strerror(errno));
    ::fcntl(sock.fd, F_SETFL, ::fcntl(sock.fd, F_GETFL, 0) | O_NONBLOCK);
    int one = 1;
    ::setsockopt(sock.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(url.port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(sock.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        if (errno != EINPROGRESS) return networkError(std::string("connect: ") + std::strerror(errno));
        pollfd p{sock.fd, POLLOUT, 0};
        if (::poll(&p, 1, remainingMs(deadline)) <= 0) return networkError("timeout while connecting");
        int soError = 0;
        socklen_t len = sizeof soError;
        ::getsockopt(sock.fd, SOL_SOCKET, SO_ERROR, &soError, &len);
        if (soError != 0) return networkError(std::string("connect: ") + std::strerror(soError));
    }

    std::string out = request.method + " " + url.target + " HTTP/1.1\r\n";
    out += "Host: " + url.host + ":" + std::to_string(url.port) + "\r\n";
    out += "Connection: close\r\n";
    bool hasLength = false;
    for (const auto& [name, value] : request.headers) {
        if (lower(name) == "content-length") hasLength = true;
        if (lower(name) == "connection" || lower(name) == "host") continue;
        out += name + ": " + value + "\r\n";
    }
    if (!hasLength && (!request.body.empty() || request.method == "POST" || request.method == "PUT")) {
        out += "Content-Length: " + std::to_string(request.body.size()) + "\r\n";
    }
    out += "\r\n";
    out += request.body;

    size_t sent = 0;
    while (sent < out.size()) {
        ssize_t n = ::send(sock.fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
            return networkError(std::string("send: ") + std::strerror(errno));
        }
        pollfd p{sock.fd, POLLOUT, 0};
        if (::poll(&p, 1, remainingMs(deadline)) <= 0) return networkError("timeout while sending");
    }

    // Read until the response is complete (by its framing) or the server closes.
    std::string data;
    size_t bodyStart = std::string::npos;
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    bool chunked = false;
    long long contentLength = -1;
    bool closed = false;
    char buf[65536];
    for (;;) {
        if (bodyStart == std::string::npos) {
            size_t end = headerEnd(data);
            if (end != std::string::npos) {
                bodyStart = end;
                std::string head = data.substr(0, end - 4);
                size_t lineEnd = head.find("\r\n");
                std::string statusLine = head.substr(0, lineEnd);
                if (statusLine.compare(0, 5, "HTTP/") != 0 || statusLine.size() < 12)
                    return networkError("malformed status line");
                status = std::atoi(statusLine.c_str() + 9);
                size_t pos = lineEnd == std::string::npos ? head.size() : lineEnd + 2;
                while (pos < head.size()) {
                    size_t e = head.find("\r\n", pos);
                    if (e == std::string::npos) e = head.size();
                    std::string line = head.substr(pos, e - pos);
                    pos = e + 2;
                    size_t colon = line.find(':');
                    if (colon == std::string::npos) continue;
                    std::string name = line.substr(0, colon), value = line.substr(colon + 1);
                    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
                        value.erase(0, 1);
                    while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                        value.pop_back();
                    std::string key = lower(name);
                    if (key == "transfer-encoding" && lower(value).find("chunked") != std::string::npos) chunked = true;
                    if (key == "content-length") contentLength = std::atoll(value.c_str());
                    headers.emplace_back(std::move(name), std::move(value));
                }
                if (request.method == "HEAD" || status == 204 || status == 304 || (status >= 100 && status < 200))
                    contentLength = 0;
            }
        }
        if (bodyStart != std::string::npos) {
            std::string raw = data.substr(bodyStart);
            if (chunked) {
                std::string body;
                if (decodeChunked(raw, body)) {
                    HttpResponse r;
                    r.status = status;
                    r.body = std::move(body);
                    r.headers = std::move(headers);
                    return r;
                }
                if (closed) return networkError("connection closed in the middle of a chunked body");
            } else if (contentLength >= 0) {
                if (raw.size() >= static_cast<size_t>(contentLength)) {
                    HttpResponse r;
                    r.status = status;
                    r.body = raw.substr(0, static_cast<size_t>(contentLength));
                    r.headers = std::move(headers);
                    return r;
                }
                if (closed) return networkError("connection closed before the whole body arrived");
            } else if (closed) {
                HttpResponse r;
                r.status = status;
                r.body = std::move(raw);
                r.headers = std::move(headers);
                return r;
            }
        } else if (closed) {
            return networkError(data.empty() ? "connection closed without a response"
                                             : "connection closed inside the headers");
        }
        ssize_t n = ::recv(sock.fd, buf, sizeof buf, 0);
        if (n > 0) {
            data.append(buf, static_cast<size_t>(n));
            continue;
        }
        if (n == 0) {
            closed = true;
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK) return networkError(std::string("recv: ") + std::strerror(errno));
        pollfd p{sock.fd, POLLIN, 0};
        int ready = ::poll(&p, 1, remainingMs(deadline));
        if (ready <= 0) return networkError("timeout");
    }
}

void SocketHttpClient::send(const HttpRequest& request, std::function<void(HttpResponse)> done) {
    done(perform(request));
}

}  // namespace crm::core

// fetch() transport: C++ side of web/js/fetch.js. Requests cross as pointers (headers as "name\0value\0…");
// responses come back through the exported crm_fetch_done and wait in a queue for pump(), which the page
// runs in a task of its own (crm_fetch_pump) and the main loop once a frame.
#include "web/fetch_http_client.h"

#include "web/out_of_memory.h"

#include <emscripten.h>
#include <cstdlib>
#include <memory>

extern "C" {
// Implemented in web/js/fetch.js.
void crm_fetch_send(int request, const char* method, const char* url, const char* headers, int headersLength,
                    const char* body, int bodyLength, int timeoutMs);
int crm_fetch_online();
void crm_fetch_schedule_pump();
void crm_fetch_frame_done(int painted);
}

namespace crm::web {
namespace {
FetchHttpClient* g_client = nullptr;  // the page has one HTTP client
}

FetchHttpClient::FetchHttpClient() {
    g_client = this;
}

FetchHttpClient::~FetchHttpClient() {
    if (g_client == this) g_client = nullptr;
}

void FetchHttpClient::send(const core::HttpRequest& request, std::function<void(core::HttpResponse)> done) {
    std::string headers;
    for (const auto& [name, value] : request.headers) {
        headers += name;
        headers.push_back('\0');
        headers += value;
        headers.push_back('\0');
    }
    int id = m_next++;
    m_pending[id] = std::move(done);
    crm_fetch_send(id, request.method.c_str(), request.url.c_str(), headers.data(), static_cast<int>(headers.size()),
                   request.body.data(), static_cast<int>(request.body.size()), request.timeoutMs);
}

void FetchHttpClient::arrived(int request, int status, char* body, int bodyLength, char* headers, int headersLength,
                              const char* error) {
    // The buffers are freed whatever happens below (an allocation may fail with the browser out of memory).
    std::unique_ptr<char, decltype(&std::free)> ownBody(body, &std::free), ownHeaders(headers, &std::free);
    core::HttpResponse response;
    response.status = status;
    response.body.assign(body, static_cast<size_t>(bodyLength));
    response.error = error ? error : "";
    const char* p = headers;
    const char* end = headers + headersLength;
    auto next = [&]() {
        const char* start = p;
        while (p < end && *p)
            ++p;
        std::string field(start, p);
        if (p < end) ++p;
        return field;
    };
    while (p < end) {
        std::string name = next();
        std::string value = next();
        response.headers.emplace_back(std::move(name), std::move(value));
    }
    m_arrived.emplace_back(request, std::move(response));
}

bool FetchHttpClient::defer(std::function<void()> task) {
    m_deferred.push_back(std::move(task));
    crm_fetch_schedule_pump();
    return true;
}

void FetchHttpClient::pump() {
    // One answer, or the oldest deferred task, per call: each runs in a task of its own (a _bulk_get answer is
    // parsed in one go; a deferred task is one time slice of a larger job), so the browser gets its turn — a
    // frame — in between, and a pump adds one slice to a task, not every slice that waits (the pulled writer's,
    // the _changes reader's and the write-behind's next batch, which together made the frame's task 30 ms of
    // CPU, over 50 ms on a busy machine). Deferred tasks still run in the order they were deferred.
    // Callbacks may send new requests (whose answers arrive later) and defer more work.
    bool answer = !m_arrived.empty() && (m_deferred.empty() || !m_deferredTurn);  // both waiting: take turns
    m_deferredTurn = answer;
    if (answer) {
        auto [id, response] = std::move(m_arrived.front());
        m_arrived.pop_front();
        auto it = m_pending.find(id);
        if (it != m_pending.end()) {
            std::function<void(core::HttpResponse)> done = std::move(it->second);
            m_pending.erase(it);
            if (done) done(std::move(response));
        }
    } else if (!m_deferred.empty()) {
        // Taken off the queue first: one that throws (out of memory) is not run again.
        std::function<void()> task = std::move(m_deferred.front());
        m_deferred.pop_front();
        if (task) task();
    }
    schedulePumpIfWaiting();
}

void FetchHttpClient::schedulePumpIfWaiting() {
    if (!m_arrived.empty() || !m_deferred.empty()) crm_fetch_schedule_pump();
}

void FetchHttpClient::frameDone(bool painted) { crm_fetch_frame_done(painted ? 1 : 0); }

bool networkOnline() {
    return crm_fetch_online() != 0;
}

}  // namespace crm::web

extern "C" {
EMSCRIPTEN_KEEPALIVE void crm_fetch_done(int request, int status, char* body, int bodyLength, char* headers,
                                         int headersLength, const char* error) {
    if (crm::web::g_client) {
        crm::web::guardMemory([&] {
            crm::web::g_client->arrived(request, status, body, bodyLength, headers, headersLength, error);
        });
    } else {
        std::free(body);
        std::free(headers);
    }
}
EMSCRIPTEN_KEEPALIVE void crm_fetch_pump() {
    if (!crm::web::g_client) return;
    crm::web::guardMemory([] { crm::web::g_client->pump(); });
    crm::web::g_client->schedulePumpIfWaiting();  // what a refused allocation left queued runs later
}
}

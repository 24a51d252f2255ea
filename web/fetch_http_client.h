// The browser's HttpClient (core/sync/http_client.h) over fetch() (web/js/fetch.js), and the page's
// network state. Responses are queued as they arrive and handed to their callbacks by pump(), which runs in
// a task of its own right after (web/js/fetch.js posts it) and once a frame from the main loop: core code
// never runs inside a JavaScript promise callback, and never waits for a frame to hear an answer. Deferred
// work (HttpClient::defer) runs from the same task.
#pragma once
#include "core/sync/http_client.h"

#include <deque>
#include <functional>
#include <map>
#include <string>

namespace crm::web {

class FetchHttpClient : public core::HttpClient {
public:
    FetchHttpClient();
    ~FetchHttpClient() override;

    void send(const core::HttpRequest& request, std::function<void(core::HttpResponse)> done) override;
    bool defer(std::function<void()> task) override;
    // Delivers one response that arrived, or runs the oldest deferred task (taking turns when both wait);
    // schedules another pump while either remains.
    void pump();
    void schedulePumpIfWaiting();  // another pump while answers or deferred tasks wait
    size_t inFlight() const { return m_pending.size(); }
    // The main loop finished a frame: pump tasks may run again for a while (see web/js/fetch.js) — unless
    // the frame was painted: then they wait for the next frame, leaving the CPU to the GPU's work.
    void frameDone(bool painted);

    // Called from JavaScript (crm_fetch_done): takes ownership of the malloc'd buffers.
    void arrived(int request, int status, char* body, int bodyLength, char* headers, int headersLength,
                 const char* error);

private:
    int m_next = 1;
    std::map<int, std::function<void(core::HttpResponse)>> m_pending;
    std::deque<std::pair<int, core::HttpResponse>> m_arrived;
    std::deque<std::function<void()>> m_deferred;
    bool m_deferredTurn = false;  // the last pump delivered a response: deferred work goes next
};

// navigator.onLine and the online/offline events, corrected by request outcomes (a response means online).
bool networkOnline();

}  // namespace crm::web

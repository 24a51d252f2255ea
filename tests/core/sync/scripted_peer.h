// A test double for the units of core/sync that send through a CouchSend: it records every request and answers
// each from a function of the request (or holds it until the test answers), with no lanes, queue or store.
#pragma once
#include "core/sync/couch_wire.h"

#include <deque>
#include <functional>
#include <string>
#include <vector>

namespace crm::core::test {

struct ScriptedPeer {
    std::function<HttpResponse(const HttpRequest&)> answer;  // null: requests wait in `held`
    std::vector<HttpRequest> requests;
    std::deque<std::pair<HttpRequest, std::function<void(HttpResponse&)>>> held;

    CouchSend send() {
        return [this](HttpRequest request, std::function<void(HttpResponse&)> handler) {
            requests.push_back(request);
            if (!answer) {
                held.emplace_back(std::move(request), std::move(handler));
                return;
            }
            HttpResponse response = answer(request);
            handler(response);
        };
    }
    // Answers the oldest held request.
    void reply(HttpResponse response) {
        auto [request, handler] = std::move(held.front());
        held.pop_front();
        handler(response);
    }
    size_t count(const std::string& method, const std::string& urlPart) const {
        size_t n = 0;
        for (const HttpRequest& r : requests)
            n += r.method == method && r.url.find(urlPart) != std::string::npos;
        return n;
    }
};

inline HttpResponse jsonAnswer(int status, const Json& body) {
    return HttpResponse{status, body.dump(), "", {}};
}

}  // namespace crm::core::test

// The complaint doctests' session: Monday 9 March 2026, 09:00 shop time (UTC+8), 李娜 writing, English messages,
// the automation API, and a critical complaint opened as a survey answer would (fields overridable); and the
// demo's session (DemoSession) for the board and the summary.
#pragma once
#include "core/app/automation_api.h"
#include "core/app/demo_data.h"
#include "core/app/i18n.h"

#include <doctest/doctest.h>

#include <functional>
#include <random>

namespace crm::core::test {

// An instant given in the shop's local time (UTC+8).
inline int64_t local(int y, int m, int d, int h, int mi) {
    return CivilDate{y, m, d}.toDays() * 24 * kHourMs + (h * 60 + mi - 480) * kMinuteMs;
}

struct ComplaintSession {
    FixedClock clock{local(2026, 3, 9, 9, 0)};
    CrmSession session{clock, 7};
    ComplaintSession() {
        session.open(nullptr, nullptr);
        session.setUser("李娜");
        setLanguage(Language::English);
    }
    ~ComplaintSession() { setLanguage(Language::Chinese); }
    Json api(const char* method, const Json& arg) { return callAutomation(session, method, arg)["result"]; }
    std::string open(const Json& fields = Json::object()) {
        Json arg = {{"customer_id", "customer:1"}, {"vehicle_id", "vehicle:1"}, {"survey_id", "survey:9"},
                    {"matter", "回访评分 3 分：等待时间太长"}, {"channel", "phone"}, {"severity", "critical"}};
        arg.update(fields);
        Json r = api("complaints.open", arg);
        REQUIRE(r["ok"] == true);
        return r["id"].get<std::string>();
    }
};

// The demo's 160 customers with their complaints, the clock on the Monday after the demo's today (08:00).
struct DemoSession {
    FixedClock clock{local(2024, 6, 3, 8, 0)};
    CrmSession session{clock, 3};
    DemoSession() {
        session.open(nullptr, nullptr);
        DemoOptions options;
        options.customers = 160;
        DemoGenerator demo(options);
        std::vector<Json> batch;
        while (demo.next(batch, 50)) {
            session.putDocuments(std::move(batch));
            batch.clear();
        }
    }
};

// Random writes between the steps of a job over the demo's complaints: a complaint edited by `edit`, a new or a
// deleted one, a renamed customer, or the clock moving on by up to an hour and a half. `n` names what is written.
struct RandomWrites {
    DemoSession& demo;
    std::function<void(Json& complaint, int n)> edit;
    std::mt19937 random{14};
    std::vector<std::string> customers = demo.session.store().idsOfType("customer");

    std::string pick(const std::vector<std::string>& ids) { return ids[random() % ids.size()]; }
    void operator()(int n) {
        CrmSession& session = demo.session;
        const std::vector<std::string> complaints = session.store().idsOfType("complaint");
        switch (random() % 5) {
        case 0: {
            Json doc = *session.store().get(pick(complaints));
            edit(doc, n);
            REQUIRE(session.putDocument(doc).ok());
            break;
        }
        case 1: {
            Json doc = *session.store().get(pick(complaints));
            doc.erase("_rev");
            doc["_id"] = "complaint:new-" + std::to_string(n);
            doc["customer_id"] = pick(customers);
            REQUIRE(session.putDocument(doc).ok());
            break;
        }
        case 2: {
            if (complaints.size() <= 10) break;  // a few left to edit
            const std::string id = pick(complaints);
            REQUIRE(session.removeDocument(id, (*session.store().get(id))["_rev"].get<std::string>()).ok());
            break;
        }
        case 3: {
            Json doc = *session.store().get(pick(customers));
            doc["name"] = "改名" + std::to_string(n);
            REQUIRE(session.putDocument(doc).ok());
            break;
        }
        default: demo.clock.set(demo.clock.nowMs() + int64_t(random() % 90) * kMinuteMs); break;
        }
    }
};

}  // namespace crm::core::test

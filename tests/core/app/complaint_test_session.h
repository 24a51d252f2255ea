// The complaint doctests' session: Monday 9 March 2026, 09:00 shop time (UTC+8), 李娜 writing, English messages,
// the automation API, and a critical complaint opened as a survey answer would (fields overridable).
#pragma once
#include "core/app/automation_api.h"
#include "core/app/i18n.h"

#include <doctest/doctest.h>

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

}  // namespace crm::core::test

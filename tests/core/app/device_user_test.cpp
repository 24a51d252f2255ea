// Doctests for the device's default writer name: stored language-neutral (kDeviceUser) in history entries,
// complaint events and owners, whatever the UI language, and translated only when shown.
#include "core/app/automation_api.h"
#include "core/app/crm_app.h"
#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "core/app/ui_settings.h"
#include "core/records/record_type.h"

#include <doctest/doctest.h>

using namespace crm::core;

TEST_CASE("with nobody named, writes record the language-neutral device user, shown in the UI language") {
    FixedClock clock(1773018000000);
    CrmSession session(clock, 5);
    session.open(nullptr, nullptr);
    CrmApp app(session, nullptr, "");
    FixedSteadyClock steady;
    for (Language language : {Language::English, Language::Chinese}) {
        setLanguage(language);
        CHECK(app.currentUser() == kDeviceUser);
        FrameBudget budget(steady);
        app.runBackgroundWork(false, budget);  // names the writer
        CHECK(session.user() == kDeviceUser);
    }
    REQUIRE(session.putDocument(Json{{"_id", "customer:1"}, {"type", "customer"}, {"name", "张伟"}, {"phones", {"13900000017"}}}).ok());
    Json doc = *session.store().get("customer:1");
    doc["region"] = "北京";
    REQUIRE(session.putDocument(doc).ok());
    Json history = callAutomation(session, "records.history", "customer:1")["result"];
    REQUIRE(history.size() >= 1);
    CHECK(history.back()["by"] == kDeviceUser);
    Json opened = callAutomation(session, "complaints.open", {{"customer_id", "customer:1"}, {"matter", "异响"},
                                                             {"channel", "phone"}, {"owner", session.user()}})["result"];
    REQUIRE(opened["ok"] == true);
    Json complaint = *session.store().get(opened["id"].get<std::string>());
    CHECK(complaint["events"][0]["by"] == kDeviceUser);
    CHECK(complaint["owner"] == kDeviceUser);

    setLanguage(Language::Chinese);
    CHECK(userText(kDeviceUser) == "本机用户");
    CHECK(valueText(findRecordType("complaint"), "owner", complaint["owner"]) == "本机用户");
    setLanguage(Language::English);
    CHECK(userText(kDeviceUser) == "This device");
    CHECK(userText("李娜") == "李娜");
    setLanguage(Language::Chinese);
}

// Headless doctests for the customer file's delete (with confirmation) and the customer list's quick
// follow-up, driven frame by frame like app_test.cpp (same harness). (Tabs do not switch under this harness's
// clicks yet, so the purchases and attachments tabs are covered by tests/e2e/customer_file.test.mjs.)
#include "tests/shell/app_harness.h"

using namespace crm;

using shell_test::Harness;

TEST_CASE("the customer file deletes its customer only after the confirmation") {
    Harness h;
    core::CustomerForm form;
    form.name = "钱多";
    core::WriteResult created = h.session.saveCustomer(form, "", "");
    REQUIRE(created.ok());
    h.frames(2);
    h.click("customers.row.钱多");
    REQUIRE(h.has("file.delete"));
    h.click("file.delete");
    REQUIRE(h.has("confirm.delete"));
    h.click("confirm.cancel");
    CHECK(h.session.store().get(created.id));
    CHECK(h.has("file.title"));
    h.click("file.delete");
    h.click("confirm.delete");
    CHECK_FALSE(h.session.store().get(created.id));
    CHECK_FALSE(h.has("file.title"));  // back on the list
    CHECK(h.has("customers.new"));
}

TEST_CASE("a follow-up in a few keystrokes from the customer list") {
    Harness h;
    core::CustomerForm form;
    form.name = "李快";
    core::WriteResult created = h.session.saveCustomer(form, "", "");
    REQUIRE(created.ok());
    h.frames(2);
    h.click("customers.followup.李快");
    REQUIRE(h.has("quickfu.save"));
    h.type("微信沟通续保");  // the content field has the keyboard
    h.click("fu.channel.wechat");
    h.click("quickfu.save");
    CHECK_FALSE(h.has("quickfu.save"));
    bool found = false;
    h.session.store().forEachDoc([&](const std::string&, const core::Json& body) {
        if (core::stringField(body, "type") != "followup") return true;
        found = true;
        CHECK(body["customer_id"] == created.id);
        CHECK(body["channel"] == "wechat");
        CHECK(body["content"] == "微信沟通续保");
        return true;
    });
    CHECK(found);
}

TEST_CASE("a complaint registered from the customer file opens in the complaints screen, attributed and timed") {
    Harness h;
    core::CustomerForm form;
    form.name = "赵投诉";
    core::WriteResult created = h.session.saveCustomer(form, "", "");
    REQUIRE(created.ok());
    h.frames(2);
    h.click("customers.row.赵投诉");
    h.frames(2);
    h.click("file.tab.complaints");
    h.frames(1);
    REQUIRE(h.has("file.new_complaint"));
    h.click("file.new_complaint");
    h.frames(2);
    CHECK(h.app->section() == shell::Section::Complaints);
    std::vector<core::Json> complaints;
    h.session.store().forEachDoc([&](const std::string&, const core::Json& body) {
        complaints.push_back(body);
        return true;
    }, "complaint");
    REQUIRE(complaints.size() == 1);
    CHECK(complaints[0]["customer_id"] == created.id);
    CHECK(complaints[0]["complainant"] == "赵投诉");
    CHECK(complaints[0]["status"] == "received");
    CHECK(complaints[0]["events"].size() == 1);  // opened through the workflow: its "open" event
    CHECK(complaints[0].contains("deadlines"));
}

// Headless doctests for the shell: the real App driven frame by frame through ImGui without a renderer.
// Clicks go to the centre of named widgets (shell::publishedItems), typing through AddInputCharactersUTF8.
#include "shell/app.h"
#include "tests/shell/app_harness.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>
#include <string>

using namespace crm;

using shell_test::Harness;

TEST_CASE("the app draws its first frames headlessly and publishes its widgets") {
    Harness h;
    CHECK(h.rebuilds >= 1);
    CHECK(h.fonts.glyphCount() > 0);
    CHECK(h.has("customers.new"));
    CHECK(h.has("customers.filter"));
    CHECK(h.has("lang.en"));
    CHECK(h.has("status.save"));
    CHECK_FALSE(h.has("form.save"));
    CHECK(h.app->section() == shell::Section::Customers);
    const core::Json items = shell::publishedItems();
    const core::Json& r = items["customers.new"];
    CHECK(r["w"].get<float>() > 0);
    CHECK(r["h"].get<float>() > 0);
    CHECK(r["x"].get<float>() + r["w"].get<float>() <= 1280);
}

TEST_CASE("creating a customer through the form") {
    Harness h;
    h.click("customers.new");
    REQUIRE(h.has("form.name"));
    REQUIRE(h.has("form.save"));
    h.click("form.name");
    h.type("张伟");
    h.click("form.save");

    CHECK_FALSE(h.has("form.save"));  // the form closed
    REQUIRE(h.session.customers().size() == 1);
    const auto& rows = h.session.customers().view("", core::CustomerColumn::Name, true);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0]->name == "张伟");
    std::optional<core::Json> doc = h.session.store().get(rows[0]->id);
    REQUIRE(doc);
    CHECK((*doc)["created_at"] == "2026-11-24T10:29:00Z");
    CHECK_FALSE(doc->contains("phones"));

    h.frames(2);
    CHECK(h.has("customers.row.张伟"));
    CHECK(h.rowItems() == 1);
}

TEST_CASE("the new-customer form focuses the name field: typing right away fills the name") {
    Harness h;
    h.click("customers.new");
    REQUIRE(h.has("form.save"));
    h.type("王芳");
    h.click("form.save");
    CHECK(h.session.customers().size() == 1);
    if (h.session.customers().size() == 0) {
        // Where did the text go? Give the form a name and look at the saved document.
        REQUIRE(h.has("form.name"));
        h.click("form.name");
        h.type("名");
        h.click("form.save");
        REQUIRE(h.session.customers().size() == 1);
    }
    std::string id = h.session.customers().view("", core::CustomerColumn::Name, true)[0]->id;
    std::optional<core::Json> doc = h.session.store().get(id);
    REQUIRE(doc);
    INFO("saved document: " << doc->dump());
    CHECK((*doc)["name"] == "王芳");
    CHECK_FALSE(doc->contains("wechat"));
}

TEST_CASE("a validation error keeps the form open and writes nothing") {
    Harness h;
    h.click("customers.new");
    REQUIRE(h.has("form.phone"));
    h.click("form.phone");
    h.type("12345");
    h.click("form.save");  // no name, bad phone
    CHECK(h.has("form.save"));
    CHECK(h.has("form.name"));
    CHECK(h.session.store().docCount() == 0);
    CHECK(h.session.customers().size() == 0);

    // Fixing the name still leaves the bad phone: still open.
    h.click("form.name");
    h.type("李娜");
    h.click("form.save");
    CHECK(h.has("form.save"));
    CHECK(h.session.store().docCount() == 0);

    // Cancel closes without writing.
    h.click("form.cancel");
    CHECK_FALSE(h.has("form.save"));
    CHECK(h.session.store().docCount() == 0);
}

TEST_CASE("clicking a row opens the customer file; a stale save is refused, not written over") {
    Harness h;
    core::CustomerForm form;
    form.name = "赵六";
    core::WriteResult created = h.session.saveCustomer(form, "", "");
    REQUIRE(created.ok());
    h.frames(2);
    h.click("customers.row.赵六");
    REQUIRE(h.has("basic.save"));  // the customer file, on its basic-information tab
    CHECK(h.has("file.title"));
    CHECK(h.has("file.class.C"));

    // Meanwhile another tab changes the customer.
    form.company = "别处修改";
    core::WriteResult theirs = h.session.saveCustomer(form, created.id, created.rev);
    REQUIRE(theirs.ok());

    h.click("basic.company");
    h.type("我的修改");
    h.click("basic.save");
    CHECK(h.has("basic.save"));  // still open, showing the conflict
    std::optional<core::Json> doc = h.session.store().get(created.id);
    REQUIRE(doc);
    CHECK((*doc)["_rev"] == theirs.rev);
    CHECK((*doc)["company"] == "别处修改");
}

TEST_CASE("the language switch changes the UI language and remembers it") {
    Harness h;
    REQUIRE(core::language() == core::Language::Chinese);
    h.click("lang.en");
    CHECK(core::language() == core::Language::English);
    std::optional<core::Json> settings = h.session.store().getLocal("_local/ui_settings");
    REQUIRE(settings);
    CHECK((*settings)["language"] == "en");
    // The widgets keep their names across languages.
    CHECK(h.has("customers.new"));
    h.click("lang.zh");
    CHECK(core::language() == core::Language::Chinese);
    CHECK((*h.session.store().getLocal("_local/ui_settings"))["language"] == "zh-CN");
}

TEST_CASE("a frame over 100,000 customers draws only the visible rows") {
    Harness h;
    std::vector<core::Json> docs;
    docs.reserve(100000);
    for (int i = 0; i < 100000; ++i) {
        char name[32];
        std::snprintf(name, sizeof name, "客户%06d", i);
        docs.push_back(core::Json{{"_id", std::string("customer:") + name}, {"type", "customer"}, {"name", name}});
    }
    std::vector<core::WriteResult> results = h.session.putDocuments(std::move(docs));
    REQUIRE(results.size() == 100000);
    CHECK(results.back().ok());
    REQUIRE(h.session.customers().size() == 100000);

    h.frames(3);
    int rows = h.rowItems();
    CHECK(rows > 0);
    CHECK(rows < 60);
    CHECK(h.has("customers.row.客户000000"));
    CHECK_FALSE(h.has("customers.row.客户099999"));
}

TEST_CASE("a board's record opens in full from its row, enum values translated, and closes on a second click") {
    Harness h;
    core::WriteResult task = h.session.putDocument(
        core::Json{{"type", "task"}, {"title", "回访张先生"}, {"state", "doing"}, {"owner", "小李"}, {"due", "2026-11-30"}});
    REQUIRE(task.ok());
    h.click("nav.boards");
    h.frames(2);
    REQUIRE(h.has("task." + task.id));
    CHECK_FALSE(h.has("task.detail.title"));
    h.click("task." + task.id);
    h.frames(1);
    CHECK(h.has("task.detail.title"));
    CHECK(h.has("task.detail.state"));
    CHECK(h.has("task.detail.due"));
    CHECK_FALSE(h.has("task.detail.notes"));  // no value: not shown
    // A change to the record reaches the open detail.
    core::Json doc = *h.session.store().get(task.id);
    doc["notes"] = "客户要求周末联系";
    REQUIRE(h.session.putDocument(doc).ok());
    h.frames(2);
    CHECK(h.has("task.detail.notes"));
    h.click("task." + task.id);
    h.frames(1);
    CHECK_FALSE(h.has("task.detail.title"));
}

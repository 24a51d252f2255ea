// Headless doctests for the comfort layer inside the real App: the demo database fills in slices with its
// banner and progress, the search index follows, Ctrl+K opens the palette and typing finds 张伟, F1 shows the
// shortcuts, "back to the real data" asks the page to switch, and the IME composition is drawn at the caret.
#include "shell/app.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"
#include "tests/shell/app_harness.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>

using namespace crm;

namespace {
// The page's services exist before the App is built (it asks them for the demo database when loading).
struct WithPage {
    shell::NullPageServices page;
    explicit WithPage(bool demo) {
        page.m_demo = demo;
        page.m_demoCustomers = 300;
    }
};

struct ComfortHarness : WithPage, shell_test::Harness {
    explicit ComfortHarness(bool demo) : WithPage(demo), Harness({.page = &page}) {}

    void press(int key, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = ctrl;
        io.KeysDown[key] = true;
        frame();
        io.KeysDown[key] = false;
        io.KeyCtrl = false;
        frames(2);
    }
};
} // namespace

TEST_CASE("the demo database fills in slices, shows its banner, and is searchable") {
    ComfortHarness h(true);
    CHECK(h.has("demo.banner"));
    core::Json s = h.app->comfort().status();
    CHECK(s["demoTotal"].get<size_t>() == 300);
    for (int i = 0; i < 2000 && h.app->comfort().status()["demoFilling"].get<bool>(); ++i) h.frame();
    h.frames(20);
    s = h.app->comfort().status();
    CHECK_FALSE(s["demoFilling"].get<bool>());
    CHECK(h.session.customers().size() == 300);
    CHECK(s["searchIndexed"].get<size_t>() == 300);
    CHECK(h.app->comfort().search().search("zhangwei").at(0).id == core::DemoGenerator::customerId(0));

    h.press('K', true);  // Ctrl+K
    CHECK(h.app->comfort().status()["searchOpen"].get<bool>());
    CHECK(h.has("search.input"));
    ImGui::GetIO().AddInputCharactersUTF8("zhangwei");
    h.frames(3);
    CHECK(h.has("search.result.0"));
    h.click("search.result.0");
    CHECK_FALSE(h.app->comfort().status()["searchOpen"].get<bool>());

    h.press(290);  // F1
    CHECK(h.has("help.window"));

    h.click("demo.exit");
    CHECK(h.page.m_opened == 0);
}

TEST_CASE("an empty real database offers the demo; a waiting update is offered; composition shows at the caret") {
    ComfortHarness h(false);
    CHECK_FALSE(h.has("demo.banner"));
    REQUIRE(h.has("demo.open"));
    h.click("demo.open");
    CHECK(h.page.m_opened == 1);

    h.page.m_update = true;
    h.frames(2);
    REQUIRE(h.has("update.reload"));
    h.click("update.reload");
    CHECK(h.page.m_applied);

    h.click("customers.new");
    h.frames(3);  // the form focuses the name field
    REQUIRE(ImGui::GetIO().WantTextInput);
    h.page.m_composition = "zhang";
    h.frames(2);
    CHECK(h.has("ime.composition"));
    h.page.m_composition.clear();
    h.frames(2);
    CHECK_FALSE(h.has("ime.composition"));
}

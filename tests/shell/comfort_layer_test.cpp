// Headless doctests for the comfort layer inside the real App: the demo database fills in slices with its
// banner and progress, the search index follows, Ctrl+K opens the palette and typing finds 张伟, F1 shows the
// shortcuts, "back to the real data" asks the page to switch, and the IME composition is drawn at the caret.
#include "shell/app.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>

using namespace crm;

namespace {
struct ComfortHarness {
    core::FixedClock clock{1795516140000};
    core::CrmSession session{clock, 7};
    shell::NullPlatform platform;
    shell::NullPageServices page;
    shell::FontManager fonts;
    ImGuiContext* context = nullptr;
    std::unique_ptr<shell::App> app;

    explicit ComfortHarness(bool demo) {
        core::setLanguage(core::Language::Chinese);
        context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60.0f;
        page.m_demo = demo;
        page.m_demoCustomers = 300;
        session.open(nullptr, nullptr);
        app = std::make_unique<shell::App>(session, platform, fonts);
        app->comfort().setPage(&page);
        app->onLoaded();
        frames(2);
    }
    ~ComfortHarness() {
        app.reset();
        ImGui::DestroyContext(context);
    }
    void frame() {
        ImGuiIO& io = ImGui::GetIO();
        if (app->prepareFrame(1.0f) == shell::FontAtlasChange::Rebuilt) {
            unsigned char* pixels = nullptr;
            int w = 0, h = 0;
            io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
            io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
        }
        ImGui::NewFrame();
        app->frame();
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }
    bool has(const char* name) const { return shell::publishedItems().contains(name); }
    void press(int key, bool ctrl = false) {
        ImGuiIO& io = ImGui::GetIO();
        io.KeyCtrl = ctrl;
        io.KeysDown[key] = true;
        frame();
        io.KeysDown[key] = false;
        io.KeyCtrl = false;
        frames(2);
    }
    void click(const char* name) {
        core::Json r = shell::publishedItems()[name];
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = ImVec2(r["x"].get<float>() + r["w"].get<float>() / 2, r["y"].get<float>() + r["h"].get<float>() / 2);
        frame();
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
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

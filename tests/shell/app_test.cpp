// Headless doctests for the shell: the real App driven frame by frame through ImGui without a renderer.
// Clicks go to the centre of named widgets (shell::publishedItems), typing through AddInputCharactersUTF8.
#include "shell/app.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"

#include <doctest/doctest.h>
#include <imgui.h>

#include <memory>
#include <string>

using namespace crm;

namespace {
constexpr int64_t kNow = 1795516140000;  // 2026-11-24T10:29:00Z

// One App over an in-memory session, with its own ImGui context.
struct Harness {
    core::FixedClock clock{kNow};
    core::CrmSession session{clock, 2024};
    shell::NullPlatform platform;
    shell::FontManager fonts;
    ImGuiContext* context = nullptr;
    std::unique_ptr<shell::App> app;
    core::Language languageBefore = core::language();
    int rebuilds = 0;

    Harness() {
        core::setLanguage(core::Language::Chinese);
        context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60.0f;
        session.open(nullptr, nullptr);
        app = std::make_unique<shell::App>(session, platform, fonts);
        app->onLoaded();
        frames(3);  // lay out once so widget rectangles are published
    }
    ~Harness() {
        app.reset();
        ImGui::DestroyContext(context);
        core::setLanguage(languageBefore);
    }

    void frame() {
        ImGuiIO& io = ImGui::GetIO();
        if (app->prepareFrame(1.0f)) {
            ++rebuilds;
            unsigned char* pixels = nullptr;
            int w = 0, h = 0;
            io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
            REQUIRE(pixels);
            REQUIRE(w > 0);
            io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
        }
        ImGui::NewFrame();
        app->frame();
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i) frame();
    }

    bool has(const std::string& name) const { return shell::publishedItems().contains(name); }

    ImVec2 centre(const std::string& name) {
        core::Json items = shell::publishedItems();
        INFO("widget: " << name);
        REQUIRE(items.contains(name));
        const core::Json& r = items[name];
        return ImVec2(r["x"].get<float>() + r["w"].get<float>() * 0.5f, r["y"].get<float>() + r["h"].get<float>() * 0.5f);
    }

    // Press for one frame, release the next, then let the UI settle.
    void click(const std::string& name) {
        ImGuiIO& io = ImGui::GetIO();
        io.MousePos = centre(name);
        frame();  // hover first, as a real pointer would
        io.MouseDown[0] = true;
        frame();
        io.MouseDown[0] = false;
        frame();
        frames(2);
    }

    void type(const char* utf8) {
        ImGui::GetIO().AddInputCharactersUTF8(utf8);
        frames(2);
    }

    int rowItems() const {
        int n = 0;
        const core::Json items = shell::publishedItems();
        for (auto it = items.begin(); it != items.end(); ++it) {
            if (it.key().rfind("customers.row.", 0) == 0) ++n;
        }
        return n;
    }
};
} // namespace

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

// The shell tests' harness: the real App over an in-memory session with its own ImGui context, driven frame
// by frame without a renderer. Clicks go to the centre of named widgets (shell::publishedItems), typing
// through AddInputCharactersUTF8.
#pragma once
#include "shell/app.h"

#include "core/app/i18n.h"
#include "shell/ui_registry.h"

#include <doctest/doctest.h>
#include <imgui.h>
#include <chrono>
#include <memory>
#include <string>

namespace shell_test {
using namespace crm;

constexpr int64_t kNow = 1795516140000;  // 2026-11-24T10:29:00Z

struct HarnessOptions {
    core::HttpClient* http = nullptr;     // the platform's HTTP client (nullptr: no sync server)
    shell::PageServices* page = nullptr;  // the page's services (demo database…), given before loading
    int64_t msPerFrame = 0;               // the clock advances this much before each frame
};

// The machine's monotonic clock, for the frames' background allowance.
struct ChronoSteadyClock : core::SteadyClock {
    double nowMs() const override {
        using namespace std::chrono;
        return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
    }
};

// One App over an in-memory session, with its own ImGui context.
struct Harness {
    ChronoSteadyClock frameClock;
    core::FixedClock clock{kNow};
    core::CrmSession session{clock, 2024};
    shell::NullPlatform platform;
    shell::FontManager fonts;
    ImGuiContext* context = nullptr;
    std::unique_ptr<core::CrmApp> crm;
    std::unique_ptr<shell::App> app;
    core::Language languageBefore = core::language();
    int rebuilds = 0;

    int64_t msPerFrame = 0;

    explicit Harness(HarnessOptions options = {}) : msPerFrame(options.msPerFrame) {
        platform.m_http = options.http;
        core::setLanguage(core::Language::Chinese);
        context = ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;
        io.LogFilename = nullptr;
        io.DisplaySize = ImVec2(1280, 800);
        io.DeltaTime = 1.0f / 60.0f;
        session.open(nullptr, nullptr);
        crm = std::make_unique<core::CrmApp>(session, platform.httpClient(), platform.defaultDatabaseUrl());
        app = std::make_unique<shell::App>(*crm, platform, fonts);
        if (options.page) app->comfort().setPage(options.page);
        app->onLoaded();
        frames(3);  // lay out once so widget rectangles are published
    }
    ~Harness() {
        app.reset();
        crm.reset();
        ImGui::DestroyContext(context);
        core::setLanguage(languageBefore);
    }

    // One frame; `background`: its allowance for background work (none: a fresh default one).
    void frame(core::FrameBudget* background = nullptr) {
        clock.advance(msPerFrame);
        ImGuiIO& io = ImGui::GetIO();
        if (app->prepareFrame(1.0f) == shell::FontAtlasChange::Rebuilt) {
            ++rebuilds;
            unsigned char* pixels = nullptr;
            int w = 0, h = 0;
            io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
            REQUIRE(pixels);
            REQUIRE(w > 0);
            io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));
        }
        ImGui::NewFrame();
        core::FrameBudget fresh(frameClock);
        app->frame(background ? *background : fresh);
        ImGui::Render();
    }
    void frames(int n) {
        for (int i = 0; i < n; ++i)
            frame();
    }

    bool has(const std::string& name) const { return shell::publishedItems().contains(name); }

    ImVec2 centre(const std::string& name) {
        core::Json items = shell::publishedItems();
        INFO("widget: " << name);
        REQUIRE(items.contains(name));
        const core::Json& r = items[name];
        return ImVec2(r["x"].get<float>() + r["w"].get<float>() * 0.5f,
                      r["y"].get<float>() + r["h"].get<float>() * 0.5f);
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
}  // namespace shell_test

// The browser's side of the shell's Platform seam, plus the few browser facts main_web needs
// (device pixel ratio, canvas size, wall clock). Online state and HTTP come from web/fetch_http_client.h.
#pragma once
#include "core/clock.h"
#include "shell/platform.h"
#include "web/fetch_http_client.h"

namespace crm::web {

class WebPlatform : public shell::Platform {
public:
    bool isOnline() const override;
    void setClipboardText(const std::string& text) override;
    shell::StorageInfo storageInfo() const override;
    core::HttpClient* httpClient() override { return &m_http; }
    std::string defaultDatabaseUrl() const override;  // location.origin + "/db/crm"
    FetchHttpClient& http() { return m_http; }
    // web/file_picker.cpp: the hidden file input; pumpFiles() (main loop) delivers a chosen file.
    bool openFile(shell::FilePickedFn picked) override;
    void pumpFiles();

private:
    FetchHttpClient m_http;
    shell::FilePickedFn m_filePicked;
};

// The page's wall clock, plus an offset the automation API can move (crm.clock.shift: tests and demos of
// deadlines passing; never persisted, a reload starts at the real time again).
class WebClock : public core::Clock {
public:
    int64_t nowMs() const override;
    void shift(int64_t ms) { m_offsetMs += ms; }
    int64_t offsetMs() const { return m_offsetMs; }

private:
    int64_t m_offsetMs = 0;
};

// performance.now(): the frame's allowance for background work is measured on it.
class WebSteadyClock : public core::SteadyClock {
public:
    double nowMs() const override;
};

// Tells the page whether ImGui edits text (focus the hidden text field) and where the caret is (CSS px).
void setTextInputState(bool active, float cssX, float cssY);
// Resolves window.crm.ready and hides the loading screen.
void signalReady();
// Every record is in (after `ready`, the records loaded behind it: core/store/segment.h): Module.crmLoaded.
void signalComplete();

} // namespace crm::web

// What the interface needs from the platform (browser or native), as one small seam: the shell never
// calls platform APIs directly.
#pragma once
#include "core/sync/http_client.h"

#include <cstdint>
#include <functional>
#include <string>

namespace crm::shell {

struct StorageInfo {
    int persisted = -1;        // navigator.storage.persist(): 1 granted, 0 refused, -1 unknown/pending
    int64_t usageBytes = -1;   // -1 unknown
    int64_t quotaBytes = -1;
    bool versionChanged = false;  // another tab upgraded the database: this page must reload
};

// A file the user chose in the platform's file chooser.
struct PickedFile {
    std::string name;
    std::string contentType;  // "" when the platform does not know it
    std::string bytes;
};
using FilePickedFn = std::function<void(PickedFile)>;

class Platform {
public:
    virtual ~Platform() = default;
    virtual bool isOnline() const = 0;
    virtual void setClipboardText(const std::string& text) = 0;
    virtual StorageInfo storageInfo() const = 0;
    // HTTP for sync (null: this platform cannot sync), and the database synced with while the server URL
    // setting is empty (the browser: the page's own origin + /db/crm).
    virtual core::HttpClient* httpClient() { return nullptr; }
    virtual std::string defaultDatabaseUrl() const { return "/db/crm"; }
    // Opens the file chooser; `picked` runs in a later frame with the chosen file (never, if the user cancels).
    // False when this platform cannot open files.
    virtual bool openFile(FilePickedFn picked) {
        (void)picked;
        return false;
    }
};

// A platform for native tests and tools: online unless told otherwise, clipboard kept in memory, HTTP
// through whatever client the test sets (none: no sync).
class NullPlatform : public Platform {
public:
    bool isOnline() const override { return m_online; }
    void setClipboardText(const std::string& text) override { m_clipboard = text; }
    StorageInfo storageInfo() const override { return {}; }
    core::HttpClient* httpClient() override { return m_http; }
    std::string defaultDatabaseUrl() const override { return "http://127.0.0.1:5984/crm"; }
    // The chooser "opens"; a test then answers it with chooseFile().
    bool openFile(FilePickedFn picked) override {
        m_filePicked = std::move(picked);
        return true;
    }
    bool chooseFile(PickedFile file) {
        if (!m_filePicked) return false;
        FilePickedFn picked = std::move(m_filePicked);
        m_filePicked = nullptr;
        picked(std::move(file));
        return true;
    }
    bool m_online = true;
    FilePickedFn m_filePicked;
    std::string m_clipboard;
    core::HttpClient* m_http = nullptr;
};

} // namespace crm::shell

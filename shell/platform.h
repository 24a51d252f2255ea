// What the interface needs from the platform (browser or native), as one small seam: the shell never
// calls platform APIs directly.
#pragma once
#include <cstdint>
#include <string>

namespace crm::shell {

struct StorageInfo {
    int persisted = -1;        // navigator.storage.persist(): 1 granted, 0 refused, -1 unknown/pending
    int64_t usageBytes = -1;   // -1 unknown
    int64_t quotaBytes = -1;
    bool versionChanged = false;  // another tab upgraded the database: this page must reload
};

class Platform {
public:
    virtual ~Platform() = default;
    virtual bool isOnline() const = 0;
    virtual void setClipboardText(const std::string& text) = 0;
    virtual StorageInfo storageInfo() const = 0;
};

// A platform for native tests and tools: always online, clipboard kept in memory.
class NullPlatform : public Platform {
public:
    bool isOnline() const override { return m_online; }
    void setClipboardText(const std::string& text) override { m_clipboard = text; }
    StorageInfo storageInfo() const override { return {}; }
    bool m_online = true;
    std::string m_clipboard;
};

} // namespace crm::shell

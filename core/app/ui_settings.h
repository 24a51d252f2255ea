// The device's interface settings: the one owner of the _local/ui_settings document (per device, never
// synced): language, theme, font size, the sync server's URL and the name edits are recorded under.
#pragma once
#include "core/store/document_store.h"

#include <string>

namespace crm::core {

inline constexpr const char* kUiSettingsId = "_local/ui_settings";
// The writer's name while no user is logged in and none is set for this device: stored as is (language-neutral,
// in history entries, events, owners) and shown in the UI language ("本机用户" / "This device"; userText()).
inline constexpr const char* kDeviceUser = "@device";

struct UiSettings {
    std::string language = "zh-CN";  // "zh-CN" | "en"
    bool dark = false;
    float fontScale = 1.0f;  // 0.75 .. 2
    std::string serverUrl;   // "" : the page's own /db/crm
    std::string userName;    // "" : kDeviceUser
};

UiSettings loadUiSettings(const DocumentStore& store);
// Writes `settings`, keeping any other field of the stored document.
void saveUiSettings(DocumentStore& store, const UiSettings& settings);

}  // namespace crm::core

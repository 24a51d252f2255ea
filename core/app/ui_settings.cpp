// _local/ui_settings read and written in one place (see ui_settings.h).
#include "core/app/ui_settings.h"

#include "core/json_field.h"

#include <algorithm>

namespace crm::core {

UiSettings loadUiSettings(const DocumentStore& store) {
    UiSettings s;
    std::optional<Json> doc = store.getLocal(kUiSettingsId);
    if (!doc) return s;
    s.language = stringField(*doc, "language") == "en" ? "en" : "zh-CN";
    readField(*doc, "dark", s.dark);
    readField(*doc, "fontScale", s.fontScale);
    s.fontScale = std::clamp(s.fontScale, 0.75f, 2.0f);
    s.serverUrl = stringField(*doc, "serverUrl");
    s.userName = stringField(*doc, "userName");
    return s;
}

void saveUiSettings(DocumentStore& store, const UiSettings& s) {
    Json doc = store.getLocal(kUiSettingsId).value_or(Json{{"_id", kUiSettingsId}});
    doc["language"] = s.language;
    doc["dark"] = s.dark;
    doc["fontScale"] = s.fontScale;
    doc["serverUrl"] = s.serverUrl;
    doc["userName"] = s.userName;
    store.putLocal(doc);
}

}  // namespace crm::core

// Browser platform calls, as small EM_JS functions.
#include "web/web_platform.h"

#include <cstdlib>
#include <emscripten.h>

namespace crm::web {
namespace {
EM_JS(char*, js_origin, (), {
    const origin = (typeof location !== 'undefined' && location.origin && location.origin !== 'null') ? location.origin : '';
    const size = lengthBytesUTF8(origin) + 1;
    const ptr = _malloc(size);
    stringToUTF8(origin, ptr, size);
    return ptr;
});
EM_JS(void, js_write_clipboard, (const char* text), {
    const value = UTF8ToString(text);
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(value).catch(() => {});
});
EM_JS(double, js_storage_value, (int which), {
    const s = Module.crmStorage || {};
    const v = [s.persisted, s.usage, s.quota, s.versionChanged ? 1 : 0][which];
    return (v === undefined || v === null) ? -1 : Number(v);
});
EM_JS(void, js_set_text_input, (int active, float x, float y), {
    if (Module.crmSetTextInput) Module.crmSetTextInput(active, x, y);
});
EM_JS(double, js_date_now, (), { return Date.now(); });
EM_JS(void, js_signal_ready, (), {
    if (Module.crmReady) Module.crmReady();
});
EM_JS(void, js_signal_complete, (), {
    if (Module.crmLoaded) Module.crmLoaded();
});
} // namespace

bool WebPlatform::isOnline() const { return networkOnline(); }

std::string WebPlatform::defaultDatabaseUrl() const {
    char* origin = js_origin();
    std::string url = std::string(origin) + "/db/crm";
    std::free(origin);
    return url;
}
void WebPlatform::setClipboardText(const std::string& text) { js_write_clipboard(text.c_str()); }

shell::StorageInfo WebPlatform::storageInfo() const {
    shell::StorageInfo info;
    info.persisted = static_cast<int>(js_storage_value(0));
    info.usageBytes = static_cast<int64_t>(js_storage_value(1));
    info.quotaBytes = static_cast<int64_t>(js_storage_value(2));
    info.versionChanged = js_storage_value(3) > 0;
    return info;
}

int64_t WebClock::nowMs() const { return static_cast<int64_t>(js_date_now()) + m_offsetMs; }

double WebSteadyClock::nowMs() const { return emscripten_get_now(); }

void setTextInputState(bool active, float cssX, float cssY) { js_set_text_input(active ? 1 : 0, cssX, cssY); }
void signalReady() { js_signal_ready(); }
void signalComplete() { js_signal_complete(); }

} // namespace crm::web

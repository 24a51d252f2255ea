// WebPageServices: small EM_JS calls into location and the state boot.js keeps on Module.
#include "web/page_services_web.h"

#include <cstdlib>
#include <emscripten.h>

namespace crm::web {
namespace {
EM_JS(int, js_demo_customers, (), {
    const params = new URLSearchParams(location.search);
    if (!params.has('demo')) return 0;
    const n = parseInt(params.get('demo'), 10);
    return n > 0 ? Math.min(n, 200000) : 10000;
});
EM_JS(void, js_open_database, (int demo), {
    const url = new URL(location.href);
    if (demo) url.searchParams.set('demo', ''); else url.searchParams.delete('demo');
    location.assign(url.pathname + url.search.replace('demo=', 'demo').replace(/[?&]$/, '') + url.hash);
});
EM_JS(int, js_update_ready, (), { return Module.crmUpdate && Module.crmUpdate.ready ? 1 : 0; });
EM_JS(int, js_offline_reload, (), { return Module.crmOffline && Module.crmOffline.available === false ? 0 : 1; });
EM_JS(void, js_apply_update, (), { if (Module.crmUpdate && Module.crmUpdate.apply) Module.crmUpdate.apply(); });
EM_JS(char*, js_composition, (), {
    const text = Module.crmComposition || '';
    if (!text) return 0;
    const size = lengthBytesUTF8(text) + 1;
    const ptr = _malloc(size);
    stringToUTF8(text, ptr, size);
    return ptr;
});
} // namespace

std::string pageDatabaseName() { return js_demo_customers() > 0 ? "crm-demo" : "crm"; }

bool WebPageServices::isDemo() const { return js_demo_customers() > 0; }
size_t WebPageServices::demoCustomers() const { return static_cast<size_t>(js_demo_customers()); }
void WebPageServices::openDatabase(bool demo) { js_open_database(demo ? 1 : 0); }
bool WebPageServices::updateReady() const { return js_update_ready() != 0; }
void WebPageServices::applyUpdate() { js_apply_update(); }
bool WebPageServices::offlineReload() const { return js_offline_reload() != 0; }

std::string WebPageServices::composition() const {
    char* text = js_composition();
    if (!text) return {};
    std::string out = text;
    std::free(text);
    return out;
}

} // namespace crm::web

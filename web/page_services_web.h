// The browser tab's side of shell::PageServices: the database chosen by the URL (?demo → the separate
// "crm-demo" IndexedDB database), navigation between real and demo data, the service worker's
// "new version waiting" state, and the IME composition reported by boot.js.
#pragma once
#include "shell/page_services.h"

#include <string>

namespace crm::web {

// "crm-demo" when the page URL has ?demo (or ?demo=N), else "crm".
std::string pageDatabaseName();

class WebPageServices : public shell::PageServices {
public:
    bool isDemo() const override;
    size_t demoCustomers() const override;
    void openDatabase(bool demo) override;
    bool updateReady() const override;
    bool offlineReload() const override;
    void applyUpdate() override;
    std::string composition() const override;
};

} // namespace crm::web

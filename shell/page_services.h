// What the comfort features need from the page around the app (the browser tab): which database is open
// (real or demo), app updates waiting to be applied, and the IME composition in progress. A seam like
// Platform; NullPageServices serves native tests.
#pragma once
#include <cstddef>
#include <string>

namespace crm::shell {

class PageServices {
public:
    virtual ~PageServices() = default;
    // True when the page runs on the separate demo database (URL ?demo).
    virtual bool isDemo() const = 0;
    // Customers the demo generates (URL ?demo=N; 10,000 by default).
    virtual size_t demoCustomers() const = 0;
    // Reloads the page on the demo database or on the real one.
    virtual void openDatabase(bool demo) = 0;
    // A new version of the app is downloaded and waiting; applyUpdate() switches to it and reloads.
    virtual bool updateReady() const = 0;
    virtual void applyUpdate() = 0;
    // False when this page has no service worker (blocked by policy, or a plain-http LAN origin where the
    // browser offers none): the app runs, but will not load again without the network.
    virtual bool offlineReload() const { return true; }
    // The text the input method is composing (shown at the caret until committed), "" when none.
    virtual std::string composition() const = 0;
};

class NullPageServices : public PageServices {
public:
    bool isDemo() const override { return m_demo; }
    size_t demoCustomers() const override { return m_demoCustomers; }
    void openDatabase(bool demo) override { m_opened = demo ? 1 : 0; }
    bool updateReady() const override { return m_update; }
    bool offlineReload() const override { return m_offline; }
    void applyUpdate() override { m_applied = true; }
    std::string composition() const override { return m_composition; }

    bool m_demo = false;
    size_t m_demoCustomers = 200;
    int m_opened = -1;
    bool m_update = false;
    bool m_offline = true;
    bool m_applied = false;
    std::string m_composition;
};

} // namespace crm::shell

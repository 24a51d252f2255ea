// The comfort features around the screens: the customer search index and its palette (Ctrl+K), keyboard
// shortcuts and their help window (F1), the instant demo (filling the separate demo database in slices,
// its banner, the way back to the real data), the "reload to update" offer, progress bars for the long
// jobs, and the IME composition shown at the caret.
#pragma once
#include "core/app/crm_session.h"
#include "core/app/customer_search.h"
#include "core/app/demo_data.h"
#include "shell/font_manager.h"
#include "core/app/frame_budget.h"
#include "shell/page_services.h"
#include "shell/search_view.h"

#include <functional>
#include <memory>
#include <string>

namespace crm::shell {

class ComfortLayer {
public:
    struct Hooks {
        std::function<void(const std::string&)> openCustomer;  // shows the customer's file
        std::function<void()> newCustomer;                      // opens an empty customer form
        std::function<std::string()> currentCustomer;           // the customer shown now, "" if none
    };
    ComfortLayer(core::CrmSession& session, core::CustomerSearch& search, FontManager& fonts, Hooks hooks);

    void setPage(PageServices* page) { m_page = page ? page : &m_nullPage; }
    const PageServices& page() const { return *m_page; }

    // At the start of a frame: the demo's slice (a few milliseconds at most), shortcuts.
    void beginFrame();
    // Inside the main window, above the content: demo and update banners, and (when `offerDemo`: on the
    // customer list) the demo offer while the real database is empty.
    void drawBanners(bool offerDemo);
    // In the status bar: progress of long jobs and the help button.
    void drawStatusItems();
    // After everything else: search palette, help window, IME composition at the caret.
    void drawOverlays();

    void openSearch() { m_searchView.open(); }
    void openHelp() { m_helpOpen = true; }
    core::CustomerSearch& search() { return m_search; }
    // {demo, demoGenerated, demoTotal, demoFilling, searchIndexed, searchPending}
    core::Json status() const;

private:
    void stepDemo(double budgetMs);
    void stepRecord(int delta);
    void drawHelp();
    void drawComposition();

    core::CrmSession& m_session;
    FontManager& m_fonts;
    Hooks m_hooks;
    NullPageServices m_nullPage;
    PageServices* m_page = &m_nullPage;
    core::CustomerSearch& m_search;  // indexed by CrmApp's background work
    SearchView m_searchView;
    bool m_helpOpen = false;
    std::unique_ptr<core::DemoGenerator> m_demo;  // while the demo database is being filled
    bool m_demoChecked = false;
    size_t m_demoTotal = 0;
    size_t m_demoWritten = 0;
    bool m_demoStopped = false;  // the fill ran out of memory
};

} // namespace crm::shell

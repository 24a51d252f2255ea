// The search palette (Ctrl+K): one box across name (Han, pinyin, initials, mixed), phone fragments, plate,
// VIN tail, company and tags; ranked results with the matched characters highlighted; Up/Down choose,
// Enter opens the customer, Esc closes.
#pragma once
#include "core/app/customer_search.h"

#include <functional>
#include <string>
#include <vector>

namespace crm::shell {

class SearchView {
public:
    using OpenFn = std::function<void(const std::string& customerId)>;
    SearchView(core::CustomerSearch& search, OpenFn open) : m_search(search), m_openCustomer(std::move(open)) {}

    void open();
    void close() { m_open = false; }
    bool isOpen() const { return m_open; }
    void draw();

    // For the keyboard: moves the selection (clamped to the results).
    void moveSelection(int delta);

private:
    void refresh();
    void drawHit(int index, const core::SearchHit& hit);

    core::CustomerSearch& m_search;
    OpenFn m_openCustomer;
    bool m_open = false;
    bool m_focusInput = false;
    bool m_scrollToSelected = false;
    std::string m_query;
    std::string m_shownQuery;
    uint64_t m_shownGeneration = 0;
    std::vector<core::SearchHit> m_hits;
    int m_selected = 0;
};

// Draws `text` on one line with the byte ranges [begin, end) of `ranges` highlighted.
void highlightedText(const std::string& text, const std::vector<std::pair<uint32_t, uint32_t>>& ranges);

} // namespace crm::shell

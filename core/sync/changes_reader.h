// A `_changes` page read in time slices, so that a large page (include_docs: ~800 rows, ~300 KB) is never
// parsed in one task: start() scans the page's structure once (a pass over the bytes, no parsing) and checks
// its head (`last_seq`, `pending`, …); each readSome() parses and checks rows until its time is up. The
// outcome is exactly changesAnswer()'s on the whole page: a page the scan does not take (cut short,
// garbled, a repeated key, anything unusual) is parsed whole at once, and so is a page with a row found
// malformed, so every error comes from changesAnswer() itself.
// Does not: schedule the slices (the pull lane does) or decide what the page means.
#pragma once
#include "core/clock.h"
#include "core/sync/couch_answers.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace crm::core {

class ChangesReader {
public:
    // A page of at most `wholeUpTo` bytes is read at once, here.
    void start(std::string body, size_t wholeUpTo);
    bool active() const { return m_active; }
    // While a page is read in slices: its head (last_seq, pending; its rows come as they are read) and how many
    // rows it has; nullptr when it was read at once.
    const ChangesPage* head() const { return m_active && !m_done ? &m_page.value : nullptr; }
    size_t rowCount() const { return m_rows.size(); }
    // Reads rows until the page is read (true) or `sliceMs` has passed (0: no limit).
    bool readSome(int64_t sliceMs, const Clock& clock);
    // The page read (or why not); the reader is idle again.
    Checked<ChangesPage> take();
    void drop();

private:
    bool scan();  // the rows' byte ranges and the head checked; false: not a page to read in slices
    bool scanRows(size_t begin, size_t end);
    void readWhole() { m_page = changesAnswer(m_body); }

    bool m_active = false;
    std::string m_body;
    std::vector<std::pair<size_t, size_t>> m_rows;  // [begin, end) of each element of `results`
    size_t m_next = 0;
    bool m_done = false;
    Checked<ChangesPage> m_page;
};

}  // namespace crm::core

// The Complaints section (投诉处理): a board (columns = stages, cards with customer, severity, owner and time
// left, optional swimlanes by owner, filters by cause / severity / owner / overdue), a list (the complaint
// description's table, overdue rows red), the period summary, and the complaint form for the one opened.
#pragma once
#include "core/app/complaint_board.h"
#include "core/app/complaint_summary_job.h"
#include "shell/complaint_form.h"
#include "shell/record_views.h"

#include <string>
#include <vector>

namespace crm::shell {

class ComplaintsView {
public:
    ComplaintsView(core::CrmSession& session, core::ComplaintBoard& board, core::ComplaintSummaryJob& summaryJob);
    void draw();
    void open(const std::string& id) { m_form.open(id); }

private:
    enum class Mode { Board, List, Summary };
    void drawToolbar();
    void drawBoard();
    void drawLane(const std::vector<const core::ComplaintCard*>& cards, const char* laneId);
    bool drawCard(const core::ComplaintCard& card, float width);
    void drawList();
    void drawSummary();

    core::CrmSession& m_session;
    core::ComplaintBoard& m_board;
    ComplaintForm m_form;
    Mode m_mode = Mode::Board;
    core::ComplaintFilter m_filter;
    bool m_swimlanes = false;
    RecordTable m_table{"complaint"};
    std::vector<core::Json> m_docs;  // the list's documents (filtered like the board)
    uint64_t m_docsSeq = UINT64_MAX;
    core::ComplaintFilter m_docsFilter;  // the filter m_docs was built with
    // The summary over the last m_summaryDays days, tallied in the background by m_summaryJob.
    core::ComplaintSummaryJob& m_summaryJob;
    int m_summaryDays = 90;
};

}  // namespace crm::shell

// Customer composition report (客户构成): counts and shares by region, gender and source.
#pragma once
#include "core/app/crm_session.h"

#include <map>
#include <string>

namespace crm::shell {

class ReportsView {
public:
    explicit ReportsView(core::CrmSession& session) : m_session(session) {}
    void draw();

private:
    core::CrmSession& m_session;
    uint64_t m_seenSeq = UINT64_MAX;  // counts are recomputed only when the store changed
    std::map<std::string, int> m_byRegion, m_byGender, m_bySource;
    int m_total = 0;
};

} // namespace crm::shell

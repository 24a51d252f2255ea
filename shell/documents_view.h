// A plain table of every document of one type (follow-ups, complaints, tasks), newest first, with the
// customer's name resolved. The dedicated workflows for each type build on the same data.
#pragma once
#include "core/app/crm_session.h"

#include <string>

namespace crm::shell {

class DocumentsView {
public:
    DocumentsView(core::CrmSession& session, const char* type, const char* introKey)
        : m_session(session), m_type(type), m_introKey(introKey) {}
    void draw();

private:
    void refresh();

    core::CrmSession& m_session;
    const char* m_type;
    const char* m_introKey;
    uint64_t m_seenSeq = UINT64_MAX;  // the store's update sequence m_docs was built at
    std::vector<core::Json> m_docs;
};

} // namespace crm::shell

// Every document of one type (tasks; complaints have their own screen, complaints_view.h) as the type's
// description lists it (record_views.h): sortable, filterable, enum values translated, with the customer's
// name resolved.
#pragma once
#include "core/app/crm_session.h"
#include "shell/record_views.h"

#include <string>

namespace crm::shell {

class DocumentsView {
public:
    DocumentsView(core::CrmSession& session, const char* type, const char* introKey)
        : m_session(session), m_type(type), m_introKey(introKey), m_table(type) {
        m_table.showFilter = true;
        m_table.addColumn("customer", "doctype.customer");
        m_table.setCell([this](const std::string& column, const core::Json& doc) { return drawCustomer(column, doc); });
    }
    void draw();

private:
    void refresh();
    bool drawCustomer(const std::string& column, const core::Json& doc);

    core::CrmSession& m_session;
    const char* m_type;
    const char* m_introKey;
    uint64_t m_seenSeq = UINT64_MAX;  // the store's update sequence m_docs was built at
    std::vector<core::Json> m_docs;
    RecordTable m_table;
};

} // namespace crm::shell

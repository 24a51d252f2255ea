// Every document of one type (tasks; complaints have their own screen, complaints_view.h) as the type's
// description lists it (record_views.h): sortable, filterable, enum values translated, with the customer's
// name resolved; a clicked row shows the record in full (the description's detail view) with its history.
#pragma once
#include "core/app/crm_session.h"
#include "shell/record_views.h"

#include <string>

namespace crm::shell {

class DocumentsView {
public:
    DocumentsView(core::CrmSession& session, const char* type, const char* introKey);
    ~DocumentsView();
    DocumentsView(const DocumentsView&) = delete;
    DocumentsView& operator=(const DocumentsView&) = delete;
    void draw();

private:
    void refresh();
    bool drawCustomer(const std::string& column, const core::Json& doc);

    core::CrmSession& m_session;
    const char* m_type;
    const char* m_introKey;
    int m_listener = 0;
    bool m_stale = true;  // a document of this type changed since m_docs was built
    std::vector<core::Json> m_docs;
    std::string m_selectedId;
    RecordTable m_table;
};

} // namespace crm::shell

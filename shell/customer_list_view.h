// The customer list: a filter box, a "new customer" button and a virtualised, sortable table
// (ImGuiListClipper) over every customer; a click opens the customer's form.
#pragma once
#include "core/app/crm_session.h"
#include "shell/customer_form_view.h"

#include <string>

namespace crm::shell {

class CustomerListView {
public:
    CustomerListView(core::CrmSession& session, CustomerFormView& form) : m_session(session), m_form(form) {}
    void draw();

private:
    core::CrmSession& m_session;
    CustomerFormView& m_form;
    std::string m_filter;
    core::CustomerColumn m_sortColumn = core::CustomerColumn::Name;
    bool m_sortAscending = true;
};

} // namespace crm::shell

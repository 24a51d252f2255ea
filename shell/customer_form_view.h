// The customer form (客户档案): create, edit, delete with confirmation, as a modal dialog.
// Validation and conflict errors are shown in the UI language; nothing is written until Save succeeds.
#pragma once
#include "core/app/crm_session.h"

#include <string>

namespace crm::shell {

class CustomerFormView {
public:
    explicit CustomerFormView(core::CrmSession& session) : m_session(session) {}

    void openNew();
    void openExisting(const std::string& id);
    bool isOpen() const { return m_open; }
    void draw();

private:
    void save();
    void confirmDelete();

    core::CrmSession& m_session;
    bool m_open = false;
    bool m_justOpened = false;
    bool m_focusName = false;
    std::string m_id;   // empty for a new customer
    std::string m_rev;
    core::CustomerForm m_form;
    std::string m_error;  // translated message
};

} // namespace crm::shell

// The conflict dialog: one document's conflicting versions field by field (mine / theirs / common ancestor),
// drawn at the top level of the frame like the customer form; Save writes the merge through CrmSession.
#pragma once
#include "core/app/crm_session.h"
#include "core/sync/conflict_merge.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace crm::shell {

class ConflictDialog {
public:
    explicit ConflictDialog(core::CrmSession& session);
    void open(const std::string& id);
    bool isOpen() const { return m_conflict.has_value(); }
    // `documentLabel` names the document in the title (a customer's name rather than an id).
    void draw(const std::function<std::string(const std::string&)>& documentLabel);

private:
    enum Pick { Mine = 0, Theirs = 1, Ancestor = 2 };
    void save();

    core::CrmSession& m_session;
    std::optional<core::ConflictView> m_conflict;
    std::vector<int> m_picks;    // per field of m_conflict: Pick
    std::vector<bool> m_picked;  // per field: chosen by a click
    bool m_justOpened = false;
    std::string m_error;
};

}  // namespace crm::shell

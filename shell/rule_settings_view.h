// Settings for the customer rules: classification thresholds and follow-up cadences (documents
// "settings:classification" / "settings:followup", synced), each with its rule explained in words,
// and the name this device records edits under (in _local/ui_settings, per device).
#pragma once
#include "core/app/classification_service.h"
#include "core/app/crm_session.h"

#include <string>

namespace crm::shell {

class RuleSettingsView {
public:
    RuleSettingsView(core::CrmSession& session, core::ClassificationService& classes)
        : m_session(session), m_classes(classes) {}
    void draw();

private:
    void load();
    void save();
    void drawButtons();

    core::CrmSession& m_session;
    core::ClassificationService& m_classes;
    bool m_loaded = false;
    uint64_t m_seenGeneration = 0;
    core::ClassificationSettings m_class;
    core::FollowupSettings m_followup;
    std::string m_user;
    std::string m_message;
};

} // namespace crm::shell

// Rule settings: numeric inputs, explanations, save to the settings documents.
#include "shell/rule_settings_view.h"

#include "core/app/customer.h"
#include "core/app/i18n.h"
#include "core/app/ui_settings.h"
#include "core/app/classification_text.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::tr;

namespace {

bool intRow(const char* key, int* value, const char* name, int lo, int hi) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextUnformatted(tr(key));
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
    bool changed = ImGui::InputInt((std::string("##") + key).c_str(), value);
    *value = std::clamp(*value, lo, hi);
    markItem(name);
    return changed;
}

bool percentRow(const char* key, double* share, const char* name) {
    int p = static_cast<int>(*share * 100 + 0.5);
    bool changed = intRow(key, &p, name, 0, 100);
    *share = p / 100.0;
    return changed;
}

void explain(const std::string& text) {
    ImGui::PushTextWrapPos(0);
    ImGui::TextDisabled("%s", text.c_str());
    ImGui::PopTextWrapPos();
}

bool beginRules(const char* id) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_SizingStretchProp)) return false;
    ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, ImGui::GetFontSize() * 14.0f);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    return true;
}
} // namespace

void RuleSettingsView::load() {
    m_class = m_classes.classificationSettings();
    m_followup = m_classes.followupSettings();
    m_user = core::loadUiSettings(m_session.store()).userName;
    m_seenGeneration = m_classes.generation();
    m_loaded = true;
}

void RuleSettingsView::save() {
    auto put = [&](const char* id, core::Json body) {
        std::optional<core::Json> current = m_session.store().get(id);
        body["_id"] = id;
        body["type"] = "settings";
        if (current) body["_rev"] = (*current)["_rev"];
        return m_session.putDocument(std::move(body));
    };
    core::WriteResult a = put(core::kClassificationSettingsId, m_class.toJson());
    core::WriteResult b = put(core::kFollowupSettingsId, m_followup.toJson());
    core::UiSettings ui = core::loadUiSettings(m_session.store());
    ui.userName = m_user;
    core::saveUiSettings(m_session.store(), ui);
    m_message = a.ok() && b.ok() ? tr("settings.rules_saved") : tr("error.conflict");
    m_loaded = false;  // reload what was stored once the service has applied it
}

void RuleSettingsView::draw() {
    if (!m_loaded) load();
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("settings.rules_title"));
    ImGui::Separator();
    drawButtons();  // at the top: the rules below are longer than a screen
    if (beginRules("user")) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::TextUnformatted(tr("settings.user"));
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
        ImGui::InputTextWithHint("##user", tr("settings.user_default"), &m_user);
        markItem("settings.user");
        ImGui::EndTable();
    }
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("settings.value_class"));
    if (beginRules("value_class")) {
        intRow("settings.window_days", &m_class.windowDays, "settings.window_days", 30, 3650);
        percentRow("settings.a_share", &m_class.classATopShare, "settings.a_share");
        intRow("settings.a_visits", &m_class.classAMinVisits, "settings.a_visits", 1, 100);
        percentRow("settings.b_share", &m_class.classBTopShare, "settings.b_share");
        intRow("settings.b_visits", &m_class.classBMinVisits, "settings.b_visits", 1, 100);
        ImGui::EndTable();
    }
    explain(core::explainValueClassText(m_class));
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("settings.loyalty"));
    if (beginRules("loyalty")) {
        intRow("settings.lost_days", &m_class.lostAfterDays, "settings.lost_days", 30, 3650);
        intRow("settings.loyal_visits", &m_class.loyalMinVisits, "settings.loyal_visits", 1, 100);
        intRow("settings.loyal_lookback", &m_class.loyalLookbackDays, "settings.loyal_lookback", 30, 3650);
        intRow("settings.loyal_gap", &m_class.loyalMaxGapDays, "settings.loyal_gap", 7, 3650);
        ImGui::EndTable();
    }
    explain(core::explainLoyaltyText(m_class));
    explain(core::explainLifecycleText());
    ImGui::Spacing();
    ImGui::TextUnformatted(tr("settings.cadence"));
    if (beginRules("cadence")) {
        intRow("settings.class_a_days", &m_followup.classADays, "settings.class_a_days", 1, 730);
        intRow("settings.class_b_days", &m_followup.classBDays, "settings.class_b_days", 1, 730);
        intRow("settings.class_c_days", &m_followup.classCDays, "settings.class_c_days", 1, 730);
        intRow("settings.intent_days", &m_followup.intentDays, "settings.intent_days", 1, 365);
        intRow("settings.birthday_lead", &m_followup.birthdayLeadDays, "settings.birthday_lead", 0, 60);
        intRow("settings.holiday_lead", &m_followup.holidayLeadDays, "settings.holiday_lead", 0, 60);
        intRow("settings.service_months", &m_followup.serviceInterval.months, "settings.service_months", 1, 36);
        int km = static_cast<int>(m_followup.serviceInterval.km);
        intRow("settings.service_km", &km, "settings.service_km", 500, 100000);
        m_followup.serviceInterval.km = km;
        intRow("settings.service_overdue", &m_followup.serviceOverdueDays, "settings.service_overdue", 0, 3650);
        intRow("settings.warranty_days", &m_followup.warrantyWithinDays, "settings.warranty_days", 0, 365);
        intRow("settings.insurance_days", &m_followup.insuranceWithinDays, "settings.insurance_days", 0, 365);
        ImGui::EndTable();
    }
    explain(core::explainCadenceText(m_followup));
}

void RuleSettingsView::drawButtons() {
    if (ImGui::Button(label("settings.save_rules").c_str())) save();
    markItem("settings.save_rules");
    ImGui::SameLine();
    if (ImGui::Button(label("settings.revert_rules").c_str())) {
        load();
        m_message.clear();
    }
    if (!m_message.empty()) {
        ImGui::SameLine();
        ImGui::AlignTextToFramePadding();
        ImGui::TextDisabled("%s", m_message.c_str());
    }
}

} // namespace crm::shell

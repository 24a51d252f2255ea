// Working-time and complaint-deadline settings (working_time_settings.h).
#include "shell/working_time_settings.h"

#include "core/app/i18n.h"
#include "shell/complaint_widgets.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <algorithm>
#include <cstdio>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::tr;

void WorkingTimeSettings::load() {
    m_settings = core::loadComplaintSettings(m_session.store());
    for (size_t d = 0; d < 7; ++d) m_hoursText[d] = core::dayHoursText(m_settings.time.weekly[d]);
    m_loaded = true;
}

void WorkingTimeSettings::draw() {
    if (!m_loaded) load();
    ImGui::Spacing();
    if (!ImGui::CollapsingHeader(label("settings.working_time").c_str())) return;
    markItem("settings.working_time");
    ImGui::TextWrapped("%s", tr("settings.working_time_help"));
    if (file_ui::beginForm("weekly", 4.0f)) {
        for (size_t d = 0; d < 7; ++d) {
            file_ui::labelCell(("settings.weekday." + std::to_string(d + 1)).c_str());
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
            ImGui::InputTextWithHint(("##hours" + std::to_string(d)).c_str(), tr("settings.closed"), &m_hoursText[d]);
            markItem(("settings.hours." + std::to_string(d + 1)).c_str());
        }
        ImGui::EndTable();
    }
    drawHolidays();
    drawMatrix();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10);
    ImGui::InputText(label("settings.service_manager").c_str(), &m_settings.deadlines.serviceManager);
    markItem("settings.service_manager");
    if (ImGui::Button(label("settings.save_deadlines").c_str())) {
        m_error = false;
        for (size_t d = 0; d < 7; ++d) {
            std::optional<core::DayHours> hours = core::parseDayHours(m_hoursText[d]);
            if (!hours) {
                m_error = true;
                m_message = std::string(tr("settings.weekday." + std::to_string(d + 1))) + ": " + tr("settings.hours_invalid");
                break;
            }
            m_settings.time.weekly[d] = *hours;
        }
        if (!m_error) {
            core::WriteResult r = core::saveComplaintSettings(m_session, m_settings);
            m_error = !r.ok();
            m_message = r.ok() ? tr("settings.deadlines_saved") : file_ui::writeError(r);
            if (r.ok()) m_loaded = false;
        }
    }
    markItem("settings.save_deadlines");
    if (!m_message.empty()) {
        if (m_error) errorText(m_message);
        else ImGui::TextUnformatted(m_message.c_str());
    }
}

// The table's size, and one date's kind with buttons to change it (saved with the button below).
void WorkingTimeSettings::drawHolidays() {
    const auto& h = m_settings.time.holidays;
    const auto& m = m_settings.time.makeupDays;
    int first = h.empty() ? 0 : h.begin()->first.year, last = h.empty() ? 0 : h.rbegin()->first.year;
    ImGui::Text(tr("settings.holidays"), int(h.size()), int(m.size()), first, last);
    markItem("settings.holidays");
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputTextWithHint("##holiday_date", "YYYY-MM-DD", &m_date);
    markItem("settings.holiday_date");
    std::optional<core::CivilDate> day = core::CivilDate::parse(m_date);
    if (!day || !day->isValid()) return;
    ImGui::SameLine();
    char kind[160];
    switch (m_settings.time.kindOf(*day)) {
    case core::DayKind::Holiday: std::snprintf(kind, sizeof kind, tr("settings.day_kind.holiday"), h.at(*day).c_str()); break;
    case core::DayKind::MakeupWorkday: std::snprintf(kind, sizeof kind, tr("settings.day_kind.makeup"), m.at(*day).c_str()); break;
    case core::DayKind::Regular: std::snprintf(kind, sizeof kind, "%s", tr("settings.day_kind.regular")); break;
    }
    ImGui::TextUnformatted(kind);
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputTextWithHint("##holiday_name", tr("field.title"), &m_holidayName);
    ImGui::SameLine();
    if (ImGui::SmallButton(label("settings.holiday_add").c_str())) {
        m_settings.time.makeupDays.erase(*day);
        m_settings.time.holidays[*day] = m_holidayName;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(label("settings.makeup_add").c_str())) {
        m_settings.time.holidays.erase(*day);
        m_settings.time.makeupDays[*day] = m_holidayName;
    }
    ImGui::SameLine();
    if (ImGui::SmallButton(label("settings.holiday_remove").c_str())) {
        m_settings.time.holidays.erase(*day);
        m_settings.time.makeupDays.erase(*day);
    }
}

void WorkingTimeSettings::drawMatrix() {
    ImGui::TextUnformatted(tr("settings.deadline_matrix"));
    if (!ImGui::BeginTable("deadline_matrix", 5, ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit)) return;
    ImGui::TableSetupColumn(tr("field.severity"));
    for (size_t s = 1; s < core::kComplaintStageKeys.size(); ++s)
        ImGui::TableSetupColumn(tr(std::string("complaint.stage.") + core::kComplaintStageKeys[s]));
    ImGui::TableHeadersRow();
    for (const char* severity : core::kComplaintSeverities) {
        std::array<double, 4> hours = m_settings.deadlines.hoursFor(severity);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(complaintOption("severity", severity).c_str());
        bool changed = false;
        for (size_t s = 0; s < hours.size(); ++s) {
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 5);
            ImGui::PushID(severity);
            ImGui::PushID(int(s));
            changed |= ImGui::InputDouble("##h", &hours[s], 0, 0, "%.1f");
            ImGui::PopID();
            ImGui::PopID();
            markItem(("settings.deadline." + std::string(severity) + "." + core::kComplaintStageKeys[s + 1]).c_str());
        }
        if (changed) {
            for (double& h : hours) h = std::max(0.1, h);
            m_settings.deadlines.hours[severity] = hours;
        }
    }
    ImGui::EndTable();
}

}  // namespace crm::shell

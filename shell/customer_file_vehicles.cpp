// Customer file, vehicles tab: the customer's vehicles (the `vehicle` description's list plus projected
// odometer and warranty by date and by mileage, whichever first), the vehicle form drawn from the
// description with today's odometer reading, and the chosen vehicle's history.
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "core/domain/vehicle_rules.h"
#include "shell/customer_file_widgets.h"
#include "shell/record_views.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

void CustomerFileView::editVehicle(const Json* vehicle) {
    m_vehicleIssues.clear();
    m_vehicleError.clear();
    m_odometerText.clear();
    m_vehicleId = vehicle ? stringField(*vehicle, "_id") : std::string();
    m_vehicleForm.load(*core::findRecordType("vehicle"), vehicle ? *vehicle : Json{{"usage", "private"}}, m_session.shopZone());
}

void CustomerFileView::saveVehicle() {
    m_vehicleError.clear();
    core::FormResult form = m_vehicleForm.build();
    m_vehicleIssues = form.issues;
    if (!core::addOdometerReading(form.doc, m_odometerText, today()))
        m_vehicleIssues.push_back({"odometer", "input.error.whole_number"});
    if (core::hasErrors(m_vehicleIssues)) return;
    core::WriteResult result = m_files.saveRelated(form.doc, m_id, m_user(), &m_vehicleIssues);
    if (!result.ok()) {
        if (m_vehicleIssues.empty()) m_vehicleError = writeError(result);
        return;
    }
    core::FieldIssues warnings = m_vehicleIssues;
    editVehicle(nullptr);
    m_vehicleIssues = warnings;  // a VIN check-digit warning stays in view after the save
}

// The computed columns: odometer projected to today, warranty by date and mileage.
bool CustomerFileView::drawVehicleCell(const std::string& column, const Json& v) {
    const core::VehicleFacts* vf = nullptr;
    const std::optional<core::CustomerFacts> facts = m_classes.factsOf(m_id);  // unpacked: kept while drawn
    if (facts) {
        for (const core::VehicleFacts& f : facts->vehicles) {
            if (f.id == stringField(v, "_id")) vf = &f;
        }
    }
    if (column != "odometer_now" && column != "warranty") return false;
    if (!vf) {  // not classified yet (the records still loading, or the vehicle just saved): "computing", not empty
        ImGui::TextDisabled("%s", tr("file.computing"));
        markItem(("vehicle.computing." + column + "." + stringField(v, "plate")).c_str());
        return true;
    }
    if (column == "odometer_now") {
        if (auto km = vf->odometer.projectedKm(today())) ImGui::Text("%lld km", static_cast<long long>(*km));
        return true;
    }
    core::WarrantyStatus w = core::warrantyStatus(vf->warranty, vf->odometer, today());
    if (w.state == core::WarrantyState::In) {
        std::string text = tr("warranty.in");
        if (w.expectedEnd) text += std::string(" · ") + tr("file.until") + " " + w.expectedEnd->toString();
        if (w.endsBy == core::LimitKind::Mileage) text += std::string(" (") + tr("file.by_mileage") + ")";
        ImGui::TextColored(ImVec4(0.15f, 0.55f, 0.25f, 1), "%s", text.c_str());
    } else if (w.state == core::WarrantyState::Out) {
        std::string text = tr("warranty.out");
        text += std::string(" (") + tr(w.endedBy == core::LimitKind::Mileage ? "file.by_mileage" : "file.by_date") + ")";
        ImGui::TextColored(ImVec4(0.70f, 0.30f, 0.10f, 1), "%s", text.c_str());
    } else {
        ImGui::TextDisabled("%s", tr("warranty.none"));
    }
    markItem(("vehicle.warranty." + stringField(v, "plate")).c_str());
    return true;
}

void CustomerFileView::drawVehicles() {
    if (m_vehicles.empty()) {
        ImGui::TextDisabled("%s", tr("file.no_vehicles"));
    } else {
        int clicked = m_vehicleTable.draw("vehicles", m_vehicles, m_vehicleId, "vehicle.row", "plate");
        if (clicked >= 0) editVehicle(&m_vehicles[size_t(clicked)]);
    }
    ImGui::Spacing();
    sectionTitle(tr(m_vehicleId.empty() ? "file.add_vehicle" : "file.edit_vehicle"));
    drawRecordForm(m_vehicleForm, "vehicle", 2);
    if (beginForm("vehicle_odometer", 7.5f)) {
        labelCell("field.odometer_today");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 12);
        ImGui::InputTextWithHint("##odometer", "12,345", &m_odometerText);
        markItem("vehicle.odometer");
        ImGui::EndTable();
    }
    drawIssues(m_vehicleForm.type(), m_vehicleIssues, "vehicle");
    errorText(m_vehicleError);
    if (ImGui::Button(label("file.save_vehicle").c_str())) saveVehicle();
    markItem("vehicle.save");
    if (!m_vehicleId.empty()) {
        ImGui::SameLine();
        if (ImGui::Button(label("file.new_vehicle").c_str())) editVehicle(nullptr);
        ImGui::Spacing();
        drawRecordHistory(m_vehicleForm.original(), "vehicle.history");
    }
}

}  // namespace crm::shell

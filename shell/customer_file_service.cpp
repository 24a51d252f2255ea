// Customer file, service history and purchases tabs: repair orders and purchases as lists and forms drawn
// from their descriptions (shell/record_views.h); the vehicle they concern is chosen from the customer's.
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "shell/customer_file_widgets.h"
#include "shell/record_views.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <algorithm>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

namespace {
// Radio buttons choosing one of `vehicles` (by plate, else VIN); -1 (when `allowNone`) is "no vehicle".
void vehicleChoice(int* chosen, const std::vector<Json>& vehicles, bool allowNone, const char* id) {
    labelCell("col.vehicle");
    if (allowNone && ImGui::RadioButton(label("file.purchase_no_vehicle").c_str(), *chosen < 0)) *chosen = -1;
    for (size_t i = 0; i < vehicles.size(); ++i) {
        if (i > 0 || allowNone) ImGui::SameLine();
        std::string plate = stringField(vehicles[i], "plate");
        if (plate.empty()) plate = stringField(vehicles[i], "vin");
        if (ImGui::RadioButton((plate + "##" + id + std::to_string(i)).c_str(), *chosen == int(i))) *chosen = int(i);
    }
}
}  // namespace

void CustomerFileView::resetServiceForm() {
    m_serviceForm.load(*core::findRecordType("service_record"),
                       Json{{"date_in", today().toString()}, {"pay_type", "customer"}}, m_session.shopZone());
}

void CustomerFileView::resetPurchaseForm() {
    m_purchaseForm.load(*core::findRecordType("purchase"), Json{{"date", today().toString()}}, m_session.shopZone());
    m_purchaseVehicle = -1;
}

// Saves a repair order or purchase from its form about vehicle `vehicle` (-1: none); true when saved.
bool CustomerFileView::saveRelatedForm(core::RecordForm& form, int vehicle, core::FieldIssues& issues,
                                       std::string& error) {
    error.clear();
    core::FormResult typed = form.build();
    issues = typed.issues;
    if (!typed.ok()) return false;
    if (vehicle >= 0 && vehicle < int(m_vehicles.size()))
        typed.doc["vehicle_id"] = stringField(m_vehicles[size_t(vehicle)], "_id");
    core::WriteResult result = m_files.saveRelated(typed.doc, m_id, m_user(), &issues);
    if (!result.ok() && issues.empty()) error = writeError(result);
    return result.ok();
}

bool CustomerFileView::drawRelatedCell(const std::string& column, const Json& doc) {
    if (column != "vehicle_id") return false;
    ImGui::TextUnformatted(plateOf(stringField(doc, "vehicle_id")).c_str());
    return true;
}

void CustomerFileView::drawService() {
    if (m_service.empty())
        ImGui::TextDisabled("%s", tr("file.no_service"));
    else
        m_serviceTable.draw("service", m_service);
    ImGui::Spacing();
    sectionTitle(tr("file.add_service"));
    if (m_vehicles.empty()) {
        ImGui::TextWrapped("%s", tr("file.error.no_vehicle"));
        return;
    }
    m_serviceVehicle = std::clamp(m_serviceVehicle, 0, int(m_vehicles.size()) - 1);
    if (beginForm("service_vehicle", 7.5f)) {
        vehicleChoice(&m_serviceVehicle, m_vehicles, false, "sv");
        ImGui::EndTable();
    }
    drawRecordForm(m_serviceForm, "service", 2);
    drawIssues(m_serviceForm.type(), m_serviceIssues, "service");
    errorText(m_serviceError);
    if (ImGui::Button(label("file.save_service").c_str()) &&
        saveRelatedForm(m_serviceForm, m_serviceVehicle, m_serviceIssues, m_serviceError))
        resetServiceForm();
    markItem("service.save");
}

std::string CustomerFileView::plateOf(const std::string& vehicleId) const {
    if (vehicleId.empty()) return {};
    for (const Json& v : m_vehicles) {
        if (stringField(v, "_id") != vehicleId) continue;
        std::string plate = stringField(v, "plate");
        return plate.empty() ? stringField(v, "vin") : plate;
    }
    return {};
}

void CustomerFileView::drawPurchases() {
    if (m_purchases.empty()) {
        ImGui::TextDisabled("%s", tr("file.no_purchases"));
    } else {
        m_purchaseTable.draw("purchases", m_purchases, {}, "purchase.row", "item");
        double total = 0;
        for (const Json& p : m_purchases) total += p.value("amount", 0.0);
        ImGui::TextDisabled("%s ¥%.2f", tr("file.purchases_total"), total);
        markItem("purchase.total");
    }
    ImGui::Spacing();
    sectionTitle(tr("file.add_purchase"));
    if (beginForm("purchase_vehicle", 7.5f)) {
        vehicleChoice(&m_purchaseVehicle, m_vehicles, true, "pv");
        ImGui::EndTable();
    }
    drawRecordForm(m_purchaseForm, "purchase", 1);
    drawIssues(m_purchaseForm.type(), m_purchaseIssues, "purchase");
    errorText(m_purchaseError);
    if (ImGui::Button(label("file.save_purchase").c_str()) &&
        saveRelatedForm(m_purchaseForm, m_purchaseVehicle, m_purchaseIssues, m_purchaseError))
        resetPurchaseForm();
    markItem("purchase.save");
}

}  // namespace crm::shell

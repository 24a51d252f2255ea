// Customer file, service history and purchases tabs: repair orders (dates, odometer in/out, advisor, items,
// parts and labour, pay type, comeback) and purchase records (date, vehicle or item, amount, salesperson),
// each a table with an entry form below it.
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <algorithm>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

namespace {
const char* const kServiceText[][3] = {
    {"date_in", "field.date_in", "service.date_in"},
    {"date_out", "field.date_out", "service.date_out"},
    {"odometer_in", "field.odometer_in", "service.odometer_in"},
    {"odometer_out", "field.odometer_out", "service.odometer_out"},
    {"advisor", "field.advisor", "service.advisor"},
    {"items", "field.items", "service.items"},
    {"parts_amount", "field.parts_amount", "service.parts"},
    {"labour_amount", "field.labour_amount", "service.labour"},
};
}  // namespace

void CustomerFileView::saveService() {
    m_serviceError.clear();
    if (m_vehicles.empty()) {
        m_serviceError = tr("file.error.no_vehicle");
        return;
    }
    m_serviceVehicle = std::clamp(m_serviceVehicle, 0, int(m_vehicles.size()) - 1);
    core::RecordDraft draft = core::serviceRecordDraft(
        {stringField(m_vehicles[size_t(m_serviceVehicle)], "_id"), m_payType, m_comeback, m_serviceText});
    if (!draft.ok()) {
        m_serviceError = problemsText(draft.problems);
        return;
    }
    core::WriteResult result = m_files.saveRelated(draft.doc, m_id, m_user());
    if (!result.ok()) {
        m_serviceError = writeError(result);
        return;
    }
    m_serviceText.clear();
    m_serviceText["date_in"] = today().toString();
    m_comeback = false;
}

void CustomerFileView::drawService() {
    if (m_service.empty()) {
        ImGui::TextDisabled("%s", tr("file.no_service"));
    } else if (ImGui::BeginTable("service", 7,
                                 ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                     ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("field.date_in"), 0, 0.9f);
        ImGui::TableSetupColumn(tr("field.plate"), 0, 0.8f);
        ImGui::TableSetupColumn(tr("col.odometer"), 0, 1.0f);
        ImGui::TableSetupColumn(tr("field.items"), 0, 1.8f);
        ImGui::TableSetupColumn(tr("field.advisor"), 0, 0.7f);
        ImGui::TableSetupColumn(tr("col.amount"), 0, 0.8f);
        ImGui::TableSetupColumn(tr("col.pay_type"), 0, 0.9f);
        ImGui::TableHeadersRow();
        for (const Json& s : m_service) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(stringField(s, "date_in").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(plateOf(stringField(s, "vehicle_id")).c_str());
            ImGui::TableNextColumn();
            std::string in = numberText(s, "odometer_in"), out = numberText(s, "odometer_out");
            ImGui::Text("%s%s%s", in.c_str(), out.empty() ? "" : " → ", out.c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(stringField(s, "items").c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(stringField(s, "advisor").c_str());
            ImGui::TableNextColumn();
            double amount = s.value("parts_amount", 0.0) + s.value("labour_amount", 0.0);
            ImGui::Text("¥%.2f", amount);
            ImGui::TableNextColumn();
            std::string pay = tr("pay." + stringField(s, "pay_type"));
            if (s.value("comeback", false)) pay += std::string(" · ") + tr("service.comeback");
            ImGui::TextUnformatted(pay.c_str());
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    sectionTitle(tr("file.add_service"));
    if (m_vehicles.empty()) {
        ImGui::TextWrapped("%s", tr("file.error.no_vehicle"));
        return;
    }
    if (beginForm("service_form", 9.5f)) {
        labelCell("col.vehicle");
        m_serviceVehicle = std::clamp(m_serviceVehicle, 0, int(m_vehicles.size()) - 1);
        for (size_t i = 0; i < m_vehicles.size(); ++i) {
            if (i > 0) ImGui::SameLine();
            std::string plate = stringField(m_vehicles[i], "plate");
            if (plate.empty()) plate = stringField(m_vehicles[i], "vin");
            if (ImGui::RadioButton((plate + "##sv" + std::to_string(i)).c_str(), m_serviceVehicle == int(i)))
                m_serviceVehicle = int(i);
        }
        for (const auto& f : kServiceText) {
            labelCell(f[1]);
            ImGui::SetNextItemWidth(std::string(f[0]) == "items" ? -FLT_MIN : ImGui::GetFontSize() * 12);
            const char* hint = isDateField(f[0]) ? "YYYY-MM-DD" : "";
            ImGui::InputTextWithHint((std::string("##") + f[0]).c_str(), hint, &m_serviceText[f[0]]);
            markItem(f[2]);
        }
        labelCell("col.pay_type");
        const char* pays[] = {"customer", "warranty", "internal"};
        radioChoice(&m_payType, pays, 3, "pay", "service.pay");
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        ImGui::Checkbox(label("service.comeback").c_str(), &m_comeback);
        ImGui::EndTable();
    }
    errorText(m_serviceError);
    if (ImGui::Button(label("file.save_service").c_str())) saveService();
    markItem("service.save");
}

// ---- purchases ---------------------------------------------------------------------------------------
std::string CustomerFileView::plateOf(const std::string& vehicleId) const {
    if (vehicleId.empty()) return {};
    for (const Json& v : m_vehicles) {
        if (stringField(v, "_id") != vehicleId) continue;
        std::string plate = stringField(v, "plate");
        return plate.empty() ? stringField(v, "vin") : plate;
    }
    return {};
}

void CustomerFileView::savePurchase() {
    m_purchaseError.clear();
    core::PurchaseInput input = m_purchase;
    if (m_purchaseVehicle >= 0 && m_purchaseVehicle < int(m_vehicles.size()))
        input.vehicleId = stringField(m_vehicles[size_t(m_purchaseVehicle)], "_id");
    core::RecordDraft draft = core::purchaseDraft(input, today());
    if (!draft.ok()) {
        m_purchaseError = problemsText(draft.problems);
        return;
    }
    core::WriteResult result = m_files.saveRelated(draft.doc, m_id, m_user());
    if (!result.ok()) {
        m_purchaseError = writeError(result);
        return;
    }
    m_purchase = {};
    m_purchaseVehicle = -1;
}

void CustomerFileView::drawPurchases() {
    if (m_purchases.empty()) {
        ImGui::TextDisabled("%s", tr("file.no_purchases"));
    } else if (ImGui::BeginTable("purchases", 4,
                                 ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                     ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("col.date"), 0, 0.8f);
        ImGui::TableSetupColumn(tr("field.purchase_item"), 0, 2.2f);
        ImGui::TableSetupColumn(tr("col.amount"), 0, 0.9f);
        ImGui::TableSetupColumn(tr("field.salesperson"), 0, 0.8f);
        ImGui::TableHeadersRow();
        double total = 0;
        for (const Json& p : m_purchases) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(stringField(p, "date").c_str());
            ImGui::TableNextColumn();
            std::string item = stringField(p, "item"), plate = plateOf(stringField(p, "vehicle_id"));
            if (!plate.empty()) item += " · " + plate;
            ImGui::TextUnformatted(item.c_str());
            markItem(("purchase.row." + stringField(p, "item")).c_str());
            ImGui::TableNextColumn();
            double amount = p.value("amount", 0.0);
            total += amount;
            ImGui::Text("¥%.2f", amount);
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(stringField(p, "salesperson").c_str());
        }
        ImGui::EndTable();
        ImGui::TextDisabled("%s ¥%.2f", tr("file.purchases_total"), total);
        markItem("purchase.total");
    }
    ImGui::Spacing();
    sectionTitle(tr("file.add_purchase"));
    if (beginForm("purchase_form", 7.5f)) {
        labelCell("field.purchase_on");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::InputTextWithHint("##p_date", today().toString().c_str(), &m_purchase.date);
        markItem("purchase.date");
        labelCell("field.purchase_item");
        ImGui::SetNextItemWidth(-FLT_MIN);
        ImGui::InputTextWithHint("##p_item", tr("file.purchase_item_hint"), &m_purchase.item);
        markItem("purchase.item");
        labelCell("col.vehicle");
        if (ImGui::RadioButton(label("file.purchase_no_vehicle").c_str(), m_purchaseVehicle < 0))
            m_purchaseVehicle = -1;
        for (size_t i = 0; i < m_vehicles.size(); ++i) {
            ImGui::SameLine();
            std::string plate = plateOf(stringField(m_vehicles[i], "_id"));
            if (ImGui::RadioButton((plate + "##pv" + std::to_string(i)).c_str(), m_purchaseVehicle == int(i)))
                m_purchaseVehicle = int(i);
        }
        labelCell("field.purchase_amount");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::InputTextWithHint("##p_amount", "128000", &m_purchase.amount);
        markItem("purchase.amount");
        labelCell("field.salesperson");
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
        ImGui::InputText("##p_sales", &m_purchase.salesperson);
        markItem("purchase.salesperson");
        ImGui::EndTable();
    }
    errorText(m_purchaseError);
    if (ImGui::Button(label("file.save_purchase").c_str())) savePurchase();
    markItem("purchase.save");
}

}  // namespace crm::shell

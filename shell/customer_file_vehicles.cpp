// Customer file, vehicles tab: the customer's vehicles with projected odometer and warranty (by date and by
// mileage, whichever first), and the add/edit form (VIN and plate checked by core/domain/vehicle_rules).
#include "shell/customer_file_view.h"

#include "core/app/i18n.h"
#include "core/domain/vehicle_rules.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

namespace {
const char* const kVehicleText[][3] = {
    {"vin", "field.vin", "vehicle.vin"},
    {"plate", "field.plate", "vehicle.plate"},
    {"make", "field.make", "vehicle.make"},
    {"model", "field.model", "vehicle.model"},
    {"purchase_date", "field.purchase_date", "vehicle.purchase_date"},
    {"in_service_date", "field.in_service_date", "vehicle.in_service_date"},
    {"warranty_end", "field.warranty_end", "vehicle.warranty_end"},
    {"warranty_km", "field.warranty_km", "vehicle.warranty_km"},
    {"insurance_end", "field.insurance_end", "vehicle.insurance_end"},
    {"odometer_km", "field.odometer_today", "vehicle.odometer"},
};
}  // namespace

void CustomerFileView::editVehicle(const Json* vehicle) {
    m_vehicleText.clear();
    m_vehicleError.clear();
    m_vehicleWarning.clear();
    m_vehicleId = vehicle ? stringField(*vehicle, "_id") : std::string();
    m_usage = vehicle ? stringField(*vehicle, "usage") : "private";
    if (m_usage.empty()) m_usage = "private";
    m_commercial = vehicle ? vehicle->value("commercial", false) : false;
    if (!vehicle) return;
    for (const auto& f : kVehicleText) {
        if (std::string(f[0]) == "odometer_km") continue;
        m_vehicleText[f[0]] =
            std::string(f[0]) == "warranty_km" ? numberText(*vehicle, f[0]) : stringField(*vehicle, f[0]);
    }
}

void CustomerFileView::saveVehicle() {
    m_vehicleError.clear();
    m_vehicleWarning.clear();
    Json doc = Json::object();
    if (!m_vehicleId.empty()) {
        for (const Json& v : m_vehicles) {
            if (stringField(v, "_id") == m_vehicleId) doc = v;
        }
    }
    doc["type"] = "vehicle";
    std::vector<std::string> problems, warnings;
    auto collect = [&](const core::ValidationResult& r) {
        for (const core::ValidationIssue& issue : r.issues) {
            (issue.severity == core::Severity::Error ? problems : warnings).push_back(tr("check." + issue.code));
        }
    };
    const std::string& vin = m_vehicleText["vin"];
    const std::string& plate = m_vehicleText["plate"];
    if (isBlank(vin) && isBlank(plate)) problems.push_back(tr("file.error.vehicle_identity"));
    if (!isBlank(vin)) {
        core::ValidationResult r = core::validateVin(vin);
        collect(r);
        doc["vin"] = r.normalized;
    } else {
        doc.erase("vin");
    }
    if (!isBlank(plate)) {
        core::PlateResult r = core::validatePlate(plate);
        collect(r);
        doc["plate"] = r.normalized;
    } else {
        doc.erase("plate");
    }
    for (const char* key : {"make", "model"}) {
        if (m_vehicleText[key].empty())
            doc.erase(key);
        else
            doc[key] = m_vehicleText[key];
    }
    for (const char* key : {"purchase_date", "in_service_date", "warranty_end", "insurance_end"}) {
        const std::string& v = m_vehicleText[key];
        if (isBlank(v)) {
            doc.erase(key);
            continue;
        }
        std::optional<core::CivilDate> d = core::CivilDate::parse(v);
        if (!d || !d->isValid()) {
            problems.push_back(std::string(tr(std::string("field.") + key)) + ": " + tr("file.error.date"));
            continue;
        }
        doc[key] = d->toString();
    }
    if (isBlank(m_vehicleText["warranty_km"]))
        doc.erase("warranty_km");
    else if (auto km = parseNumber(m_vehicleText["warranty_km"]))
        doc["warranty_km"] = *km;
    else
        problems.push_back(std::string(tr("field.warranty_km")) + ": " + tr("file.error.number"));
    if (!isBlank(m_vehicleText["odometer_km"])) {
        if (auto km = parseNumber(m_vehicleText["odometer_km"])) {
            Json readings = doc.contains("odometer") && doc["odometer"].is_array() ? doc["odometer"] : Json::array();
            readings.push_back(Json{{"date", today().toString()}, {"km", *km}});
            doc["odometer"] = readings;
        } else {
            problems.push_back(std::string(tr("field.odometer_today")) + ": " + tr("file.error.number"));
        }
    }
    doc["usage"] = m_usage;
    doc["commercial"] = m_commercial;
    for (const std::string& w : warnings)
        m_vehicleWarning += (m_vehicleWarning.empty() ? "" : "\n") + w;
    if (!problems.empty()) {
        for (const std::string& p : problems)
            m_vehicleError += (m_vehicleError.empty() ? "" : "\n") + p;
        return;
    }
    core::WriteResult result = m_files.saveRelated(doc, m_id, m_user());
    if (!result.ok()) {
        m_vehicleError = writeError(result);
        return;
    }
    std::string warning = m_vehicleWarning;
    editVehicle(nullptr);
    m_vehicleWarning = warning;
}

void CustomerFileView::drawVehicles() {
    const core::CustomerFacts* facts = m_classes.factsOf(m_id);
    if (m_vehicles.empty()) {
        ImGui::TextDisabled("%s", tr("file.no_vehicles"));
    } else if (ImGui::BeginTable("vehicles", 6,
                                 ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersV |
                                     ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn(tr("field.plate"), 0, 0.8f);
        ImGui::TableSetupColumn(tr("field.vin"), 0, 1.5f);
        ImGui::TableSetupColumn(tr("col.model"), 0, 1.2f);
        ImGui::TableSetupColumn(tr("col.odometer"), 0, 0.9f);
        ImGui::TableSetupColumn(tr("col.warranty"), 0, 1.6f);
        ImGui::TableSetupColumn(tr("col.usage"), 0, 0.8f);
        ImGui::TableHeadersRow();
        for (const Json& v : m_vehicles) {
            const std::string id = stringField(v, "_id");
            ImGui::PushID(id.c_str());
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            std::string plate = stringField(v, "plate");
            if (ImGui::Selectable("##v", id == m_vehicleId, ImGuiSelectableFlags_SpanAllColumns)) editVehicle(&v);
            ImGui::SameLine(0, 0);
            ImGui::TextUnformatted(plate.c_str());
            markItem(("vehicle.row." + (plate.empty() ? stringField(v, "vin") : plate)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(stringField(v, "vin").c_str());
            ImGui::TableNextColumn();
            ImGui::Text("%s %s", stringField(v, "make").c_str(), stringField(v, "model").c_str());
            const core::VehicleFacts* vf = nullptr;
            if (facts) {
                for (const core::VehicleFacts& f : facts->vehicles) {
                    if (f.id == id) vf = &f;
                }
            }
            ImGui::TableNextColumn();
            if (vf) {
                if (auto km = vf->odometer.projectedKm(today())) ImGui::Text("%lld km", static_cast<long long>(*km));
            }
            ImGui::TableNextColumn();
            if (vf) {
                core::WarrantyStatus w = core::warrantyStatus(vf->warranty, vf->odometer, today());
                if (w.state == core::WarrantyState::In) {
                    std::string text = tr("warranty.in");
                    if (w.expectedEnd) text += std::string(" · ") + tr("file.until") + " " + w.expectedEnd->toString();
                    if (w.endsBy == core::LimitKind::Mileage) text += std::string(" (") + tr("file.by_mileage") + ")";
                    ImGui::TextColored(ImVec4(0.15f, 0.55f, 0.25f, 1), "%s", text.c_str());
                } else if (w.state == core::WarrantyState::Out) {
                    std::string text = tr("warranty.out");
                    text += std::string(" (") +
                            tr(w.endedBy == core::LimitKind::Mileage ? "file.by_mileage" : "file.by_date") + ")";
                    ImGui::TextColored(ImVec4(0.70f, 0.30f, 0.10f, 1), "%s", text.c_str());
                } else {
                    ImGui::TextDisabled("%s", tr("warranty.none"));
                }
                markItem(("vehicle.warranty." + plate).c_str());
            }
            ImGui::TableNextColumn();
            std::string usage = tr("usage." + stringField(v, "usage"));
            if (v.value("commercial", false)) usage += std::string(" · ") + tr("usage.commercial");
            ImGui::TextUnformatted(usage.c_str());
            ImGui::PopID();
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    sectionTitle(tr(m_vehicleId.empty() ? "file.add_vehicle" : "file.edit_vehicle"));
    if (beginForm("vehicle_form", 9.5f)) {
        for (const auto& f : kVehicleText) {
            labelCell(f[1]);
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 16);
            const char* hint = isDateField(f[0]) ? "YYYY-MM-DD" : "";
            ImGui::InputTextWithHint((std::string("##") + f[0]).c_str(), hint, &m_vehicleText[f[0]]);
            markItem(f[2]);
        }
        labelCell("col.usage");
        const char* usages[] = {"private", "company"};
        radioChoice(&m_usage, usages, 2, "usage", "vehicle.usage");
        ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
        ImGui::Checkbox(label("usage.commercial").c_str(), &m_commercial);
        ImGui::EndTable();
    }
    errorText(m_vehicleError);
    warningText(m_vehicleWarning);
    if (ImGui::Button(label("file.save_vehicle").c_str())) saveVehicle();
    markItem("vehicle.save");
    if (!m_vehicleId.empty()) {
        ImGui::SameLine();
        if (ImGui::Button(label("file.new_vehicle").c_str())) editVehicle(nullptr);
    }
}

}  // namespace crm::shell

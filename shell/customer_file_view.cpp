// Customer file screen: opening and reloading a customer, the header (classification chips, key facts,
// delete with confirmation), the tab bar and Ctrl+S. The tabs live in customer_file_*.cpp.
#include "shell/customer_file_view.h"

#include "core/app/customer_filter.h"
#include "core/app/i18n.h"
#include "core/app/classification_text.h"
#include "shell/complaint_widgets.h"
#include "shell/customer_file_widgets.h"
#include "shell/shortcuts.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

// ---- open / reload -----------------------------------------------------------------------------------
CustomerFileView::CustomerFileView(core::CrmSession& session, core::CustomerFiles& files,
                                   core::ClassificationService& classes, Platform& platform, UserFn currentUser)
    : m_session(session), m_files(files), m_classes(classes), m_platform(platform), m_user(std::move(currentUser)) {
    m_vehicleTable.addColumn("odometer_now", "col.odometer");
    m_vehicleTable.addColumn("warranty", "col.warranty");
    m_vehicleTable.setCell([this](const std::string& c, const Json& v) { return drawVehicleCell(c, v); });
    for (RecordTable* t : {&m_serviceTable, &m_purchaseTable})
        t->setCell([this](const std::string& c, const Json& d) { return drawRelatedCell(c, d); });
    // Complaints: overdue ones red, with their next deadline's state.
    m_complaintTable.addColumn("deadline", "complaints.col.deadline");
    m_complaintTable.setRowColor([this](const Json& d) { return complaintRowColor(d, m_session.clock().nowMs()); });
    m_complaintTable.setCell([this](const std::string& c, const Json& d) {
        if (c != "deadline") return false;
        if (std::optional<core::StageDeadline> next = core::nextDeadline(d, m_session.clock().nowMs()))
            ImGui::TextColored(deadlineColor(next->state), "%s", tr(std::string("complaint.state.") + core::deadlineStateName(next->state)));
        return true;
    });
}

core::CivilDate CustomerFileView::today() const {
    return core::chinaToday(m_session.clock().nowMs());
}

void CustomerFileView::open(const std::string& customerId) {
    if (!m_session.store().get(customerId)) return;
    m_id = customerId;
    m_seenSeq = UINT64_MAX;
    m_selectTab = Tab::Basic;
    m_resolving.reset();
    m_deleteError.clear();
    refreshRelated();
    loadBasic();
    editVehicle(nullptr);
    resetServiceForm();
    resetPurchaseForm();
    m_serviceIssues.clear();
    m_purchaseIssues.clear();
    m_serviceError.clear();
    m_purchaseError.clear();
    m_followup.reset();
    m_waitingForFile = false;
    m_attachMessage.clear();
}

void CustomerFileView::openForReminder(const core::Reminder& reminder) {
    open(reminder.customerId);
    if (!isOpen()) return;
    m_selectTab = Tab::Followups;
    m_resolving = reminder;
    m_followup.content() = std::string(core::reminderKindText(reminder.kind)) + " · " + core::reminderDetailText(reminder);
    m_followup.focusContent();
}

void CustomerFileView::refreshRelated() {
    if (m_seenSeq == m_session.store().updateSeq() && m_seenComplete == m_session.isComplete()) return;
    m_seenSeq = m_session.store().updateSeq();
    m_seenComplete = m_session.isComplete();
    std::optional<Json> doc = m_session.store().get(m_id);
    if (!doc) {
        m_id.clear();  // deleted (here or by sync)
        return;
    }
    m_customer = std::move(*doc);
    // While the records load (behind `ready`), the related documents wait for them: the index that finds them
    // covers every document and would be built twice. Vehicles load in the first stage and have an index of their
    // own (CustomerFiles::vehicles), so their tab shows them at once.
    if (!m_session.isComplete()) {
        m_vehicles = m_files.vehicles(m_id);
        return;
    }
    m_all = m_files.related(m_id);
    for (auto* list : {&m_vehicles, &m_service, &m_purchases, &m_followups, &m_complaints, &m_surveys, &m_points})
        list->clear();
    for (const Json& d : m_all) {
        std::string type = stringField(d, "type");
        if (type == "vehicle")
            m_vehicles.push_back(d);
        else if (type == "service_record")
            m_service.push_back(d);
        else if (type == "purchase")
            m_purchases.push_back(d);
        else if (type == "followup")
            m_followups.push_back(d);
        else if (type == "complaint")
            m_complaints.push_back(d);
        else if (type == "survey")
            m_surveys.push_back(d);
        else if (type == "points")
            m_points.push_back(d);
    }
    m_timeline = m_files.timeline(m_id);
}

// ---- header and tabs ---------------------------------------------------------------------------------
void CustomerFileView::draw() {
    refreshRelated();
    if (!isOpen()) return;
    drawHeader();
    if (!isOpen()) return;
    drawTabs();
}

void CustomerFileView::drawHeader() {
    if (ImGui::Button(label("file.back").c_str())) {
        close();
        return;
    }
    markItem("file.back");
    ImGui::SameLine();
    ImGui::AlignTextToFramePadding();
    const std::string name = stringField(m_customer, "name");
    ImGui::TextUnformatted(name.c_str());
    markItem("file.title");
    const core::CustomerClassification* c = m_classes.classOf(m_id);
    if (c) {
        auto chip = [](const char* text, ImVec4 color, const char* name) {
            ImGui::SameLine(0, ImGui::GetFontSize() * 0.8f);
            ImGui::PushStyleColor(ImGuiCol_Button, color);
            ImGui::PushStyleColor(ImGuiCol_ButtonHovered, color);
            ImGui::PushStyleColor(ImGuiCol_ButtonActive, color);
            ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
            ImGui::SmallButton(text);
            ImGui::PopStyleColor(4);
            markItem(name);
        };
        ImVec4 classColor = c->valueClass == core::ValueClass::A   ? ImVec4(0.80f, 0.45f, 0.05f, 1)
                            : c->valueClass == core::ValueClass::B ? ImVec4(0.20f, 0.45f, 0.75f, 1)
                                                                   : ImVec4(0.45f, 0.48f, 0.52f, 1);
        // The automation names carry the values ("file.class.A"), so tests can read what is shown.
        std::string classKey(core::valueClassKey(c->valueClass)), stageKey(core::lifecycleKey(c->lifecycle));
        std::string loyaltyName(core::loyaltyKey(c->loyalty)), warrantyName(core::warrantyKey(c->warranty));
        chip(core::valueClassText(c->valueClass), classColor, ("file.class." + classKey).c_str());
        chip(core::lifecycleText(c->lifecycle), ImVec4(0.25f, 0.55f, 0.45f, 1), ("file.lifecycle." + stageKey).c_str());
        if (c->loyalty != core::Loyalty::None)
            chip(core::loyaltyText(c->loyalty), ImVec4(0.45f, 0.35f, 0.65f, 1), ("file.loyalty." + loyaltyName).c_str());
        if (c->warranty != core::CustomerWarranty::None)
            chip(core::warrantyText(c->warranty), ImVec4(0.35f, 0.50f, 0.30f, 1), ("file.warranty." + warrantyName).c_str());
        if (c->important) chip(tr("file.important_chip"), ImVec4(0.80f, 0.20f, 0.20f, 1), "file.important");
    }
    drawDeleteButton();
    if (!isOpen()) return;
    // Key facts on one line.
    std::string facts;
    auto add = [&](const std::string& s) {
        if (s.empty()) return;
        if (!facts.empty()) facts += "    ";
        facts += s;
    };
    auto phones = m_customer.find("phones");
    if (phones != m_customer.end() && phones->is_array() && !phones->empty() && phones->front().is_string())
        add(phones->front().get<std::string>());
    if (c) {
        char buf[160];
        std::snprintf(buf, sizeof buf, tr("file.visits_spend"), c->visitsInWindow, c->spendInWindow);
        add(buf);
    }
    if (auto next = m_classes.nextFollowupOf(m_id)) add(std::string(tr("file.next_followup")) + " " + next->toString());
    ImGui::TextDisabled("%s", facts.c_str());
    markItem("file.facts");
}

void CustomerFileView::drawTabs() {
    struct TabDef {
        Tab tab;
        const char* key;
    };
    const TabDef tabs[] = {{Tab::Basic, "file.tab.basic"},
                           {Tab::Vehicles, "file.tab.vehicles"},
                           {Tab::Service, "file.tab.service"},
                           {Tab::Purchases, "file.tab.purchases"},
                           {Tab::Followups, "file.tab.followups"},
                           {Tab::Complaints, "file.tab.complaints"},
                           {Tab::Surveys, "file.tab.surveys"},
                           {Tab::Points, "file.tab.points"},
                           {Tab::Attachments, "file.tab.attachments"},
                           {Tab::Timeline, "file.tab.timeline"}};
    // Ctrl+S saves the basic information from any tab (unless a popup has the keyboard).
    if (shortcutPressed(Shortcut::Save) && !ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
        saveBasic();
        if (basicRefused()) m_selectTab = Tab::Basic;  // show what stopped it
    }
    if (!ImGui::BeginTabBar("file_tabs")) return;
    for (const TabDef& t : tabs) {
        ImGuiTabItemFlags flags = m_selectTab && *m_selectTab == t.tab ? ImGuiTabItemFlags_SetSelected : 0;
        std::string text = tr(t.key);
        size_t count = t.tab == Tab::Vehicles     ? m_vehicles.size()
                       : t.tab == Tab::Service    ? m_service.size()
                       : t.tab == Tab::Purchases  ? m_purchases.size()
                       : t.tab == Tab::Followups  ? m_followups.size()
                       : t.tab == Tab::Complaints ? m_complaints.size()
                                                  : 0;
        if (count > 0) text += " (" + std::to_string(count) + ")";
        text += std::string("###") + t.key;
        bool open = ImGui::BeginTabItem(text.c_str(), nullptr, flags);
        markItem(t.key);
        if (!open) continue;
        ImGui::BeginChild("tab_body", ImVec2(0, 0), false);
        if (t.tab != Tab::Basic && t.tab != Tab::Vehicles && !m_session.isComplete()) {
            ImGui::TextDisabled("%s", tr("records.loading"));
            markItem("records.loading");
        } else switch (t.tab) {
            case Tab::Basic:
                drawBasic();
                break;
            case Tab::Vehicles:
                drawVehicles();
                break;
            case Tab::Service:
                drawService();
                break;
            case Tab::Purchases:
                drawPurchases();
                break;
            case Tab::Followups:
                drawFollowups();
                break;
            case Tab::Complaints:
                drawComplaints();
                break;
            case Tab::Surveys:
                drawRelated(m_surveyTable, m_surveys, "file.no_surveys");
                break;
            case Tab::Points:
                drawRelated(m_pointsTable, m_points, "file.no_points");
                break;
            case Tab::Attachments:
                drawAttachments();
                break;
            case Tab::Timeline:
                drawTimeline();
                break;
        }
        ImGui::EndChild();
        ImGui::EndTabItem();
    }
    m_selectTab.reset();
    ImGui::EndTabBar();
}

// A red-tinted button at the right end of the title line; the customer document is deleted (a tombstone
// that syncs) once the confirmation popup says so. Vehicles and records about the customer stay.
void CustomerFileView::drawDeleteButton() {
    const float width = ImGui::CalcTextSize(tr("file.delete")).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - width);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.85f, 0.25f, 0.25f, 0.25f));
    if (ImGui::Button(label("file.delete").c_str())) {
        m_deleteError.clear();
        ImGui::OpenPopup("###confirm_file_delete");
    }
    ImGui::PopStyleColor();
    markItem("file.delete");

    std::string title = std::string(tr("form.delete_confirm_title")) + "###confirm_file_delete";
    ImGui::SetNextWindowPos(ImGui::GetMainViewport()->GetCenter(), ImGuiCond_Appearing, ImVec2(0.5f, 0.5f));
    if (!ImGui::BeginPopupModal(title.c_str(), nullptr,
                                ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings))
        return;
    const std::string name = stringField(m_customer, "name");
    ImGui::Text(tr("form.delete_confirm"), name.c_str());
    errorText(m_deleteError);
    ImGui::Spacing();
    const ImVec2 buttonSize(ImGui::GetFontSize() * 6, 0);
    ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.80f, 0.20f, 0.20f, 1.0f));
    ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1, 1, 1, 1));
    bool confirmed = ImGui::Button(label("form.delete").c_str(), buttonSize);
    ImGui::PopStyleColor(2);
    markItem("confirm.delete");
    ImGui::SameLine();
    if (ImGui::Button(label("form.cancel").c_str(), buttonSize)) ImGui::CloseCurrentPopup();
    markItem("confirm.cancel");
    if (confirmed) {
        core::WriteResult result = m_session.removeDocument(m_id, stringField(m_customer, "_rev"));
        if (result.ok()) {
            ImGui::CloseCurrentPopup();
            close();
        } else {
            m_deleteError = writeError(result);
        }
    }
    ImGui::EndPopup();
}

}  // namespace crm::shell

// The complaint form (complaint_form.h).
#include "shell/complaint_form.h"

#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "shell/complaint_widgets.h"
#include "shell/customer_file_widgets.h"
#include "shell/record_views.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <cstdio>
#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::Json;
using core::tr;
using namespace file_ui;

namespace {
std::string stageText(int stage) { return tr(std::string("complaint.stage.") + core::kComplaintStageKeys[size_t(stage)]); }
}  // namespace

void ComplaintForm::open(const std::string& id) {
    m_id = id;
    m_loadedRev.clear();
    m_issues.clear();
    m_message.clear();
    m_reason.clear();
}

void ComplaintForm::showChange(const core::ComplaintChange& change, const std::string& stage) {
    m_message.clear();
    m_messageIsError = !change.ok();
    if (change.ok()) {
        char buf[160];
        std::snprintf(buf, sizeof buf, tr("complaint.form.moved"), tr("complaint.stage." + stage));
        m_message = stage.empty() ? tr("complaint.form.saved") : buf;
        m_loadedRev.clear();  // reload the stored revision
        return;
    }
    if (!change.check.ok()) {
        m_message = tr(core::refusalKey(change.check.refusal));
        const core::RecordType* type = m_form.type();
        for (size_t i = 0; i < change.check.missing.size(); ++i) {
            const core::FieldSpec* f = type ? type->field(change.check.missing[i]) : nullptr;
            m_message += (i ? "、" : " ") + std::string(f ? tr(f->label) : change.check.missing[i].c_str());
        }
    } else {
        m_message = writeError(change.write);
    }
}

void ComplaintForm::moveTo(const std::string& stage, const std::string& reason) {
    core::FormResult typed = m_form.build();
    m_issues = typed.issues;
    if (!typed.ok()) return;
    showChange(core::advanceComplaint(m_session, m_id, stage, typed.doc, reason), stage);
}

void ComplaintForm::drawStageBar(const Json& doc) {
    const int current = int(core::stageOf(doc));
    const float width = (ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ItemSpacing.x * 4) / 5;
    for (int s = 0; s < core::kComplaintStages; ++s) {
        if (s) ImGui::SameLine();
        const bool done = s < current, here = s == current;
        ImVec4 fill = here ? ImVec4(0.16f, 0.45f, 0.80f, 1) : done ? ImVec4(0.25f, 0.60f, 0.35f, 1) : ImVec4(0.55f, 0.57f, 0.60f, 0.35f);
        ImGui::PushStyleColor(ImGuiCol_Button, fill);
        ImGui::PushStyleColor(ImGuiCol_Text, here || done ? ImVec4(1, 1, 1, 1) : ImGui::GetStyleColorVec4(ImGuiCol_Text));
        std::string text = std::to_string(s + 1) + ". " + stageText(s) + (done ? " ✓" : "") + "###stage" + std::to_string(s);
        if (ImGui::Button(text.c_str(), ImVec2(width, ImGui::GetFrameHeight() * 1.3f)) && !here) {
            if (s < current) {
                m_reopenTo = s;
                m_reason.clear();
                ImGui::OpenPopup("reopen");
            } else {
                moveTo(core::kComplaintStageKeys[size_t(s)], "");
            }
        }
        ImGui::PopStyleColor(2);
        markItem((std::string("complaint.stage.") + core::kComplaintStageKeys[size_t(s)]).c_str());
    }
    drawReopenPopup();
}

void ComplaintForm::drawReopenPopup() {
    if (!ImGui::BeginPopup("reopen")) return;
    ImGui::Text("%s %s", tr("complaint.form.reopen_to"), stageText(m_reopenTo).c_str());
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    ImGui::InputTextWithHint("##reason", tr("complaint.form.reason"), &m_reason);
    markItem("complaint.reopen.reason");
    if (ImGui::Button(label("complaint.form.confirm_reopen").c_str())) {
        moveTo(core::kComplaintStageKeys[size_t(m_reopenTo)], m_reason);
        ImGui::CloseCurrentPopup();
    }
    markItem("complaint.reopen.confirm");
    ImGui::EndPopup();
}

void ComplaintForm::drawDeadlines(const Json& doc, const core::ComplaintSettings& settings) {
    ImGui::TextDisabled("%s", tr("complaint.form.deadlines"));
    const int offset = settings.time.utcOffsetMinutes;
    for (const core::StageDeadline& d : core::deadlinesAt(doc, m_session.clock().nowMs())) {
        ImGui::Bullet();
        ImGui::TextUnformatted(tr("complaint.stage." + d.stage));
        ImGui::SameLine();
        char buf[160];
        if (d.dueMs) std::snprintf(buf, sizeof buf, tr("complaint.form.due"), shopTime(*d.dueMs, offset).c_str());
        else std::snprintf(buf, sizeof buf, "%s", tr("complaint.form.unknown_due"));
        ImGui::TextUnformatted(buf);
        ImGui::SameLine();
        if (d.reachedMs) {
            std::snprintf(buf, sizeof buf, tr("complaint.form.reached"), shopTime(*d.reachedMs, offset).c_str());
            ImGui::TextColored(deadlineColor(d.state), "%s%s", buf, d.late ? tr("complaint.form.late") : "");
        } else {
            ImGui::TextColored(deadlineColor(d.state), "%s", tr(std::string("complaint.state.") + core::deadlineStateName(d.state)));
            if (d.warnLevel) {
                ImGui::SameLine();
                std::snprintf(buf, sizeof buf, tr("complaint.form.warn"), d.warnLevel);
                ImGui::TextColored(deadlineColor(d.state), "%s", buf);
            }
        }
        markItem(("complaint.deadline." + d.stage + "." + core::deadlineStateName(d.state)).c_str());
    }
}

void ComplaintForm::drawEvents(const Json& doc, const core::ComplaintSettings& settings) {
    ImGui::TextDisabled("%s", tr("complaint.form.events"));
    std::vector<core::ComplaintEvent> events = core::readEvents(doc);
    for (auto e = events.rbegin(); e != events.rend(); ++e) {
        char buf[256];
        std::string what = tr("complaint.event." + e->kind);
        if (e->kind == "stage" || e->kind == "reopen") {
            std::snprintf(buf, sizeof buf, what.c_str(), tr("complaint.stage." + e->from), tr("complaint.stage." + e->to));
            what = buf;
        }
        ImGui::TextDisabled("%s", shopTime(e->at, settings.time.utcOffsetMinutes).c_str());
        ImGui::SameLine();
        ImGui::Text("%s · %s", core::userText(e->by).c_str(), what.c_str());
        if (!e->reason.empty()) {
            std::snprintf(buf, sizeof buf, tr("complaint.event.reason"), e->reason.c_str());
            ImGui::SameLine();
            ImGui::TextDisabled("%s", buf);
        }
        markItem(("complaint.event." + std::to_string(e - events.rbegin()) + "." + e->kind).c_str());
    }
}

bool ComplaintForm::draw(const core::ComplaintSettings& settings) {
    std::optional<Json> doc = m_session.store().get(m_id);
    if (!doc) {
        m_id.clear();
        return false;
    }
    if (m_loadedRev != core::stringField(*doc, "_rev")) {
        if (m_loadedRev.empty() || !m_form.changed()) m_form.load(*core::findRecordType("complaint"), *doc, m_session.shopZone());
        else m_form.rebase(*doc);
        m_loadedRev = core::stringField(*doc, "_rev");
    }
    if (ImGui::Button(label("complaints.back").c_str())) {
        m_id.clear();
        return false;
    }
    markItem("complaint.back");
    ImGui::SameLine();
    const core::CustomerRow* customer = m_session.customers().find(core::stringField(*doc, "customer_id"));
    char title[256];
    std::snprintf(title, sizeof title, tr("complaint.form.title"), customer ? customer->name.c_str() : "");
    ImGui::TextUnformatted(title);
    drawStageBar(*doc);
    const int current = int(core::stageOf(*doc));
    if (current + 1 < core::kComplaintStages) {
        char next[160];
        std::snprintf(next, sizeof next, tr("complaint.form.advance"), stageText(current + 1).c_str());
        if (ImGui::Button((std::string(next) + "###advance").c_str())) moveTo(core::kComplaintStageKeys[size_t(current + 1)], "");
        markItem("complaint.advance");
        ImGui::SameLine();
    }
    const bool paused = doc->value("paused", false);
    if (current + 1 < core::kComplaintStages &&
        ImGui::Button(label(paused ? "complaint.form.resume" : "complaint.form.pause").c_str()))
        showChange(core::pauseComplaint(m_session, m_id, !paused), "");
    markItem(paused ? "complaint.resume" : "complaint.pause");
    ImGui::SameLine();
    if (ImGui::Button(label("complaint.form.save").c_str())) {
        core::FormResult typed = m_form.build();
        m_issues = typed.issues;
        if (typed.ok()) {
            core::ComplaintChange saved;
            saved.write = m_session.putDocument(typed.doc, &m_issues);
            showChange(saved, "");
        }
    }
    markItem("complaint.save");
    if (!m_message.empty()) {
        if (m_messageIsError) errorText(m_message);
        else ImGui::TextColored(deadlineColor(core::DeadlineState::Ok), "%s", m_message.c_str());
        markItem(m_messageIsError ? "complaint.refusal" : "complaint.message");
    }
    drawIssues(m_form.type(), m_issues, "complaint");
    ImGui::Separator();
    ImGui::BeginChild("complaint_body", ImVec2(0, 0), false);
    drawRecordForm(m_form, "complaint", 2);
    ImGui::Separator();
    if (ImGui::BeginTable("complaint_side", 2, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        drawDeadlines(*doc, settings);
        ImGui::TableNextColumn();
        drawEvents(*doc, settings);
        ImGui::EndTable();
    }
    drawRecordHistory(*doc, "complaint.history");
    ImGui::EndChild();
    return true;
}

}  // namespace crm::shell

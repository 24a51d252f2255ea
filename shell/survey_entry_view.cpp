// Surveys section: the tab bar, and "Record" — a keyboard-first form for phone interviews. Fields in order:
// customer (type a name, Enter takes the first match), repair order (its number in the list, 1 = latest),
// channel (1–4), then one field per question (a score, a choice's number, free text). Enter or Tab moves on;
// Enter in the last field saves. Every field is named "survey.<what>" for tests.
#include "core/app/i18n.h"
#include "shell/surveys_view.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>

namespace crm::shell {
using core::tr;

namespace {
const char* const kChannels[] = {"phone", "face_to_face", "questionnaire", "online"};

// A single-line input named `name`; true when Enter was pressed in it.
bool entryField(const char* labelText, std::string* value, const char* name, const char* hint, ImGuiInputTextFlags flags = 0) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    ImGui::TextWrapped("%s", labelText);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-FLT_MIN);
    std::string id = std::string("##") + name;
    bool enter = ImGui::InputTextWithHint(id.c_str(), hint, value, flags | ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_AutoSelectAll);
    markItem(name);
    return enter;
}
}  // namespace

void SurveysView::draw() {
    if (!ImGui::BeginTabBar("surveys_tabs")) return;
    if (ImGui::BeginTabItem(label("surveys.tab.record").c_str())) {
        markItem("surveys.tab.record");
        drawEntry();
        ImGui::EndTabItem();
    } else {
        markItem("surveys.tab.record");
    }
    if (ImGui::BeginTabItem(label("surveys.tab.analysis").c_str())) {
        markItem("surveys.tab.analysis");
        drawAnalysis();
        ImGui::EndTabItem();
    } else {
        markItem("surveys.tab.analysis");
    }
    ImGui::EndTabBar();
}

bool SurveysView::focusField(int index) {
    if (m_focus != index) return false;
    ImGui::SetKeyboardFocusHere();
    m_focus = -1;
    return true;
}

void SurveysView::drawCustomerPicker() {
    focusField(0);
    if (entryField(tr("col.name"), &m_customerText, "survey.customer", tr("surveys.customer_hint"))) {
        const auto& rows = m_surveys.session().customers().view(m_customerText, core::CustomerColumn::Name, true);
        if (!rows.empty()) {
            m_customerId = rows.front()->id;
            m_customerName = rows.front()->name;
            m_customerText = m_customerName;
            m_orders = m_surveys.repairOrdersOf(m_customerId);
            m_focus = 1;
        }
    }
    if (!m_customerText.empty() && m_customerText != m_customerName) {  // the matches, as the user types
        const auto& rows = m_surveys.session().customers().view(m_customerText, core::CustomerColumn::Name, true);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TableNextColumn();
        for (size_t i = 0; i < rows.size() && i < 5; ++i) {
            ImGui::TextDisabled("%s  %s", rows[i]->name.c_str(), rows[i]->phone.c_str());
            if (i == 0) {
                ImGui::SameLine();
                ImGui::TextDisabled("%s", tr("surveys.enter_picks"));
            }
        }
    }
}

void SurveysView::drawEntry() {
    if (m_templates.empty() || ImGui::IsWindowAppearing()) m_templates = m_surveys.templates();
    if (m_date.empty()) m_date = m_surveys.today().toString();
    if (m_templates.empty()) {
        ImGui::TextDisabled("%s", tr("surveys.no_templates"));
        return;
    }
    m_template = std::clamp(m_template, 0, int(m_templates.size()) - 1);
    const core::SurveyTemplate& tpl = m_templates[size_t(m_template)];
    ImGui::TextWrapped("%s", tr("surveys.record_intro"));
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 20);
    if (ImGui::BeginCombo(label("surveys.template").c_str(), tpl.name.c_str())) {
        for (size_t i = 0; i < m_templates.size(); ++i) {
            if (ImGui::Selectable(m_templates[i].name.c_str(), int(i) == m_template)) m_template = int(i), m_answers.clear();
        }
        ImGui::EndCombo();
    }
    markItem("survey.template");
    m_answers.resize(tpl.questions.size());
    const int last = 3 + int(tpl.questions.size()) - 1;
    bool saveNow = false;
    if (ImGui::BeginTable("survey_entry", 2, ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("l", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("v", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        drawCustomerPicker();
        // Repair order: its number in the list below (1 = the latest); 0 or empty: none.
        std::string orders;
        for (size_t i = 0; i < m_orders.size() && i < 6; ++i)
            orders += std::to_string(i + 1) + " " + m_orders[i].date + " " + m_orders[i].advisor + "   ";
        focusField(1);
        if (entryField(tr("doctype.service_record"), &m_orderText, "survey.order", tr("surveys.order_hint"), ImGuiInputTextFlags_CharsDecimal))
            m_focus = 2;
        if (!orders.empty()) {
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TableNextColumn();
            ImGui::TextDisabled("%s", orders.c_str());
        }
        focusField(2);
        std::string channelHint;
        for (size_t i = 0; i < 4; ++i) channelHint += std::to_string(i + 1) + " " + tr(std::string("survey.channel.") + kChannels[i]) + "  ";
        if (entryField(tr("field.channel"), &m_channelText, "survey.channel", channelHint.c_str(), ImGuiInputTextFlags_CharsDecimal))
            m_focus = 3;
        for (size_t i = 0; i < tpl.questions.size(); ++i) {
            const core::SurveyQuestion& q = tpl.questions[i];
            std::string hint;
            if (core::isScale(q.kind)) {
                core::ScaleRange r = core::scaleOf(q.kind);
                hint = std::to_string(r.lo) + "–" + std::to_string(r.hi);
            } else if (q.kind != core::QuestionKind::Text) {
                for (size_t o = 0; o < q.options.size(); ++o) hint += std::to_string(o + 1) + " " + q.options[o] + "  ";
            }
            focusField(3 + int(i));
            std::string name = "survey.q." + q.id;
            std::string text = (q.indicator.empty() ? std::string() : std::string("[") + tr("indicator." + q.indicator) + "] ") + q.text;
            if (entryField(text.c_str(), &m_answers[i], name.c_str(), hint.c_str())) {
                if (3 + int(i) == last) saveNow = true;
                else m_focus = 4 + int(i);
            }
            for (const core::FieldIssue& issue : m_issues) {
                if (issue.field == "answers." + q.id) {
                    ImGui::TableNextRow();
                    ImGui::TableNextColumn();
                    ImGui::TableNextColumn();
                    errorText(tr(issue.code));
                }
            }
        }
        ImGui::EndTable();
    }
    if (ImGui::Button(label("surveys.save").c_str()) || saveNow) save();
    markItem("survey.save");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", tr("surveys.keys_hint"));
    if (!m_message.empty()) {
        ImGui::TextUnformatted(m_message.c_str());
        markItem("survey.message");
    }
    if (m_offerComplaint) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(0.85f, 0.30f, 0.20f, 1));
        ImGui::TextWrapped("%s", tr("surveys.low_offer"));
        ImGui::PopStyleColor();
        if (ImGui::Button(label("surveys.open_complaint").c_str())) {
            core::WriteResult r = m_surveys.openComplaint(m_savedId);
            m_message = r.ok() ? tr("surveys.complaint_opened") : tr(r.error->reason);
            m_offerComplaint = !r.ok();
        }
        markItem("survey.open_complaint");
    }
}

void SurveysView::save() {
    const core::SurveyTemplate& tpl = m_templates[size_t(m_template)];
    core::SurveyService::Entry entry;
    entry.templateId = tpl.id;
    entry.customerId = m_customerId;
    entry.date = m_date;
    int order = m_orderText.empty() ? 0 : std::atoi(m_orderText.c_str());
    if (order >= 1 && size_t(order) <= m_orders.size()) entry.serviceRecordId = m_orders[size_t(order - 1)].id;
    int channel = m_channelText.empty() ? 1 : std::atoi(m_channelText.c_str());
    entry.channel = kChannels[std::clamp(channel, 1, 4) - 1];
    entry.answers = m_answers;
    m_issues.clear();
    core::WriteResult r = m_surveys.saveEntry(entry, &m_issues);
    if (!r.ok()) {
        m_message = tr(r.error->reason);
        m_offerComplaint = false;
        return;
    }
    m_savedId = r.id;
    m_offerComplaint = m_surveys.complaintDraft(r.id).has_value();
    m_message = tr("surveys.saved") + std::string(" ") + m_customerName;
    m_answers.assign(tpl.questions.size(), "");  // ready for the next call
    m_customerText.clear();
    m_customerName.clear();
    m_customerId.clear();
    m_orders.clear();
    m_orderText = "1";
    m_channelText = "1";
    m_focus = 0;
}

}  // namespace crm::shell

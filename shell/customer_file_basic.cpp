// Customer file, basic information tab: identity and contact fields, solar/lunar birthday (with leap
// month), stage, values orientation, preferred channel, flags and notes; saved with the edit attributed.
#include "shell/customer_file_view.h"

#include "core/app/customer.h"
#include "core/app/i18n.h"
#include "core/domain/lunar_calendar.h"
#include "shell/customer_file_widgets.h"
#include "shell/ui_registry.h"
#include "shell/widgets.h"

#include <imgui.h>
#include <imgui_stdlib.h>
#include <cstdio>

namespace crm::shell {
using core::Json;
using core::stringField;
using core::tr;
using namespace file_ui;

namespace {
const char* const kBasicText[][2] = {
    {"name", "field.name"},
    {"wechat", "field.wechat"},
    {"email", "field.email"},
    {"id_number", "field.id_number"},
    {"company", "field.company"},
    {"position", "field.position"},
    {"region", "field.region"},
    {"address", "field.address"},
    {"preferred_time", "field.preferred_time"},
    {"source", "field.source"},
    {"owner", "field.owner"},
    {"family", "field.family"},
    {"hobbies", "field.hobbies"},
    {"personality", "field.personality"},
    {"notes", "field.notes"},
};

// A text field filling the right cell, named "basic.<field>".
void textRow(std::string* value, const char* field, const char* key) {
    labelCell(key);
    ImGui::SetNextItemWidth(-FLT_MIN);
    ImGui::InputText((std::string("##") + field).c_str(), value);
    markItem((std::string("basic.") + field).c_str());
}
}  // namespace

void CustomerFileView::loadBasic() {
    m_text.clear();
    m_basicRev = stringField(m_customer, "_rev");
    for (const auto& f : kBasicText)
        m_text[f[0]] = stringField(m_customer, f[0]);
    core::CustomerForm form = core::customerFormFromDoc(m_customer);
    m_phone = form.phone;
    m_gender = form.gender;
    m_lifecycle = stringField(m_customer, "lifecycle");
    m_values = stringField(m_customer, "values_orientation");
    m_channel = stringField(m_customer, "preferred_channel");
    m_important = m_customer.value("important", false);
    m_consent = m_customer.value("consent_contact", false);
    m_lunar = false;
    m_leap = false;
    m_birthday.clear();
    if (auto b = m_customer.find("birthday"); b != m_customer.end() && b->is_object()) {
        m_lunar = stringField(*b, "calendar") == "lunar";
        m_leap = b->value("leap", false);
        int y = b->value("year", 0), mo = b->value("month", 0), d = b->value("day", 0);
        char buf[32];
        if (mo > 0 && d > 0) {
            if (y > 0)
                std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
            else
                std::snprintf(buf, sizeof buf, "%02d-%02d", mo, d);
            m_birthday = buf;
        }
    }
    m_basicMessage.clear();
    m_basicError = false;
}

void CustomerFileView::saveBasic() {
    Json doc = m_customer;
    doc["_rev"] = m_basicRev;  // edits over a newer revision (synced meanwhile) are a conflict, not an overwrite
    for (const auto& f : kBasicText) {
        const std::string& v = m_text[f[0]];
        if (v.empty())
            doc.erase(f[0]);
        else
            doc[f[0]] = v;
    }
    Json phones = doc.contains("phones") && doc["phones"].is_array() ? doc["phones"] : Json::array();
    if (!phones.empty()) phones.erase(phones.begin());
    if (!m_phone.empty()) phones.insert(phones.begin(), m_phone);
    if (phones.empty())
        doc.erase("phones");
    else
        doc["phones"] = phones;
    auto setOrErase = [&](const char* key, const std::string& v) {
        if (v.empty())
            doc.erase(key);
        else
            doc[key] = v;
    };
    setOrErase("gender", m_gender);
    setOrErase("lifecycle", m_lifecycle);
    setOrErase("values_orientation", m_values);
    setOrErase("preferred_channel", m_channel);
    if (m_important || doc.contains("important")) doc["important"] = m_important;
    if (m_consent || doc.contains("consent_contact")) doc["consent_contact"] = m_consent;
    if (isBlank(m_birthday)) {
        doc.erase("birthday");
    } else {
        int y = 0, mo = 0, d = 0;
        bool full = std::sscanf(m_birthday.c_str(), "%d-%d-%d", &y, &mo, &d) == 3;
        bool valid = full;
        if (full && m_lunar) {
            valid = core::lunarToSolar(core::LunarDate{y, mo, d, m_leap}).has_value();
        } else if (full) {
            valid = core::CivilDate{y, mo, d}.isValid() && y >= 1900 && y <= 2100;
        }
        if (!valid) {
            m_basicMessage = tr(m_lunar ? "file.error.lunar_birthday" : "error.birthday_invalid");
            m_basicError = true;
            return;
        }
        Json b{{"calendar", m_lunar ? "lunar" : "solar"}, {"year", y}, {"month", mo}, {"day", d}};
        if (m_lunar && m_leap) b["leap"] = true;
        doc["birthday"] = b;
    }
    core::WriteResult result = m_files.saveCustomer(doc, m_user());
    if (!result.ok()) {
        m_basicMessage = writeError(result);
        m_basicError = true;
        return;
    }
    m_basicMessage = tr("file.saved");
    m_basicError = false;
    m_seenSeq = UINT64_MAX;
    refreshRelated();
    loadBasic();
    m_basicMessage = tr("file.saved");
}

void CustomerFileView::drawBasic() {
    // Two columns of fields side by side on a wide screen.
    float wide = ImGui::GetContentRegionAvail().x;
    int columns = wide > ImGui::GetFontSize() * 44 ? 2 : 1;
    if (ImGui::BeginTable("basic_layout", columns, ImGuiTableFlags_SizingStretchSame)) {
        ImGui::TableNextColumn();
        if (beginForm("basic_left", 6.5f)) {
            auto text = [&](const char* field, const char* key) { textRow(&m_text[field], field, key); };
            text("name", "field.name");
            labelCell("field.gender");
            const char* genders[] = {"", "male", "female"};
            const char* genderKeys[] = {"gender.unknown", "gender.male", "gender.female"};
            for (int i = 0; i < 3; ++i) {
                if (i > 0) ImGui::SameLine();
                if (ImGui::RadioButton(label(genderKeys[i]).c_str(), m_gender == genders[i])) m_gender = genders[i];
            }
            labelCell("field.birthday");
            if (ImGui::RadioButton(label("birthday.solar").c_str(), !m_lunar)) m_lunar = false;
            markItem("basic.birthday_solar");
            ImGui::SameLine();
            if (ImGui::RadioButton(label("birthday.lunar").c_str(), m_lunar)) m_lunar = true;
            markItem("basic.birthday_lunar");
            ImGui::SameLine();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
            ImGui::InputTextWithHint("##birthday", "YYYY-MM-DD", &m_birthday);
            markItem("basic.birthday");
            if (m_lunar) {
                ImGui::SameLine();
                ImGui::Checkbox(label("birthday.leap").c_str(), &m_leap);
            }
            int y = 0, mo = 0, d = 0;
            if (m_lunar && std::sscanf(m_birthday.c_str(), "%d-%d-%d", &y, &mo, &d) == 3) {
                if (auto solar = core::lunarToSolar(core::LunarDate{y, mo, d, m_leap})) {
                    ImGui::SameLine();
                    ImGui::TextDisabled("= %s %s", tr("birthday.solar"), solar->toString().c_str());
                }
            }
            labelCell("field.phone");
            ImGui::SetNextItemWidth(-FLT_MIN);
            ImGui::InputTextWithHint("##phone", "138 0013 8000", &m_phone);
            markItem("basic.phone");
            text("wechat", "field.wechat");
            text("email", "field.email");
            text("id_number", "field.id_number");
            text("company", "field.company");
            text("position", "field.position");
            text("region", "field.region");
            text("address", "field.address");
            ImGui::EndTable();
        }
        if (columns == 2) ImGui::TableNextColumn();
        if (beginForm("basic_right", 6.5f)) {
            auto text = [&](const char* field, const char* key) { textRow(&m_text[field], field, key); };
            labelCell("field.lifecycle");
            const char* stages[] = {"", "potential", "intent", "closed"};
            for (int i = 0; i < 4; ++i) {
                if (i > 0) ImGui::SameLine();
                std::string key = i == 0 ? "lifecycle.auto" : std::string("lifecycle.") + stages[i];
                if (ImGui::RadioButton(label(key.c_str()).c_str(), m_lifecycle == stages[i])) m_lifecycle = stages[i];
                markItem((std::string("basic.lifecycle.") + (i == 0 ? "auto" : stages[i])).c_str());
            }
            labelCell("field.values");
            const char* values[] = {"", "relationship", "value", "time"};
            for (int i = 0; i < 4; ++i) {
                if (i > 0) ImGui::SameLine();
                std::string key = i == 0 ? "values.unset" : std::string("values.") + values[i];
                if (ImGui::RadioButton(label(key.c_str()).c_str(), m_values == values[i])) m_values = values[i];
            }
            labelCell("field.preferred_channel");
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 8);
            std::string current = m_channel.empty() ? tr("values.unset") : tr("channel." + m_channel);
            if (ImGui::BeginCombo("##preferred_channel", current.c_str())) {
                if (ImGui::Selectable(tr("values.unset"), m_channel.empty())) m_channel.clear();
                for (const char* ch : kChannels) {
                    if (ImGui::Selectable(tr(std::string("channel.") + ch), m_channel == ch)) m_channel = ch;
                }
                ImGui::EndCombo();
            }
            text("preferred_time", "field.preferred_time");
            text("source", "field.source");
            text("owner", "field.owner");
            labelCell("field.flags");
            ImGui::Checkbox(label("field.important").c_str(), &m_important);
            markItem("basic.important");
            ImGui::SameLine(0, ImGui::GetFontSize() * 1.5f);
            ImGui::Checkbox(label("field.consent").c_str(), &m_consent);
            markItem("basic.consent");
            text("family", "field.family");
            text("hobbies", "field.hobbies");
            text("personality", "field.personality");
            labelCell("field.notes");
            ImGui::InputTextMultiline("##notes", &m_text["notes"], ImVec2(-FLT_MIN, ImGui::GetTextLineHeight() * 3.2f));
            markItem("basic.notes");
            ImGui::EndTable();
        }
        ImGui::EndTable();
    }
    ImGui::Spacing();
    if (m_basicError)
        errorText(m_basicMessage);
    else
        noticeText(m_basicMessage);
    if (ImGui::Button(label("file.save").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) saveBasic();
    markItem("basic.save");
    ImGui::SameLine();
    if (ImGui::Button(label("file.revert").c_str(), ImVec2(ImGui::GetFontSize() * 6, 0))) loadBasic();
}

}  // namespace crm::shell

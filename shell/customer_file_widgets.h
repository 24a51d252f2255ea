// Small widgets and text helpers shared by the customer file's tabs (customer_file_*.cpp) and the quick
// follow-up popup: two-column form tables, coloured messages, number and date text.
#pragma once
#include "core/app/crm_session.h"
#include "core/json.h"

#include <string>

namespace crm::shell::file_ui {

// "2026-11-24T10:29:00Z" -> "2026-11-24 10:29"; dates stay as they are.
std::string shortTime(const std::string& at);
// The document type's name in the UI language ("<type>_edited": an edit of one).
std::string typeText(const std::string& type);
// A failed write as a message in the UI language.
std::string writeError(const core::WriteResult& result);

// A two-column form table (label column `labelEm` font sizes wide); end it with ImGui::EndTable().
bool beginForm(const char* id, float labelEm = 7.0f);
// A new form row: the translated label left; the caller draws the widget in the right cell.
void labelCell(const char* key);
void noticeText(const std::string& message);   // green
void warningText(const std::string& message);  // amber
void sectionTitle(const char* text);           // a heading line with a separator under it

}  // namespace crm::shell::file_ui

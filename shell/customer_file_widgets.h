// Small widgets and text helpers shared by the customer file's tabs (customer_file_*.cpp) and the quick
// follow-up popup: two-column form tables, radio choices, coloured messages, number and date text.
#pragma once
#include "core/app/crm_session.h"
#include "core/app/customer_records.h"
#include "core/json.h"

#include <string>

namespace crm::shell::file_ui {

inline constexpr const char* kChannels[] = {"phone", "wechat", "sms", "email", "visit"};
inline constexpr const char* kOutcomes[] = {"reached", "no_answer", "booked", "declined"};

bool isBlank(const std::string& s);
// "2026-11-24T10:29:00Z" -> "2026-11-24 10:29"; dates stay as they are.
std::string shortTime(const std::string& at);
// The document type's name in the UI language ("<type>_edited": an edit of one).
std::string typeText(const std::string& type);
// A failed write as a message in the UI language.
std::string writeError(const core::WriteResult& result);
// Form problems as lines "<field>: <problem>" in the UI language.
std::string problemsText(const std::vector<core::FieldProblem>& problems);

// A two-column form table (label column `labelEm` font sizes wide); end it with ImGui::EndTable().
bool beginForm(const char* id, float labelEm = 7.0f);
// A new form row: the translated label left; the caller draws the widget in the right cell.
void labelCell(const char* key);
// Radio buttons for one of `values`; each named "<namePrefix>.<value>", labelled "<labelPrefix>.<value>".
void radioChoice(std::string* value, const char* const* values, size_t count, const char* labelPrefix,
                 const char* namePrefix);
void noticeText(const std::string& message);   // green
void warningText(const std::string& message);  // amber
void sectionTitle(const char* text);           // a heading line with a separator under it

}  // namespace crm::shell::file_ui

// Small drawing helpers the complaint screens share (board, list, form, customer file tab, agenda): the
// deadline state's colour and words, the time left, and a time in the shop's zone.
#pragma once
#include "core/app/complaint_board.h"

#include <imgui.h>
#include <string>

namespace crm::shell {

ImVec4 deadlineColor(core::DeadlineState state);
// The text colour of a complaint's row (red when overdue, 0 otherwise), for RecordTable::setRowColor.
uint32_t complaintRowColor(const core::Json& complaint, int64_t nowMs);
// "剩 3.5 工时" / "超期 2.0 工时" / "等待客户" / "已结案".
std::string timeLeftText(const core::ComplaintCard& card);
// "2026-03-09 09:00" in the shop's time zone (UTC + offset minutes).
std::string shopTime(int64_t ms, int utcOffsetMinutes);
std::string shopTime(const std::string& iso, int utcOffsetMinutes);
// A translated enum option of the complaint description ("severity", "critical" -> "重大").
std::string complaintOption(const char* field, const std::string& value);

}  // namespace crm::shell

// Complaint drawing helpers (complaint_widgets.h).
#include "shell/complaint_widgets.h"

#include "core/app/i18n.h"
#include "core/records/record_type.h"

#include <cstdio>

namespace crm::shell {
using core::tr;

ImVec4 deadlineColor(core::DeadlineState state) {
    switch (state) {
    case core::DeadlineState::Overdue: return ImVec4(0.86f, 0.16f, 0.16f, 1.0f);
    case core::DeadlineState::Warning: return ImVec4(0.85f, 0.52f, 0.05f, 1.0f);
    case core::DeadlineState::Ok: break;
    }
    return ImVec4(0.18f, 0.60f, 0.30f, 1.0f);
}

uint32_t complaintRowColor(const core::Json& complaint, int64_t nowMs) {
    return core::isOverdue(complaint, nowMs) ? ImGui::GetColorU32(deadlineColor(core::DeadlineState::Overdue)) : 0;
}

std::string timeLeftText(const core::ComplaintCard& card) {
    if (card.closed) return tr("complaints.closed");
    if (card.paused) return tr("complaints.paused");
    if (!card.hasDue) return "";
    char hours[48], out[96];
    std::snprintf(hours, sizeof hours, tr("complaints.hours"), double(card.leftMs < 0 ? -card.leftMs : card.leftMs) / 3.6e6);
    std::snprintf(out, sizeof out, tr(card.leftMs < 0 ? "complaints.overdue_by" : "complaints.time_left"), hours);
    return out;
}

std::string shopTime(int64_t ms, int utcOffsetMinutes) {
    std::string iso = core::isoText(ms + int64_t(utcOffsetMinutes) * core::kMinuteMs);
    return iso.substr(0, 10) + " " + iso.substr(11, 5);
}

std::string shopTime(const std::string& iso, int utcOffsetMinutes) {
    std::optional<int64_t> ms = core::parseIsoMs(iso);
    return ms ? shopTime(*ms, utcOffsetMinutes) : iso;
}

std::string complaintOption(const char* field, const std::string& value) {
    const core::RecordType* type = core::findRecordType("complaint");
    const core::FieldSpec* spec = type ? type->field(field) : nullptr;
    if (!spec || value.empty()) return value;
    return tr(spec->optionLabelKey(value));
}

}  // namespace crm::shell

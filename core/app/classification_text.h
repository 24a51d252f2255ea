// Classification values, reminders and rule explanations in the UI language (the domain rules speak
// keys and English; this maps them to catalog texts and fills in the configured numbers).
#pragma once
#include "core/domain/classification.h"
#include "core/domain/followup_rules.h"

#include <string>

namespace crm::core {

const char* valueClassText(ValueClass c);     // "A 类" / "Class A"
const char* lifecycleText(Lifecycle l);       // 潜在 / 意向 / 成交
const char* loyaltyText(Loyalty l);           // 忠诚 / 弹性 / 流失 / —
const char* warrantyText(CustomerWarranty w); // 保修期内 / 已过保 / —
const char* reminderKindText(ReminderKind k);
std::string reminderDetailText(const Reminder& r);  // localised detail (holiday name, km, cadence)

std::string explainValueClassText(const ClassificationSettings& s);
std::string explainLoyaltyText(const ClassificationSettings& s);
std::string explainLifecycleText();
std::string explainCadenceText(const FollowupSettings& s);

}  // namespace crm::core

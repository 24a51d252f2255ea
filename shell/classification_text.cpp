// Localised classification and reminder texts.
#include "shell/classification_text.h"

#include "core/app/i18n.h"

#include <cstdio>

namespace crm::shell {
using core::tr;

namespace {
std::string format(const char* pattern, std::initializer_list<long long> values) {
    // Patterns use %1 .. %9 placeholders so the languages may order the numbers differently.
    std::string out;
    std::vector<long long> v(values);
    for (const char* p = pattern; *p; ++p) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9' && size_t(p[1] - '1') < v.size()) {
            out += std::to_string(v[size_t(p[1] - '1')]);
            ++p;
        } else {
            out += *p;
        }
    }
    return out;
}
long long percent(double share) { return static_cast<long long>(share * 100 + 0.5); }
} // namespace

const char* valueClassText(core::ValueClass c) {
    switch (c) {
    case core::ValueClass::A: return tr("class.a");
    case core::ValueClass::B: return tr("class.b");
    case core::ValueClass::C: return tr("class.c");
    }
    return "";
}

const char* lifecycleText(core::Lifecycle l) {
    switch (l) {
    case core::Lifecycle::Potential: return tr("lifecycle.potential");
    case core::Lifecycle::Intent: return tr("lifecycle.intent");
    case core::Lifecycle::Closed: return tr("lifecycle.closed");
    }
    return "";
}

const char* loyaltyText(core::Loyalty l) {
    switch (l) {
    case core::Loyalty::None: return tr("loyalty.none");
    case core::Loyalty::Loyal: return tr("loyalty.loyal");
    case core::Loyalty::Flexible: return tr("loyalty.flexible");
    case core::Loyalty::Lost: return tr("loyalty.lost");
    }
    return "";
}

const char* warrantyText(core::CustomerWarranty w) {
    switch (w) {
    case core::CustomerWarranty::None: return tr("warranty.none");
    case core::CustomerWarranty::In: return tr("warranty.in");
    case core::CustomerWarranty::Out: return tr("warranty.out");
    }
    return "";
}

const char* reminderKindText(core::ReminderKind k) {
    return tr(std::string("reminder.") + std::string(core::reminderKindKey(k)));
}

std::string reminderDetailText(const core::Reminder& r) {
    long long n = 0;
    switch (r.kind) {
    case core::ReminderKind::Revisit:
        if (std::sscanf(r.detail.c_str(), "every %lld", &n) == 1) return format(tr("reminder.detail.every"), {n});
        break;
    case core::ReminderKind::Birthday:
        return tr(r.detail == "lunar" ? "reminder.detail.lunar" : "reminder.detail.solar");
    case core::ReminderKind::Holiday: return tr("holiday." + r.detail);
    case core::ReminderKind::ServiceDue:
        if (std::sscanf(r.detail.c_str(), "by mileage: %lld", &n) == 1) return format(tr("reminder.detail.service_km"), {n});
        if (std::sscanf(r.detail.c_str(), "by time; %lld", &n) == 1) return format(tr("reminder.detail.service_time"), {n});
        break;
    case core::ReminderKind::WarrantyExpiring:
        if (std::sscanf(r.detail.c_str(), "%lld km left", &n) == 1) return format(tr("reminder.detail.km_left"), {n});
        return tr("reminder.detail.by_date");
    case core::ReminderKind::InsuranceRenewal:
        return std::string(tr("reminder.detail.insurance")) + " " + r.dueDate.toString();
    case core::ReminderKind::SurveyDue: return tr("reminder.detail.survey_" + r.detail);
    }
    return r.detail;
}

std::string explainValueClassText(const core::ClassificationSettings& s) {
    if (core::language() == core::Language::English) return core::explainValueClass(s);
    return format(tr("explain.value_class"), {s.windowDays, percent(s.classATopShare), s.classAMinVisits,
                                              percent(s.classBTopShare), s.classBMinVisits});
}

std::string explainLoyaltyText(const core::ClassificationSettings& s) {
    if (core::language() == core::Language::English) return core::explainLoyalty(s);
    return format(tr("explain.loyalty"), {s.lostAfterDays, s.loyalMinVisits, s.loyalLookbackDays, s.loyalMaxGapDays});
}

std::string explainLifecycleText() {
    if (core::language() == core::Language::English) return core::explainLifecycle();
    return tr("explain.lifecycle");
}

std::string explainCadenceText(const core::FollowupSettings& s) {
    return format(tr("explain.cadence"), {s.classADays, s.classBDays, s.classCDays, s.intentDays, s.birthdayLeadDays,
                                          s.holidayLeadDays, s.serviceInterval.months, s.serviceInterval.km,
                                          s.serviceOverdueDays});
}

} // namespace crm::shell

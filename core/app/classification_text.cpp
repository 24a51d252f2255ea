// Localised classification and reminder texts.
#include "core/app/classification_text.h"

#include "core/app/i18n.h"

#include <cstdio>

namespace crm::core {

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

const char* valueClassText(ValueClass c) {
    switch (c) {
    case ValueClass::A: return tr("class.a");
    case ValueClass::B: return tr("class.b");
    case ValueClass::C: return tr("class.c");
    }
    return "";
}

const char* lifecycleText(Lifecycle l) {
    switch (l) {
    case Lifecycle::Potential: return tr("lifecycle.potential");
    case Lifecycle::Intent: return tr("lifecycle.intent");
    case Lifecycle::Closed: return tr("lifecycle.closed");
    }
    return "";
}

const char* loyaltyText(Loyalty l) {
    switch (l) {
    case Loyalty::None: return tr("loyalty.none");
    case Loyalty::Loyal: return tr("loyalty.loyal");
    case Loyalty::Flexible: return tr("loyalty.flexible");
    case Loyalty::Lost: return tr("loyalty.lost");
    }
    return "";
}

const char* warrantyText(CustomerWarranty w) {
    switch (w) {
    case CustomerWarranty::None: return tr("warranty.none");
    case CustomerWarranty::In: return tr("warranty.in");
    case CustomerWarranty::Out: return tr("warranty.out");
    }
    return "";
}

const char* reminderKindText(ReminderKind k) {
    return tr(std::string("reminder.") + std::string(reminderKindKey(k)));
}

std::string reminderDetailText(const Reminder& r) {
    long long n = 0;
    switch (r.kind) {
    case ReminderKind::Revisit:
        if (std::sscanf(r.detail.c_str(), "every %lld", &n) == 1) return format(tr("reminder.detail.every"), {n});
        break;
    case ReminderKind::Birthday:
        return tr(r.detail == "lunar" ? "reminder.detail.lunar" : "reminder.detail.solar");
    case ReminderKind::Holiday: return tr("holiday." + r.detail);
    case ReminderKind::ServiceDue:
        if (std::sscanf(r.detail.c_str(), "by mileage: %lld", &n) == 1) return format(tr("reminder.detail.service_km"), {n});
        if (std::sscanf(r.detail.c_str(), "by time; %lld", &n) == 1) return format(tr("reminder.detail.service_time"), {n});
        break;
    case ReminderKind::WarrantyExpiring:
        if (std::sscanf(r.detail.c_str(), "%lld km left", &n) == 1) return format(tr("reminder.detail.km_left"), {n});
        return tr("reminder.detail.by_date");
    case ReminderKind::InsuranceRenewal:
        return std::string(tr("reminder.detail.insurance")) + " " + r.dueDate.toString();
    case core::ReminderKind::SurveyDue: return tr("reminder.detail.survey_" + r.detail);
    }
    return r.detail;
}

std::string explainValueClassText(const ClassificationSettings& s) {
    if (language() == Language::English) return explainValueClass(s);
    return format(tr("explain.value_class"), {s.windowDays, percent(s.classATopShare), s.classAMinVisits,
                                              percent(s.classBTopShare), s.classBMinVisits});
}

std::string explainLoyaltyText(const ClassificationSettings& s) {
    if (language() == Language::English) return explainLoyalty(s);
    return format(tr("explain.loyalty"), {s.lostAfterDays, s.loyalMinVisits, s.loyalLookbackDays, s.loyalMaxGapDays});
}

std::string explainLifecycleText() {
    if (language() == Language::English) return explainLifecycle();
    return tr("explain.lifecycle");
}

std::string explainCadenceText(const FollowupSettings& s) {
    return format(tr("explain.cadence"), {s.classADays, s.classBDays, s.classCDays, s.intentDays, s.birthdayLeadDays,
                                          s.holidayLeadDays, s.serviceInterval.months, s.serviceInterval.km,
                                          s.serviceOverdueDays});
}

}  // namespace crm::core

// Follow-up cadence, birthdays, reminders and the agenda.
//
// Sections: 1. settings Json  2. cadence  3. birthdays  4. reminders  5. agenda
#include "core/domain/followup_rules.h"
#include "core/json_field.h"

#include "core/domain/lunar_calendar.h"

#include <algorithm>
#include <cmath>
#include <tuple>
#include <unordered_map>

namespace crm::core {

// ---- 1. Settings Json ----------------------------------------------------------------------------
Json FollowupSettings::toJson() const {
    return Json{{"class_a_days", classADays},
                {"class_b_days", classBDays},
                {"class_c_days", classCDays},
                {"intent_days", intentDays},
                {"birthday_lead_days", birthdayLeadDays},
                {"holiday_lead_days", holidayLeadDays},
                {"holiday_greetings_important_only", holidayGreetingsImportantOnly},
                {"service_lead_days", serviceLeadDays},
                {"service_overdue_days", serviceOverdueDays},
                {"service_interval_months", serviceInterval.months},
                {"service_interval_km", serviceInterval.km},
                {"warranty_within_days", warrantyWithinDays},
                {"warranty_within_km", warrantyWithinKm},
                {"insurance_within_days", insuranceWithinDays},
                {"insurance_grace_days", insuranceGraceDays},
                {"survey_due_days", surveyDueDays},
                {"survey_window_days", surveyWindowDays}};
}

FollowupSettings FollowupSettings::fromJson(const Json& json) {
    FollowupSettings s;
    readField(json, "class_a_days", s.classADays);
    readField(json, "class_b_days", s.classBDays);
    readField(json, "class_c_days", s.classCDays);
    readField(json, "intent_days", s.intentDays);
    readField(json, "birthday_lead_days", s.birthdayLeadDays);
    readField(json, "holiday_lead_days", s.holidayLeadDays);
    readField(json, "holiday_greetings_important_only", s.holidayGreetingsImportantOnly);
    readField(json, "service_lead_days", s.serviceLeadDays);
    readField(json, "service_overdue_days", s.serviceOverdueDays);
    readField(json, "service_interval_months", s.serviceInterval.months);
    readField(json, "service_interval_km", s.serviceInterval.km);
    readField(json, "warranty_within_days", s.warrantyWithinDays);
    readField(json, "warranty_within_km", s.warrantyWithinKm);
    readField(json, "insurance_within_days", s.insuranceWithinDays);
    readField(json, "insurance_grace_days", s.insuranceGraceDays);
    readField(json, "survey_due_days", s.surveyDueDays);
    readField(json, "survey_window_days", s.surveyWindowDays);
    for (int* days : {&s.classADays, &s.classBDays, &s.classCDays, &s.intentDays}) *days = std::max(1, *days);
    return s;
}

// ---- 2. Cadence ----------------------------------------------------------------------------------

int cadenceDays(const FollowupSettings& settings, ValueClass valueClass, Lifecycle lifecycle) {
    if (lifecycle == Lifecycle::Intent) return settings.intentDays;
    switch (valueClass) {
    case ValueClass::A: return settings.classADays;
    case ValueClass::B: return settings.classBDays;
    case ValueClass::C: return settings.classCDays;
    }
    return settings.classCDays;
}

CivilDate nextFollowupDate(const FollowupSettings& settings, ValueClass valueClass, Lifecycle lifecycle,
                           const std::optional<CivilDate>& lastFollowup,
                           const std::optional<CivilDate>& explicitNext, const CivilDate& today) {
    if (explicitNext) return *explicitNext;
    if (!lastFollowup) return today;
    return lastFollowup->addDays(cadenceDays(settings, valueClass, lifecycle));
}

// ---- 3. Birthdays --------------------------------------------------------------------------------

std::optional<CivilDate> birthdayInYear(const Birthday& b, int year) {
    if (!b.lunar) {
        if (b.month < 1 || b.month > 12 || b.day < 1) return std::nullopt;
        return CivilDate{year, b.month, std::min(b.day, daysInMonth(year, b.month))};
    }
    const bool leap = b.leapMonth && lunarLeapMonth(year) == b.month;
    const int length = lunarMonthDays(year, b.month, leap);
    if (length == 0) return std::nullopt;
    return lunarToSolar({year, b.month, std::min(b.day, length), leap});
}

std::optional<CivilDate> nextBirthday(const Birthday& b, const CivilDate& from) {
    // A lunar birthday late in the lunar year (month 11/12) can fall in January/February of the next
    // solar year, so look at the lunar years starting one before.
    for (int year = from.year - 1; year <= from.year + 1; ++year) {
        auto d = birthdayInYear(b, year);
        if (d && *d >= from) return d;
    }
    return std::nullopt;
}

// ---- 4. Reminders --------------------------------------------------------------------------------

std::string_view reminderKindKey(ReminderKind kind) {
    switch (kind) {
    case ReminderKind::Revisit: return "revisit";
    case ReminderKind::Birthday: return "birthday";
    case ReminderKind::Holiday: return "holiday";
    case ReminderKind::ServiceDue: return "service_due";
    case ReminderKind::WarrantyExpiring: return "warranty_expiring";
    case ReminderKind::InsuranceRenewal: return "insurance_renewal";
    case ReminderKind::SurveyDue: return "survey_due";
    }
    return "";
}

namespace {
// The holidays of a year (清明 is found from the sun's position, Meeus: hundreds of trigonometric terms): the same
// for every customer, so each year's are computed once, not twice per customer and ranking.
const std::vector<Holiday>& holidaysOf(int year) {
    thread_local std::unordered_map<int, std::vector<Holiday>> known;
    auto it = known.find(year);
    if (it == known.end()) it = known.emplace(year, chineseHolidays(year)).first;
    return it->second;
}
}  // namespace

std::vector<Reminder> remindersFor(const CustomerFacts& c, const CustomerClassification& cls,
                                   const FollowupSettings& s, const CivilDate& today) {
    std::vector<Reminder> out;
    auto add = [&](ReminderKind kind, const std::string& vehicleId, CivilDate due, std::string detail) {
        out.push_back({kind, c.id, vehicleId, due, std::move(detail)});
    };
    // Revisit: always one, possibly overdue.
    const CivilDate revisit = nextFollowupDate(s, cls.valueClass, cls.lifecycle, c.lastFollowup, c.nextFollowupDate, today);
    add(ReminderKind::Revisit, "", revisit,
        "every " + std::to_string(cadenceDays(s, cls.valueClass, cls.lifecycle)) + " days");
    // Birthday within the lead time.
    if (c.birthday) {
        if (auto next = nextBirthday(*c.birthday, today); next && daysBetween(today, *next) <= s.birthdayLeadDays)
            add(ReminderKind::Birthday, "", *next, c.birthday->lunar ? "lunar" : "solar");
    }
    // Holidays within the lead time.
    if (!s.holidayGreetingsImportantOnly || cls.important) {
        for (int year : {today.year, today.year + 1}) {
            for (const auto& h : holidaysOf(year)) {
                const auto ahead = daysBetween(today, h.date);
                if (ahead >= 0 && ahead <= s.holidayLeadDays)
                    add(ReminderKind::Holiday, "", h.date, std::string(holidayKey(h.kind)));
            }
        }
    }
    for (const auto& v : c.vehicles) {
        // Service due: from the last service, or from delivery at 0 km.
        std::optional<CivilDate> from = v.lastServiceDate;
        int64_t fromKm = v.lastServiceKm.value_or(0);
        if (!from) {
            from = v.inServiceDate ? v.inServiceDate : v.purchaseDate;
            fromKm = 0;
        }
        if (from) {
            const auto due = serviceDue(*from, fromKm, s.serviceInterval, v.odometer);
            const auto ahead = daysBetween(today, due.dueDate);
            if (ahead <= s.serviceLeadDays && ahead >= -s.serviceOverdueDays)
                add(ReminderKind::ServiceDue, v.id, due.dueDate,
                    (due.reason == LimitKind::Mileage ? "by mileage: " : "by time; ") + std::to_string(due.dueKm) + " km");
        }
        // Warranty ending within N days or N km.
        const auto w = warrantyStatus(v.warranty, v.odometer, today);
        if (w.state == WarrantyState::In && w.expectedEnd) {
            const bool soonByDate = daysBetween(today, *w.expectedEnd) <= s.warrantyWithinDays;
            const bool soonByKm = w.kmLeft && *w.kmLeft <= s.warrantyWithinKm;
            if (soonByDate || soonByKm)
                add(ReminderKind::WarrantyExpiring, v.id, *w.expectedEnd,
                    w.kmLeft ? std::to_string(*w.kmLeft) + " km left" : "by date");
        }
        // Insurance renewal.
        if (v.insuranceEnd) {
            const auto ahead = daysBetween(today, *v.insuranceEnd);
            if (ahead <= s.insuranceWithinDays && ahead >= -s.insuranceGraceDays)
                add(ReminderKind::InsuranceRenewal, v.id, *v.insuranceEnd, "insurance ends " + v.insuranceEnd->toString());
        }
    }
    // Satisfaction survey due after the latest repair order and after the latest closed complaint, unless a
    // survey was taken since; not for events older than the window.
    auto surveyDue = [&](const std::optional<CivilDate>& event, const char* detail) {
        if (!event || (c.lastSurvey && *c.lastSurvey >= *event) || daysBetween(*event, today) > s.surveyWindowDays) return;
        add(ReminderKind::SurveyDue, "", event->addDays(s.surveyDueDays), detail);
    };
    if (!c.visits.empty()) surveyDue(c.visits.back().date, "repair_order");
    surveyDue(c.lastComplaintClosed, "complaint");
    return out;
}

// ---- 5. Agenda -----------------------------------------------------------------------------------

bool agendaOrder(const Reminder& a, const Reminder& b) {
    return std::tie(a.dueDate, a.kind, a.customerId, a.vehicleId) <
           std::tie(b.dueDate, b.kind, b.customerId, b.vehicleId);
}

Agenda buildAgenda(std::vector<Reminder> reminders, const CivilDate& today) {
    std::sort(reminders.begin(), reminders.end(), agendaOrder);
    Agenda agenda;
    for (auto& r : reminders) {
        const auto ahead = daysBetween(today, r.dueDate);
        if (ahead < 0) agenda.overdue.push_back(std::move(r));
        else if (ahead == 0) agenda.today.push_back(std::move(r));
        else if (ahead <= 6) agenda.thisWeek.push_back(std::move(r));
    }
    return agenda;
}

} // namespace crm::core

// Follow-up cadence and care reminders (跟进与关怀): next follow-up date per class and lifecycle,
// reminders (revisit, birthday, holidays, service, warranty, insurance) and the "today" agenda.
#pragma once
#include "core/domain/civil_date.h"
#include "core/domain/classification.h"
#include "core/json.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

struct FollowupSettings {
    int classADays = 30; // cadence by value class
    int classBDays = 60;
    int classCDays = 90;
    int intentDays = 7;  // intent (意向) customers, whatever their class
    int birthdayLeadDays = 7;  // remind this many days before a birthday
    int holidayLeadDays = 7;   // ... before a holiday (one greeting reminder per customer)
    bool holidayGreetingsImportantOnly = false;
    int serviceLeadDays = 14;  // service due within this many days ...
    int serviceOverdueDays = 180;  // ... or overdue by at most this many (longer: the customer has gone elsewhere)
    ServiceInterval serviceInterval;     // 6 months / 5000 km
    int warrantyWithinDays = 30;         // warranty ends within N days ...
    int64_t warrantyWithinKm = 1000;     // ... or N km
    int insuranceWithinDays = 30;        // insurance ends within N days ...
    int insuranceGraceDays = 30;         // ... or ended at most this many days ago
    int surveyDueDays = 3;     // a satisfaction survey is due this many days after a repair order or a closed
    int surveyWindowDays = 30; // complaint not yet followed by a survey, while the event is at most this old

    Json toJson() const;
    static FollowupSettings fromJson(const Json& json); // missing fields keep defaults
};

// Days between follow-ups for a customer: intent customers use intentDays, others their class.
int cadenceDays(const FollowupSettings& settings, ValueClass valueClass, Lifecycle lifecycle);

// The explicit next date recorded on the latest follow-up wins; otherwise last follow-up + cadence;
// a customer never followed up is due today.
CivilDate nextFollowupDate(const FollowupSettings& settings, ValueClass valueClass, Lifecycle lifecycle,
                           const std::optional<CivilDate>& lastFollowup,
                           const std::optional<CivilDate>& explicitNext, const CivilDate& today);

// The solar date of a birthday in a solar year. Solar Feb 29 -> Feb 28 in common years. Lunar: the
// lunar month/day of lunar year `year`, converted; a leap-month birthday falls on the ordinary
// month when that year has no such leap month; day 30 falls on day 29 in a 29-day month.
std::optional<CivilDate> birthdayInYear(const Birthday& birthday, int year);
// The first birthday date on or after `from`.
std::optional<CivilDate> nextBirthday(const Birthday& birthday, const CivilDate& from);

enum class ReminderKind : uint8_t { Revisit, Birthday, Holiday, ServiceDue, WarrantyExpiring, InsuranceRenewal, SurveyDue };
std::string_view reminderKindKey(ReminderKind kind); // "revisit", "birthday", ... (i18n keys)

struct Reminder {
    ReminderKind kind = ReminderKind::Revisit;
    std::string customerId;
    std::string vehicleId; // empty for customer-level reminders
    CivilDate dueDate;
    std::string detail;    // short English detail (holiday key, km figures ...); the UI localises by kind
};

// All reminders for one customer that are due by the settings' lead times (overdue ones included).
std::vector<Reminder> remindersFor(const CustomerFacts& customer, const CustomerClassification& classification,
                                   const FollowupSettings& settings, const CivilDate& today);

struct Agenda {
    std::vector<Reminder> overdue;  // due before today
    std::vector<Reminder> today;    // due today
    std::vector<Reminder> thisWeek; // due in the next 6 days (today + 1 .. today + 6)
};
// The agenda's order: due date, kind, customer, vehicle.
bool agendaOrder(const Reminder& a, const Reminder& b);
// Buckets reminders by due date (later ones are dropped); each bucket sorted by date, kind, customer.
Agenda buildAgenda(std::vector<Reminder> reminders, const CivilDate& today);

} // namespace crm::core

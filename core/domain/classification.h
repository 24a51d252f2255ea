// Customer classification (客户分类): value class A/B/C, lifecycle, loyalty, warranty and importance,
// computed from plain facts that are built from the customer, vehicle and service_record documents.
#pragma once
#include "core/domain/civil_date.h"
#include "core/domain/vehicle_rules.h"
#include "core/json.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crm::core {

// ---- Settings (editable; stored as Json) ---------------------------------------------------------
struct ClassificationSettings {
    int windowDays = 365;          // visits and spend are counted over (today - windowDays, today]
    double classATopShare = 0.20;  // A: top 20% of all customers by spend ...
    int classAMinVisits = 6;       //    ... or at least 6 visits
    double classBTopShare = 0.50;  // B: otherwise top 50% (i.e. the next 30%) ...
    int classBMinVisits = 3;       //    ... or at least 3 visits; C: everyone else
    int lostAfterDays = 365;       // lost: no visit in the last 365 days
    int loyalMinVisits = 4;        // loyal: >= 4 visits in the last loyalLookbackDays ...
    int loyalLookbackDays = 730;
    int loyalMaxGapDays = 180;       //    ... with no gap between them longer than 180 days
    bool classAIsImportant = false;  // important = marked important, or (if set) class A

    Json toJson() const;
    // Missing or mistyped fields keep their defaults.
    static ClassificationSettings fromJson(const Json& json);
};

// ---- Facts: what the rules need, independent of the document format -----------------------------
struct Birthday {
    bool lunar = false;
    int month = 1;
    int day = 1;
    bool leapMonth = false;  // lunar only: born in a leap month
};

struct VisitFact {  // (no vehicle id: nothing derived reads it; the vehicle's own facts hold its service history)
    CivilDate date;
    double spend = 0;  // amount paid by the customer (pay_type "customer" or unset), yuan
};

struct VehicleFacts {  // (no VIN or plate: nothing derived needs them; the customer file reads the document)
    std::string id;
    std::optional<CivilDate> purchaseDate;
    std::optional<CivilDate> inServiceDate;
    std::optional<CivilDate> insuranceEnd;
    WarrantyTerms warranty;
    OdometerHistory odometer;  // readings from the vehicle and its service records
    std::optional<CivilDate> lastServiceDate;
    std::optional<int64_t> lastServiceKm;
};

enum class Lifecycle : uint8_t { Potential, Intent, Closed };  // 潜在 / 意向 / 成交

struct CustomerFacts {
    std::string id;
    std::string name;
    std::optional<Lifecycle> lifecycle;  // as recorded on the customer; derived when absent
    bool markedImportant = false;
    std::optional<Birthday> birthday;
    std::vector<VisitFact> visits;  // sorted by date
    std::vector<VehicleFacts> vehicles;
    std::optional<CivilDate> lastFollowup;      // latest follow-up date
    std::optional<CivilDate> nextFollowupDate;  // next date recorded on that latest follow-up
    std::optional<CivilDate> lastSurvey;           // latest satisfaction survey
    std::optional<CivilDate> lastComplaintClosed;  // latest complaint followed up (closed_at, else updated_at)
};

// Builds facts for every customer document in docs (type "customer", "vehicle", "service_record",
// "followup"; other types and _deleted documents are ignored), joined on customer_id / vehicle_id.
// Output order follows the customer documents' order. Dates are "YYYY-MM-DD" (timestamps accepted).
std::vector<CustomerFacts> buildCustomerFacts(const std::vector<Json>& docs);
// The same over documents kept elsewhere (e.g. the store's bodies, which carry no _id): no copies.
struct DocRef {
    const std::string* id;
    const Json* body;
};
std::vector<CustomerFacts> buildCustomerFacts(const std::vector<DocRef>& docs);
std::optional<Lifecycle> parseLifecycle(std::string_view text);
std::string_view lifecycleKey(Lifecycle lifecycle);  // "potential" | "intent" | "closed"

// ---- Results ---------------------------------------------------------------------------------------
enum class ValueClass : uint8_t { A, B, C };
enum class ValueReason : uint8_t { Spend, Visits, None };      // why the class was given (C: None)
enum class Loyalty : uint8_t { None, Loyal, Flexible, Lost };  // None: never visited
enum class CustomerWarranty : uint8_t { None, In, Out };       // In: at least one vehicle in warranty; None: no terms known

struct CustomerClassification {  // (no customer id: results are kept aligned with their customers)
    bool classified = false;  // set by classifyExceptValue; false: a placeholder for a customer not classified yet
    ValueClass valueClass = ValueClass::C;
    ValueReason valueReason = ValueReason::None;
    Lifecycle lifecycle = Lifecycle::Potential;
    Loyalty loyalty = Loyalty::None;
    CustomerWarranty warranty = CustomerWarranty::None;
    bool important = false;
    int visitsInWindow = 0;
    double spendInWindow = 0;
    std::optional<CivilDate> lastVisit;
};

// Classifies all customers at once (value classes are percentiles of the whole population):
// O(total visits + n log n). Result i belongs to customers[i].
std::vector<CustomerClassification> classifyAll(const std::vector<CustomerFacts>& customers,
                                                const ClassificationSettings& settings, const CivilDate& today);

// The same in pieces, for keeping many customers current incrementally (ClassificationService):
// everything of one customer except the value class, which needs the whole population's spends ...
CustomerClassification classifyExceptValue(const CustomerFacts& customer, const ClassificationSettings& settings,
                                           const CivilDate& today);
// ... the spend thresholds of classes A and B from every customer's spend, sorted descending ...
struct ValueThresholds {
    double a = 0;
    double b = 0;
    bool operator==(const ValueThresholds&) const = default;
};
ValueThresholds valueThresholds(const std::vector<double>& descendingSpends, const ClassificationSettings& settings);
// ... and the value class (and importance) of one customer given those thresholds.
void assignValueClass(CustomerClassification& result, bool markedImportant, const ValueThresholds& thresholds,
                      const ClassificationSettings& settings);

// Pieces, usable on their own.
Lifecycle lifecycleOf(const CustomerFacts& customer);
Loyalty loyaltyOf(const std::vector<VisitFact>& visits, const ClassificationSettings& settings, const CivilDate& today);
CustomerWarranty warrantyOf(const CustomerFacts& customer, const CivilDate& today);

// The rules in words, with the configured numbers, for the settings screen and tooltips.
std::string explainValueClass(const ClassificationSettings& settings);
std::string explainLoyalty(const ClassificationSettings& settings);
std::string explainLifecycle();

std::string_view valueClassKey(ValueClass c);  // "A" | "B" | "C"
std::string_view loyaltyKey(Loyalty l);        // "none" | "loyal" | "flexible" | "lost"

}  // namespace crm::core

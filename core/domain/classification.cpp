// Classification rules and the Json -> CustomerFacts builder.
//
// Sections: 1. settings Json  2. facts from documents  3. rules  4. explanations
#include "core/domain/classification.h"
#include "core/json_field.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace crm::core {

// ---- 1. Settings Json ----------------------------------------------------------------------------
Json ClassificationSettings::toJson() const {
    return Json{{"window_days", windowDays},
                {"class_a_top_share", classATopShare},
                {"class_a_min_visits", classAMinVisits},
                {"class_b_top_share", classBTopShare},
                {"class_b_min_visits", classBMinVisits},
                {"lost_after_days", lostAfterDays},
                {"loyal_min_visits", loyalMinVisits},
                {"loyal_lookback_days", loyalLookbackDays},
                {"loyal_max_gap_days", loyalMaxGapDays},
                {"class_a_is_important", classAIsImportant}};
}

ClassificationSettings ClassificationSettings::fromJson(const Json& json) {
    ClassificationSettings s;
    readField(json, "window_days", s.windowDays);
    readField(json, "class_a_top_share", s.classATopShare);
    readField(json, "class_a_min_visits", s.classAMinVisits);
    readField(json, "class_b_top_share", s.classBTopShare);
    readField(json, "class_b_min_visits", s.classBMinVisits);
    readField(json, "lost_after_days", s.lostAfterDays);
    readField(json, "loyal_min_visits", s.loyalMinVisits);
    readField(json, "loyal_lookback_days", s.loyalLookbackDays);
    readField(json, "loyal_max_gap_days", s.loyalMaxGapDays);
    readField(json, "class_a_is_important", s.classAIsImportant);
    s.classATopShare = std::clamp(s.classATopShare, 0.0, 1.0);
    s.classBTopShare = std::clamp(s.classBTopShare, s.classATopShare, 1.0);
    return s;
}

// ---- 2. Facts from documents ---------------------------------------------------------------------
namespace {
std::optional<CivilDate> date(const Json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) return std::nullopt;
    return CivilDate::parse(it->get_ref<const std::string&>());
}
// The day a complaint reached its last stage, from the workflow's derived deadlines (an ISO time, UTC; its
// day is close enough for a reminder counted in days).
std::optional<CivilDate> followedUpDay(const Json& complaint) {
    auto deadlines = complaint.find("deadlines");
    if (deadlines == complaint.end() || !deadlines->is_object()) return std::nullopt;
    auto stage = deadlines->find("followed_up");
    if (stage == deadlines->end() || !stage->is_object()) return std::nullopt;
    std::string reached = stringField(*stage, "reached");
    return reached.size() >= 10 ? CivilDate::parse(reached.substr(0, 10)) : std::nullopt;
}
std::optional<double> number(const Json& doc, const char* key) {
    auto it = doc.find(key);
    if (it == doc.end()) return std::nullopt;
    if (it->is_number()) return it->get<double>();
    if (it->is_string()) {  // amounts typed into forms may arrive as text
        try {
            size_t used = 0;
            const double v = std::stod(it->get_ref<const std::string&>(), &used);
            if (used > 0) return v;
        } catch (...) {
        }
    }
    return std::nullopt;
}
std::optional<int64_t> km(const Json& doc, const char* key) {
    auto v = number(doc, key);
    if (!v || *v < 0) return std::nullopt;
    return static_cast<int64_t>(std::llround(*v));
}
}  // namespace

std::optional<Lifecycle> parseLifecycle(std::string_view text) {
    if (text == "potential" || text == "潜在") return Lifecycle::Potential;
    if (text == "intent" || text == "意向") return Lifecycle::Intent;
    if (text == "closed" || text == "成交") return Lifecycle::Closed;
    return std::nullopt;
}

std::string_view lifecycleKey(Lifecycle lifecycle) {
    switch (lifecycle) {
        case Lifecycle::Potential:
            return "potential";
        case Lifecycle::Intent:
            return "intent";
        case Lifecycle::Closed:
            return "closed";
    }
    return "";
}

std::vector<CustomerFacts> buildCustomerFacts(const std::vector<Json>& docs) {
    std::vector<std::string> ids;
    ids.reserve(docs.size());
    for (const Json& doc : docs)
        ids.push_back(stringField(doc, "_id"));
    std::vector<DocRef> refs;
    refs.reserve(docs.size());
    for (size_t i = 0; i < docs.size(); ++i)
        refs.push_back({&ids[i], &docs[i]});
    return buildCustomerFacts(refs);
}

std::vector<CustomerFacts> buildCustomerFacts(const std::vector<DocRef>& docs) {
    std::vector<CustomerFacts> customers;
    std::unordered_map<std::string, size_t> customerIndex;
    struct VehicleSlot {
        size_t customer;
        size_t vehicle;
        std::vector<OdometerReading> readings;
    };
    std::unordered_map<std::string, VehicleSlot> vehicleIndex;
    auto live = [](const Json& doc) {
        return doc.is_object() &&
               !(doc.contains("_deleted") && doc["_deleted"].is_boolean() && doc["_deleted"].get<bool>());
    };
    auto typeIs = [](const Json& doc, const char* type) { return stringField(doc, "type") == type; };

    // Pass 1: customers.
    for (const DocRef& ref : docs) {
        const Json& doc = *ref.body;
        if (!live(doc) || !typeIs(doc, "customer")) continue;
        CustomerFacts c;
        c.id = *ref.id;
        c.name = stringField(doc, "name");
        c.lifecycle = parseLifecycle(stringField(doc, "lifecycle"));
        if (auto it = doc.find("important"); it != doc.end() && it->is_boolean()) c.markedImportant = it->get<bool>();
        if (auto it = doc.find("birthday"); it != doc.end() && it->is_object()) {
            Birthday b;
            b.lunar = stringField(*it, "calendar") == "lunar";
            auto m = number(*it, "month"), d = number(*it, "day");
            if (auto leap = it->find("leap"); leap != it->end() && leap->is_boolean()) b.leapMonth = leap->get<bool>();
            if (m && d && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31) {
                b.month = static_cast<int>(*m);
                b.day = static_cast<int>(*d);
                c.birthday = b;
            }
        }
        customerIndex.emplace(c.id, customers.size());
        customers.push_back(std::move(c));
    }
    // Pass 2: vehicles.
    for (const DocRef& ref : docs) {
        const Json& doc = *ref.body;
        if (!live(doc) || !typeIs(doc, "vehicle")) continue;
        auto owner = customerIndex.find(stringField(doc, "customer_id"));
        if (owner == customerIndex.end()) continue;
        VehicleFacts v;
        v.id = *ref.id;
        v.purchaseDate = date(doc, "purchase_date");
        v.inServiceDate = date(doc, "in_service_date");
        v.insuranceEnd = date(doc, "insurance_end");
        v.warranty.endDate = date(doc, "warranty_end");
        v.warranty.kmLimit = km(doc, "warranty_km");
        VehicleSlot slot{owner->second, customers[owner->second].vehicles.size(), {}};
        if (auto it = doc.find("odometer"); it != doc.end() && it->is_array()) {
            for (const auto& reading : *it) {
                if (!reading.is_object()) continue;
                auto d = date(reading, "date");
                auto k = km(reading, "km");
                if (d && k) slot.readings.push_back({*d, *k});
            }
        }
        customers[owner->second].vehicles.push_back(std::move(v));
        vehicleIndex.emplace(customers[owner->second].vehicles.back().id, std::move(slot));
    }
    // Pass 3: service records (visits, spend, odometer readings, last service) and follow-ups.
    for (const DocRef& ref : docs) {
        const Json& doc = *ref.body;
        if (!live(doc)) continue;
        if (typeIs(doc, "service_record")) {
            auto vehicle = vehicleIndex.find(stringField(doc, "vehicle_id"));
            auto owner = customerIndex.find(stringField(doc, "customer_id"));
            size_t customer;
            if (owner != customerIndex.end())
                customer = owner->second;
            else if (vehicle != vehicleIndex.end())
                customer = vehicle->second.customer;
            else
                continue;
            auto in = date(doc, "date_in");
            auto out = date(doc, "date_out");
            if (!in) in = out;
            if (!in) continue;
            const std::string payType = stringField(doc, "pay_type");
            double spend = 0;
            if (payType.empty() || payType == "customer")
                spend = number(doc, "parts_amount").value_or(0) + number(doc, "labour_amount").value_or(0);
            customers[customer].visits.push_back({*in, spend});
            if (vehicle != vehicleIndex.end()) {
                auto& slot = vehicle->second;
                auto kmIn = km(doc, "odometer_in"), kmOut = km(doc, "odometer_out");
                if (kmIn) slot.readings.push_back({*in, *kmIn});
                if (kmOut) slot.readings.push_back({out.value_or(*in), *kmOut});
                auto& v = customers[slot.customer].vehicles[slot.vehicle];
                const CivilDate serviced = out.value_or(*in);
                const auto serviceKm = kmOut ? kmOut : kmIn;
                if (!v.lastServiceDate || *v.lastServiceDate <= serviced) {
                    v.lastServiceDate = serviced;
                    if (serviceKm) v.lastServiceKm = serviceKm;
                }
            }
        } else if (typeIs(doc, "survey") || (typeIs(doc, "complaint") && stringField(doc, "status") == "followed_up")) {
            auto owner = customerIndex.find(stringField(doc, "customer_id"));
            if (owner == customerIndex.end()) continue;
            const bool survey = typeIs(doc, "survey");
            auto when = survey ? date(doc, "date") : date(doc, "closed_at");
            if (!when && !survey) when = followedUpDay(doc);
            if (!when && !survey) when = date(doc, "updated_at");
            auto& latest = survey ? customers[owner->second].lastSurvey : customers[owner->second].lastComplaintClosed;
            if (when && (!latest || *latest < *when)) latest = when;
        } else if (typeIs(doc, "followup")) {
            auto owner = customerIndex.find(stringField(doc, "customer_id"));
            if (owner == customerIndex.end()) continue;
            auto when = date(doc, "date");
            if (!when) when = date(doc, "at");
            if (!when) continue;
            auto& c = customers[owner->second];
            if (!c.lastFollowup || *c.lastFollowup <= *when) {
                c.lastFollowup = when;
                c.nextFollowupDate = date(doc, "next_date");
            }
        }
    }
    // Finish: odometer histories (a delivered car starts at 0 km on its in-service date) and sorted visits.
    for (auto& [id, slot] : vehicleIndex) {
        auto& v = customers[slot.customer].vehicles[slot.vehicle];
        const auto start = v.inServiceDate ? v.inServiceDate : v.purchaseDate;
        if (start && std::none_of(slot.readings.begin(), slot.readings.end(),
                                  [&](const OdometerReading& r) { return r.date < *start; }))
            slot.readings.push_back({*start, 0});
        v.odometer = OdometerHistory(std::move(slot.readings));
    }
    for (auto& c : customers) {
        std::stable_sort(c.visits.begin(), c.visits.end(),
                         [](const VisitFact& a, const VisitFact& b) { return a.date < b.date; });
        c.visits.shrink_to_fit();  // facts are kept (ClassificationService): no room left from push_back
        c.vehicles.shrink_to_fit();
    }
    return customers;
}

// ---- 3. Rules ------------------------------------------------------------------------------------

Lifecycle lifecycleOf(const CustomerFacts& customer) {
    if (customer.lifecycle) return *customer.lifecycle;
    return customer.vehicles.empty() && customer.visits.empty() ? Lifecycle::Potential : Lifecycle::Closed;
}

Loyalty loyaltyOf(const std::vector<VisitFact>& visits, const ClassificationSettings& settings,
                  const CivilDate& today) {
    // Visits after today (booked, or mistyped) are ignored.
    std::optional<CivilDate> last;
    int recent = 0;
    int64_t maxGap = 0;
    std::optional<CivilDate> previous;
    for (const auto& v : visits) {
        const int64_t age = daysBetween(v.date, today);
        if (age < 0) continue;
        last = v.date;
        if (age < settings.loyalLookbackDays) {
            ++recent;
            if (previous) maxGap = std::max(maxGap, daysBetween(*previous, v.date));
            previous = v.date;
        }
    }
    if (!last) return Loyalty::None;
    const int64_t sinceLast = daysBetween(*last, today);
    if (sinceLast >= settings.lostAfterDays) return Loyalty::Lost;
    if (recent >= settings.loyalMinVisits && maxGap <= settings.loyalMaxGapDays &&
        sinceLast <= settings.loyalMaxGapDays)
        return Loyalty::Loyal;
    return Loyalty::Flexible;
}

CustomerWarranty warrantyOf(const CustomerFacts& customer, const CivilDate& today) {
    CustomerWarranty result = CustomerWarranty::None;
    for (const auto& v : customer.vehicles) {
        const auto s = warrantyStatus(v.warranty, v.odometer, today);
        if (s.state == WarrantyState::In) return CustomerWarranty::In;
        if (s.state == WarrantyState::Out) result = CustomerWarranty::Out;
    }
    return result;
}

namespace {
// Spend of the k-th largest (1-based) among sorted-descending spends; +inf when k == 0 (nobody).
double thresholdForShare(const std::vector<double>& descending, double share) {
    const double exact = share * static_cast<double>(descending.size());
    const auto k = static_cast<size_t>(std::ceil(exact - 1e-9));
    if (k == 0) return HUGE_VAL;
    return descending[std::min(k, descending.size()) - 1];
}
}  // namespace

CustomerClassification classifyExceptValue(const CustomerFacts& c, const ClassificationSettings& settings,
                                           const CivilDate& today) {
    CustomerClassification r;
    r.classified = true;
    for (const auto& v : c.visits) {
        const int64_t age = daysBetween(v.date, today);
        if (age < 0) continue;
        r.lastVisit = v.date;
        if (age < settings.windowDays) {
            ++r.visitsInWindow;
            r.spendInWindow += v.spend;
        }
    }
    r.lifecycle = lifecycleOf(c);
    r.loyalty = loyaltyOf(c.visits, settings, today);
    r.warranty = warrantyOf(c, today);
    return r;
}

ValueThresholds valueThresholds(const std::vector<double>& descendingSpends, const ClassificationSettings& settings) {
    return {thresholdForShare(descendingSpends, settings.classATopShare),
            thresholdForShare(descendingSpends, settings.classBTopShare)};
}

void assignValueClass(CustomerClassification& r, bool markedImportant, const ValueThresholds& t,
                      const ClassificationSettings& settings) {
    const bool spent = r.spendInWindow > 0;
    auto set = [&](ValueClass c, ValueReason why) {
        r.valueClass = c;
        r.valueReason = why;
    };
    if (spent && r.spendInWindow >= t.a)
        set(ValueClass::A, ValueReason::Spend);
    else if (r.visitsInWindow >= settings.classAMinVisits)
        set(ValueClass::A, ValueReason::Visits);
    else if (spent && r.spendInWindow >= t.b)
        set(ValueClass::B, ValueReason::Spend);
    else if (r.visitsInWindow >= settings.classBMinVisits)
        set(ValueClass::B, ValueReason::Visits);
    else
        set(ValueClass::C, ValueReason::None);
    r.important = markedImportant || (settings.classAIsImportant && r.valueClass == ValueClass::A);
}

std::vector<CustomerClassification> classifyAll(const std::vector<CustomerFacts>& customers,
                                                const ClassificationSettings& settings, const CivilDate& today) {
    std::vector<CustomerClassification> result;
    result.reserve(customers.size());
    std::vector<double> spends;
    spends.reserve(customers.size());
    for (const CustomerFacts& c : customers) {
        result.push_back(classifyExceptValue(c, settings, today));
        spends.push_back(result.back().spendInWindow);
    }
    std::sort(spends.begin(), spends.end(), std::greater<>());
    const ValueThresholds thresholds = valueThresholds(spends, settings);
    for (size_t i = 0; i < customers.size(); ++i)
        assignValueClass(result[i], customers[i].markedImportant, thresholds, settings);
    return result;
}

// ---- 4. Explanations -----------------------------------------------------------------------------
namespace {
std::string percent(double share) {
    return std::to_string(static_cast<int>(std::lround(share * 100))) + "%";
}
}  // namespace

std::string explainValueClass(const ClassificationSettings& s) {
    const std::string window = std::to_string(s.windowDays);
    return "Counted over the last " + window +
           " days: visits = service records, spend = parts + labour paid by the "
           "customer. A: among the top " +
           percent(s.classATopShare) + " of all customers by spend, or at least " + std::to_string(s.classAMinVisits) +
           " visits. B: otherwise among the top " + percent(s.classBTopShare) + " by spend, or at least " +
           std::to_string(s.classBMinVisits) +
           " visits. C: everyone else. "
           "Customers tied with the last one inside a share get the same class; no spend never counts as top.";
}

std::string explainLoyalty(const ClassificationSettings& s) {
    return "Lost: no visit in the last " + std::to_string(s.lostAfterDays) + " days. Loyal: at least " +
           std::to_string(s.loyalMinVisits) + " visits in the last " + std::to_string(s.loyalLookbackDays) +
           " days, no gap between them longer than " + std::to_string(s.loyalMaxGapDays) +
           " days, and the last visit within " + std::to_string(s.loyalMaxGapDays) +
           " days. Flexible: visits, but neither loyal nor lost. Customers who never visited have no loyalty type.";
}

std::string explainLifecycle() {
    return "The stage recorded on the customer (potential / intent / closed). When none is recorded: closed if the "
           "customer has a vehicle or a service record, otherwise potential.";
}

std::string_view valueClassKey(ValueClass c) {
    switch (c) {
        case ValueClass::A:
            return "A";
        case ValueClass::B:
            return "B";
        case ValueClass::C:
            return "C";
    }
    return "";
}

std::string_view loyaltyKey(Loyalty l) {
    switch (l) {
        case Loyalty::None:
            return "none";
        case Loyalty::Loyal:
            return "loyal";
        case Loyalty::Flexible:
            return "flexible";
        case Loyalty::Lost:
            return "lost";
    }
    return "";
}

}  // namespace crm::core

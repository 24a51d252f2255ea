// Demo data generation: the word lists (from assets/demo/), a small seeded random source, and one
// function per document type.
//
// Sections: random · word lists · identifiers (phone, VIN, plate) · documents · DemoGenerator
#include "core/app/demo_data.h"

#include "core/app/demo_complaints.h"
#include "core/app/demo_random.h"
#include "core/app/demo_surveys.h"
#include "core/json_field.h"

#include "core/domain/vehicle_rules.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

namespace crm::core {
namespace {

// ---- random: splitmix64, one independent stream per customer ----
using Random = DemoRandom;

// ---- word lists ----
// The lists themselves are assets (assets/demo/: names roughly by frequency, common surnames repeated, with the
// polyphonic 单 曾 区 仇 解; places, companies, staff, car models), turned into the arrays below at build time
// by scripts/gen_demo_words.py.
struct City {
    const char* province;
    const char* city;
    const char* plate;  // province abbreviation
    char office;        // issuing-office letter of the city
    std::array<const char*, 4> districts;
};
struct Model {
    const char* wmi;  // world manufacturer identifier of the Chinese joint venture
    const char* make;
    const char* model;
    const char* vds;  // five characters describing the model
    bool electric;
};
#include "demo_words.inc"

// Model-year letters 2012..2024 (ISO 3779 position 10).
const std::array<char, 13> kYearCodes = {'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R'};

const std::array<const char*, 5> kChannels = {"phone", "wechat", "sms", "email", "visit"};
struct FollowupNote {
    const char* content;
    const char* outcome;  // the followup description's options
};
const std::array<FollowupNote, 6> kFollowupNotes = {{{"客户满意，无其他需求", "reached"},
                                                    {"预约下周到店保养", "booked"},
                                                    {"询问置换政策，已发资料", "reached"},
                                                    {"电话未接通，稍后再联系", "no_answer"},
                                                    {"对上次维修质量表示认可", "reached"},
                                                    {"提醒年检，客户已知悉", "reached"}}};

// ---- identifiers ----
const std::array<const char*, 14> kPhonePrefixes = {"130", "131", "132", "135", "136", "137", "138",
                                                    "139", "150", "158", "177", "186", "188", "199"};

std::string phoneNumber(Random& rng) {
    std::string p = rng.pick(kPhonePrefixes);
    for (int i = 0; i < 8; ++i) p += char('0' + rng.below(10));
    return p;
}

const char kSerialLetters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";  // plates: no I or O
const char kVinLetters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";      // VINs: no I, O or Q

std::string vinFor(Random& rng, const Model& model, int modelYear) {
    std::string vin = std::string(model.wmi) + model.vds + "0";
    vin += kYearCodes[(modelYear - 2012) % kYearCodes.size()];
    vin += kVinLetters[rng.below(int(sizeof kVinLetters - 1))];  // plant
    for (int i = 0; i < 6; ++i) vin += char('0' + rng.below(10));
    vin[8] = vinCheckDigit(vin);
    return vin;
}

std::string plateFor(Random& rng, const City& city, bool electric) {
    std::string plate = std::string(city.plate) + city.office;
    if (electric) {
        plate += rng.chance(70) ? 'D' : 'F';
        plate += rng.chance(50) ? kSerialLetters[rng.below(24)] : char('0' + rng.below(10));
        for (int i = 0; i < 4; ++i) plate += char('0' + rng.below(10));
        return plate;
    }
    int letterAt = rng.chance(60) ? rng.below(5) : -1;  // many plates carry one letter
    for (int i = 0; i < 5; ++i) plate += i == letterAt ? kSerialLetters[rng.below(24)] : char('0' + rng.below(10));
    return plate;
}

std::string docId(const char* type, size_t index, int n) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s:demo-%06zu-%d", type, index, n);
    return buf;
}

// ---- documents ----
struct Person {
    size_t index = 0;
    std::string id;
    std::string name;
    std::string owner;
    const City* city;
};

Json customerDoc(Random& rng, size_t index, const DemoOptions& o, Person& who) {
    bool male = rng.chance(55);
    std::string name;
    if (index == 0) {
        name = "张伟";
        male = true;
    } else {
        do {
            name = std::string(rng.pick(kSurnames)) + (male ? rng.pick(kMaleGiven) : rng.pick(kFemaleGiven));
        } while (name == "张伟");
    }
    const City& city = rng.pick(kCities);
    who = Person{index, DemoGenerator::customerId(index), name, rng.pick(kStaff), &city};
    Json phones = Json::array({phoneNumber(rng)});
    if (rng.chance(15)) phones.push_back(phoneNumber(rng));
    int birthYear = o.today.year - rng.between(22, 68);
    Json doc = {{"_id", who.id},
                {"type", "customer"},
                {"name", name},
                {"gender", male ? "male" : "female"},
                {"phones", phones},
                {"birthday", {{"calendar", rng.chance(20) ? "lunar" : "solar"},
                              {"year", birthYear},
                              {"month", rng.between(1, 12)},
                              {"day", rng.between(1, 28)}}},
                {"region", std::string(city.province) + (city.city != std::string(city.province) ? city.city : "")},
                {"address", std::string(city.city) + rng.pick(city.districts) + rng.pick(kStreets) +
                                std::to_string(rng.between(1, 399)) + "号" + rng.pick(kEstates) +
                                std::to_string(rng.between(1, 30)) + "栋" + std::to_string(rng.between(101, 2806)) + "室"},
                {"source", rng.pick(kSources)},
                {"owner", who.owner},
                {"demo", true}};
    if (rng.chance(70)) doc["wechat"] = "wx_" + std::to_string(100000 + rng.below(900000));
    if (rng.chance(65)) {
        doc["company"] = std::string(city.city).substr(0, std::string(city.city).size() - 3) + rng.pick(kCompanyCores) +
                         rng.pick(kCompanyKinds);
        doc["position"] = rng.pick(kPositions);
    }
    Json tags = Json::array();
    for (int t = rng.below(3); t > 0; --t) {
        std::string tag = rng.pick(kTags);
        if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    }
    if (!tags.empty()) doc["tags"] = tags;
    if (index == 0) {
        doc["company"] = "北京星辰汽车服务有限公司";
        doc["tags"] = Json::array({"VIP", "老客户"});
    }
    return doc;
}

Json vehicleDoc(Random& rng, const Person& who, int n, const DemoOptions& o, CivilDate& purchased) {
    const Model& model = rng.pick(kModels);
    int ageDays = rng.between(30, 365 * 9);
    purchased = o.today.addDays(-ageDays);
    int modelYear = std::max(2012, std::min(purchased.year, 2024));
    int kmPerDay = rng.between(15, 80);
    Json odometer = Json::array();
    for (int k = 1, readings = rng.between(1, 4); k <= readings; ++k) {
        int day = ageDays * k / readings;
        odometer.push_back({{"date", purchased.addDays(day).toString()}, {"km", day * kmPerDay}});
    }
    return {{"_id", docId("vehicle", who.index, n)},
            {"type", "vehicle"},
            {"customer_id", who.id},
            {"vin", vinFor(rng, model, modelYear)},
            {"plate", plateFor(rng, *who.city, model.electric)},
            {"make", model.make},
            {"model", model.model},
            {"purchase_date", purchased.toString()},
            {"in_service_date", purchased.addDays(rng.between(0, 7)).toString()},
            {"odometer", odometer},
            {"warranty_end", purchased.addMonths(model.electric ? 96 : 36).toString()},
            {"warranty_km", model.electric ? 150000 : 100000},
            {"usage", rng.chance(85) ? "private" : "company"},
            {"commercial", rng.chance(5)},
            {"demo", true}};
}

Json serviceDoc(Random& rng, const Person& who, const std::string& vehicleId, int n, CivilDate when, int km) {
    Json items = Json::array();
    int parts = 0, labour = 0;
    for (int k = rng.between(1, 3); k > 0; --k) {
        int p = rng.between(0, 1500), l = rng.between(80, 600);
        items.push_back({{"name", rng.pick(kServiceItems)}, {"parts", p}, {"labour", l}});
        parts += p;
        labour += l;
    }
    int payRoll = rng.below(100);
    return {{"_id", docId("service_record", who.index, n)},
            {"type", "service_record"},
            {"customer_id", who.id},
            {"vehicle_id", vehicleId},
            {"date_in", when.toString()},
            {"date_out", when.addDays(rng.chance(80) ? 0 : rng.between(1, 5)).toString()},
            {"odometer_in", km},
            {"odometer_out", km + rng.between(0, 10)},
            {"advisor", rng.pick(kStaff)},
            {"items", items},
            {"parts_amount", parts},
            {"labour_amount", labour},
            {"pay_type", payRoll < 80 ? "customer" : payRoll < 95 ? "warranty" : "internal"},
            {"comeback", rng.chance(4)},
            {"demo", true}};
}

} // namespace

// ---- DemoGenerator ----
std::string DemoGenerator::customerId(size_t index) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "customer:demo-%06zu", index);
    return buf;
}

std::vector<Json> DemoGenerator::customerDocs(size_t index) const {
    const DemoOptions& o = m_options;
    // Each customer's stream starts from a scrambled (seed, index), so no two streams overlap.
    Random rng(Random(o.seed ^ Random(index).next()).next());
    std::vector<Json> docs;
    Person who;
    docs.push_back(customerDoc(rng, index, o, who));

    int services = 0;
    for (int v = 1, vehicles = rng.chance(20) ? 2 : 1; v <= vehicles; ++v) {
        CivilDate purchased;
        Json vehicle = vehicleDoc(rng, who, v, o, purchased);
        std::string vehicleId = vehicle["_id"].get<std::string>();
        int ageDays = static_cast<int>(daysBetween(purchased, o.today));
        int kmPerDay = vehicle["odometer"].back()["km"].get<int>() / std::max(1, ageDays);
        docs.push_back(std::move(vehicle));
        for (int s = rng.between(0, 3); s > 0; --s) {
            int day = rng.between(0, std::max(0, ageDays - 1));
            docs.push_back(serviceDoc(rng, who, vehicleId, ++services, purchased.addDays(day), day * kmPerDay));
        }
    }
    for (int f = 1, n = rng.between(1, 3); f <= n; ++f) {
        CivilDate when = o.today.addDays(-rng.between(0, 720));
        const char* channel = rng.pick(kChannels);
        const FollowupNote& note = rng.pick(kFollowupNotes);
        docs.push_back({{"_id", docId("followup", index, f)},
                        {"type", "followup"},
                        {"customer_id", who.id},
                        {"date", when.toString()},
                        {"staff", who.owner},
                        {"channel", channel},
                        {"content", note.content},
                        {"outcome", note.outcome},
                        {"next_date", when.addDays(rng.between(7, 90)).toString()},
                        {"demo", true}});
    }
    // Complaints: about one customer in eight, cycling through every stage (demo_complaints.h).
    if (index % 8 == 3) {
        DemoComplainant c{index, rng.next(), who.id, who.name, who.owner, "", "", o.today};
        for (const Json& d : docs) {
            const std::string type = d.value("type", "");
            if (type == "vehicle" && c.vehicleId.empty()) c.vehicleId = stringField(d, "_id");
            if (type == "service_record" && d.value("vehicle_id", "") == c.vehicleId) c.serviceRecordId = stringField(d, "_id");
        }
        for (Json& d : demoComplaints(c)) docs.push_back(std::move(d));
    }
    // Satisfaction surveys after repair orders (and the templates, once): core/app/demo_surveys.cpp.
    if (index == 0)
        for (Json& t : demoSurveyTemplates()) docs.push_back(std::move(t));
    for (Json& survey : demoSurveys(o.seed, who.id, docs, o.today)) docs.push_back(std::move(survey));
    for (int p = 1, n = rng.between(0, 3); p <= n; ++p) {
        bool redeem = p > 1 && rng.chance(30);
        CivilDate when = o.today.addDays(-rng.between(0, 700));
        Json entry = {{"_id", docId("points", index, p)},
                      {"type", "points"},
                      {"customer_id", who.id},
                      {"date", when.toString()},
                      {"kind", redeem ? "redeemed" : "earned"},
                      {"amount", redeem ? -rng.between(1, 5) * 100 : rng.between(1, 30) * 10},
                      {"demo", true}};
        if (redeem) entry["voucher"] = "保养代金券";
        else entry["expires"] = when.addMonths(24).toString();
        docs.push_back(std::move(entry));
    }
    return docs;
}

bool DemoGenerator::next(std::vector<Json>& out, size_t maxCustomers) {
    for (size_t k = 0; k < maxCustomers && m_next < m_options.customers; ++k, ++m_next) {
        for (Json& doc : customerDocs(m_next)) out.push_back(std::move(doc));
    }
    return m_next < m_options.customers;
}

} // namespace crm::core

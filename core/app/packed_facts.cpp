// Packing and unpacking a customer's classification facts: varints (signed ones zigzagged), optional values
// as 0 for none, odometer readings as steps from the previous one, amounts as whole numbers when they are.
#include "core/app/packed_facts.h"

#include "core/store/varint.h"

#include <cmath>
#include <cstring>

namespace crm::core {
namespace {

uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

void putText(std::string& out, std::string_view text) {
    putVarint(out, text.size());
    out.append(text);
}
void putOptional(std::string& out, const std::optional<int64_t>& v) { putVarint(out, v ? zigzag(*v) + 1 : 0); }
void putDate(std::string& out, const std::optional<CivilDate>& d) {
    putOptional(out, d ? std::optional<int64_t>(d->toDays()) : std::nullopt);
}
// Whole non-negative amounts (nearly all) as a varint of twice the value; others as a marker and their 8 bytes.
void putAmount(std::string& out, double v) {
    if (v >= 0 && v < 1e15 && std::floor(v) == v && !std::signbit(v)) {
        putVarint(out, static_cast<uint64_t>(v) << 1);
        return;
    }
    putVarint(out, 1);
    char bytes[sizeof v];
    std::memcpy(bytes, &v, sizeof v);
    out.append(bytes, sizeof v);
}

enum Flag : uint8_t {
    kHasLifecycle = 1,
    kImportant = 2,
    kHasBirthday = 4,
    kLunar = 8,
    kLeapMonth = 16,
};

// Reads what the put* functions wrote; the bytes come from packFacts in this process, so a short read only
// leaves defaults (never reads past the end).
struct Reader {
    ByteCursor in;
    uint64_t varint() {
        uint64_t v = 0;
        in.varint(v);
        return v;
    }
    int64_t signedVarint() { return unzigzag(varint()); }
    std::string text() {
        std::string_view bytes;
        in.bytes(varint(), bytes);
        return std::string(bytes);
    }
    std::optional<int64_t> optional() {
        const uint64_t v = varint();
        return v == 0 ? std::nullopt : std::optional<int64_t>(unzigzag(v - 1));
    }
    std::optional<CivilDate> date() {
        std::optional<int64_t> days = optional();
        return days ? std::optional<CivilDate>(CivilDate::fromDays(*days)) : std::nullopt;
    }
    double amount() {
        const uint64_t v = varint();
        if (v != 1) return static_cast<double>(v >> 1);
        std::string_view bytes;
        double d = 0;
        if (in.bytes(sizeof d, bytes)) std::memcpy(&d, bytes.data(), sizeof d);
        return d;
    }
};

}  // namespace

std::string packFacts(const CustomerFacts& f, const std::vector<std::string>& resolved, const DocumentStore& store) {
    std::string out;
    uint8_t flags = 0;
    if (f.lifecycle) flags |= kHasLifecycle;
    if (f.markedImportant) flags |= kImportant;
    if (f.birthday) flags |= kHasBirthday | (f.birthday->lunar ? kLunar : 0) | (f.birthday->leapMonth ? kLeapMonth : 0);
    out.push_back(static_cast<char>(flags));
    if (f.lifecycle) putVarint(out, static_cast<uint64_t>(*f.lifecycle));
    if (f.birthday) {
        putVarint(out, zigzag(f.birthday->month));
        putVarint(out, zigzag(f.birthday->day));
    }
    putText(out, f.name);
    for (const auto* d : {&f.lastFollowup, &f.nextFollowupDate, &f.lastSurvey, &f.lastComplaintClosed}) putDate(out, *d);
    putVarint(out, f.visits.size());
    for (const VisitFact& v : f.visits) {
        putVarint(out, zigzag(v.date.toDays()));
        putAmount(out, v.spend);
    }
    putVarint(out, f.vehicles.size());
    for (const VehicleFacts& v : f.vehicles) {
        const StoreIdRef ref = store.idRef(v.id);
        if (ref != kNoStoreId && store.idOf(ref) == v.id) {
            putVarint(out, uint64_t(ref) + 1);
        } else {
            putVarint(out, 0);  // an id the store does not know: as text
            putText(out, v.id);
        }
        for (const auto* d : {&v.purchaseDate, &v.inServiceDate, &v.insuranceEnd, &v.warranty.endDate, &v.lastServiceDate})
            putDate(out, *d);
        putOptional(out, v.warranty.kmLimit);
        putOptional(out, v.lastServiceKm);
        const std::vector<OdometerReading>& readings = v.odometer.readings();
        putVarint(out, readings.size());
        int64_t day = 0, km = 0;
        for (const OdometerReading& r : readings) {
            putVarint(out, zigzag(r.date.toDays() - day));
            putVarint(out, zigzag(r.km - km));
            day = r.date.toDays();
            km = r.km;
        }
    }
    putVarint(out, resolved.size());
    for (const std::string& key : resolved) putText(out, key);
    out.shrink_to_fit();  // kept for every customer: no room left over
    return out;
}

UnpackedFacts unpackFacts(std::string_view packed, std::string customerId, const DocumentStore& store) {
    UnpackedFacts result;
    CustomerFacts& f = result.facts;
    f.id = std::move(customerId);
    Reader in{ByteCursor(packed)};
    uint8_t flags = 0;
    in.in.byte(flags);
    if (flags & kHasLifecycle) f.lifecycle = static_cast<Lifecycle>(in.varint());
    f.markedImportant = flags & kImportant;
    if (flags & kHasBirthday) {
        Birthday b;
        b.lunar = flags & kLunar;
        b.leapMonth = flags & kLeapMonth;
        b.month = static_cast<int>(in.signedVarint());
        b.day = static_cast<int>(in.signedVarint());
        f.birthday = b;
    }
    f.name = in.text();
    for (auto* d : {&f.lastFollowup, &f.nextFollowupDate, &f.lastSurvey, &f.lastComplaintClosed}) *d = in.date();
    f.visits.resize(in.varint());
    for (VisitFact& v : f.visits) {
        v.date = CivilDate::fromDays(in.signedVarint());
        v.spend = in.amount();
    }
    f.vehicles.resize(in.varint());
    for (VehicleFacts& v : f.vehicles) {
        const uint64_t ref = in.varint();
        v.id = ref == 0 ? in.text() : std::string(store.idOf(static_cast<StoreIdRef>(ref - 1)));
        for (auto* d : {&v.purchaseDate, &v.inServiceDate, &v.insuranceEnd, &v.warranty.endDate, &v.lastServiceDate})
            *d = in.date();
        v.warranty.kmLimit = in.optional();
        v.lastServiceKm = in.optional();
        std::vector<OdometerReading> readings(in.varint());
        int64_t day = 0, km = 0;
        for (OdometerReading& r : readings) {
            day += in.signedVarint();
            km += in.signedVarint();
            r = {CivilDate::fromDays(day), km};
        }
        v.odometer = OdometerHistory(std::move(readings));
    }
    result.resolved.resize(in.varint());
    for (std::string& key : result.resolved) key = in.text();
    return result;
}

}  // namespace crm::core

// The shop's time zone: a fixed offset from UTC (China: UTC+8, no daylight saving), the `utc_offset_minutes`
// of the synced settings:working_time (working_time.h). Date-times are stored in UTC ("…Z") and shown and
// typed in the shop's zone; core never asks the platform for a zone, the offset is handed in (the session
// knows it: CrmSession::shopZone()).
#pragma once
#include <cstdint>

namespace crm::core {

struct ShopZone {
    int utcOffsetMinutes = 480;
    int64_t offsetMs() const { return int64_t(utcOffsetMinutes) * 60'000; }
    static ShopZone utc() { return ShopZone{0}; }
};

}  // namespace crm::core

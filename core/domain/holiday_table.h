// China's public holidays and make-up working days (调休) as published by the State Council's General
// Office, the default holiday table of working_time.h. Users edit the table in Settings (it syncs).
#pragma once

namespace crm::core {

struct HolidayDay {
    const char* date;  // "YYYY-MM-DD"
    const char* name;  // the holiday (shown in Settings)
};

// 2026: 国办发明电〔2025〕7号. 2027: the statutory days only (provisional until the State Council's notice
// for 2027 is entered in Settings: its bridging days and make-up Saturdays/Sundays are not guessed).
extern const HolidayDay kChinaHolidays[];
extern const int kChinaHolidayCount;
extern const HolidayDay kChinaMakeupWorkdays[];
extern const int kChinaMakeupWorkdayCount;

}  // namespace crm::core

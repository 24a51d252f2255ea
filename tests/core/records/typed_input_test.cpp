// Doctests for typed input: every field kind parsed from what people type, bad input with its error kind,
// and the form text of stored values.
#include "core/records/record_form.h"
#include "core/records/typed_input.h"

#include <doctest/doctest.h>

#include <cstdio>

using namespace crm::core;

namespace {
FieldSpec spec(FieldKind kind, bool many = false) {
    FieldSpec f;
    f.key = "x";
    f.label = "field.x";
    f.kind = kind;
    f.many = many;
    f.options = {"phone", "wechat"};
    return f;
}
const ShopZone kUtc = ShopZone::utc();
Json parsed(FieldKind kind, std::string_view text, ShopZone zone = ShopZone::utc()) {
    TypedValue v = parseInput(spec(kind), text, zone);
    REQUIRE_MESSAGE(v.ok(), text);
    return v.value;
}
InputError failure(FieldKind kind, std::string_view text) { return parseInput(spec(kind), text, kUtc).error; }
}  // namespace

TEST_CASE("dates in the ways people write them") {
    CHECK(parsed(FieldKind::Date, "2024-05-01") == "2024-05-01");
    CHECK(parsed(FieldKind::Date, "2024/5/1") == "2024-05-01");
    CHECK(parsed(FieldKind::Date, "2024年5月1日") == "2024-05-01");
    CHECK(parsed(FieldKind::Date, " 2024.12.31 ") == "2024-12-31");
    CHECK(parsed(FieldKind::Date, "2024-02-29") == "2024-02-29");
    CHECK(failure(FieldKind::Date, "2023-02-29") == InputError::Date);
    CHECK(failure(FieldKind::Date, "2024-13-01") == InputError::Date);
    CHECK(failure(FieldKind::Date, "2024年5月") == InputError::Date);
    CHECK(failure(FieldKind::Date, "yesterday") == InputError::Date);
    CHECK(failure(FieldKind::Date, "2024-05-01x") == InputError::Date);
    CHECK(std::string(inputErrorKey(InputError::Date)) == "input.error.date");
}

TEST_CASE("date-times") {
    CHECK(parsed(FieldKind::DateTime, "2024/5/1 14:30") == "2024-05-01T14:30:00Z");
    CHECK(parsed(FieldKind::DateTime, "2024-05-01") == "2024-05-01");
    CHECK(failure(FieldKind::DateTime, "2024-05-01 25:00") == InputError::DateTime);
    CHECK(failure(FieldKind::DateTime, "soon") == InputError::DateTime);
}

TEST_CASE("money with currency signs and thousands separators") {
    CHECK(parsed(FieldKind::Money, "¥128,800.50") == 128800.5);
    CHECK(parsed(FieldKind::Money, "￥1,280") == 1280.0);
    CHECK(parsed(FieldKind::Money, "99.999") == 100.0);
    CHECK(parsed(FieldKind::Money, "128800元") == 128800.0);
    CHECK(failure(FieldKind::Money, "-5") == InputError::Negative);
    CHECK(failure(FieldKind::Money, "12a") == InputError::Number);
    CHECK(failure(FieldKind::Money, "1e5") == InputError::Number);
    CHECK(failure(FieldKind::Money, "¥") == InputError::Number);
}

TEST_CASE("km and integers") {
    CHECK(parsed(FieldKind::Km, "12,345") == 12345);
    CHECK(parsed(FieldKind::Km, "12345 km") == 12345);
    CHECK(parsed(FieldKind::Km, "8000公里") == 8000);
    CHECK(failure(FieldKind::Km, "-1") == InputError::Negative);
    CHECK(failure(FieldKind::Km, "12.5") == InputError::WholeNumber);
    CHECK(failure(FieldKind::Km, "lots") == InputError::Number);
    CHECK(parsed(FieldKind::Integer, "-300") == -300);
    CHECK(failure(FieldKind::Integer, "3.5") == InputError::WholeNumber);
}

TEST_CASE("phones with separators; the typed form is kept") {
    CHECK(parsePhoneText("+86 138-0013-8000") == std::optional<std::string>("13800138000"));
    CHECK(parsePhoneText("138.0013.8000") == std::optional<std::string>("13800138000"));
    CHECK(parsePhoneText("010-6512 3456") == std::optional<std::string>("01065123456"));
    CHECK(parsed(FieldKind::Phone, "138 0013 8000") == "138 0013 8000");
    CHECK(failure(FieldKind::Phone, "1380013800") == InputError::Phone);   // 10 digits
    CHECK(failure(FieldKind::Phone, "23800138000") == InputError::Phone);  // mobiles start with 1
    CHECK(failure(FieldKind::Phone, "138x0013800") == InputError::Phone);
    Json many = parseInput(spec(FieldKind::Phone, true), "13800138000、139 1234 5678", kUtc).value;
    CHECK(many == Json::array({"13800138000", "139 1234 5678"}));
    CHECK(parseInput(spec(FieldKind::Phone, true), "13800138000, 12", kUtc).error == InputError::Phone);
    CHECK(inputText(spec(FieldKind::Phone, true), many, kUtc) == "13800138000, 139 1234 5678");
}

TEST_CASE("email, enum, bool, VIN and plate") {
    CHECK(parsed(FieldKind::Email, "li@example.com") == "li@example.com");
    CHECK(failure(FieldKind::Email, "li@example") == InputError::Email);
    CHECK(failure(FieldKind::Email, "li example.com") == InputError::Email);
    CHECK(parsed(FieldKind::Enum, "wechat") == "wechat");
    CHECK(failure(FieldKind::Enum, "pigeon") == InputError::Option);
    CHECK(parsed(FieldKind::Bool, "true") == true);
    CHECK(failure(FieldKind::Bool, "maybe") == InputError::Option);
    CHECK(parsed(FieldKind::Vin, " lsvam4187c2184187 ") == "LSVAM4187C2184187");
    CHECK(parsed(FieldKind::Plate, "粤b 12345") == "粤B12345");
}

TEST_CASE("birthdays, solar and lunar with a leap month") {
    CHECK(parsed(FieldKind::Birthday, "1990/5/1") == Json{{"calendar", "solar"}, {"year", 1990}, {"month", 5}, {"day", 1}});
    Json lunar = parsed(FieldKind::Birthday, "农历 2020-闰04-15");
    CHECK(lunar["calendar"] == "lunar");
    CHECK(lunar["leap"] == true);
    CHECK(inputText(spec(FieldKind::Birthday), lunar, kUtc) == "农历 2020-闰04-15");
    CHECK(failure(FieldKind::Birthday, "农历 2021-闰04-15") == InputError::LunarDate);  // 2021 has no leap 4th month
    CHECK(failure(FieldKind::Birthday, "1850-01-01") == InputError::Birthday);
    CHECK(failure(FieldKind::Birthday, "2024-02-30") == InputError::Birthday);
}

TEST_CASE("blank input clears a field; stored values come back as the same text") {
    CHECK(parseInput(spec(FieldKind::Money), "   ", kUtc).value.is_null());
    CHECK(parseInput(spec(FieldKind::Money), "   ", kUtc).ok());
    CHECK(inputText(spec(FieldKind::Money), Json(128800.5), kUtc) == "128800.50");
    CHECK(inputText(spec(FieldKind::Money), Json(480), kUtc) == "480");
    CHECK(inputText(spec(FieldKind::Km), Json(12345), kUtc) == "12345");
    CHECK(inputText(spec(FieldKind::DateTime), Json("2024-05-01T14:30:00Z"), kUtc) == "2024-05-01 14:30");
    CHECK(parsed(FieldKind::DateTime, inputText(spec(FieldKind::DateTime), Json("2024-05-01T14:30:00Z"), kUtc)) ==
          "2024-05-01T14:30:00Z");
}

TEST_CASE("date-times are shown and typed in the shop's time zone and stored in UTC, across midnight") {
    const ShopZone shop{480};  // UTC+8
    const FieldSpec dt = spec(FieldKind::DateTime);
    // 00:30 on 10 March in the shop is 16:30 on 9 March in UTC.
    CHECK(parsed(FieldKind::DateTime, "2026-03-10 00:30", shop) == "2026-03-09T16:30:00Z");
    CHECK(inputText(dt, Json("2026-03-09T16:30:00Z"), shop) == "2026-03-10 00:30");
    // 23:50 on 31 December in UTC is already 07:50 on New Year's Day in the shop; and back.
    CHECK(inputText(dt, Json("2025-12-31T23:50:00Z"), shop) == "2026-01-01 07:50");
    CHECK(parsed(FieldKind::DateTime, "2026-01-01 07:50", shop) == "2025-12-31T23:50:00Z");
    // 23:59 shop time stays on its day in the shop (15:59 UTC the same day).
    CHECK(parsed(FieldKind::DateTime, "2026-03-09 23:59", shop) == "2026-03-09T15:59:00Z");
    // Round trips in both directions, every hour of a day and across a month's end.
    for (int h = 0; h < 24; ++h) {
        char text[32];
        std::snprintf(text, sizeof text, "2026-02-28 %02d:%02d", h, (h * 7) % 60);
        Json stored = parsed(FieldKind::DateTime, text, shop);
        CHECK(inputText(dt, stored, shop) == text);
        CHECK(parsed(FieldKind::DateTime, inputText(dt, stored, shop), shop) == stored);
    }
    // A trailing Z means UTC whatever the zone; a plain date stays a date; other zones work alike.
    CHECK(parsed(FieldKind::DateTime, "2026-03-10 00:30Z", shop) == "2026-03-10T00:30:00Z");
    CHECK(parsed(FieldKind::DateTime, "2026-03-10", shop) == "2026-03-10");
    CHECK(inputText(dt, Json("2026-03-10"), shop) == "2026-03-10");
    CHECK(parsed(FieldKind::DateTime, "2026-03-10 00:30", ShopZone{-300}) == "2026-03-10T05:30:00Z");
    // A form edits in the shop's zone and keeps untouched values exactly as stored.
    RecordForm form;
    Json doc{{"type", "complaint"}, {"received_at", "2026-03-09T16:30:00Z"}, {"told_at", "2026-03-09T01:02:03Z"}};
    form.load(*findRecordType("complaint"), doc, shop);
    CHECK(form.text("received_at") == "2026-03-10 00:30");
    CHECK(form.text("told_at") == "2026-03-09 09:02");
    form.text("received_at") = "2026-03-10 00:05";
    FormResult result = form.build();
    REQUIRE(result.ok());
    CHECK(result.doc["received_at"] == "2026-03-09T16:05:00Z");
    CHECK(result.doc["told_at"] == "2026-03-09T01:02:03Z");  // seconds kept: not typed into
}

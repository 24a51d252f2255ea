// Doctests for record validation: kinds of stored values, required fields, the types' rules, warnings,
// unknown types and deletions untouched; and the form (RecordForm) keeping untouched values as stored.
#include "core/records/record_form.h"
#include "core/records/record_validation.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace crm::core;

namespace {
bool has(const FieldIssues& issues, const std::string& field, const std::string& code) {
    return std::any_of(issues.begin(), issues.end(),
                       [&](const FieldIssue& i) { return i.field == field && i.code == code; });
}
}  // namespace

TEST_CASE("every type is described, with unique field keys and enum options") {
    CHECK(recordTypes().size() >= 17);
    for (const char* type : {"customer", "vehicle", "service_record", "purchase", "followup", "complaint", "survey",
                             "survey_template", "evaluation", "evaluation_template", "points", "voucher",
                             "warranty_claim", "task", "campaign", "view", "settings"}) {
        const RecordType* t = findRecordType(type);
        REQUIRE_MESSAGE(t, type);
        for (const FieldSpec& f : t->fields) {
            CHECK(t->field(f.key) == &f);
            if (f.kind == FieldKind::Enum) CHECK_MESSAGE(!f.options.empty(), f.key);
        }
        for (const char* column : t->listColumns) CHECK_MESSAGE(t->field(column), type << "." << column);
        for (const char* column : t->timelineFields) CHECK_MESSAGE(t->field(column), type << "." << column);
    }
    CHECK(findRecordType("spaceship") == nullptr);
}

TEST_CASE("unknown types and deletions are never rejected") {
    CHECK(validateRecord(Json{{"type", "spaceship"}, {"date", "whenever"}}).empty());
    CHECK(validateRecord(Json{{"no_type", 1}}).empty());
    CHECK(validateRecord(Json{{"type", "vehicle"}, {"_deleted", true}}).empty());
}

TEST_CASE("vehicles: identity, VIN and plate checks, kinds") {
    FieldIssues none = validateRecord(Json{{"type", "vehicle"}});
    CHECK(has(none, "", "file.error.vehicle_identity"));
    FieldIssues bad = validateRecord(Json{{"type", "vehicle"}, {"vin", "LSVAM418"}, {"plate", "粤B12345"}});
    CHECK(has(bad, "vin", "check.vin.length"));
    CHECK(hasErrors(bad));
    FieldIssues kinds = validateRecord(Json{{"type", "vehicle"},
                                            {"plate", "粤B12345"},
                                            {"warranty_km", -5},
                                            {"purchase_date", "2024-02-30"},
                                            {"usage", "rocket"},
                                            {"commercial", "yes"}});
    CHECK(has(kinds, "warranty_km", "input.error.negative"));
    CHECK(has(kinds, "purchase_date", "input.error.date"));
    CHECK(has(kinds, "usage", "input.error.option"));
    CHECK(has(kinds, "commercial", "input.error.option"));
    CHECK_FALSE(hasErrors(validateRecord(Json{{"type", "vehicle"}, {"plate", "粤B12345"}, {"vin", "LSVAM4187C2184187"}})));
}

TEST_CASE("customers, repair orders, follow-ups") {
    CHECK(has(validateRecord(Json{{"type", "customer"}, {"name", "  "}}), "name", "error.name_required"));
    CHECK(has(validateRecord(Json{{"type", "customer"}, {"name", "李"}, {"phones", {"12345"}}}), "phones",
              "error.phone_invalid"));
    CHECK(has(validateRecord(Json{{"type", "customer"}, {"name", "李"}, {"phones", "13800138000"}}), "phones",
              "input.error.list"));
    CHECK(has(validateRecord(Json{{"type", "customer"},
                                  {"name", "李"},
                                  {"birthday", {{"calendar", "solar"}, {"year", 1990}, {"month", 2}, {"day", 30}}}}),
              "birthday", "error.birthday_invalid"));
    CHECK(validateRecord(Json{{"type", "customer"}, {"name", "李"}, {"phones", {"+86 138 0013 8000"}},
                              {"birthday", {{"calendar", "lunar"}, {"year", 1990}, {"month", 8}, {"day", 15}}}})
              .empty());
    FieldIssues order = validateRecord(
        Json{{"type", "service_record"}, {"date_in", "2024-05-02"}, {"date_out", "2024-05-01"}, {"odometer_in", 500},
             {"odometer_out", 400}});
    CHECK(has(order, "odometer_out", "file.error.odometer_order"));
    CHECK(has(order, "date_out", "record.error.date_order"));
    CHECK(has(validateRecord(Json{{"type", "service_record"}}), "date_in", "record.error.required"));
    CHECK(has(validateRecord(Json{{"type", "purchase"}, {"date", "2024-05-01"}}), "item", "record.error.required"));
    CHECK(has(validateRecord(Json{{"type", "followup"}, {"next_date", "2024-05-32"}}), "next_date", "input.error.date"));
}

TEST_CASE("the form re-parses only what was typed; untouched values stay exactly as stored") {
    const Json stored{{"_id", "vehicle:1"}, {"_rev", "1-a"}, {"type", "vehicle"}, {"plate", "粤B12345"},
                      {"warranty_km", 100000.0}, {"in_service_date", "2024-05-01T00:00:00Z"}};
    RecordForm form;
    form.load(*findRecordType("vehicle"), stored, ShopZone{});
    CHECK(form.text("warranty_km") == "100000");
    CHECK_FALSE(form.changed());
    CHECK(form.build().doc == stored);
    form.text("plate") = "粤b 54321";
    form.text("purchase_date") = "2024年5月1日";
    form.text("warranty_km") = "12,3x";
    FormResult r = form.build();
    CHECK(r.doc["plate"] == "粤B54321");
    CHECK(r.doc["purchase_date"] == "2024-05-01");
    CHECK(r.doc["in_service_date"] == "2024-05-01T00:00:00Z");
    CHECK(has(r.issues, "warranty_km", "input.error.number"));
    form.text("warranty_km") = "";
    CHECK_FALSE(form.build().doc.contains("warranty_km"));
}

// Doctests for the customer file's records: follow-up, purchase and repair-order drafts from typed fields, attachments
// added and removed (on the customer, recorded in its history), sorting the list by a computed class column,
// the region filter's choices, and deleting a customer.
#include "core/app/customer_records.h"
#include "core/app/classification_service.h"
#include "core/app/customer_file.h"
#include "core/app/customer_filter.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
constexpr int64_t kNow = 1795516140000;  // 2026-11-24 in China

struct Fixture {
    FixedClock clock{kNow};
    CrmSession session{clock, 11};
    ClassificationService classes{session.store()};
    CustomerFiles files{session, classes.byCustomer()};
    CivilDate today = chinaToday(kNow);

    std::string customer(const std::string& name, Json extra = Json::object()) {
        Json doc{{"type", "customer"}, {"name", name}};
        doc.update(extra);
        WriteResult r = session.putDocument(doc);
        REQUIRE(r.ok());
        return r.id;
    }
    void spend(const std::string& customerId, int visits, double amount) {
        for (int i = 0; i < visits; ++i) {
            Json sr{{"type", "service_record"},
                    {"date_in", today.addDays(-10 * (i + 1)).toString()},
                    {"parts_amount", amount},
                    {"pay_type", "customer"}};
            REQUIRE(files.saveRelated(sr, customerId, "tester").ok());
        }
    }
};

bool hasProblem(const RecordDraft& d, const std::string& field, const std::string& problem) {
    for (const FieldProblem& p : d.problems) {
        if (p.field == field && p.problem == problem) return true;
    }
    return false;
}
}  // namespace

TEST_CASE("followupDraft: content required, next date checked, resolves kept") {
    const CivilDate today{2026, 11, 24};
    FollowupInput in;
    in.content = "   ";
    RecordDraft d = followupDraft(in, today, "李顾问");
    CHECK_FALSE(d.ok());
    CHECK(hasProblem(d, "", "file.error.content_required"));

    in.content = "  已约周六保养 ";
    in.channel = "wechat";
    in.outcome = "booked";
    in.nextDate = "2026-12-01";
    in.resolves = "revisit||2026-11-24";
    d = followupDraft(in, today, "李顾问");
    REQUIRE(d.ok());
    CHECK(d.doc["type"] == "followup");
    CHECK(d.doc["date"] == "2026-11-24");
    CHECK(d.doc["content"] == "已约周六保养");
    CHECK(d.doc["channel"] == "wechat");
    CHECK(d.doc["outcome"] == "booked");
    CHECK(d.doc["next_date"] == "2026-12-01");
    CHECK(d.doc["resolves"] == "revisit||2026-11-24");
    CHECK(d.doc["by"] == "李顾问");

    in.nextDate = "2026-11-24";  // today is allowed
    CHECK(followupDraft(in, today, "").ok());
    in.nextDate = "2026-11-23";
    CHECK(hasProblem(followupDraft(in, today, ""), "field.next_date", "file.error.past_date"));
    in.nextDate = "2026-02-30";
    CHECK(hasProblem(followupDraft(in, today, ""), "field.next_date", "file.error.date"));
    in.nextDate = "";
    in.resolves = "";
    d = followupDraft(in, today, "");
    CHECK_FALSE(d.doc.contains("next_date"));
    CHECK_FALSE(d.doc.contains("resolves"));
}

TEST_CASE("purchaseDraft: item and amount required, amount parsed, date defaults to today") {
    const CivilDate today{2026, 11, 24};
    RecordDraft d = purchaseDraft(PurchaseInput{}, today);
    CHECK(hasProblem(d, "field.purchase_item", "file.error.required"));
    CHECK(hasProblem(d, "field.purchase_amount", "file.error.required"));

    PurchaseInput in{"", " 大众 朗逸 ", "vehicle:1", "¥128,800.50", "王销售"};
    d = purchaseDraft(in, today);
    REQUIRE(d.ok());
    CHECK(d.doc["type"] == "purchase");
    CHECK(d.doc["date"] == "2026-11-24");
    CHECK(d.doc["item"] == "大众 朗逸");
    CHECK(d.doc["vehicle_id"] == "vehicle:1");
    CHECK(d.doc["amount"].get<double>() == doctest::Approx(128800.5));
    CHECK(d.doc["salesperson"] == "王销售");

    in.date = "2025-06-01";
    in.vehicleId = "";
    in.salesperson = "";
    in.amount = "0";
    d = purchaseDraft(in, today);
    REQUIRE(d.ok());
    CHECK(d.doc["date"] == "2025-06-01");
    CHECK(d.doc["amount"].get<double>() == 0.0);
    CHECK_FALSE(d.doc.contains("vehicle_id"));
    CHECK_FALSE(d.doc.contains("salesperson"));

    for (const char* bad : {"-5", "12a", "abc", "1e999"}) {
        in.amount = bad;
        CHECK_MESSAGE(hasProblem(purchaseDraft(in, today), "field.purchase_amount", "file.error.number"), bad);
    }
    in.amount = "100";
    in.date = "2025-13-01";
    CHECK(hasProblem(purchaseDraft(in, today), "field.purchase_on", "file.error.date"));
}

TEST_CASE("serviceRecordDraft: date in required, numbers and dates checked, odometer in order") {
    ServiceInput input{"vehicle:1", "warranty", true, {}};
    RecordDraft empty = serviceRecordDraft(input);
    REQUIRE(empty.problems.size() == 1);
    CHECK(empty.problems[0].problem == "file.error.date_in_required");

    input.fields = {{"date_in", " 2026-11-20 "}, {"date_out", ""},        {"odometer_in", "12,000"},
                    {"odometer_out", "12010"},   {"parts_amount", "¥1,280.50"}, {"labour_amount", "300"},
                    {"advisor", " 李顾问 "},     {"items", "首保"}};
    RecordDraft ok = serviceRecordDraft(input);
    REQUIRE(ok.ok());
    CHECK(ok.doc["type"] == "service_record");
    CHECK(ok.doc["vehicle_id"] == "vehicle:1");
    CHECK(ok.doc["pay_type"] == "warranty");
    CHECK(ok.doc["comeback"] == true);
    CHECK(ok.doc["date_in"] == "2026-11-20");
    CHECK_FALSE(ok.doc.contains("date_out"));
    CHECK(ok.doc["odometer_in"].get<long long>() == 12000);
    CHECK(ok.doc["parts_amount"].get<double>() == doctest::Approx(1280.5));
    CHECK(ok.doc["advisor"] == "李顾问");

    input.fields["odometer_out"] = "11000";
    input.fields["date_out"] = "2026-02-30";
    input.fields["labour_amount"] = "abc";
    RecordDraft bad = serviceRecordDraft(input);
    std::vector<std::string> found;
    for (const FieldProblem& p : bad.problems) found.push_back(p.field + "|" + p.problem);
    std::sort(found.begin(), found.end());
    CHECK(found == std::vector<std::string>{"field.date_out|file.error.date", "field.labour_amount|file.error.number",
                                            "|file.error.odometer_order"});
    input.fields["date_out"] = "";
    input.fields["labour_amount"] = "";
    RecordDraft order = serviceRecordDraft(input);
    REQUIRE(order.problems.size() == 1);
    CHECK(order.problems[0].problem == "file.error.odometer_order");
}

TEST_CASE("purchases are related documents: in the file and the timeline") {
    Fixture f;
    std::string c = f.customer("周杰");
    RecordDraft d = purchaseDraft(PurchaseInput{"2026-10-01", "丰田 卡罗拉", "", "119800", "王销售"}, f.today);
    REQUIRE(d.ok());
    REQUIRE(f.files.saveRelated(d.doc, c, "王销售").ok());
    std::vector<Json> purchases = f.files.related(c, "purchase");
    REQUIRE(purchases.size() == 1);
    CHECK(purchases[0]["created_by"] == "王销售");
    std::vector<TimelineEntry> timeline = f.files.timeline(c);
    REQUIRE(timeline.size() == 2);
    CHECK(timeline[0].type == "customer_created");  // today; the purchase is dated October
    CHECK(timeline[1].type == "purchase");
    CHECK(timeline[1].at == "2026-10-01");
    CHECK(timeline[1].detail == "丰田 卡罗拉 · ¥119800.00 · 王销售");
}

TEST_CASE("attachment names: a taken name gets a number before the extension") {
    Json doc{{"_attachments",
              {{"合同.pdf", {{"stub", true}}}, {"合同 (2).pdf", {{"stub", true}}}, {"README", {{"stub", true}}}}}};
    CHECK(freeAttachmentName(doc, "照片.jpg") == "照片.jpg");
    CHECK(freeAttachmentName(doc, "合同.pdf") == "合同 (3).pdf");
    CHECK(freeAttachmentName(doc, "README") == "README (2)");
    CHECK(freeAttachmentName(Json::object(), ".env") == ".env");
    Json with = withAttachment(Json::object(), "a.txt", "", "hi");
    CHECK(with["_attachments"]["a.txt"]["content_type"] == "application/octet-stream");
    CHECK(with["_attachments"]["a.txt"]["data"] == "aGk=");
    CHECK_FALSE(withoutAttachment(with, "a.txt").contains("_attachments"));
    CHECK(withoutAttachment(with, "other").contains("_attachments"));
}

TEST_CASE("attach and detach: stored by the store, recorded in the customer's history") {
    Fixture f;
    std::string c = f.customer("吴静");
    WriteResult r = f.files.attach(c, "行驶证.jpg", "image/jpeg", std::string("\xff\xd8\xff\xe0", 4), "李顾问");
    REQUIRE(r.ok());
    Json doc = *f.session.store().get(c);
    REQUIRE(doc["_attachments"].contains("行驶证.jpg"));
    const Json& stub = doc["_attachments"]["行驶证.jpg"];
    CHECK(stub["stub"] == true);
    CHECK(stub["length"] == 4);
    CHECK(stub["content_type"] == "image/jpeg");
    CHECK(f.session.store().attachmentData(stub["digest"].get<std::string>()) == std::string("\xff\xd8\xff\xe0", 4));
    REQUIRE(doc["history"].size() == 1);
    CHECK(doc["history"][0]["fields"] == Json::array({"attachments"}));
    CHECK(doc["history"][0]["by"] == "李顾问");

    // The same name again: kept side by side; then one removed.
    REQUIRE(f.files.attach(c, "行驶证.jpg", "image/jpeg", "x", "李顾问").ok());
    doc = *f.session.store().get(c);
    CHECK(doc["_attachments"].size() == 2);
    CHECK(doc["_attachments"].contains("行驶证 (2).jpg"));
    REQUIRE(f.files.detach(c, "行驶证.jpg", "李顾问").ok());
    doc = *f.session.store().get(c);
    CHECK(doc["_attachments"].size() == 1);
    CHECK(doc["history"].size() == 3);
    REQUIRE(f.files.detach(c, "行驶证 (2).jpg", "李顾问").ok());
    CHECK_FALSE(f.session.store().get(c)->contains("_attachments"));

    CHECK_FALSE(f.files.attach(c, "big.bin", "", std::string(CustomerFiles::kAttachmentLimit + 1, 'x'), "").ok());
    CHECK(f.files.attach("customer:missing", "a", "", "a", "").error->error == "not_found");
}

TEST_CASE("the list sorts by a computed column: best class first, names in order within a class") {
    Fixture f;
    std::string a1 = f.customer("乙");
    std::string a2 = f.customer("甲");
    std::string b = f.customer("丙");
    std::string c = f.customer("丁");
    f.spend(a1, 6, 10);  // A by visits
    f.spend(a2, 6, 10);  // A by visits
    f.spend(b, 3, 10);   // B by visits
    f.classes.refresh(f.today);
    REQUIRE(f.classes.classOf(c)->valueClass == ValueClass::C);
    FilteredCustomers filtered;
    CustomerFilter filter;
    auto names = [&](CustomerColumn column, bool ascending) {
        std::vector<std::string> out;
        for (const CustomerRow* row : filtered.view(f.session.customers(), f.classes, filter, column, ascending))
            out.push_back(row->name);
        return out;
    };
    // Within class A the names keep the name order (乙 U+4E59 < 甲 U+7532).
    CHECK(names(CustomerColumn::ValueClass, true) == std::vector<std::string>{"乙", "甲", "丙", "丁"});
    CHECK(names(CustomerColumn::ValueClass, false) == std::vector<std::string>{"丁", "丙", "乙", "甲"});
    // Lifecycle: customers with visits are "closed", the one without is "potential" (first ascending).
    CHECK(names(CustomerColumn::Lifecycle, true).front() == "丁");
    filter.valueClass = "A";
    CHECK(names(CustomerColumn::ValueClass, true) == std::vector<std::string>{"乙", "甲"});

    SavedView view;
    view.sortColumn = CustomerColumn::Loyalty;
    CHECK(SavedView::fromDoc(view.toDoc()).sortColumn == CustomerColumn::Loyalty);
}

TEST_CASE("the region filter offers each region once, with its count") {
    Fixture f;
    f.customer("甲", Json{{"region", "广州"}});
    f.customer("乙", Json{{"region", "深圳"}});
    f.customer("丙", Json{{"region", "广州"}});
    f.customer("丁");
    std::vector<std::pair<std::string, size_t>> regions = regionCounts(f.session.customers());
    REQUIRE(regions.size() == 2);
    CHECK(regions[0] == std::pair<std::string, size_t>{"广州", 2});
    CHECK(regions[1] == std::pair<std::string, size_t>{"深圳", 1});
}

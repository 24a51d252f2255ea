// Doctests for the customer file's records: follow-up (from the generic form), purchase and repair-order drafts from typed fields, attachments
// added and removed (on the customer, recorded in its history), sorting the list by a computed class column,
// the region filter's choices, and deleting a customer.
#include "core/app/customer_records.h"
#include "core/app/classification_service.h"
#include "core/app/customer_file.h"
#include "core/app/customer_filter.h"
#include "core/app/followup_draft.h"

#include "core/records/record_form.h"
#include "core/records/record_validation.h"

#include <doctest/doctest.h>

#include <map>

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

}  // namespace

// Purchases and repair orders are typed into forms drawn from their descriptions (core/records): the form
// parses what was typed, CrmSession's validation checks the result.
namespace {
FieldIssues typedAndChecked(const char* type, const Json& start, std::map<std::string, std::string> typed, Json* out) {
    RecordForm form;
    form.load(*findRecordType(type), start, ShopZone{});
    for (auto& [key, text] : typed) form.text(key) = text;
    FormResult r = form.build();
    FieldIssues issues = r.issues;
    for (const FieldIssue& i : validateRecord(r.doc)) issues.push_back(i);
    if (out) *out = r.doc;
    return issues;
}
bool hasIssue(const FieldIssues& issues, const std::string& field, const std::string& code) {
    for (const FieldIssue& i : issues) {
        if (i.field == field && i.code == code) return true;
    }
    return false;
}
}  // namespace

TEST_CASE("a follow-up from its form: channel and content required, next date not before it, resolves kept") {
    Fixture f;
    std::string id = f.customer("李跟进");
    const RecordType& type = *findRecordType("followup");
    RecordForm form;
    form.load(type, Json{{"type", "followup"}, {"channel", "phone"}, {"outcome", "reached"}}, ShopZone{});
    form.text("content") = "   ";
    FieldIssues issues;
    CHECK_FALSE(f.files.saveRelated(followupRecord(form.build().doc, f.today, "李顾问", ""), id, "李顾问", &issues).ok());
    CHECK(hasIssue(issues, "content", "record.error.required"));

    form.text("content") = "  已约周六保养 ";
    form.text("channel") = "wechat";
    form.text("outcome") = "booked";
    form.text("next_date") = "2026/12/1";
    FormResult typed = form.build();
    REQUIRE(typed.ok());
    Json doc = followupRecord(typed.doc, f.today, "李顾问", "revisit||2026-11-24");
    CHECK(doc["type"] == "followup");
    CHECK(doc["date"] == "2026-11-24");
    CHECK(doc["content"] == "已约周六保养");
    CHECK(doc["channel"] == "wechat");
    CHECK(doc["outcome"] == "booked");
    CHECK(doc["next_date"] == "2026-12-01");
    CHECK(doc["resolves"] == "revisit||2026-11-24");
    CHECK(doc["by"] == "李顾问");
    CHECK(validateRecord(doc).empty());

    doc["next_date"] = "2026-11-24";  // today is allowed
    CHECK(validateRecord(doc).empty());
    doc["next_date"] = "2026-11-23";
    CHECK(hasIssue(validateRecord(doc), "next_date", "file.error.past_date"));
    issues.clear();
    CHECK_FALSE(f.files.saveRelated(doc, id, "李顾问", &issues).ok());  // the same rule refuses the save
    CHECK(hasIssue(issues, "next_date", "file.error.past_date"));
    form.text("next_date") = "2026-02-30";
    CHECK(hasIssue(form.build().issues, "next_date", "input.error.date"));
    doc.erase("channel");
    CHECK(hasIssue(validateRecord(doc), "channel", "record.error.required"));
    CHECK_FALSE(followupRecord(typed.doc, f.today, "", "").contains("resolves"));
}

TEST_CASE("purchase form: item and amount required, amount parsed, the date prefilled") {
    const Json start{{"date", "2026-11-24"}};
    FieldIssues none = typedAndChecked("purchase", start, {}, nullptr);
    CHECK(hasIssue(none, "item", "record.error.required"));
    CHECK(hasIssue(none, "amount", "record.error.required"));
    Json doc;
    REQUIRE(typedAndChecked("purchase", start, {{"item", " 大众 朗逸 "}, {"amount", "¥128,800.50"}, {"salesperson", "王销售"}},
                            &doc)
                .empty());
    CHECK(doc["type"] == "purchase");
    CHECK(doc["date"] == "2026-11-24");
    CHECK(doc["item"] == "大众 朗逸");
    CHECK(doc["amount"].get<double>() == doctest::Approx(128800.5));
    for (const char* bad : {"12a", "abc", "1e999"})
        CHECK_MESSAGE(hasIssue(typedAndChecked("purchase", start, {{"item", "x"}, {"amount", bad}}, nullptr), "amount",
                               "input.error.number"),
                      bad);
    CHECK(hasIssue(typedAndChecked("purchase", start, {{"item", "x"}, {"amount", "-5"}}, nullptr), "amount",
                   "input.error.negative"));
    CHECK(hasIssue(typedAndChecked("purchase", start, {{"item", "x"}, {"amount", "1"}, {"date", "2025-13-01"}}, nullptr),
                   "date", "input.error.date"));
}

TEST_CASE("repair order form: date in required, numbers and dates checked, odometer in order") {
    const Json start{{"vehicle_id", "vehicle:1"}, {"pay_type", "warranty"}};
    CHECK(hasIssue(typedAndChecked("service_record", start, {}, nullptr), "date_in", "record.error.required"));
    Json doc;
    REQUIRE(typedAndChecked("service_record", start,
                            {{"date_in", " 2026/11/20 "}, {"odometer_in", "12,000"}, {"odometer_out", "12010"},
                             {"parts_amount", "¥1,280.50"}, {"labour_amount", "300"}, {"advisor", " 李顾问 "},
                             {"comeback", "true"}},
                            &doc)
                .empty());
    CHECK(doc["vehicle_id"] == "vehicle:1");
    CHECK(doc["pay_type"] == "warranty");
    CHECK(doc["comeback"] == true);
    CHECK(doc["date_in"] == "2026-11-20");
    CHECK(doc["odometer_in"].get<long long>() == 12000);
    CHECK(doc["parts_amount"].get<double>() == doctest::Approx(1280.5));
    CHECK(doc["advisor"] == "李顾问");
    FieldIssues bad = typedAndChecked("service_record", start,
                                      {{"date_in", "2026-11-20"}, {"odometer_in", "12000"}, {"odometer_out", "11000"},
                                       {"date_out", "2026-02-30"}, {"labour_amount", "abc"}},
                                      nullptr);
    CHECK(hasIssue(bad, "date_out", "input.error.date"));
    CHECK(hasIssue(bad, "labour_amount", "input.error.number"));
    CHECK(hasIssue(bad, "odometer_out", "file.error.odometer_order"));
}

TEST_CASE("purchases are related documents: in the file and the timeline") {
    Fixture f;
    std::string c = f.customer("周杰");
    Json d;
    REQUIRE(typedAndChecked("purchase", Json::object(),
                            {{"date", "2026-10-01"}, {"item", "丰田 卡罗拉"}, {"amount", "119800"}, {"salesperson", "王销售"}},
                            &d)
                .empty());
    REQUIRE(f.files.saveRelated(d, c, "王销售").ok());
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

TEST_CASE("a follow-up draft keeps its issues when refused and is cleared once saved") {
    Fixture f;
    std::string id = f.customer("王草稿");
    FollowupDraft draft;
    CHECK(draft.form().text("channel") == "phone");
    CHECK_FALSE(draft.save(f.files, id, f.today, "李顾问"));
    CHECK(hasIssue(draft.issues(), "content", "record.error.required"));
    CHECK_FALSE(draft.failure().has_value());  // refused by a field rule, not by the store
    draft.content() = "电话回访，周六到店保养";
    draft.form().text("channel") = "wechat";
    REQUIRE(draft.save(f.files, id, f.today, "李顾问", "revisit||2026-11-24"));
    CHECK(draft.issues().empty());
    CHECK(draft.content().empty());           // a fresh draft for the next follow-up
    CHECK(draft.form().text("channel") == "phone");
    size_t saved = 0;
    f.session.store().forEachDoc([&](const std::string&, const Json& doc) {
        saved += doc.value("customer_id", "") == id && doc.value("content", "") == "电话回访，周六到店保养" &&
                 doc.value("channel", "") == "wechat" && doc.value("resolves", "") == "revisit||2026-11-24";
        return true;
    }, "followup");
    CHECK(saved == 1);
}

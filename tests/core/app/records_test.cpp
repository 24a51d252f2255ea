// Doctests for records through the app: every description complete in zh-CN and English, validation
// identical through the screen path (RecordForm + CrmSession) and crm.put, before -> after history for
// edits, deletions and a merged conflict keeping both devices' histories, in words, and records.* calls.
#include "core/app/automation_api.h"
#include "core/app/crm_session.h"
#include "core/app/i18n.h"
#include "core/app/record_text.h"
#include "core/records/record_form.h"
#include "core/records/record_validation.h"
#include "core/sync/conflict_merge.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
constexpr int64_t kNow = 1795516140000;  // 2026-11-24T10:29:00Z

// The catalog has `key` with a text in both languages (tr() falls back to the key itself).
bool translated(const std::string& key) {
    if (!hasText(key)) return false;
    Language was = language();
    setLanguage(Language::Chinese);
    std::string zh = tr(key);
    setLanguage(Language::English);
    std::string en = tr(key);
    setLanguage(was);
    return !zh.empty() && !en.empty();
}

struct Session {
    FixedClock clock{kNow};
    CrmSession session{clock, 3};
    Session() {
        session.open(nullptr, nullptr);
        session.setUser("王顾问");
    }
    Json put(const Json& doc) { return callAutomation(session, "put", doc)["result"]; }
};
}  // namespace

TEST_CASE("every type's description is complete: labels in zh-CN and English, enum options translated") {
    for (const RecordType& t : recordTypes()) {
        CHECK_MESSAGE(translated(t.label), t.label);
        for (const FieldSpec& f : t.fields) {
            CHECK_MESSAGE(translated(f.label), t.type << "." << f.key << " " << f.label);
            for (const char* option : f.options)
                CHECK_MESSAGE(translated(f.optionLabelKey(option)), t.type << "." << f.key << " " << option);
        }
    }
    for (const char* key : {"input.error.date", "input.error.date_time", "input.error.number", "input.error.negative",
                            "input.error.whole_number", "input.error.email", "input.error.option", "input.error.text",
                            "input.error.list", "record.error.required", "record.error.date_order", "error.phone_invalid",
                            "error.birthday_invalid", "file.error.lunar_birthday", "file.error.vehicle_identity",
                            "check.vin.length", "check.vin.check_digit", "check.plate.length", "value.yes", "value.no"})
        CHECK_MESSAGE(translated(key), key);
}

TEST_CASE("an invalid vehicle is refused identically by the form path and by crm.put") {
    Session s;
    RecordForm form;
    form.load(*findRecordType("vehicle"), Json{{"type", "vehicle"}, {"customer_id", "customer:1"}}, ShopZone{});
    form.text("vin") = "lsvam418";
    form.text("plate") = "粤B12345";
    form.text("warranty_km") = "100,000";
    FormResult typed = form.build();
    REQUIRE(typed.ok());
    FieldIssues screenIssues;
    WriteResult screen = s.session.putDocument(typed.doc, &screenIssues);
    REQUIRE_FALSE(screen.ok());
    CHECK(screen.error->reason == "check.vin.length");
    Json api = s.put(typed.doc);
    CHECK(api["ok"] == false);
    CHECK(api["errors"] == issuesJson(typed.doc, screenIssues));
    CHECK(api["reason"] == issueText(findRecordType("vehicle"), screenIssues[0]));
    Json check = callAutomation(s.session, "records.validate", typed.doc)["result"];
    CHECK(check["ok"] == false);
    CHECK(check["errors"] == api["errors"]);
    CHECK(s.session.store().docCount() == 0);
    // Corrected, both accept it.
    form.text("vin") = "LSVAM4187C2184187";
    REQUIRE(form.build().ok());
    CHECK(callAutomation(s.session, "records.validate", form.build().doc)["result"]["ok"] == true);
    CHECK(s.session.putDocument(form.build().doc).ok());
}

TEST_CASE("typed input problems are named with the field's label in the UI language") {
    setLanguage(Language::Chinese);
    FieldIssue issue{"purchase_date", "input.error.date"};
    CHECK(issueText(findRecordType("vehicle"), issue) == std::string("购车日期: ") + tr("input.error.date"));
    setLanguage(Language::English);
    CHECK(issueText(findRecordType("vehicle"), issue).rfind("Purchase date: ", 0) == 0);
    setLanguage(Language::Chinese);
}

TEST_CASE("an edit records who, when and each field's before -> after, shown in words") {
    Session s;
    Json created = s.put(Json{{"type", "customer"}, {"name", "李雷"}, {"region", "北京"}});
    REQUIRE(created["ok"] == true);
    std::string id = created["id"].get<std::string>();
    CHECK_FALSE(s.session.store().get(id)->contains("history"));  // creation: created_at / created_by say it
    Json doc = *s.session.store().get(id);
    doc["region"] = "上海";
    doc["important"] = true;
    s.clock.advance(60000);
    REQUIRE(s.put(doc)["ok"] == true);
    Json history = callAutomation(s.session, "records.history", Json(id))["result"];
    REQUIRE(history.size() == 1);
    CHECK(history[0]["by"] == "王顾问");
    CHECK(history[0]["at"] == "2026-11-24T10:30:00Z");
    CHECK(history[0]["kind"] == "edit");
    REQUIRE(history[0]["changes"].size() == 2);
    CHECK(history[0]["changes"][1] ==
          Json{{"field", "region"}, {"before", "北京"}, {"after", "上海"}, {"text", "地区: 北京 → 上海"}});
    CHECK(history[0]["changes"][0]["text"] == "重要客户: — → 是");
    setLanguage(Language::English);
    CHECK(changeText(findRecordType("customer"), {"region", "北京", "上海"}) == "Region: 北京 → 上海");
    CHECK(changeText(findRecordType("followup"), {"channel", "phone", "wechat"}) == "Channel: Phone → WeChat");
    CHECK(changeText(findRecordType("purchase"), {"amount", 128800.5, 1000}) == "Amount (¥): ¥128,800.50 → ¥1,000.00");
    setLanguage(Language::Chinese);
    CHECK(changeText(findRecordType("followup"), {"outcome", "booked", Json()}) == "结果: 已预约 → —");
}

TEST_CASE("a deletion keeps the type and the history with every field's last value") {
    Session s;
    Json v = s.put(Json{{"type", "vehicle"}, {"plate", "粤B12345"}, {"customer_id", "customer:1"}});
    std::string id = v["id"].get<std::string>();
    std::string rev = v["rev"].get<std::string>();
    s.session.setUser("李经理");
    REQUIRE(s.session.removeDocument(id, rev).ok());
    CHECK_FALSE(s.session.store().get(id));
    Json history = callAutomation(s.session, "records.history", Json(id))["result"];
    REQUIRE(history.size() == 1);
    CHECK(history[0]["kind"] == "delete");
    CHECK(history[0]["by"] == "李经理");
    bool plate = false;
    for (const Json& c : history[0]["changes"]) {
        if (c["field"] == "plate") plate = c["before"] == "粤B12345" && c["after"].is_null();
    }
    CHECK(plate);
    // A stale revision is refused as before.
    CHECK(s.session.removeDocument(id, rev).error.has_value());
}

TEST_CASE("a merged conflict keeps both devices' histories and records the merge") {
    Session s;
    DocumentStore& store = s.session.store();
    auto entry = [](const char* at, const char* by, const char* field, Json before, Json after) {
        return historyEntryJson({at, by, "edit", {{field, std::move(before), std::move(after)}}});
    };
    Json base{{"_id", "customer:c"}, {"_rev", "1-a"}, {"type", "customer"}, {"name", "韩梅梅"}, {"region", "北京"}};
    Json mine = base, theirs = base;
    mine["_rev"] = "2-b";
    mine["_revisions"] = {{"start", 2}, {"ids", {"b", "a"}}};
    mine["region"] = "上海";
    mine["history"] = Json::array({entry("2026-11-20T08:00:00Z", "me", "region", "北京", "上海")});
    theirs["_rev"] = "2-c";
    theirs["_revisions"] = {{"start", 2}, {"ids", {"c", "a"}}};
    theirs["company"] = "星辰汽车";
    theirs["history"] = Json::array({entry("2026-11-21T08:00:00Z", "them", "company", Json(), "星辰汽车")});
    for (Json* d : {&base, &mine, &theirs}) REQUIRE(store.bulkDocs(std::vector<Json>{*d}, false)[0].ok());
    std::optional<ConflictView> view = buildConflictView(store, "customer:c");
    REQUIRE(view);
    for (const FieldChoice& c : view->fields) CHECK(c.field != "history");  // never a choice
    CHECK(view->merged["history"].size() == 2);
    Json merged = view->merged;
    merged["company"] = "星辰汽车";
    merged["region"] = "上海";
    REQUIRE(s.session.resolveConflict("customer:c", merged).ok());
    Json doc = *store.get("customer:c", GetOptions{.conflicts = true});
    CHECK_FALSE(doc.contains("_conflicts"));
    REQUIRE(doc["history"].size() == 3);
    CHECK(doc["history"][0]["by"] == "me");
    CHECK(doc["history"][1]["by"] == "them");
    CHECK(doc["history"][2]["kind"] == "merge");
    CHECK(doc["history"][2]["by"] == "王顾问");
}

TEST_CASE("a document of an unknown type is stored untouched: no validation, no history") {
    Session s;
    Json r = s.put(Json{{"_id", "future:1"}, {"type", "hologram"}, {"date", "not a date"}});
    REQUIRE(r["ok"] == true);
    Json doc = *s.session.store().get("future:1");
    doc["date"] = "still not";
    REQUIRE(s.put(doc)["ok"] == true);
    CHECK(s.session.store().get("future:1")->value("date", "") == "still not");
    CHECK_FALSE(s.session.store().get("future:1")->contains("history"));
}

TEST_CASE("crm.records.types lists the descriptions in the UI language") {
    Session s;
    setLanguage(Language::English);
    Json types = callAutomation(s.session, "records.types", Json())["result"];
    setLanguage(Language::Chinese);
    bool found = false;
    for (const Json& t : types) {
        if (t["type"] != "followup") continue;
        for (const Json& f : t["fields"]) {
            if (f["key"] != "channel") continue;
            found = true;
            CHECK(f["kind"] == "enum");
            CHECK(f["label"] == "Channel");
            CHECK(f["options"][1] == Json{{"value", "wechat"}, {"label", "WeChat"}});
        }
    }
    CHECK(found);
    CHECK(types.size() == recordTypes().size());
}

// Doctests for the customer form: validation edges (name, mobile formats, birthdays) and the form ↔
// document mapping (unknown fields, extra phones and a lunar birthday survive an edit).
#include "core/app/customer.h"

#include "core/app/i18n.h"

#include <doctest/doctest.h>

using namespace crm::core;

namespace {
CustomerForm named(std::string name) {
    CustomerForm f;
    f.name = std::move(name);
    return f;
}

std::string problem(const CustomerForm& f) { return validateCustomer(f).value_or("ok"); }

std::string phoneProblem(const std::string& phone) {
    CustomerForm f = named("张伟");
    f.phone = phone;
    return problem(f);
}

std::string birthdayProblem(const std::string& birthday) {
    CustomerForm f = named("张伟");
    f.birthday = birthday;
    return problem(f);
}
} // namespace

TEST_CASE("validateCustomer: the name is required and blank names are refused") {
    CHECK(problem(named("")) == "error.name_required");
    CHECK(problem(named(" ")) == "error.name_required");
    CHECK(problem(named(" \t\n ")) == "error.name_required");
    CHECK(problem(named("张伟")) == "ok");
    CHECK(problem(named(" 李 ")) == "ok");
    // The name check comes first: a blank name with a bad phone reports the name.
    CustomerForm f = named("");
    f.phone = "123";
    CHECK(problem(f) == "error.name_required");
}

TEST_CASE("validateCustomer: an 11-digit mobile with spaces, dashes or +86") {
    CHECK(phoneProblem("") == "ok");  // optional
    CHECK(phoneProblem("13800138000") == "ok");
    CHECK(phoneProblem("138 0013 8000") == "ok");
    CHECK(phoneProblem("138-0013-8000") == "ok");
    CHECK(phoneProblem("+86 138 0013 8000") == "ok");
    CHECK(phoneProblem("+86-138-0013-8000") == "ok");
    CHECK(phoneProblem("8613800138000") == "ok");

    CHECK(phoneProblem("1380013800") == "error.phone_invalid");     // 10 digits
    CHECK(phoneProblem("138001380000") == "error.phone_invalid");   // 12 digits
    CHECK(phoneProblem("23800138000") == "error.phone_invalid");    // mobiles start with 1
    CHECK(phoneProblem("+1 138 0013 8000") == "error.phone_invalid");  // 12 digits, not +86
    CHECK(phoneProblem("+86 23800138000") == "error.phone_invalid");
    CHECK(phoneProblem("abc") == "error.phone_invalid");
    CHECK(phoneProblem("---") == "error.phone_invalid");
}

TEST_CASE("phoneDigits keeps digits and drops a leading 86 country code only") {
    CHECK(phoneDigits("+86 138-0013-8000") == "13800138000");
    CHECK(phoneDigits("138 0013 8000") == "13800138000");
    CHECK(phoneDigits("(010) 6552-9988") == "01065529988");
    CHECK(phoneDigits("86138") == "86138");  // not a full number: nothing dropped
    CHECK(phoneDigits("") == "");
}

TEST_CASE("validateCustomer: birthdays are real solar dates, leap days included") {
    CHECK(birthdayProblem("") == "ok");
    CHECK(birthdayProblem("1990-05-17") == "ok");
    CHECK(birthdayProblem("2024-02-29") == "ok");  // leap year
    CHECK(birthdayProblem("2000-02-29") == "ok");  // divisible by 400
    CHECK(birthdayProblem("1996-02-29") == "ok");
    CHECK(birthdayProblem("2023-02-29") == "error.birthday_invalid");
    CHECK(birthdayProblem("1900-02-29") == "error.birthday_invalid");  // divisible by 100, not 400
    CHECK(birthdayProblem("2100-02-29") == "error.birthday_invalid");
    CHECK(birthdayProblem("2024-02-30") == "error.birthday_invalid");
    CHECK(birthdayProblem("2024-04-31") == "error.birthday_invalid");
    CHECK(birthdayProblem("2024-12-31") == "ok");
    CHECK(birthdayProblem("2024-13-01") == "error.birthday_invalid");
    CHECK(birthdayProblem("2024-00-10") == "error.birthday_invalid");
    CHECK(birthdayProblem("2024-01-00") == "error.birthday_invalid");
    // Typed dates are parsed as core/records/typed_input does everywhere: these forms are the same day.
    CHECK(birthdayProblem("2024-1-01") == "ok");
    CHECK(birthdayProblem("2024/01/01") == "ok");
    CHECK(birthdayProblem("2024年1月1日") == "ok");
    CHECK(birthdayProblem("20240101") == "error.birthday_invalid");
    CHECK(birthdayProblem("2024-01-01 ") == "ok");
    CHECK(birthdayProblem("农历 1990-08-15") == "error.birthday_invalid");  // the form's birthday is solar
    CHECK(birthdayProblem("abcd-ef-gh") == "error.birthday_invalid");
    CHECK(birthdayProblem("1899-12-31") == "error.birthday_invalid");
}

TEST_CASE("validation errors are i18n keys with text in both languages") {
    Language before = language();
    for (const char* key : {"error.name_required", "error.phone_invalid", "error.birthday_invalid"}) {
        setLanguage(Language::Chinese);
        std::string zh = tr(key);
        setLanguage(Language::English);
        std::string en = tr(key);
        CHECK(zh != key);
        CHECK(en != key);
        CHECK(zh != en);
    }
    setLanguage(before);
}

TEST_CASE("customerFormFromDoc reads fields, the primary phone and a solar birthday") {
    Json doc = Json::parse(R"({
        "_id": "customer:1", "type": "customer", "name": "王芳", "gender": "female",
        "phones": ["139 1111 2222", "021-6666-7777"], "wechat": "wf88", "email": "wf@example.cn",
        "birthday": {"calendar": "solar", "year": 1988, "month": 2, "day": 9},
        "region": "上海", "address": "浦东新区", "company": "华东汽贸", "position": "经理",
        "source": "展厅", "owner": "小李", "notes": "喜欢SUV", "level": 3
    })");
    CustomerForm f = customerFormFromDoc(doc);
    CHECK(f.name == "王芳");
    CHECK(f.gender == "female");
    CHECK(f.phone == "139 1111 2222");
    CHECK(f.wechat == "wf88");
    CHECK(f.email == "wf@example.cn");
    CHECK(f.birthday == "1988-02-09");
    CHECK(f.region == "上海");
    CHECK(f.address == "浦东新区");
    CHECK(f.company == "华东汽贸");
    CHECK(f.position == "经理");
    CHECK(f.source == "展厅");
    CHECK(f.owner == "小李");
    CHECK(f.notes == "喜欢SUV");

    // Missing or mistyped fields become empty.
    CustomerForm empty = customerFormFromDoc(Json{{"type", "customer"}, {"name", 42}, {"phones", "13800138000"}});
    CHECK(empty.name == "");
    CHECK(empty.phone == "");
    CHECK(empty.birthday == "");
}

TEST_CASE("a lunar birthday is not shown as a solar date") {
    Json doc = {{"type", "customer"},
                {"name", "赵六"},
                {"birthday", {{"calendar", "lunar"}, {"year", 1975}, {"month", 8}, {"day", 15}}}};
    CHECK(customerFormFromDoc(doc).birthday == "");
}

TEST_CASE("applyCustomerForm keeps unknown fields, extra phones and a lunar birthday") {
    Json doc = Json::parse(R"({
        "_id": "customer:1", "_rev": "1-abc", "type": "customer", "name": "赵六",
        "phones": ["13800138000", "010-8888-9999", "13900139000"],
        "birthday": {"calendar": "lunar", "year": 1975, "month": 8, "day": 15, "leap": false},
        "wechat": "zl", "tags": ["VIP", "二手车"], "vehicle": {"plate": "京A12345"}, "created_at": "2024-01-01T00:00:00Z"
    })");
    CustomerForm f = customerFormFromDoc(doc);
    f.name = "赵六六";
    f.phone = "137 0000 1111";
    f.wechat = "";  // cleared: the field is removed
    f.company = "北方车行";
    applyCustomerForm(f, doc);

    CHECK(doc["_id"] == "customer:1");
    CHECK(doc["_rev"] == "1-abc");
    CHECK(doc["type"] == "customer");
    CHECK(doc["name"] == "赵六六");
    CHECK(doc["phones"] == Json::array({"137 0000 1111", "010-8888-9999", "13900139000"}));
    CHECK(doc["birthday"]["calendar"] == "lunar");
    CHECK(doc["birthday"]["month"] == 8);
    CHECK(doc["birthday"]["day"] == 15);
    CHECK(doc["tags"] == Json::array({"VIP", "二手车"}));
    CHECK(doc["vehicle"]["plate"] == "京A12345");
    CHECK(doc["created_at"] == "2024-01-01T00:00:00Z");
    CHECK(doc["company"] == "北方车行");
    CHECK_FALSE(doc.contains("wechat"));
    CHECK_FALSE(doc.contains("gender"));
    CHECK_FALSE(doc.contains("notes"));

    // Round trip: reading the document back gives the form that was applied.
    CustomerForm back = customerFormFromDoc(doc);
    CHECK(back.name == f.name);
    CHECK(back.phone == f.phone);
    CHECK(back.company == f.company);
    CHECK(back.birthday == "");
}

TEST_CASE("applyCustomerForm: a solar date typed in the form replaces the birthday") {
    Json doc = {{"type", "customer"}, {"name", "a"}, {"birthday", {{"calendar", "lunar"}, {"year", 1975}, {"month", 8}, {"day", 15}}}};
    CustomerForm f = customerFormFromDoc(doc);
    f.birthday = "2024-02-29";
    applyCustomerForm(f, doc);
    CHECK(doc["birthday"] == Json{{"calendar", "solar"}, {"year", 2024}, {"month", 2}, {"day", 29}});
    CHECK(customerFormFromDoc(doc).birthday == "2024-02-29");

    // Clearing a solar birthday removes it.
    f.birthday = "";
    applyCustomerForm(f, doc);
    CHECK_FALSE(doc.contains("birthday"));
}

TEST_CASE("applyCustomerForm: phones list edge cases") {
    SUBCASE("a new document gets a one-element phones list, or none") {
        Json doc = Json::object();
        CustomerForm f = named("新客户");
        applyCustomerForm(f, doc);
        CHECK_FALSE(doc.contains("phones"));
        CHECK(doc["type"] == "customer");
        f.phone = "13800138000";
        applyCustomerForm(f, doc);
        CHECK(doc["phones"] == Json::array({"13800138000"}));
    }
    SUBCASE("clearing the only phone removes the list") {
        Json doc = {{"type", "customer"}, {"name", "a"}, {"phones", {"13800138000"}}};
        CustomerForm f = customerFormFromDoc(doc);
        f.phone = "";
        applyCustomerForm(f, doc);
        CHECK_FALSE(doc.contains("phones"));
    }
    SUBCASE("an unchanged form leaves every phone in place") {
        Json doc = {{"type", "customer"}, {"name", "a"}, {"phones", {"13800138000", "13900139000"}}};
        Json before = doc;
        applyCustomerForm(customerFormFromDoc(doc), doc);
        CHECK(doc == before);
    }
}

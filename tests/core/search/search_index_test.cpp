// Doctests for SearchIndex and SearchSession: query types, ranking, highlights, narrowing, updates.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "core/search/search_index.h"
#include "core/search/synthetic_entries.h"
#include "tests/core/search/search_test_print.h"

using namespace crm::core;

namespace {

SearchEntry entry(std::string id, std::string name, std::vector<std::string> phones = {},
                  std::vector<std::string> plates = {}, std::vector<std::string> vins = {}, std::string company = {},
                  std::vector<std::string> tags = {}) {
    return {std::move(id), std::move(name), std::move(phones), std::move(plates), std::move(vins),
            std::move(company), std::move(tags)};
}

SearchIndex sampleIndex() {
    SearchIndex index;
    index.upsert(entry("c1", "张伟", {"138-1234-5678"}, {"京A·12345"}, {"LSVAB12C3D4567890"}, "北京华夏物流有限公司", {"VIP"}));
    index.upsert(entry("c2", "张伟明", {"+86 139 0000 1111"}, {"沪B 88888"}));
    index.upsert(entry("c3", "章维", {"021-6666 7777"}));
    index.upsert(entry("c4", "李张伟", {"13700001234"}));
    index.upsert(entry("c5", "朱航伟"));
    index.upsert(entry("c6", "单田芳", {}, {}, {}, "", {"老客户", "vip 转介绍"}));
    index.upsert(entry("c7", "王单"));
    index.upsert(entry("c8", "赵文"));
    return index;
}

// "c1 c3 c2": the hits' ids in order.
std::string ids(const std::vector<SearchHit>& hits) {
    std::string out;
    for (const SearchHit& hit : hits) {
        out += (out.empty() ? "" : " ") + hit.id;
    }
    return out;
}

const SearchHit* hitFor(const std::vector<SearchHit>& hits, std::string_view id) {
    for (const SearchHit& hit : hits) {
        if (hit.id == id) {
            return &hit;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("ranking: exact > prefix > initials > substring, ties by name") {
    const SearchIndex index = sampleIndex();
    const auto hits = index.search("zhangwei");
    CHECK(ids(hits) == "c1 c3 c2 c5 c4");
    REQUIRE(hits.size() == 5);
    CHECK(hits[0].kind == MatchKind::Exact);  // 张伟
    CHECK(hits[1].kind == MatchKind::Exact);  // 章维: same pinyin, 张 < 章 by code point
    CHECK(hits[2].kind == MatchKind::Prefix);  // 张伟明
    CHECK(hits[3].kind == MatchKind::Initials);  // 朱航伟: z·hang·wei
    CHECK(hits[4].kind == MatchKind::Substring);  // 李张伟
    for (std::size_t i = 1; i < hits.size(); ++i) {
        CHECK(hits[i - 1].score >= hits[i].score);
    }
    CHECK(SearchIndex::score(MatchKind::Exact, true, SearchField::Tag) >
          SearchIndex::score(MatchKind::Prefix, true, SearchField::Name));
    CHECK(SearchIndex::score(MatchKind::Prefix, false, SearchField::Tag) >
          SearchIndex::score(MatchKind::Initials, true, SearchField::Name));
    CHECK(SearchIndex::score(MatchKind::Initials, false, SearchField::Name) >
          SearchIndex::score(MatchKind::Substring, false, SearchField::Name));
}

TEST_CASE("initials, full pinyin and mixed queries find 张伟") {
    const SearchIndex index = sampleIndex();
    const auto initials = index.search("zw");
    // Initials covering the whole name (张伟, 章维, 赵文) before partial ones (张伟明), then substrings.
    CHECK(ids(initials) == "c1 c3 c8 c2 c4");  // zhang wei, zhang wei, zhao wen: pinyin order
    CHECK(initials[0].kind == MatchKind::Initials);
    CHECK(index.search("张w").front().id == "c1");
    CHECK(index.search("张w").front().kind == MatchKind::Prefix);
    CHECK(ids(index.search("zhang伟")) == "c1 c2 c5 c4");  // 朱航伟: z·hang·伟
    CHECK(index.search("ZhangW").front().id == "c1");  // case-insensitive
    CHECK(index.search("zhang wei").front().id == "c1");  // spaces ignored
    CHECK(ids(index.search("ｚｗ")) == ids(initials));  // full-width letters
    CHECK(index.search("zhangwei", 2).size() == 2);  // the limit
    CHECK(index.search("").empty());
    CHECK(index.search("   ").empty());
    CHECK(index.search("xyz").empty());
}

TEST_CASE("polyphonic surnames through the index") {
    const SearchIndex index = sampleIndex();
    CHECK(ids(index.search("shantianfang")) == "c6");
    CHECK(index.search("dantianfang").empty());
    CHECK(ids(index.search("stf")) == "c6");
    // 单 not at the start matches "dan" (and "shan").
    CHECK(ids(index.search("wangdan")) == "c7");
    const auto dan = index.search("dan");
    CHECK(ids(dan) == "c7");
    CHECK(dan.front().kind == MatchKind::Substring);
}

TEST_CASE("phone fragments, with or without separators and +86") {
    const SearchIndex index = sampleIndex();
    auto phone = [&](std::string_view query) {
        const auto hits = index.search(query);
        REQUIRE_FALSE(hits.empty());
        CHECK(hits.front().field == SearchField::Phone);
        return hits.front();
    };
    CHECK(phone("13812345678").id == "c1");
    CHECK(phone("13812345678").kind == MatchKind::Exact);
    CHECK(phone("+86 138 1234 5678").kind == MatchKind::Exact);
    CHECK(phone("8613812345678").id == "c1");
    CHECK(phone("138-1234").kind == MatchKind::Prefix);
    CHECK(phone("5678").kind == MatchKind::Prefix);  // the tail ("尾号")
    CHECK(phone("2345 6").kind == MatchKind::Substring);
    CHECK(phone("0000 1111").id == "c2");
    CHECK(phone("66667777").id == "c3");
    // 1234: the tail of c4's number ranks above the middle of c1's.
    CHECK(ids(index.search("1234")) == "c4 c1");
    CHECK(index.search("9999").empty());
}

TEST_CASE("plates: case, spaces and the middle dot do not matter") {
    const SearchIndex index = sampleIndex();
    for (const char* query : {"京A12345", "京a·12345", "京A 12345", "京Ａ１２３４５"}) {
        const auto hits = index.search(query);
        REQUIRE(hits.size() == 1);
        CHECK(hits[0].id == "c1");
        CHECK(hits[0].field == SearchField::Plate);
        CHECK(hits[0].kind == MatchKind::Exact);
    }
    const auto tail = index.search("a12345");
    REQUIRE(tail.size() == 1);
    CHECK(tail[0].kind == MatchKind::Prefix);
    CHECK(ids(index.search("沪b8888")) == "c2");
    CHECK(index.search("沪b8888").front().kind == MatchKind::Prefix);
}

TEST_CASE("VIN: the last 6 are enough, any case") {
    const SearchIndex index = sampleIndex();
    const auto hits = index.search("567890");
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].id == "c1");
    CHECK(hits[0].field == SearchField::Vin);
    CHECK(hits[0].kind == MatchKind::Prefix);
    CHECK(index.search("lsvab12c3d4567890").front().kind == MatchKind::Exact);
    CHECK(index.search("c3d45").front().kind == MatchKind::Substring);
}

TEST_CASE("company and tags") {
    const SearchIndex index = sampleIndex();
    const auto company = index.search("华夏物流");
    REQUIRE(company.size() == 1);
    CHECK(company[0].field == SearchField::Company);
    CHECK(company[0].kind == MatchKind::Substring);
    CHECK(index.search("北京华夏").front().kind == MatchKind::Prefix);
    const auto vip = index.search("vip");
    CHECK(ids(vip) == "c1 c6");  // exact tag "VIP" beats the tag "vip 转介绍"
    CHECK(vip[0].kind == MatchKind::Exact);
    CHECK(vip[1].kind == MatchKind::Prefix);
    CHECK(ids(index.search("老客户")) == "c6");
}

TEST_CASE("highlights name the matched bytes of each field") {
    const SearchIndex index = sampleIndex();
    const auto wei = index.search("wei");
    const SearchHit* li = hitFor(wei, "c4");
    REQUIRE(li);
    REQUIRE(li->highlights.size() == 1);
    CHECK(li->highlights[0] == Highlight{SearchField::Name, 0, 6, 9});  // 伟 in 李张伟

    const auto phone = index.search("1234-56");
    REQUIRE(phone.size() == 1);
    REQUIRE(phone[0].highlights.size() == 1);
    CHECK(phone[0].highlights[0] == Highlight{SearchField::Phone, 0, 4, 11});  // "1234-56" of 138-1234-5678

    const auto plate = index.search("a12345");
    REQUIRE(plate.size() == 1);
    REQUIRE_FALSE(plate[0].highlights.empty());
    CHECK(plate[0].highlights[0] == Highlight{SearchField::Plate, 0, 3, 11});  // "A·12345" of 京A·12345

    const auto vin = index.search("567890");
    CHECK(vin[0].highlights[0] == Highlight{SearchField::Vin, 0, 11, 17});

    const auto tag = index.search("转介绍");
    REQUIRE(tag.size() == 1);
    CHECK(tag[0].highlights[0] == Highlight{SearchField::Tag, 1, 4, 13});

    // Several fields: the best field's highlight comes first.
    const auto both = index.search("12345");  // c1: plate tail (prefix) and phone middle (substring)
    const SearchHit* c1 = hitFor(both, "c1");
    REQUIRE(c1);
    CHECK(c1->field == SearchField::Plate);
    REQUIRE(c1->highlights.size() == 2);
    CHECK(c1->highlights[0].field == SearchField::Plate);
    CHECK(c1->highlights[1] == Highlight{SearchField::Phone, 0, 4, 10});  // "1234-5" of 138-1234-5678
}

TEST_CASE("upsert replaces, remove forgets, generation moves") {
    SearchIndex index = sampleIndex();
    const std::uint64_t before = index.generation();
    CHECK(index.size() == 8);
    index.upsert(entry("c1", "刘洋", {"18800000000"}));
    CHECK(index.size() == 8);
    CHECK(index.generation() != before);
    CHECK(index.find("c1")->name == "刘洋");
    CHECK(ids(index.search("zhangwei")) == "c3 c2 c5 c4");
    CHECK(ids(index.search("liuyang")) == "c1");
    CHECK(index.remove("c3"));
    CHECK_FALSE(index.remove("c3"));
    CHECK_FALSE(index.find("c3").has_value());
    CHECK(index.size() == 7);
    CHECK(ids(index.search("zhangwei")) == "c2 c5 c4");
    CHECK(index.find("c8")->name == "赵文");  // moved into the removed slot, still found
    CHECK(ids(index.search("zhaowen")) == "c8");
    index.clear();
    CHECK(index.size() == 0);
    CHECK(index.search("zw").empty());
}

TEST_CASE("a session narrows to the previous matches and returns what a full search returns") {
    SearchIndex index;
    for (SearchEntry& e : syntheticSearchEntries(3000, 7)) {
        index.upsert(std::move(e));
    }
    index.upsert(entry("target", "张伟", {"138-1234-5678"}, {"京A·12345"}, {"LSVAB12C3D4567890"}));
    SearchSession session(index);
    for (const std::string typed : {"zhangwei", "张w", "zw", "13812345678", "京a12345", "567890", "l", "+86 138"}) {
        session.reset();
        std::string query;
        std::size_t previousScanned = index.size();
        for (std::size_t end = 1; end <= typed.size(); ++end) {
            if (end < typed.size() && (static_cast<unsigned char>(typed[end]) & 0xC0) == 0x80) {
                continue;  // type whole characters, as an IME commits them
            }
            query = typed.substr(0, end);
            const auto incremental = session.search(query, 20);
            const auto full = index.search(query, 20);
            CHECK_MESSAGE(ids(incremental) == ids(full), query);
            // Answered from the postings, narrowed (never more than the last scan), or a full scan when a field
            // only just became active ("+86 " has no digits yet, "+86 1" does) or after the postings.
            CHECK_MESSAGE((session.lastFromPostings() || session.lastScanned() <= previousScanned ||
                           session.lastScanned() == index.size()),
                          query);
            if (!session.lastFromPostings()) {
                previousScanned = session.lastScanned();
            }
            for (std::size_t i = 0; i < std::min(incremental.size(), full.size()); ++i) {
                CHECK(incremental[i].score == full[i].score);
                CHECK(incremental[i].highlights == full[i].highlights);
            }
        }
        const auto all = session.search(query, index.size());
        CHECK(hitFor(all, "target") != nullptr);
    }
    // The query grew: only the previous matches are scanned (few start with "we": no postings answer).
    session.reset();
    session.search("wei");
    CHECK_FALSE(session.lastFromPostings());
    const std::size_t matches = session.lastMatchCount();
    session.search("weil");
    CHECK(session.lastScanned() == matches);
    CHECK(matches < index.size());
    // Not an extension, or the index changed: everything is scanned again.
    session.search("wen");
    CHECK(session.lastScanned() == index.size());
    session.search("wenl");
    CHECK(session.lastScanned() < index.size());
    index.upsert(entry("late", "文丽"));
    const auto afterUpsert = session.search("wenli");
    CHECK(session.lastScanned() == index.size());
    CHECK(hitFor(afterUpsert, "late") != nullptr);
}

TEST_CASE("entries from customer and vehicle documents") {
    using crm::core::Json;
    const std::vector<Json> docs = {
        Json::parse(R"({"_id":"cust-1","type":"customer","name":"张伟","phones":["138 1234 5678",{"number":"010-8888"}],
                        "employer":{"name":"华夏物流","position":"经理"},"tags":["VIP"]})"),
        Json::parse(R"({"_id":"veh-1","type":"vehicle","customer_id":"cust-1","plate":"京A12345","vin":"LSVAB12C3D4567890"})"),
        Json::parse(R"({"_id":"veh-2","type":"vehicle","customer_id":"cust-1","plate":"京B1","_deleted":true})"),
        Json::parse(R"({"_id":"veh-3","type":"vehicle","customer_id":"cust-2","plate":"沪C99999"})"),
        Json::parse(R"({"_id":"cust-2","type":"customer","name":"李娜","phone":"13900000000","company":"个体"})"),
        Json::parse(R"({"_id":"cust-3","type":"customer","name":"删除","_deleted":true})"),
    };
    const auto entries = searchEntriesFromDocs(docs);
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].id == "cust-1");
    CHECK(entries[0].phones == std::vector<std::string>{"138 1234 5678", "010-8888"});
    CHECK(entries[0].company == "华夏物流");
    CHECK(entries[0].plates == std::vector<std::string>{"京A12345"});
    CHECK(entries[0].vins == std::vector<std::string>{"LSVAB12C3D4567890"});
    CHECK(entries[0].tags == std::vector<std::string>{"VIP"});
    CHECK(entries[1].phones == std::vector<std::string>{"13900000000"});
    CHECK(entries[1].plates == std::vector<std::string>{"沪C99999"});
    CHECK(entries[1].company == "个体");
    const SearchEntry one = SearchEntry::fromDocs(docs[0], docs);
    CHECK(one.plates == std::vector<std::string>{"京A12345"});
}

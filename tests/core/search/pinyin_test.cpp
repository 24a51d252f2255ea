// Doctests for the generated pinyin table, surname readings and the pinyin matcher.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/search/pinyin.h"
#include "core/search/pinyin_matcher.h"
#include "tests/core/search/search_test_print.h"

using namespace crm::core;

namespace {

using Spellings = std::vector<std::string>;

MatchKind kindOf(std::string_view name, std::u32string_view query) {
    return matchPinyin(PinyinName(name), query).kind;
}

// Readings of each character of a personal name, primary first.
std::vector<Spellings> spellName(std::u32string_view name) {
    std::vector<Spellings> out;
    for (const Readings& readings : Pinyin::nameReadings(name)) {
        Spellings spellings;
        for (SyllableId id : readings.view()) {
            spellings.emplace_back(Pinyin::syllable(id));
        }
        out.push_back(spellings);
    }
    return out;
}

}  // namespace

TEST_CASE("the generated table holds every toneless syllable, sorted") {
    CHECK(Pinyin::syllableCount() > 400);
    CHECK(Pinyin::syllableCount() < 512);
    for (std::size_t i = 1; i < Pinyin::syllableCount(); ++i) {
        CHECK(Pinyin::syllable(static_cast<SyllableId>(i - 1)) < Pinyin::syllable(static_cast<SyllableId>(i)));
    }
    REQUIRE(Pinyin::find("zhuang").has_value());
    CHECK(Pinyin::syllable(*Pinyin::find("zhuang")) == "zhuang");
    CHECK(Pinyin::find("lv").has_value());   // ü is written v
    CHECK_FALSE(Pinyin::find("zhv").has_value());
    CHECK(Pinyin::syllable(60000).empty());
}

TEST_CASE("readings of single characters, most common first and toneless") {
    CHECK(Pinyin::spell("张") == Spellings{"zhang"});
    CHECK(Pinyin::spell("伟") == Spellings{"wei"});
    CHECK(Pinyin::spell("吕") == Spellings{"lv"});
    CHECK(Pinyin::spell("女") == Spellings{"nv"});
    CHECK(Pinyin::spell("略") == Spellings{"lve"});
    CHECK(Pinyin::spell("单").front() == "dan");
    CHECK(Pinyin::spell("曾").front() == "ceng");
    CHECK(Pinyin::spell("解").front() == "jie");
    const Spellings chang = Pinyin::spell("长");
    CHECK(std::find(chang.begin(), chang.end(), "chang") != chang.end());
    CHECK(std::find(chang.begin(), chang.end(), "zhang") != chang.end());
    const Spellings le = Pinyin::spell("乐");
    CHECK(le.front() == "le");
    CHECK(std::find(le.begin(), le.end(), "yue") != le.end());
    CHECK(Pinyin::spell("A").empty());
    CHECK(Pinyin::spell("。").empty());
    CHECK(Pinyin::spell("张伟").empty());  // one character at a time
    // Outside U+3400–U+9FFF: CJK Extension B (U+20000 𠀀 hē) is in the sparse table.
    CHECK(Pinyin::spell("\U00020000") == Spellings{"he"});
    CHECK(Pinyin::spell("\U00020002").empty());
    CHECK(Pinyin::readings(0x20000 - 1).empty());
}

TEST_CASE("polyphonic surnames take their surname reading at the start of a name") {
    CHECK(spellName(U"单田芳") == std::vector<Spellings>{{"shan"}, {"tian"}, {"fang"}});
    CHECK(spellName(U"曾国藩").front() == Spellings{"zeng"});
    CHECK(spellName(U"区志强").front() == Spellings{"ou"});
    CHECK(spellName(U"仇英").front() == Spellings{"qiu"});
    CHECK(spellName(U"解缙").front() == Spellings{"xie"});
    CHECK(spellName(U"朴树").front() == Spellings{"piao"});
    CHECK(spellName(U"查良镛").front() == Spellings{"zha"});
    CHECK(spellName(U"翟志刚").front() == Spellings{"zhai"});
    CHECK(spellName(U"尉迟恭") == std::vector<Spellings>{{"yu"}, {"chi"}, {"gong"}});
    CHECK(spellName(U"万俟卨")[0] == Spellings{"mo"});
    CHECK(spellName(U"万俟卨")[1] == Spellings{"qi"});
    CHECK(spellName(U"长孙无忌")[0] == Spellings{"zhang"});
    CHECK(spellName(U"长江")[0] == Spellings{"chang"});
    // Not at the start: every reading of the character.
    const Spellings second = spellName(U"张单")[1];
    CHECK(std::find(second.begin(), second.end(), "dan") != second.end());
    CHECK(std::find(second.begin(), second.end(), "shan") != second.end());
    // 万 alone is no compound surname.
    CHECK(spellName(U"万里")[0].front() == "wan");
}

TEST_CASE("full pinyin, initials and mixed queries against a name") {
    CHECK(kindOf("张伟", U"张伟") == MatchKind::Exact);
    CHECK(kindOf("张伟", U"zhangwei") == MatchKind::Exact);
    CHECK(kindOf("张伟", U"zhang伟") == MatchKind::Exact);
    CHECK(kindOf("张伟", U"张wei") == MatchKind::Exact);
    CHECK(kindOf("张伟", U"zhangw") == MatchKind::Prefix);
    CHECK(kindOf("张伟", U"zhang") == MatchKind::Prefix);
    CHECK(kindOf("张伟", U"zha") == MatchKind::Prefix);
    CHECK(kindOf("张伟", U"张") == MatchKind::Prefix);
    CHECK(kindOf("张伟", U"张w") == MatchKind::Prefix);
    CHECK(kindOf("张伟", U"zw") == MatchKind::Initials);
    CHECK(kindOf("张伟", U"zhw") == MatchKind::Initials);
    CHECK(kindOf("张伟", U"zwei") == MatchKind::Initials);
    CHECK(kindOf("张伟", U"wei") == MatchKind::Substring);
    CHECK(kindOf("张伟", U"伟") == MatchKind::Substring);
    CHECK(kindOf("张伟", U"zwi") == MatchKind::None);  // "wi" is no prefix of "wei"
    CHECK(kindOf("张伟", U"zhangweii") == MatchKind::None);
    CHECK(kindOf("张伟", U"wz") == MatchKind::None);
    CHECK(kindOf("张伟", U"李") == MatchKind::None);
    CHECK(kindOf("张伟", U"") == MatchKind::None);
    CHECK(kindOf("", U"z") == MatchKind::None);
    CHECK(kindOf("欧阳娜娜", U"oynn") == MatchKind::Initials);
    CHECK(kindOf("欧阳娜娜", U"ouyangnana") == MatchKind::Exact);
    CHECK(kindOf("欧阳娜娜", U"yangna") == MatchKind::Substring);
    // ü: both v and u are accepted.
    CHECK(kindOf("吕布", U"lvbu") == MatchKind::Exact);
    CHECK(kindOf("吕布", U"lubu") == MatchKind::Exact);
    // Separators in the name are skipped; Latin names match letter by letter.
    CHECK(kindOf("买买提·艾力", U"maimaitiaili") == MatchKind::Exact);
    CHECK(kindOf("Tom Lee", U"tomlee") == MatchKind::Exact);
    CHECK(kindOf("Tom Lee", U"tom") == MatchKind::Prefix);
    CHECK(kindOf("Tom Lee", U"lee") == MatchKind::Substring);
}

TEST_CASE("polyphonic surnames in queries") {
    CHECK(kindOf("单田芳", U"shantianfang") == MatchKind::Exact);
    CHECK(kindOf("单田芳", U"stf") == MatchKind::Initials);
    CHECK(kindOf("单田芳", U"dantianfang") == MatchKind::None);  // the surname is never "dan"
    CHECK(kindOf("单田芳", U"dtf") == MatchKind::None);
    CHECK(kindOf("曾小贤", U"zengxiaoxian") == MatchKind::Exact);
    CHECK(kindOf("曾小贤", U"cengxiaoxian") == MatchKind::None);
    CHECK(kindOf("区丽华", U"oulihua") == MatchKind::Exact);
    CHECK(kindOf("仇晓东", U"qxd") == MatchKind::Initials);
    CHECK(kindOf("仇晓东", U"chouxiaodong") == MatchKind::None);
    CHECK(kindOf("解芳", U"xiefang") == MatchKind::Exact);
    CHECK(kindOf("解芳", U"jiefang") == MatchKind::None);
    // 单 elsewhere in a name matches any of its readings, dan included.
    CHECK(kindOf("王单", U"wangdan") == MatchKind::Exact);
    CHECK(kindOf("王单", U"wangshan") == MatchKind::Exact);
    CHECK(kindOf("王单", U"dan") == MatchKind::Substring);
    CHECK(kindOf("张乐", U"zhangle") == MatchKind::Exact);
    CHECK(kindOf("张乐", U"zhangyue") == MatchKind::Exact);
}

TEST_CASE("match ranges name the matched characters") {
    const PinyinName name("欧阳·娜娜");
    const PinyinMatch match = matchPinyin(name, U"yangna");
    CHECK(match.kind == MatchKind::Substring);
    CHECK(match.firstChar == 1);
    CHECK(match.endChar == 3);
    REQUIRE(name.chars().size() == 4);
    CHECK(name.chars()[2].offset == 8);  // 欧 阳 (3 bytes each) and · (2 bytes) come first
    const PinyinMatch whole = matchPinyin(name, U"oyn");
    CHECK(whole.kind == MatchKind::Initials);
    CHECK_FALSE(whole.whole);
    CHECK(matchPinyin(name, U"oynn").whole);
    CHECK(name.primarySpelling() == "ou yang na na");
}

TEST_CASE("name sort keys follow pinyin order") {
    CHECK(PinyinName("安").sortKey() < PinyinName("李").sortKey());
    CHECK(PinyinName("李").sortKey() < PinyinName("张").sortKey());
    CHECK(PinyinName("张").sortKey() < PinyinName("张伟").sortKey());
    CHECK(PinyinName("Alice").sortKey() < PinyinName("张").sortKey());
}

// Toneless readings from the generated Unihan table, plus the surname readings of polyphonic surnames.
#include "core/search/pinyin.h"

#include <algorithm>

#include "core/search/pinyin_table.h"
#include "core/search/text_fold.h"

namespace crm::core {
namespace {

std::vector<std::string_view> buildSyllables() {
    const auto& table = pinyin_table::table();
    std::vector<std::string_view> out;
    out.reserve(table.syllableCount);
    std::string_view rest = table.syllableText;
    while (!rest.empty()) {
        const std::size_t end = rest.find('\0');
        out.push_back(rest.substr(0, end));
        rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    }
    return out;
}

const std::vector<std::string_view>& syllables() {
    static const std::vector<std::string_view> instance = buildSyllables();
    return instance;
}

// Surnames whose surname reading differs from the character's most common reading, and compound
// surnames. Longest first so 尉迟 wins over 尉, 万俟 over 万, 长孙 over 长.
struct Surname {
    std::u32string_view text;
    std::array<std::string_view, 2> readings;
};
constexpr Surname kSurnames[] = {
    {U"尉迟", {"yu", "chi"}},   {U"万俟", {"mo", "qi"}},   {U"长孙", {"zhang", "sun"}}, {U"单于", {"chan", "yu"}},
    {U"澹台", {"tan", "tai"}},  {U"令狐", {"ling", "hu"}}, {U"鲜于", {"xian", "yu"}},   {U"亓官", {"qi", "guan"}},
    {U"单", {"shan"}},  {U"曾", {"zeng"}}, {U"区", {"ou"}},    {U"仇", {"qiu"}},   {U"解", {"xie"}},
    {U"朴", {"piao"}},  {U"查", {"zha"}},  {U"盖", {"ge"}},    {U"覃", {"qin"}},   {U"乐", {"yue"}},
    {U"缪", {"miao"}},  {U"种", {"chong"}}, {U"翟", {"zhai"}}, {U"秘", {"bi"}},    {U"员", {"yun"}},
    {U"黑", {"he"}},    {U"祭", {"zhai"}}, {U"长", {"chang"}}, {U"重", {"chong"}}, {U"朝", {"chao"}},
    {U"柏", {"bai"}},   {U"召", {"shao"}}, {U"阚", {"kan"}},   {U"隗", {"wei"}},   {U"藏", {"zang"}},
    {U"繁", {"po"}},    {U"折", {"she"}},  {U"谌", {"chen"}},  {U"眭", {"sui"}},   {U"宓", {"mi"}},
    {U"句", {"gou"}},   {U"尉", {"wei"}},  {U"都", {"du"}},    {U"盛", {"sheng"}}, {U"那", {"na"}},
    {U"过", {"guo"}},   {U"能", {"nai"}},  {U"纪", {"ji"}},    {U"任", {"ren"}},   {U"华", {"hua"}},
    {U"贾", {"jia"}},   {U"薄", {"bo"}},   {U"宿", {"su"}},    {U"曲", {"qu"}},    {U"沈", {"shen"}},
    {U"洗", {"xian"}},  {U"冼", {"xian"}}, {U"莘", {"shen"}},  {U"费", {"fei"}},   {U"燕", {"yan"}},
    {U"车", {"che"}},   {U"石", {"shi"}},  {U"殷", {"yin"}},   {U"教", {"jiao"}},  {U"牟", {"mou"}},
};

}  // namespace

void Readings::add(SyllableId id) {
    if (count < kMax && std::find(ids.begin(), ids.begin() + count, id) == ids.begin() + count) {
        ids[count++] = id;
    }
}

std::size_t Pinyin::syllableCount() { return syllables().size(); }

std::string_view Pinyin::syllable(SyllableId id) {
    const auto& all = syllables();
    return id < all.size() ? all[id] : std::string_view{};
}

std::optional<SyllableId> Pinyin::find(std::string_view syllable) {
    const auto& all = syllables();
    const auto it = std::lower_bound(all.begin(), all.end(), syllable);
    if (it == all.end() || *it != syllable) {
        return std::nullopt;
    }
    return static_cast<SyllableId>(it - all.begin());
}

Readings Pinyin::readings(char32_t cp) {
    const auto& table = pinyin_table::table();
    Readings out;
    bool more = false;
    if (cp >= table.denseBegin && cp - table.denseBegin < table.dense.size()) {
        const std::uint16_t value = table.dense[cp - table.denseBegin];
        if ((value & 0x7FFF) == 0) {
            return out;
        }
        out.add(static_cast<SyllableId>((value & 0x7FFF) - 1));
        more = (value & 0x8000) != 0;
    } else {
        const auto key = static_cast<std::uint32_t>(cp) << 10;
        const auto it = std::lower_bound(table.sparse.begin(), table.sparse.end(), key);
        if (it == table.sparse.end() || (*it >> 10) != cp) {
            return out;
        }
        out.add(static_cast<SyllableId>(*it & 0x1FF));
        more = (*it & 0x200) != 0;
    }
    if (more) {
        const auto key = static_cast<std::uint32_t>(cp) << 10;
        for (auto it = std::lower_bound(table.extra.begin(), table.extra.end(), key);
             it != table.extra.end() && (*it >> 10) == cp; ++it) {
            out.add(static_cast<SyllableId>(*it & 0x3FF));
        }
    }
    return out;
}

std::vector<std::string> Pinyin::spell(std::string_view utf8Char) {
    std::vector<std::string> out;
    const auto chars = decodeUtf8(utf8Char);
    if (chars.size() == 1) {
        const Readings found = readings(chars[0].cp);
        for (SyllableId id : found.view()) {
            out.emplace_back(syllable(id));
        }
    }
    return out;
}

std::size_t Pinyin::surname(std::u32string_view name, std::span<Readings> out) {
    for (const Surname& surname : kSurnames) {
        if (!name.starts_with(surname.text) || out.size() < surname.text.size()) {
            continue;
        }
        for (std::size_t i = 0; i < surname.text.size(); ++i) {
            out[i] = Readings{};
            if (const auto id = find(surname.readings[i])) {
                out[i].add(*id);
            } else {
                out[i] = readings(surname.text[i]);
            }
        }
        return surname.text.size();
    }
    return 0;
}

std::vector<Readings> Pinyin::nameReadings(std::u32string_view name) {
    std::vector<Readings> out(name.size());
    const std::size_t fixed = surname(name, out);
    for (std::size_t i = fixed; i < name.size(); ++i) {
        out[i] = readings(name[i]);
    }
    return out;
}

}  // namespace crm::core

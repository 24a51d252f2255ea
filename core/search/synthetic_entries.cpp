// Generates synthetic search entries from small pools of surnames, given-name characters, regions.
#include "core/search/synthetic_entries.h"

#include <array>
#include <string_view>

namespace crm::core {
namespace {

class Random {
public:
    explicit Random(std::uint32_t seed) : m_state(seed * 2654435761u + 1) {}
    std::uint32_t next() {
        m_state ^= m_state << 13;
        m_state ^= m_state >> 7;
        m_state ^= m_state << 17;
        return static_cast<std::uint32_t>(m_state >> 16);
    }
    std::size_t below(std::size_t n) { return next() % n; }
    template <typename T, std::size_t N>
    const T& pick(const std::array<T, N>& items) { return items[below(N)]; }

private:
    std::uint64_t m_state;
};

constexpr std::array<std::string_view, 48> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "单", "区", "欧阳", "仇"};
constexpr std::array<std::string_view, 64> kGiven = {
    "伟", "芳", "娜", "秀", "英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "兰", "霞", "平", "刚", "桂", "文", "华", "建", "国", "红", "志", "海", "玉",
    "春", "金", "晓", "东", "林", "宇", "浩", "鹏", "飞", "婷", "雪", "梅", "琳", "辉", "斌", "波",
    "鑫", "俊", "博", "欣", "怡", "佳", "乐", "长", "重", "行", "子", "嘉", "思", "雨", "天", "瑞"};
constexpr std::array<std::string_view, 12> kProvinces = {"京", "沪", "粤", "苏", "浙", "川",
                                                          "鲁", "豫", "鄂", "湘", "闽", "津"};
constexpr std::array<std::string_view, 8> kCompanies = {
    "北京华夏物流有限公司", "上海东方建设集团", "广州天河科技有限公司", "深圳腾达电子厂",
    "杭州西湖餐饮管理公司", "成都锦江运输公司", "个体经营", "南京长江机械制造有限公司"};
constexpr std::array<std::string_view, 8> kTags = {"VIP", "老客户", "保险到期", "置换意向",
                                                   "车队客户", "投诉过", "转介绍", "首保"};
constexpr std::string_view kVinAlphabet = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ";  // no I, O, Q
constexpr std::string_view kPlateAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ";

std::string digits(Random& random, std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += static_cast<char>('0' + random.below(10));
    }
    return out;
}

}  // namespace

std::vector<SearchEntry> syntheticSearchEntries(std::size_t count, std::uint32_t seed) {
    Random random(seed);
    std::vector<SearchEntry> entries;
    entries.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        SearchEntry entry;
        std::string id = std::to_string(i);
        entry.id = "c" + std::string(6 - std::min<std::size_t>(6, id.size()), '0') + id;
        entry.name = std::string(random.pick(kSurnames));
        const std::size_t given = random.below(4) == 0 ? 1 : 2;
        for (std::size_t k = 0; k < given; ++k) {
            entry.name += random.pick(kGiven);
        }
        std::string mobile = "1" + std::string(1, static_cast<char>('3' + random.below(7))) + digits(random, 9);
        switch (random.below(3)) {
        case 0: entry.phones.push_back(mobile); break;
        case 1: entry.phones.push_back(mobile.substr(0, 3) + "-" + mobile.substr(3, 4) + "-" + mobile.substr(7)); break;
        default: entry.phones.push_back("+86 " + mobile.substr(0, 3) + " " + mobile.substr(3, 4) + " " + mobile.substr(7));
        }
        if (random.below(5) == 0) {
            entry.phones.push_back("0" + std::to_string(10 + random.below(90)) + "-" + digits(random, 8));
        }
        const std::size_t vehicles = 1 + (random.below(6) == 0 ? 1 : 0);
        for (std::size_t v = 0; v < vehicles; ++v) {
            std::string plate(random.pick(kProvinces));
            plate += kPlateAlphabet[random.below(kPlateAlphabet.size())];
            plate += random.below(2) == 0 ? "·" : "";
            plate += kPlateAlphabet[random.below(kPlateAlphabet.size())];
            plate += digits(random, 4);
            entry.plates.push_back(plate);
            std::string vin = "LSV";
            for (int k = 0; k < 14; ++k) {
                vin += kVinAlphabet[random.below(kVinAlphabet.size())];
            }
            entry.vins.push_back(vin);
        }
        if (random.below(3) == 0) {
            entry.company = std::string(random.pick(kCompanies));
        }
        for (std::size_t t = random.below(3); t > 0; --t) {
            entry.tags.emplace_back(random.pick(kTags));
        }
        entries.push_back(std::move(entry));
    }
    return entries;
}

}  // namespace crm::core

// Demo data generation: word lists (names, places, makes, staff), a small seeded random source, and one
// function per document type.
//
// Sections: random · word lists · identifiers (phone, VIN, plate) · documents · DemoGenerator
#include "core/app/demo_data.h"

#include "core/app/demo_complaints.h"
#include "core/app/demo_random.h"
#include "core/app/demo_surveys.h"
#include "core/json_field.h"

#include "core/domain/vehicle_rules.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

namespace crm::core {
namespace {

// ---- random: splitmix64, one independent stream per customer ----
using Random = DemoRandom;

// ---- word lists ----
// Surnames roughly by frequency (common ones repeated), including the polyphonic 单 曾 区 仇 解.
const std::array<const char*, 64> kSurnames = {
    "王", "王", "李", "李", "张", "张", "刘", "刘", "陈", "陈", "杨", "黄", "赵", "吴", "周", "徐",
    "孙", "马", "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩",
    "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程",
    "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "钟", "谭", "单", "区", "仇", "解", "欧阳", "司马"};
const std::array<const char*, 48> kMaleGiven = {
    "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞",
    "鑫", "波", "宇", "浩", "凯", "健", "俊", "帆", "建国", "志强", "永刚", "海涛", "晓东", "建华", "国庆", "文博",
    "子轩", "浩然", "宇航", "俊杰", "振华", "德明", "立新", "云龙", "世杰", "家豪", "嘉诚", "天佑", "一鸣", "思远", "泽宇", "明轩"};
const std::array<const char*, 48> kFemaleGiven = {
    "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "燕", "玲", "婷", "雪", "慧", "莹", "琳", "颖",
    "倩", "洁", "蕾", "薇", "秀英", "桂英", "玉兰", "晓燕", "丽娟", "海燕", "雅婷", "欣怡", "梓涵", "诗涵", "雨桐", "思琪",
    "佳怡", "晓梅", "春梅", "美玲", "婉清", "若曦", "梦瑶", "晨曦", "紫萱", "可馨", "语嫣", "静怡", "心怡", "慧敏", "丹丹", "璐"};

struct City {
    const char* province;
    const char* city;
    const char* plate;  // province abbreviation
    char office;        // issuing-office letter of the city
    std::array<const char*, 4> districts;
};
const std::array<City, 20> kCities = {{
    {"北京市", "北京市", "京", 'A', {"朝阳区", "海淀区", "丰台区", "通州区"}},
    {"上海市", "上海市", "沪", 'A', {"浦东新区", "徐汇区", "闵行区", "嘉定区"}},
    {"天津市", "天津市", "津", 'A', {"和平区", "南开区", "河西区", "滨海新区"}},
    {"重庆市", "重庆市", "渝", 'A', {"渝中区", "江北区", "南岸区", "沙坪坝区"}},
    {"广东省", "广州市", "粤", 'A', {"天河区", "越秀区", "海珠区", "番禺区"}},
    {"广东省", "深圳市", "粤", 'B', {"南山区", "福田区", "宝安区", "龙岗区"}},
    {"广东省", "佛山市", "粤", 'E', {"禅城区", "南海区", "顺德区", "三水区"}},
    {"浙江省", "杭州市", "浙", 'A', {"西湖区", "上城区", "拱墅区", "滨江区"}},
    {"浙江省", "宁波市", "浙", 'B', {"海曙区", "江北区", "鄞州区", "北仑区"}},
    {"江苏省", "南京市", "苏", 'A', {"玄武区", "秦淮区", "鼓楼区", "江宁区"}},
    {"江苏省", "苏州市", "苏", 'E', {"姑苏区", "吴中区", "相城区", "工业园区"}},
    {"四川省", "成都市", "川", 'A', {"锦江区", "青羊区", "武侯区", "成华区"}},
    {"湖北省", "武汉市", "鄂", 'A', {"江岸区", "武昌区", "洪山区", "汉阳区"}},
    {"湖南省", "长沙市", "湘", 'A', {"芙蓉区", "天心区", "岳麓区", "开福区"}},
    {"山东省", "济南市", "鲁", 'A', {"历下区", "市中区", "槐荫区", "历城区"}},
    {"山东省", "青岛市", "鲁", 'B', {"市南区", "市北区", "黄岛区", "崂山区"}},
    {"河南省", "郑州市", "豫", 'A', {"金水区", "中原区", "二七区", "管城回族区"}},
    {"陕西省", "西安市", "陕", 'A', {"雁塔区", "碑林区", "新城区", "未央区"}},
    {"福建省", "厦门市", "闽", 'D', {"思明区", "湖里区", "集美区", "海沧区"}},
    {"辽宁省", "沈阳市", "辽", 'A', {"和平区", "沈河区", "皇姑区", "铁西区"}},
}};
const std::array<const char*, 16> kStreets = {"人民路", "解放路", "中山路", "建设路", "和平路", "新华路", "长江路", "黄河路",
                                              "文化路", "科技路", "滨江大道", "东风路", "胜利街", "光明街", "朝阳路", "幸福路"};
const std::array<const char*, 12> kEstates = {"阳光花园", "锦绣家园", "翠湖小区", "金色港湾", "碧桂园", "万科城",
                                              "绿地世纪城", "御景湾", "龙湖天街", "保利花园", "世纪新城", "紫荆苑"};
const std::array<const char*, 16> kCompanyCores = {"华信", "鼎盛", "恒通", "宏达", "金桥", "瑞丰", "天成", "远航",
                                                   "新世纪", "中联", "佳禾", "永安", "同创", "博远", "盛世", "万达"};
const std::array<const char*, 10> kCompanyKinds = {"科技有限公司", "贸易有限公司", "建筑工程有限公司", "物流有限公司",
                                                   "餐饮管理有限公司", "医药有限公司", "教育咨询有限公司", "房地产开发有限公司",
                                                   "电子商务有限公司", "制造有限公司"};
const std::array<const char*, 10> kPositions = {"总经理", "销售经理", "工程师", "财务主管", "教师", "医生", "设计师",
                                                "项目经理", "公务员", "个体经营"};
const std::array<const char*, 6> kSources = {"到店", "朋友介绍", "网络", "车展", "电话咨询", "老客户转介绍"};
const std::array<const char*, 8> kStaff = {"李娜", "王强", "赵敏", "陈晨", "刘洋", "孙丽", "周杰", "吴昊"};
const std::array<const char*, 10> kTags = {"VIP", "老客户", "商务用车", "家庭用车", "价格敏感", "注重服务",
                                           "新能源意向", "置换意向", "车队客户", "首保客户"};

struct Model {
    const char* wmi;  // world manufacturer identifier of the Chinese joint venture
    const char* make;
    const char* model;
    const char* vds;  // five characters describing the model
    bool electric;
};
const std::array<Model, 16> kModels = {{
    {"LSV", "大众", "朗逸", "AB41D", false},       {"LFV", "一汽-大众", "速腾", "2A21K", false},
    {"LFV", "奥迪", "A4L", "3A28K", false},        {"LBV", "宝马", "3系", "8G310", false},
    {"LHG", "本田", "雅阁", "CV163", false},       {"LVH", "本田", "CR-V", "RW184", false},
    {"LVG", "丰田", "凯美瑞", "BE3FK", false},     {"LGB", "日产", "轩逸", "F2BE5", false},
    {"LSG", "别克", "英朗", "PC5E4", false},       {"LVS", "福特", "福克斯", "HFAE2", false},
    {"LDC", "东风雪铁龙", "C5", "643L2", false},   {"LGX", "比亚迪", "汉EV", "C4C38", true},
    {"LGX", "比亚迪", "秦PLUS", "CH4B1", true},    {"LRW", "特斯拉", "Model 3", "YGEE3", true},
    {"LB3", "吉利", "帝豪", "7A2C4", false},       {"LNB", "北汽", "EU5", "SC3A1", true},
}};
// Model-year letters 2012..2024 (ISO 3779 position 10).
const std::array<char, 13> kYearCodes = {'C', 'D', 'E', 'F', 'G', 'H', 'J', 'K', 'L', 'M', 'N', 'P', 'R'};

const std::array<const char*, 8> kServiceItems = {"常规保养", "更换机油机滤", "更换刹车片", "四轮定位", "空调清洗",
                                                  "更换轮胎", "钣金喷漆", "电瓶更换"};
const std::array<const char*, 5> kChannels = {"phone", "wechat", "sms", "email", "visit"};
struct FollowupNote {
    const char* content;
    const char* outcome;  // the followup description's options
};
const std::array<FollowupNote, 6> kFollowupNotes = {{{"客户满意，无其他需求", "reached"},
                                                    {"预约下周到店保养", "booked"},
                                                    {"询问置换政策，已发资料", "reached"},
                                                    {"电话未接通，稍后再联系", "no_answer"},
                                                    {"对上次维修质量表示认可", "reached"},
                                                    {"提醒年检，客户已知悉", "reached"}}};

// ---- identifiers ----
const std::array<const char*, 14> kPhonePrefixes = {"130", "131", "132", "135", "136", "137", "138",
                                                    "139", "150", "158", "177", "186", "188", "199"};

std::string phoneNumber(Random& rng) {
    std::string p = rng.pick(kPhonePrefixes);
    for (int i = 0; i < 8; ++i) p += char('0' + rng.below(10));
    return p;
}

const char kSerialLetters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ";  // plates: no I or O
const char kVinLetters[] = "ABCDEFGHJKLMNPRSTUVWXYZ";      // VINs: no I, O or Q

std::string vinFor(Random& rng, const Model& model, int modelYear) {
    std::string vin = std::string(model.wmi) + model.vds + "0";
    vin += kYearCodes[(modelYear - 2012) % kYearCodes.size()];
    vin += kVinLetters[rng.below(int(sizeof kVinLetters - 1))];  // plant
    for (int i = 0; i < 6; ++i) vin += char('0' + rng.below(10));
    vin[8] = vinCheckDigit(vin);
    return vin;
}

std::string plateFor(Random& rng, const City& city, bool electric) {
    std::string plate = std::string(city.plate) + city.office;
    if (electric) {
        plate += rng.chance(70) ? 'D' : 'F';
        plate += rng.chance(50) ? kSerialLetters[rng.below(24)] : char('0' + rng.below(10));
        for (int i = 0; i < 4; ++i) plate += char('0' + rng.below(10));
        return plate;
    }
    int letterAt = rng.chance(60) ? rng.below(5) : -1;  // many plates carry one letter
    for (int i = 0; i < 5; ++i) plate += i == letterAt ? kSerialLetters[rng.below(24)] : char('0' + rng.below(10));
    return plate;
}

std::string docId(const char* type, size_t index, int n) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s:demo-%06zu-%d", type, index, n);
    return buf;
}

// ---- documents ----
struct Person {
    size_t index = 0;
    std::string id;
    std::string name;
    std::string owner;
    const City* city;
};

Json customerDoc(Random& rng, size_t index, const DemoOptions& o, Person& who) {
    bool male = rng.chance(55);
    std::string name;
    if (index == 0) {
        name = "张伟";
        male = true;
    } else {
        do {
            name = std::string(rng.pick(kSurnames)) + (male ? rng.pick(kMaleGiven) : rng.pick(kFemaleGiven));
        } while (name == "张伟");
    }
    const City& city = rng.pick(kCities);
    who = Person{index, DemoGenerator::customerId(index), name, rng.pick(kStaff), &city};
    Json phones = Json::array({phoneNumber(rng)});
    if (rng.chance(15)) phones.push_back(phoneNumber(rng));
    int birthYear = o.today.year - rng.between(22, 68);
    Json doc = {{"_id", who.id},
                {"type", "customer"},
                {"name", name},
                {"gender", male ? "male" : "female"},
                {"phones", phones},
                {"birthday", {{"calendar", rng.chance(20) ? "lunar" : "solar"},
                              {"year", birthYear},
                              {"month", rng.between(1, 12)},
                              {"day", rng.between(1, 28)}}},
                {"region", std::string(city.province) + (city.city != std::string(city.province) ? city.city : "")},
                {"address", std::string(city.city) + rng.pick(city.districts) + rng.pick(kStreets) +
                                std::to_string(rng.between(1, 399)) + "号" + rng.pick(kEstates) +
                                std::to_string(rng.between(1, 30)) + "栋" + std::to_string(rng.between(101, 2806)) + "室"},
                {"source", rng.pick(kSources)},
                {"owner", who.owner},
                {"demo", true}};
    if (rng.chance(70)) doc["wechat"] = "wx_" + std::to_string(100000 + rng.below(900000));
    if (rng.chance(65)) {
        doc["company"] = std::string(city.city).substr(0, std::string(city.city).size() - 3) + rng.pick(kCompanyCores) +
                         rng.pick(kCompanyKinds);
        doc["position"] = rng.pick(kPositions);
    }
    Json tags = Json::array();
    for (int t = rng.below(3); t > 0; --t) {
        std::string tag = rng.pick(kTags);
        if (std::find(tags.begin(), tags.end(), tag) == tags.end()) tags.push_back(tag);
    }
    if (!tags.empty()) doc["tags"] = tags;
    if (index == 0) {
        doc["company"] = "北京星辰汽车服务有限公司";
        doc["tags"] = Json::array({"VIP", "老客户"});
    }
    return doc;
}

Json vehicleDoc(Random& rng, const Person& who, int n, const DemoOptions& o, CivilDate& purchased) {
    const Model& model = rng.pick(kModels);
    int ageDays = rng.between(30, 365 * 9);
    purchased = o.today.addDays(-ageDays);
    int modelYear = std::max(2012, std::min(purchased.year, 2024));
    int kmPerDay = rng.between(15, 80);
    Json odometer = Json::array();
    for (int k = 1, readings = rng.between(1, 4); k <= readings; ++k) {
        int day = ageDays * k / readings;
        odometer.push_back({{"date", purchased.addDays(day).toString()}, {"km", day * kmPerDay}});
    }
    return {{"_id", docId("vehicle", who.index, n)},
            {"type", "vehicle"},
            {"customer_id", who.id},
            {"vin", vinFor(rng, model, modelYear)},
            {"plate", plateFor(rng, *who.city, model.electric)},
            {"make", model.make},
            {"model", model.model},
            {"purchase_date", purchased.toString()},
            {"in_service_date", purchased.addDays(rng.between(0, 7)).toString()},
            {"odometer", odometer},
            {"warranty_end", purchased.addMonths(model.electric ? 96 : 36).toString()},
            {"warranty_km", model.electric ? 150000 : 100000},
            {"usage", rng.chance(85) ? "private" : "company"},
            {"commercial", rng.chance(5)},
            {"demo", true}};
}

Json serviceDoc(Random& rng, const Person& who, const std::string& vehicleId, int n, CivilDate when, int km) {
    Json items = Json::array();
    int parts = 0, labour = 0;
    for (int k = rng.between(1, 3); k > 0; --k) {
        int p = rng.between(0, 1500), l = rng.between(80, 600);
        items.push_back({{"name", rng.pick(kServiceItems)}, {"parts", p}, {"labour", l}});
        parts += p;
        labour += l;
    }
    int payRoll = rng.below(100);
    return {{"_id", docId("service_record", who.index, n)},
            {"type", "service_record"},
            {"customer_id", who.id},
            {"vehicle_id", vehicleId},
            {"date_in", when.toString()},
            {"date_out", when.addDays(rng.chance(80) ? 0 : rng.between(1, 5)).toString()},
            {"odometer_in", km},
            {"odometer_out", km + rng.between(0, 10)},
            {"advisor", rng.pick(kStaff)},
            {"items", items},
            {"parts_amount", parts},
            {"labour_amount", labour},
            {"pay_type", payRoll < 80 ? "customer" : payRoll < 95 ? "warranty" : "internal"},
            {"comeback", rng.chance(4)},
            {"demo", true}};
}

} // namespace

// ---- DemoGenerator ----
std::string DemoGenerator::customerId(size_t index) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "customer:demo-%06zu", index);
    return buf;
}

std::vector<Json> DemoGenerator::customerDocs(size_t index) const {
    const DemoOptions& o = m_options;
    // Each customer's stream starts from a scrambled (seed, index), so no two streams overlap.
    Random rng(Random(o.seed ^ Random(index).next()).next());
    std::vector<Json> docs;
    Person who;
    docs.push_back(customerDoc(rng, index, o, who));

    int services = 0;
    for (int v = 1, vehicles = rng.chance(20) ? 2 : 1; v <= vehicles; ++v) {
        CivilDate purchased;
        Json vehicle = vehicleDoc(rng, who, v, o, purchased);
        std::string vehicleId = vehicle["_id"].get<std::string>();
        int ageDays = static_cast<int>(daysBetween(purchased, o.today));
        int kmPerDay = vehicle["odometer"].back()["km"].get<int>() / std::max(1, ageDays);
        docs.push_back(std::move(vehicle));
        for (int s = rng.between(0, 3); s > 0; --s) {
            int day = rng.between(0, std::max(0, ageDays - 1));
            docs.push_back(serviceDoc(rng, who, vehicleId, ++services, purchased.addDays(day), day * kmPerDay));
        }
    }
    for (int f = 1, n = rng.between(1, 3); f <= n; ++f) {
        CivilDate when = o.today.addDays(-rng.between(0, 720));
        const char* channel = rng.pick(kChannels);
        const FollowupNote& note = rng.pick(kFollowupNotes);
        docs.push_back({{"_id", docId("followup", index, f)},
                        {"type", "followup"},
                        {"customer_id", who.id},
                        {"date", when.toString()},
                        {"staff", who.owner},
                        {"channel", channel},
                        {"content", note.content},
                        {"outcome", note.outcome},
                        {"next_date", when.addDays(rng.between(7, 90)).toString()},
                        {"demo", true}});
    }
    // Complaints: about one customer in eight, cycling through every stage (demo_complaints.h).
    if (index % 8 == 3) {
        DemoComplainant c{index, rng.next(), who.id, who.name, who.owner, "", "", o.today};
        for (const Json& d : docs) {
            const std::string type = d.value("type", "");
            if (type == "vehicle" && c.vehicleId.empty()) c.vehicleId = stringField(d, "_id");
            if (type == "service_record" && d.value("vehicle_id", "") == c.vehicleId) c.serviceRecordId = stringField(d, "_id");
        }
        for (Json& d : demoComplaints(c)) docs.push_back(std::move(d));
    }
    // Satisfaction surveys after repair orders (and the templates, once): core/app/demo_surveys.cpp.
    if (index == 0)
        for (Json& t : demoSurveyTemplates()) docs.push_back(std::move(t));
    for (Json& survey : demoSurveys(o.seed, who.id, docs, o.today)) docs.push_back(std::move(survey));
    for (int p = 1, n = rng.between(0, 3); p <= n; ++p) {
        bool redeem = p > 1 && rng.chance(30);
        CivilDate when = o.today.addDays(-rng.between(0, 700));
        Json entry = {{"_id", docId("points", index, p)},
                      {"type", "points"},
                      {"customer_id", who.id},
                      {"date", when.toString()},
                      {"kind", redeem ? "redeemed" : "earned"},
                      {"amount", redeem ? -rng.between(1, 5) * 100 : rng.between(1, 30) * 10},
                      {"demo", true}};
        if (redeem) entry["voucher"] = "保养代金券";
        else entry["expires"] = when.addMonths(24).toString();
        docs.push_back(std::move(entry));
    }
    return docs;
}

bool DemoGenerator::next(std::vector<Json>& out, size_t maxCustomers) {
    for (size_t k = 0; k < maxCustomers && m_next < m_options.customers; ++k, ++m_next) {
        for (Json& doc : customerDocs(m_next)) out.push_back(std::move(doc));
    }
    return m_next < m_options.customers;
}

} // namespace crm::core

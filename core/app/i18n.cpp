// The zh-CN / English catalogs behind tr(). One row per key; keep rows grouped by screen.
#include "core/app/i18n.h"

#include <unordered_map>

namespace crm::core {
namespace {

struct Entry {
    const char* key;
    const char* zh;
    const char* en;
};

const Entry kCatalog[] = {
    // navigation
    {"app.title", "车商客户关系管理", "Dealer CRM"},
    {"nav.customers", "客户档案", "Customers"},
    {"nav.followups", "跟进记录", "Follow-ups"},
    {"nav.complaints", "投诉处理", "Complaints"},
    {"nav.boards", "周/月看板", "Boards"},
    {"nav.reports", "统计报表", "Reports"},
    {"nav.sync", "同步", "Sync"},
    {"nav.settings", "设置", "Settings"},
    // status bar
    {"status.online", "在线", "Online"},
    {"status.offline", "离线", "Offline"},
    {"status.customers", "客户数", "Customers"},
    {"status.saved", "已保存", "Saved"},
    {"status.saving", "正在保存…", "Saving…"},
    {"status.unsaved", "未保存", "Unsaved"},
    {"status.save_failed", "保存失败", "Save failed"},
    {"status.loading", "正在加载…", "Loading…"},
    // customer list
    {"customers.new", "新建客户", "New customer"},
    {"customers.filter", "筛选", "Filter"},
    {"customers.filter_hint", "姓名、电话、单位…", "Name, phone, company…"},
    {"customers.count", "共 %d 位客户", "%d customers"},
    {"customers.empty", "还没有客户档案。点击“新建客户”开始建档。", "No customers yet. Click \"New customer\" to add the first one."},
    {"customers.no_match", "没有符合筛选条件的客户。", "No customer matches the filter."},
    {"col.name", "姓名", "Name"},
    {"col.gender", "性别", "Gender"},
    {"col.phone", "电话", "Phone"},
    {"col.region", "地区", "Region"},
    {"col.company", "单位", "Company"},
    {"col.owner", "负责人", "Owner"},
    {"col.updated", "更新时间", "Updated"},
    // customer form
    {"form.new_title", "新建客户", "New customer"},
    {"form.edit_title", "编辑客户", "Edit customer"},
    {"field.name", "姓名", "Name"},
    {"field.gender", "性别", "Gender"},
    {"field.phone", "手机", "Mobile"},
    {"field.wechat", "微信", "WeChat"},
    {"field.email", "邮箱", "Email"},
    {"field.birthday", "生日", "Birthday"},
    {"field.region", "地区", "Region"},
    {"field.address", "地址", "Address"},
    {"field.company", "工作单位", "Employer"},
    {"field.position", "职务", "Position"},
    {"field.source", "客户来源", "Source"},
    {"field.owner", "负责人", "Owner"},
    {"field.notes", "备注", "Notes"},
    {"gender.unknown", "未填", "Not given"},
    {"gender.male", "男", "Male"},
    {"gender.female", "女", "Female"},
    {"form.save", "保存", "Save"},
    {"form.cancel", "取消", "Cancel"},
    {"form.delete", "删除", "Delete"},
    {"form.delete_confirm_title", "确认删除", "Confirm delete"},
    {"form.delete_confirm", "确定删除客户“%s”吗？删除后可通过同步记录追溯。", "Delete customer \"%s\"? The deletion is kept in the history and syncs."},
    {"form.saved", "已保存", "Saved"},
    {"form.birthday_hint", "YYYY-MM-DD", "YYYY-MM-DD"},
    // errors a user can meet
    {"error.name_required", "请填写客户姓名。", "Enter the customer's name."},
    {"error.phone_invalid", "手机号码格式不正确：请输入 11 位数字（可含空格或短横线）。", "The mobile number is not valid: enter 11 digits (spaces or dashes allowed)."},
    {"error.birthday_invalid", "生日格式不正确，请按 YYYY-MM-DD 填写。", "The birthday is not valid; use YYYY-MM-DD."},
    {"error.conflict", "该客户已在别处被修改，请重新打开后再编辑；您的修改未被覆盖保存。", "This customer was changed elsewhere; reopen it and edit again. Your change was not written over it."},
    {"error.not_found", "找不到该客户，可能已被删除。", "The customer was not found; it may have been deleted."},
    {"error.bad_request", "数据格式不正确，未保存。", "The data is not valid and was not saved."},
    {"error.unknown", "操作失败，请重试。", "The operation failed; try again."},
    // storage problems (shown in a banner; nothing stored is lost)
    {"storage.unavailable", "无法使用浏览器本地存储（可能处于隐私/无痕模式或存储被禁用）。本次修改只保存在当前页面中，关闭页面后会丢失；请换用普通窗口打开。",
     "This browser's local storage cannot be used (private mode, or storage is disabled). Changes are kept only in this page and are lost when it closes; open the app in a normal window."},
    {"storage.blocked", "另一个标签页正在使用旧版本的数据库。请关闭其他打开本应用的标签页，然后刷新本页。",
     "Another tab has an older version of the database open. Close the app's other tabs, then reload this page."},
    {"storage.versionchange", "应用已在另一个标签页中更新。请刷新本页以继续；已保存的数据不受影响。",
     "The app was updated in another tab. Reload this page to continue; saved data is not affected."},
    {"storage.quota", "存储空间已满：最近 %d 条修改尚未写入本地存储，仍保留在本页中，应用会自动重试。请释放磁盘空间，或先同步到服务器。",
     "Storage is full: the last %d changes are not yet written to local storage. They are kept in this page and saving is retried. Free disk space, or sync to the server first."},
    {"storage.io", "写入本地存储失败：最近 %d 条修改仍保留在本页中，应用会自动重试。",
     "Writing to local storage failed: the last %d changes are kept in this page and saving is retried."},
    {"storage.corrupt", "有 %d 条本地记录已损坏，已跳过；其余数据已正常加载。同步后可从服务器恢复这些记录。",
     "%d stored records were damaged and skipped; everything else loaded. Syncing restores them from the server."},
    {"settings.persisted", "持久存储", "Persistent storage"},
    {"settings.persist_granted", "已获准（浏览器不会自动清除本地数据）", "Granted (the browser will not evict the data)"},
    {"settings.persist_denied", "未获准（存储紧张时浏览器可能清除本地数据，请定期同步）", "Not granted (the browser may evict data when space runs low; sync regularly)"},
    {"settings.persist_unknown", "未知", "Unknown"},
    // generic document views
    {"docs.empty", "暂无记录。", "No records yet."},
    {"docs.count", "共 %d 条记录", "%d records"},
    {"col.id", "编号", "ID"},
    {"col.type", "类型", "Type"},
    {"col.summary", "摘要", "Summary"},
    {"followups.intro", "客户的电话、微信、短信、邮件及面访记录。", "Phone, WeChat, SMS, email and visit records of customers."},
    {"complaints.intro", "客户投诉：受理 → 登记 → 调查 → 处理 → 回访。", "Customer complaints: received → registered → investigating → resolved → followed up."},
    {"boards.intro", "本周与本月待办及提醒。", "This week's and this month's tasks and reminders."},
    {"reports.intro", "客户构成统计。", "Customer composition."},
    {"reports.by_region", "按地区", "By region"},
    {"reports.by_gender", "按性别", "By gender"},
    {"reports.by_source", "按来源", "By source"},
    {"reports.unset", "（未填）", "(not set)"},
    // sync
    {"sync.intro", "本机数据保存在浏览器中，联网后可与门店服务器同步。", "Data is kept in this browser and syncs with the shop's server when online."},
    {"sync.server", "服务器地址", "Server URL"},
    {"sync.state", "状态", "State"},
    {"sync.not_configured", "尚未连接服务器。", "Not connected to a server."},
    // settings
    {"settings.language", "界面语言", "Language"},
    {"settings.font_size", "字体大小", "Font size"},
    {"settings.theme", "主题", "Theme"},
    {"settings.theme_light", "浅色", "Light"},
    {"settings.theme_dark", "深色", "Dark"},
    {"settings.storage", "本地存储", "Local storage"},
};

Language g_language = Language::Chinese;

const std::unordered_map<std::string_view, const Entry*>& index() {
    static const auto map = [] {
        std::unordered_map<std::string_view, const Entry*> m;
        for (const Entry& e : kCatalog) m.emplace(e.key, &e);
        return m;
    }();
    return map;
}

} // namespace

void setLanguage(Language language) { g_language = language; }
Language language() { return g_language; }
const char* languageCode(Language language) { return language == Language::Chinese ? "zh-CN" : "en"; }

const char* tr(std::string_view key) {
    auto it = index().find(key);
    if (it == index().end()) {
        // Unknown keys are interned so the returned pointer stays valid.
        static std::unordered_map<std::string, std::string> missing;
        auto& s = missing[std::string(key)];
        if (s.empty()) s = std::string(key);
        return s.c_str();
    }
    return g_language == Language::Chinese ? it->second->zh : it->second->en;
}

std::string allCatalogText() {
    std::string text;
    for (const Entry& e : kCatalog) {
        text += e.zh;
        text += e.en;
    }
    return text;
}

} // namespace crm::core

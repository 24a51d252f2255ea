// UI text of the customer file's purchases, attachments and delete, and the customer list's quick
// follow-up and region filter (issue 5), zh-CN and English.
#include "core/app/catalog.h"

namespace crm::core {
namespace {
const CatalogEntry kEntries[] = {
    // purchases
    {"file.tab.purchases", "购买记录", "Purchases"},
    {"doctype.purchase", "购买", "Purchase"},
    {"file.no_purchases", "还没有购买记录。", "No purchases recorded yet."},
    {"file.add_purchase", "登记购买", "Record a purchase"},
    {"file.save_purchase", "保存购买记录", "Save purchase"},
    {"file.purchases_total", "合计", "Total"},
    {"file.purchase_item_hint", "车型或项目，例如 大众 朗逸 / 延保 / 装潢",
     "Model or item, e.g. VW Lavida / extended warranty"},
    {"file.purchase_no_vehicle", "不关联车辆", "No vehicle"},
    {"field.purchase_on", "购买日期", "Date"},
    {"field.purchase_item", "车型 / 项目", "Vehicle / item"},
    {"field.purchase_amount", "金额（元）", "Amount (¥)"},
    {"field.salesperson", "销售顾问", "Salesperson"},
    {"file.error.required", "必填。", "required."},
    {"file.error.past_date", "不能早于今天。", "cannot be before today."},
    // attachments
    {"field.attachments", "附件", "Attachments"},
    {"file.attach", "添加附件…", "Add file…"},
    {"file.attach_hint", "身份证、行驶证、合同、照片等，随档案同步。",
     "ID, registration, contracts, photos; synced with the file."},
    {"file.attach_waiting", "请在弹出的窗口中选择文件…", "Choose a file in the window that opened…"},
    {"file.attach_unsupported", "此平台无法选择文件。", "This platform cannot open files."},
    {"file.attached", "已添加附件“%s”。", "Added “%s”."},
    {"file.attach_remove", "删除", "Remove"},
    {"file.attach_confirm_remove", "确认删除", "Confirm"},
    {"error.attachment_too_large", "文件超过 10 MB，无法作为附件保存，请压缩后再试。",
     "The file is larger than 10 MB and cannot be attached; make it smaller and try again."},
    // delete
    {"file.delete", "删除客户", "Delete customer"},
    // customer list
    {"col.actions", "操作", "Actions"},
    {"list.quick_followup", "跟进", "Follow up"},
    {"list.quick_followup_title", "记录跟进", "Record a follow-up"},
};
}  // namespace

extern const CatalogTable kCustomerRecordsCatalog{kEntries, sizeof kEntries / sizeof kEntries[0]};

}  // namespace crm::core

// Texts of the comfort features: search palette, shortcuts and help, instant demo, app updates.
#include "core/app/catalog.h"

namespace crm::core {
namespace {
const CatalogEntry kEntries[] = {
    {"search.title", "搜索客户", "Find a customer"},
    {"search.hint", "姓名、拼音、首字母、电话、车牌、VIN 后 6 位、单位、标签", "Name, pinyin, initials, phone, plate, VIN tail, company, tag"},
    {"search.tips", "例如：zw、zhangwei、张w、1380013、粤B12345、VIN 后 6 位。↑↓ 选择，回车打开，Esc 关闭。",
     "For example: zw, zhangwei, 张w, 1380013, 粤B12345, the last 6 of a VIN. Up/Down choose, Enter opens, Esc closes."},
    {"search.count", "%d 个结果", "%d results"},
    {"search.indexing", "正在建立搜索索引 %d%%", "Building the search index %d%%"},
    {"classes.progress", "正在分类客户 %d%%", "Classifying customers %d%%"},
    {"search.button", "搜索 Ctrl+K", "Search Ctrl+K"},
    {"search.field_name", "姓名", "Name"},
    {"search.field_phone", "电话", "Phone"},
    {"search.field_plate", "车牌", "Plate"},
    {"search.field_vin", "VIN", "VIN"},
    {"search.field_company", "单位", "Company"},
    {"search.field_tag", "标签", "Tag"},
    {"help.title", "键盘快捷键与帮助", "Keyboard shortcuts and help"},
    {"help.search", "搜索客户", "Find a customer"},
    {"help.new_customer", "新建客户", "New customer"},
    {"help.save", "保存当前表单", "Save the open form"},
    {"help.next_record", "下一个客户档案", "Next customer file"},
    {"help.previous_record", "上一个客户档案", "Previous customer file"},
    {"help.help", "打开或关闭本帮助", "Show or hide this help"},
    {"help.close", "关闭搜索或对话框", "Close search or a dialog"},
    {"help.tips",
     "中文输入法、粘贴（Ctrl+V）、复制（Ctrl+C）和剪切（Ctrl+X）在所有输入框中可用。打开过一次后，本应用在没有网络时也能加载；"
     "有新版本时会在顶部提示“重新加载以更新”。字号和深色主题在“设置”中调整。",
     "Chinese input methods, paste (Ctrl+V), copy (Ctrl+C) and cut (Ctrl+X) work in every field. Once opened, the app "
     "also loads with no network; a new version is offered at the top as \"reload to update\". Font size and the dark "
     "theme are in Settings."},
    {"demo.banner", "演示数据：这里是自动生成的示例客户，不是真实数据。", "Demo data: these customers are generated examples, not real data."},
    {"demo.exit", "返回真实数据", "Back to the real data"},
    {"demo.offer", "还没有客户。可以新建客户，或者先打开演示数据看看（演示数据单独保存，不会混入真实数据）。",
     "No customers yet. Create one, or open the demo data first (kept separately, never mixed with real data)."},
    {"demo.open", "打开演示数据", "Open the demo data"},
    {"demo.stopped", "演示数据未能全部生成：此浏览器的内存不足，已在 %d / %d 位客户处停止。已生成的数据可以正常使用。",
     "The demo data could not be completed: this browser ran out of memory, so generation stopped at %d of %d customers. What was generated works normally."},
    {"demo.progress", "正在生成演示数据 %d / %d", "Generating demo data %d / %d"},
    {"update.ready", "新版本已下载完毕。", "A new version has been downloaded."},
    {"update.reload", "重新加载以更新", "Reload to update"},
};
} // namespace

extern const CatalogTable kComfortCatalog = {kEntries, sizeof kEntries / sizeof kEntries[0]};

} // namespace crm::core

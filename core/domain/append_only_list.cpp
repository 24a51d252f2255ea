// Union of append-only lists (append_only_list.h).
#include "core/domain/append_only_list.h"

#include "core/json_field.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace crm::core {

Json unionAppendOnly(const Json& a, const Json& b) {
    std::vector<Json> all;
    std::set<std::string> seen;
    for (const Json* list : {&a, &b}) {
        if (!list->is_array()) continue;
        for (const Json& entry : *list) {
            std::string id = stringField(entry, "id");
            if (seen.insert(id.empty() ? entry.dump() : id).second) all.push_back(entry);
        }
    }
    std::stable_sort(all.begin(), all.end(), [](const Json& x, const Json& y) {
        return std::make_pair(stringField(x, "at"), stringField(x, "id")) <
               std::make_pair(stringField(y, "at"), stringField(y, "id"));
    });
    return Json(all);
}

}  // namespace crm::core

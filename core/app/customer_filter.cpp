// Customer filters, saved views and the filtered list cache.
#include "core/app/customer_filter.h"

#include "core/app/customer.h"

#include <algorithm>
#include <map>

namespace crm::core {
namespace {

CustomerColumn columnFromKey(const std::string& key) {
    if (key == "gender") return CustomerColumn::Gender;
    if (key == "phone") return CustomerColumn::Phone;
    if (key == "region") return CustomerColumn::Region;
    if (key == "company") return CustomerColumn::Company;
    if (key == "owner") return CustomerColumn::Owner;
    if (key == "updated") return CustomerColumn::Updated;
    if (key == "class") return CustomerColumn::ValueClass;
    if (key == "lifecycle") return CustomerColumn::Lifecycle;
    if (key == "loyalty") return CustomerColumn::Loyalty;
    if (key == "warranty") return CustomerColumn::Warranty;
    if (key == "important") return CustomerColumn::Important;
    return CustomerColumn::Name;
}

const char* columnKey(CustomerColumn c) {
    switch (c) {
        case CustomerColumn::Name:
            return "name";
        case CustomerColumn::Gender:
            return "gender";
        case CustomerColumn::Phone:
            return "phone";
        case CustomerColumn::Region:
            return "region";
        case CustomerColumn::Company:
            return "company";
        case CustomerColumn::Owner:
            return "owner";
        case CustomerColumn::Updated:
            return "updated";
        case CustomerColumn::ValueClass:
            return "class";
        case CustomerColumn::Lifecycle:
            return "lifecycle";
        case CustomerColumn::Loyalty:
            return "loyalty";
        case CustomerColumn::Warranty:
            return "warranty";
        case CustomerColumn::Important:
            return "important";
    }
    return "name";
}

bool isComputed(CustomerColumn c) {
    return c >= CustomerColumn::ValueClass;
}

// A computed column's sort key, best first: A < B < C, potential < intent < closed, loyal < flexible < lost <
// never visited, in warranty < out < no terms, important < not. Unclassified customers sort last.
int classRank(const CustomerClassification* c, CustomerColumn column) {
    if (!c) return 100;
    switch (column) {
        case CustomerColumn::ValueClass:
            return int(c->valueClass);
        case CustomerColumn::Lifecycle:
            return int(c->lifecycle);
        case CustomerColumn::Loyalty:
            return c->loyalty == Loyalty::None ? 3 : int(c->loyalty) - 1;
        case CustomerColumn::Warranty:
            return c->warranty == CustomerWarranty::None ? 2 : int(c->warranty) - 1;
        case CustomerColumn::Important:
            return c->important ? 0 : 1;
        default:
            return 0;
    }
}

}  // namespace

std::string_view warrantyKey(CustomerWarranty w) {
    switch (w) {
        case CustomerWarranty::None:
            return "none";
        case CustomerWarranty::In:
            return "in";
        case CustomerWarranty::Out:
            return "out";
    }
    return "none";
}

std::vector<std::pair<std::string, size_t>> regionCounts(const CustomerList& list) {
    std::map<std::string, size_t> counts;
    for (const CustomerRow& row : list.rows()) {
        if (!row.region.empty()) ++counts[row.region];
    }
    return {counts.begin(), counts.end()};
}

bool CustomerFilter::active() const {
    return !valueClass.empty() || !lifecycle.empty() || !loyalty.empty() || !warranty.empty() || importantOnly ||
           !region.empty() || subset;
}

bool CustomerFilter::matches(const CustomerRow& row, const CustomerClassification* c) const {
    if (!region.empty() && row.region != region) return false;
    if (subset && !subset->ids.count(row.id)) return false;
    if (!valueClass.empty() || !lifecycle.empty() || !loyalty.empty() || !warranty.empty() || importantOnly) {
        if (!c) return false;  // not classified yet
        if (!valueClass.empty() && valueClassKey(c->valueClass) != valueClass) return false;
        if (!lifecycle.empty() && lifecycleKey(c->lifecycle) != lifecycle) return false;
        if (!loyalty.empty() && loyaltyKey(c->loyalty) != loyalty) return false;
        if (!warranty.empty() && warrantyKey(c->warranty) != warranty) return false;
        if (importantOnly && !c->important) return false;
    }
    return true;
}

Json CustomerFilter::toJson() const {
    Json j = Json::object();
    if (!text.empty()) j["text"] = text;
    if (!valueClass.empty()) j["value_class"] = valueClass;
    if (!lifecycle.empty()) j["lifecycle"] = lifecycle;
    if (!loyalty.empty()) j["loyalty"] = loyalty;
    if (!warranty.empty()) j["warranty"] = warranty;
    if (importantOnly) j["important"] = true;
    if (!region.empty()) j["region"] = region;
    return j;
}

CustomerFilter CustomerFilter::fromJson(const Json& j) {
    CustomerFilter f;
    if (!j.is_object()) return f;
    f.text = stringField(j, "text");
    f.valueClass = stringField(j, "value_class");
    f.lifecycle = stringField(j, "lifecycle");
    f.loyalty = stringField(j, "loyalty");
    f.warranty = stringField(j, "warranty");
    f.region = stringField(j, "region");
    auto it = j.find("important");
    f.importantOnly = it != j.end() && it->is_boolean() && it->get<bool>();
    return f;
}

Json SavedView::toDoc() const {
    Json doc{{"type", "view"},
             {"view_of", "customers"},
             {"name", name},
             {"filter", filter.toJson()},
             {"sort", {{"column", columnKey(sortColumn)}, {"ascending", ascending}}},
             {"columns", columns}};
    if (!id.empty()) doc["_id"] = id;
    if (!rev.empty()) doc["_rev"] = rev;
    return doc;
}

SavedView SavedView::fromDoc(const Json& doc) {
    SavedView v;
    v.id = stringField(doc, "_id");
    v.rev = stringField(doc, "_rev");
    v.name = stringField(doc, "name");
    if (auto it = doc.find("filter"); it != doc.end()) v.filter = CustomerFilter::fromJson(*it);
    if (auto it = doc.find("sort"); it != doc.end() && it->is_object()) {
        v.sortColumn = columnFromKey(stringField(*it, "column"));
        auto asc = it->find("ascending");
        v.ascending = asc == it->end() || !asc->is_boolean() || asc->get<bool>();
    }
    if (auto it = doc.find("columns"); it != doc.end() && it->is_array()) {
        for (const Json& c : *it) {
            if (c.is_string()) v.columns.push_back(c.get<std::string>());
        }
    }
    return v;
}

const std::vector<const CustomerRow*>& FilteredCustomers::view(CustomerList& list, const ClassificationService& classes,
                                                               const CustomerFilter& filter, CustomerColumn column,
                                                               bool ascending) {
    if (m_valid && m_listGeneration == list.generation() && m_classGeneration == classes.generation() &&
        m_filter == filter && m_column == column && m_ascending == ascending) {
        return m_view;
    }
    const bool computed = isComputed(column);
    // Computed columns: name order from the list, then a stable sort by class keeps names in order within a class.
    const std::vector<const CustomerRow*>& base =
        list.view(filter.text, computed ? CustomerColumn::Name : column, computed || ascending);
    m_view.clear();
    if (!filter.active()) {
        m_view = base;
    } else {
        for (const CustomerRow* row : base) {
            if (filter.matches(*row, classes.classOf(row->id))) m_view.push_back(row);
        }
    }
    if (computed) {
        std::vector<std::pair<int, const CustomerRow*>> keyed;
        keyed.reserve(m_view.size());
        for (const CustomerRow* row : m_view) {
            int rank = classRank(classes.classOf(row->id), column);
            keyed.emplace_back(ascending || rank == 100 ? rank : -rank, row);  // unclassified stay last
        }
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (size_t i = 0; i < keyed.size(); ++i)
            m_view[i] = keyed[i].second;
    }
    m_valid = true;
    m_listGeneration = list.generation();
    m_classGeneration = classes.generation();
    m_filter = filter;
    m_column = column;
    m_ascending = ascending;
    return m_view;
}

}  // namespace crm::core

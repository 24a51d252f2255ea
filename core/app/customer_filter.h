// Combinable customer-list filters over the computed classification (value class, lifecycle, loyalty,
// warranty, important, region) and a set of customers picked elsewhere (a survey cluster), saved views (named filter + sort + columns, documents of type "view", so
// they sync), and the cached filtered view of the list.
#pragma once
#include "core/app/classification_service.h"
#include "core/app/customer_list.h"

#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

namespace crm::core {

// Customers picked elsewhere — a cluster of the survey analysis — that the list narrows to; the list shows it as
// a chip naming the cluster, removed with a click. Not saved in views (it is a snapshot of one analysis).
struct CustomerSubset {
    int cluster = 0;  // the cluster's number on the analysis screen (1-based)
    std::unordered_set<std::string> ids;
};

struct CustomerFilter {
    std::string text;        // the list's search box
    std::string valueClass;  // "" (any) | "A" | "B" | "C"
    std::string lifecycle;   // "" | "potential" | "intent" | "closed"
    std::string loyalty;     // "" | "loyal" | "flexible" | "lost" | "none"
    std::string warranty;    // "" | "in" | "out" | "none"
    bool importantOnly = false;
    std::string region;  // exact region, "" = any
    std::shared_ptr<const CustomerSubset> subset;  // only these customers (null: all)

    bool operator==(const CustomerFilter&) const = default;
    bool active() const;  // any classification filter set (text excluded)
    bool matches(const CustomerRow& row, const CustomerClassification* c) const;
    Json toJson() const;
    static CustomerFilter fromJson(const Json& json);
};

std::string_view warrantyKey(CustomerWarranty w);  // "none" | "in" | "out"

// The regions customers are in (non-empty, distinct, sorted), with how many customers each: the region filter.
std::vector<std::pair<std::string, size_t>> regionCounts(const CustomerList& list);

struct SavedView {
    std::string id;
    std::string rev;
    std::string name;
    CustomerFilter filter;
    CustomerColumn sortColumn = CustomerColumn::Name;
    bool ascending = true;
    std::vector<std::string> columns;  // visible optional columns, e.g. "class", "lifecycle"

    Json toDoc() const;  // type "view", view_of "customers"
    static SavedView fromDoc(const Json& doc);
};

// The customer list filtered by text and classification, sorted; rebuilt only when the rows, the
// classification results, the filter or the sort change.
class FilteredCustomers {
public:
    const std::vector<const CustomerRow*>& view(CustomerList& list, const ClassificationService& classes,
                                                const CustomerFilter& filter, CustomerColumn column, bool ascending);

private:
    std::vector<const CustomerRow*> m_view;
    bool m_valid = false;
    uint64_t m_listGeneration = 0;
    uint64_t m_classGeneration = 0;
    CustomerFilter m_filter;
    CustomerColumn m_column = CustomerColumn::Name;
    bool m_ascending = true;
};

}  // namespace crm::core

// The rows behind the customer list screen: one row per live customer, kept up to date from the
// store's change listener, with a cached filtered + sorted view that is rebuilt only when needed.
#pragma once
#include "core/json.h"
#include "core/search/slot_table.h"

#include <cstdint>
#include <string>
#include <vector>

namespace crm::core {

struct CustomerRow {
    std::string id;
    std::string name;
    std::string gender;
    std::string phone;
    std::string region;
    std::string company;
    std::string owner;
    std::string source;
    std::string updatedAt;
    // (The filter box matches name, phone, its digits, company and region, read in place: no copy per row.)
};

// The last five are computed (classification): CustomerList sorts them by name, FilteredCustomers by class.
enum class CustomerColumn { Name, Gender, Phone, Region, Company, Owner, Updated, ValueClass, Lifecycle, Loyalty, Warranty, Important };

class CustomerList {
public:
    // Puts, replaces or (doc == nullptr) removes the row of customer `id`.
    void update(const std::string& id, const Json* doc);
    void clear();

    size_t size() const { return m_rows.size(); }
    uint64_t generation() const { return m_generation; }  // bumped by every row change
    const CustomerRow* find(const std::string& id) const;
    const std::vector<CustomerRow>& rows() const { return m_rows; }  // in no particular order

    // The rows that contain `filter` (case-insensitive, phone digits), sorted. Cached until rows,
    // filter or sort change, so calling it every frame costs nothing; after a few rows were put or replaced
    // only those are sorted and merged into the previous order.
    const std::vector<const CustomerRow*>& view(const std::string& filter, CustomerColumn column, bool ascending);

private:
    void markChanged(size_t index);
    std::string_view idOf(uint32_t index) const { return m_rows[index].id; }
    uint32_t indexOf(std::string_view id) const;  // SlotTable::kNone: no row

    std::vector<CustomerRow> m_rows;
    SlotTable m_indexById;  // row indices by the rows' own ids (no copy of an id)
    uint64_t m_generation = 1;

    std::vector<uint32_t> m_changed;  // rows put or replaced since the view was built
    std::vector<bool> m_isChanged;    // by row index
    bool m_removedSinceView = false;  // indices moved: the view is built afresh
    std::vector<uint32_t> m_order;    // the view as row indices
    std::vector<const CustomerRow*> m_view;
    uint64_t m_viewGeneration = 0;
    std::string m_viewFilter;
    CustomerColumn m_viewColumn = CustomerColumn::Name;
    bool m_viewAscending = true;
};

} // namespace crm::core

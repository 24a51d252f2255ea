// Customer list rows and their cached filtered/sorted view.
#include "core/app/customer_list.h"

#include "core/app/customer.h"

#include <algorithm>
#include <cctype>

namespace crm::core {
namespace {

std::string lowerAscii(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

CustomerRow rowFromDoc(const std::string& id, const Json& doc) {
    CustomerForm form = customerFormFromDoc(doc);
    CustomerRow row;
    row.id = id;
    row.name = form.name;
    row.gender = form.gender;
    row.phone = form.phone;
    row.region = form.region;
    row.company = form.company;
    row.owner = form.owner;
    row.source = form.source;
    row.updatedAt = stringField(doc, "updated_at");
    row.searchText = lowerAscii(form.name + "\n" + phoneDigits(form.phone) + "\n" + form.phone + "\n" + form.company +
                                "\n" + form.region);
    return row;
}

const std::string& columnValue(const CustomerRow& row, CustomerColumn column) {
    switch (column) {
    case CustomerColumn::Name: return row.name;
    case CustomerColumn::Gender: return row.gender;
    case CustomerColumn::Phone: return row.phone;
    case CustomerColumn::Region: return row.region;
    case CustomerColumn::Company: return row.company;
    case CustomerColumn::Owner: return row.owner;
    case CustomerColumn::Updated: return row.updatedAt;
    default: return row.name;  // computed columns: FilteredCustomers orders them
    }
}

} // namespace

void CustomerList::update(const std::string& id, const Json* doc) {
    auto it = m_indexById.find(id);
    if (!doc && it == m_indexById.end()) return;  // not a customer: the cached view stays valid
    ++m_generation;
    if (!doc) {
        size_t index = it->second;
        m_indexById.erase(it);
        if (index != m_rows.size() - 1) {
            m_rows[index] = std::move(m_rows.back());
            m_indexById[m_rows[index].id] = index;
        }
        m_rows.pop_back();
        return;
    }
    if (it == m_indexById.end()) {
        m_indexById.emplace(id, m_rows.size());
        m_rows.push_back(rowFromDoc(id, *doc));
    } else {
        m_rows[it->second] = rowFromDoc(id, *doc);
    }
}

void CustomerList::clear() {
    ++m_generation;
    m_rows.clear();
    m_indexById.clear();
}

const CustomerRow* CustomerList::find(const std::string& id) const {
    auto it = m_indexById.find(id);
    return it == m_indexById.end() ? nullptr : &m_rows[it->second];
}

const std::vector<const CustomerRow*>& CustomerList::view(const std::string& filter, CustomerColumn column,
                                                            bool ascending) {
    std::string needle = lowerAscii(filter);
    if (m_viewGeneration == m_generation && m_viewFilter == needle && m_viewColumn == column &&
        m_viewAscending == ascending) {
        return m_view;
    }
    m_view.clear();
    std::string digits = phoneDigits(filter);
    for (const CustomerRow& row : m_rows) {
        if (needle.empty() || row.searchText.find(needle) != std::string::npos ||
            (digits.size() >= 3 && row.searchText.find(digits) != std::string::npos)) {
            m_view.push_back(&row);
        }
    }
    std::sort(m_view.begin(), m_view.end(), [&](const CustomerRow* a, const CustomerRow* b) {
        const std::string& x = columnValue(*a, column);
        const std::string& y = columnValue(*b, column);
        if (x != y) return ascending ? x < y : x > y;
        return a->id < b->id;
    });
    m_viewGeneration = m_generation;
    m_viewFilter = needle;
    m_viewColumn = column;
    m_viewAscending = ascending;
    return m_view;
}

} // namespace crm::core

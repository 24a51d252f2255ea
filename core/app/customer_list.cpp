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
    return row;
}

// Whether `text` contains `needle` (lower-case ASCII), ASCII letters compared in either case.
bool containsFolded(const std::string& text, const std::string& needle) {
    return std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
           }) != text.end();
}

// The filter box: `needle` in the row's name, phone (or its digits), company or region.
bool rowContains(const CustomerRow& row, const std::string& needle) {
    return containsFolded(row.name, needle) || containsFolded(row.phone, needle) ||
           containsFolded(row.company, needle) || containsFolded(row.region, needle) ||
           containsFolded(phoneDigits(row.phone), needle);
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
    const uint32_t index = indexOf(id);
    if (!doc && index == SlotTable::kNone) return;  // not a customer: the cached view stays valid
    ++m_generation;
    const auto rowId = [this](uint32_t row) { return idOf(row); };
    if (!doc) {
        m_indexById.erase(id, rowId);
        if (index != m_rows.size() - 1) {
            m_indexById.moved(m_rows.back().id, index, rowId);  // (found by the last row's id, so before the move)
            m_rows[index] = std::move(m_rows.back());
        }
        m_rows.pop_back();
        m_removedSinceView = true;  // row indices moved: the next view is built afresh
        return;
    }
    if (index == SlotTable::kNone) {
        m_rows.push_back(rowFromDoc(id, *doc));
        m_indexById.insert(static_cast<uint32_t>(m_rows.size() - 1), rowId);
        markChanged(m_rows.size() - 1);
    } else {
        m_rows[index] = rowFromDoc(id, *doc);
        markChanged(index);
    }
}

uint32_t CustomerList::indexOf(std::string_view id) const {
    return m_indexById.find(id, [this](uint32_t row) { return idOf(row); });
}

void CustomerList::markChanged(size_t index) {
    if (m_isChanged.size() < m_rows.size()) m_isChanged.resize(m_rows.size(), false);
    if (m_isChanged[index]) return;
    m_isChanged[index] = true;
    m_changed.push_back(static_cast<uint32_t>(index));
}

void CustomerList::clear() {
    ++m_generation;
    m_rows.clear();
    m_indexById.clear();
    m_removedSinceView = true;
}

const CustomerRow* CustomerList::find(const std::string& id) const {
    const uint32_t index = indexOf(id);
    return index == SlotTable::kNone ? nullptr : &m_rows[index];
}

const std::vector<const CustomerRow*>& CustomerList::view(const std::string& filter, CustomerColumn column,
                                                            bool ascending) {
    std::string needle = lowerAscii(filter);
    const bool sameQuery =
        m_viewGeneration != 0 && m_viewFilter == needle && m_viewColumn == column && m_viewAscending == ascending;
    if (sameQuery && m_viewGeneration == m_generation) return m_view;
    std::string digits = phoneDigits(filter);
    auto matches = [&](const CustomerRow& row) {
        return needle.empty() || rowContains(row, needle) || (digits.size() >= 3 && rowContains(row, digits));
    };
    auto before = [&](uint32_t a, uint32_t b) {
        const std::string& x = columnValue(m_rows[a], column);
        const std::string& y = columnValue(m_rows[b], column);
        if (x != y) return ascending ? x < y : x > y;
        return m_rows[a].id < m_rows[b].id;
    };
    m_isChanged.resize(m_rows.size(), false);
    if (sameQuery && !m_removedSinceView && m_changed.size() * 4 <= m_rows.size()) {
        // A few rows put or replaced (a sync streaming in): the rest keep their order, the changed ones are
        // sorted and each is placed by binary search — no re-sort, nor a comparison with each of 100,000 rows,
        // every frame.
        std::vector<uint32_t> changed;
        for (uint32_t i : m_changed) {
            if (matches(m_rows[i])) changed.push_back(i);
        }
        std::sort(changed.begin(), changed.end(), before);
        std::vector<uint32_t> kept;
        kept.reserve(m_order.size());
        for (uint32_t i : m_order) {
            if (!m_isChanged[i]) kept.push_back(i);
        }
        m_order.clear();
        auto from = kept.begin();
        for (uint32_t i : changed) {
            auto at = std::upper_bound(from, kept.end(), i, before);
            m_order.insert(m_order.end(), from, at);
            m_order.push_back(i);
            from = at;
        }
        m_order.insert(m_order.end(), from, kept.end());
    } else {
        m_order.clear();
        for (uint32_t i = 0; i < m_rows.size(); ++i) {
            if (matches(m_rows[i])) m_order.push_back(i);
        }
        std::sort(m_order.begin(), m_order.end(), before);
    }
    for (uint32_t i : m_changed) {
        if (i < m_isChanged.size()) m_isChanged[i] = false;
    }
    m_changed.clear();
    m_removedSinceView = false;
    m_view.clear();
    for (uint32_t i : m_order) m_view.push_back(&m_rows[i]);
    m_viewGeneration = m_generation;
    m_viewFilter = needle;
    m_viewColumn = column;
    m_viewAscending = ascending;
    return m_view;
}

} // namespace crm::core

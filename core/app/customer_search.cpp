// CustomerSearch: store listener (customers and vehicles → queued customer ids) and sliced re-indexing.
#include "core/app/customer_search.h"

#include "core/app/customer.h"

namespace crm::core {

CustomerSearch::CustomerSearch(DocumentStore& store) : m_store(store) {
    m_listener = m_store.addListener([this](const Change& change) { onChange(change); });
}

CustomerSearch::~CustomerSearch() { m_store.removeListener(m_listener); }

void CustomerSearch::enqueue(const std::string& customerId) {
    if (customerId.empty() || !m_queued.insert(customerId).second) return;
    if (m_queue.empty()) m_batchDone = m_batchTotal = 0;
    m_queue.push_back(customerId);
    ++m_batchTotal;
}

void CustomerSearch::reloadAll() {
    m_vehicleOwner.clear();
    m_vehiclesOf.clear();
    for (const std::string& vehicleId : m_store.idsOfType("vehicle")) {
        std::string owner = m_store.winningField(vehicleId, "customer_id");
        if (owner.empty()) continue;
        m_vehiclesOf[owner].insert(vehicleId);
        m_vehicleOwner.emplace(vehicleId, std::move(owner));
    }
    m_index.clear();
    for (const std::string& id : m_store.idsOfType("customer")) enqueue(id);
}

void CustomerSearch::onChange(const Change& change) {
    if (change.reloaded) {
        reloadAll();
        return;
    }
    const std::string& type = change.type;
    std::optional<Json> doc;
    if (type == "vehicle") doc = m_store.winningBody(change.id);
    // A vehicle that was deleted, changed type or moved to another customer leaves its old owner.
    auto owned = m_vehicleOwner.find(change.id);
    std::string owner = type == "vehicle" ? stringField(*doc, "customer_id") : std::string();
    if (owned != m_vehicleOwner.end() && owned->second != owner) {
        m_vehiclesOf[owned->second].erase(change.id);
        enqueue(owned->second);
        m_vehicleOwner.erase(owned);
    }
    if (type == "vehicle") {
        if (!owner.empty()) {
            m_vehicleOwner[change.id] = owner;
            m_vehiclesOf[owner].insert(change.id);
            enqueue(owner);
        }
    } else if (type == "customer" || m_index.find(change.id)) {
        enqueue(change.id);  // a new or changed customer, or one that is gone
    }
}

void CustomerSearch::reindex(const std::string& customerId) {
    std::optional<Json> customer = m_store.get(customerId);
    if (!customer || stringField(*customer, "type") != "customer") {
        m_index.remove(customerId);
        return;
    }
    std::vector<Json> vehicles;
    if (auto it = m_vehiclesOf.find(customerId); it != m_vehiclesOf.end()) {
        for (const std::string& vehicleId : it->second) {
            if (std::optional<Json> v = m_store.get(vehicleId)) vehicles.push_back(std::move(*v));
        }
    }
    m_index.upsert(SearchEntry::fromDocs(*customer, vehicles));
}

bool CustomerSearch::step(size_t budget) {
    for (size_t k = 0; k < budget && !m_queue.empty(); ++k) {
        std::string id = std::move(m_queue.front());
        m_queue.pop_front();
        m_queued.erase(id);
        reindex(id);
        ++m_batchDone;
    }
    return !m_queue.empty();
}

float CustomerSearch::progress() const {
    if (m_queue.empty() || m_batchTotal == 0) return 1.0f;
    return static_cast<float>(m_batchDone) / static_cast<float>(m_batchTotal);
}

std::vector<SearchHit> CustomerSearch::search(std::string_view query, size_t limit) {
    return m_session.search(query, limit);
}

} // namespace crm::core

// CustomerSearch: store listener (customers and vehicles → queued customer ids) and sliced re-indexing.
#include "core/app/customer_search.h"

#include "core/app/customer.h"

namespace crm::core {

CustomerSearch::CustomerSearch(DocumentStore& store)
    : m_store(store),
      m_listener(store.addListener([this](const Change& change) { onChange(change); })),
      m_owners(store, "vehicle_owner", SecondaryIndex::Field{"customer_id"}, "vehicle") {}

CustomerSearch::~CustomerSearch() { m_store.removeListener(m_listener); }

void CustomerSearch::enqueue(const std::string& customerId) {
    StoreIdRef customer = m_store.idRef(customerId);
    if (customer == kNoStoreId || !m_queued.insert(customer).second) return;
    if (m_queue.empty()) m_batchDone = m_batchTotal = 0;
    m_queue.push_back(customer);
    ++m_batchTotal;
}

void CustomerSearch::reloadAll() {
    m_index.clear();
    const std::vector<std::string> customers = m_store.idsOfType("customer");
    m_index.reserve(customers.size());
    for (const std::string& id : customers) enqueue(id);
    m_shrinkWhenDone = true;
}

void CustomerSearch::onChange(const Change& change) {
    if (change.reloaded) {
        if (change.recordsStage) return;  // no customers nor vehicles among the records (segment.h's stages)
        reloadAll();  // (m_owners rebuilds itself when it hears of the load, after us)
        return;
    }
    // A vehicle that was edited, deleted, changed type or moved to another customer: its owner until now.
    // (While the owner index is rebuilt after a load, every customer is still queued: nothing to look up.)
    if (!m_owners.stale()) {
        for (const std::string& before : m_owners.keysOf(change.id)) enqueue(before);
    }
    if (change.type == "vehicle")
        enqueue(m_store.winningField(change.id, "customer_id"));
    else if (change.type == "customer" || m_index.contains(change.id))
        enqueue(change.id);  // a new or changed customer, or one that is gone
}

void CustomerSearch::reindex(const std::string& customerId) {
    std::optional<Json> customer = m_store.get(customerId);
    if (!customer || stringField(*customer, "type") != "customer") {
        m_index.remove(customerId);
        return;
    }
    std::vector<Json> vehicles;
    for (const std::string& vehicleId : m_owners.lookup(customerId)) {
        if (std::optional<Json> v = m_store.get(vehicleId)) vehicles.push_back(std::move(*v));
    }
    m_index.upsert(SearchEntry::fromDocs(*customer, vehicles));
}

bool CustomerSearch::step(size_t budget) {
    if (m_owners.stale()) {  // after a load: the owners first, in steps (re-indexing reads them)
        m_owners.buildStep(kOwnerEntriesPerStep);
        return true;
    }
    for (size_t k = 0; k < budget && !m_queue.empty(); ++k) {
        StoreIdRef id = m_queue.front();
        m_queue.pop_front();
        m_queued.erase(id);
        reindex(idText(m_store, id));
        ++m_batchDone;
    }
    if (m_queue.empty()) {
        std::unordered_set<StoreIdRef>().swap(m_queued);  // its buckets, sized for the whole load
        if (m_shrinkWhenDone) {
            m_index.shrinkToFit();
            m_shrinkWhenDone = false;
        }
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

// The customer search index kept up to date from the document store: every change to a customer or one
// of its vehicles queues the customer, and step() re-indexes queued customers in small slices so that
// neither start-up (every record streaming in) nor a big import ever blocks a frame.
#pragma once
#include "core/app/store_id_ref.h"
#include "core/search/search_index.h"
#include "core/store/document_store.h"
#include "core/store/secondary_index.h"

#include <deque>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace crm::core {

class CustomerSearch {
public:
    explicit CustomerSearch(DocumentStore& store);
    ~CustomerSearch();
    CustomerSearch(const CustomerSearch&) = delete;
    CustomerSearch& operator=(const CustomerSearch&) = delete;

    // Re-indexes up to `budget` queued customers; true while more are queued. After a load, the steps first
    // rebuild the vehicles' owner index, kOwnerEntriesPerStep of the store's entries a step.
    bool step(size_t budget);
    static constexpr size_t kOwnerEntriesPerStep = 2048;
    size_t pending() const { return m_queue.size(); }
    // Share of the current batch of queued work that is done (1 when idle), for a progress bar.
    float progress() const;
    size_t batchTotal() const { return m_batchTotal; }

    // Search-as-you-type over the indexed customers (see SearchSession).
    std::vector<SearchHit> search(std::string_view query, size_t limit = SearchIndex::kDefaultLimit);
    const SearchIndex& index() const { return m_index; }
    // Vehicles by customer_id. Vehicles load in the first stage and this index is not rebuilt when the records
    // come in, so it answers while they load (the customer file's vehicles tab).
    const SecondaryIndex& vehicleOwners() const { return m_owners; }

private:
    void onChange(const Change& change);
    void reloadAll();  // after a bulk load: every customer queued
    void enqueue(const std::string& customerId);  // a customer the store has (others are ignored)
    void reindex(const std::string& customerId);

    DocumentStore& m_store;
    // Registered before m_owners' own listener, so onChange still finds there the customer a changed vehicle
    // belonged to before the change.
    int m_listener = 0;
    SecondaryIndex m_owners;  // vehicles by customer_id (ids held as the store's own, each owner once)
    SearchIndex m_index;
    SearchSession m_session{m_index};
    std::deque<StoreIdRef> m_queue;
    std::unordered_set<StoreIdRef> m_queued;
    bool m_shrinkWhenDone = false;  // a bulk load's re-indexing: the index gives back its spare room at the end
    size_t m_batchDone = 0;
    size_t m_batchTotal = 0;
};

} // namespace crm::core

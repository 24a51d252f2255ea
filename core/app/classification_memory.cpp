// ClassificationService::memoryStats: what the classification's parts hold, estimated from sizes and capacities.
#include "core/app/classification_service.h"

namespace crm::core {
namespace {

size_t heapOf(const std::string& s) {
    return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;  // beyond the inline buffer
}
template <class T>
size_t arrayOf(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}
template <class Hash>
size_t hashOf(const Hash& h) {  // a node per element (next pointer, cached hash, value) and a bucket array
    return h.size() * (2 * sizeof(void*) + sizeof(typename Hash::value_type)) + h.bucket_count() * sizeof(void*);
}
}  // namespace

ClassificationService::MemoryStats ClassificationService::memoryStats() const {
    MemoryStats s;
    s.customers = m_facts.size();
    s.facts = arrayOf(m_facts);
    for (size_t i = 0; i < m_facts.size(); ++i) {
        s.facts += heapOf(m_facts[i].packed);
        const CustomerFacts f = unpack(i).facts;
        s.visits += f.visits.size();
        s.vehicles += f.vehicles.size();
        for (const VehicleFacts& v : f.vehicles) s.readings += v.odometer.readings().size();
    }
    s.classes = arrayOf(m_classes) + arrayOf(m_spends);
    s.customerIndex = hashOf(m_index);
    s.agenda = arrayOf(m_agenda.overdue) + arrayOf(m_agenda.today) + arrayOf(m_agenda.thisWeek);
    s.reminders = m_agenda.overdue.size() + m_agenda.today.size() + m_agenda.thisWeek.size();
    s.queues = hashOf(m_dirty) + hashOf(m_pendingRank);
    return s;
}

}  // namespace crm::core

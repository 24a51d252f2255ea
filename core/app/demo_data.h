// Realistic, deterministic demo data for the instant demo: Chinese customers with vehicles (valid VINs and
// plates), service histories, follow-ups, complaints at every stage, surveys and loyalty points.
#pragma once
#include "core/domain/civil_date.h"
#include "core/json.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace crm::core {

struct DemoOptions {
    uint64_t seed = 20240601;
    size_t customers = 10000;
    CivilDate today{2024, 6, 1};  // dates are spread over the years before this day
};

// Customer i's documents depend only on (seed, i, today), so the data can be generated in any slices.
// Customer 0 is always 张伟 (the name the tour and the tests look for); no other customer is called 张伟.
class DemoGenerator {
public:
    explicit DemoGenerator(DemoOptions options = {}) : m_options(options) {}

    // Every document of customer `index`: the customer first, then vehicles, service records, follow-ups,
    // complaints, surveys and points entries. Ids are "<type>:demo-<index>-<n>".
    std::vector<Json> customerDocs(size_t index) const;
    // Appends the documents of up to `maxCustomers` further customers; false once all are generated.
    bool next(std::vector<Json>& out, size_t maxCustomers);

    // Continues an interrupted fill: customers before `index` are taken as written.
    void resumeAt(size_t index) { m_next = index < m_options.customers ? index : m_options.customers; }
    size_t generated() const { return m_next; }
    size_t total() const { return m_options.customers; }
    const DemoOptions& options() const { return m_options; }

    // The _id of customer `index` ("customer:demo-000000").
    static std::string customerId(size_t index);

private:
    DemoOptions m_options;
    size_t m_next = 0;
};

} // namespace crm::core

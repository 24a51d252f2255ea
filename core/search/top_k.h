// The best k of a stream of items under a strict "better" order, without storing or sorting the rest:
// a heap of the k kept so far whose front is the worst of them, so most items are turned away by one
// comparison.
#pragma once
#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace crm::core {

template <typename T, typename Better>
class TopK {
public:
    TopK(std::size_t k, Better better) : m_k(k), m_better(std::move(better)) {
        m_items.reserve(std::min<std::size_t>(k, 1024));
    }

    void offer(const T& item) {
        if (m_items.size() < m_k) {
            m_items.push_back(item);
            std::push_heap(m_items.begin(), m_items.end(), m_better);
        } else if (m_k != 0 && m_better(item, m_items.front())) {
            std::pop_heap(m_items.begin(), m_items.end(), m_better);
            m_items.back() = item;
            std::push_heap(m_items.begin(), m_items.end(), m_better);
        }
    }

    std::size_t size() const { return m_items.size(); }

    // The kept items, best first (leaves this empty).
    std::vector<T> takeSorted() {
        std::sort_heap(m_items.begin(), m_items.end(), m_better);
        return std::move(m_items);
    }

private:
    std::size_t m_k;
    Better m_better;
    std::vector<T> m_items;
};

}  // namespace crm::core

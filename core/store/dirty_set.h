// The ids written since they were last saved, oldest first, in write groups (one store write: a put, a
// bulkDocs call, a _local document). The write-behind saves them in bounded batches that follow this order
// and end only between groups:
// - a record is never saved before one written earlier, so the pull checkpoint (a _local document written
//   after the documents it covers) can never reach disk ahead of them;
// - a group is saved whole, in one transaction: a bulk write is on disk entirely or not at all. When a write
//   touches an id still waiting from an earlier group, that id keeps its place and everything from it to the
//   write's last id is saved together. A _local document (a checkpoint: nothing refers to it) written again
//   while its earlier write, alone, still waits moves to the end instead (insertLatest): its older content
//   need never reach disk, and a pull's batches are not joined into one transaction by their checkpoints.
#pragma once
#include <algorithm>
#include <cstdint>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::core {

class DirtySet {
public:
    // One store write, for its scope: the ids it marks form one group.
    class Group {
    public:
        explicit Group(DirtySet& set) : m_set(set) { m_set.openGroup(); }
        ~Group() { m_set.closeGroup(); }
        Group(const Group&) = delete;
        Group& operator=(const Group&) = delete;

    private:
        DirtySet& m_set;
    };

    // A store write begins / ends (nested calls belong to the outermost write).
    void openGroup() {
        if (m_depth++ == 0) {
            m_groupStarts = true;
            m_rejoin = kNone;
            m_writeFirstSeq = m_nextSeq;
        }
    }
    void closeGroup() { --m_depth; }

    // Marks `id` (it keeps its place if already marked).
    void insert(const std::string& id) {
        if (auto it = m_members.find(id); it != m_members.end()) {
            m_rejoin = std::min(m_rejoin, it->second);
        } else {
            m_order.push_back(Entry{id, m_nextSeq, m_groupStarts || m_depth == 0});
            m_members.emplace(id, m_nextSeq++);
            m_groupStarts = false;
        }
        if (m_rejoin != kNone && m_depth > 0) {  // this write reaches back to an id waiting from before
            m_joinFrom = std::min(m_joinFrom, m_rejoin);
            m_joinTo = std::max(m_joinTo, m_nextSeq - 1);
        }
    }

    // Marks `id`, dropping a waiting entry of it that was an earlier write on its own (see the top).
    void insertLatest(const std::string& id) {
        if (auto it = m_members.find(id); it != m_members.end()) {
            const uint64_t seq = it->second;
            const uint64_t writeFirst = m_depth > 0 ? m_writeFirstSeq : m_nextSeq;
            const bool joined = m_joinFrom != kNone && seq >= m_joinFrom && seq <= m_joinTo;
            auto pos = std::lower_bound(m_order.begin(), m_order.end(), seq,
                                        [](const Entry& e, uint64_t s) { return e.seq < s; });
            const bool alone = pos != m_order.end() && pos->seq == seq && pos->groupStart &&
                               (pos + 1 == m_order.end() || (pos + 1)->groupStart);
            if (seq != 0 && seq < writeFirst && !joined && alone) {
                m_order.erase(pos);
                m_members.erase(it);
            }
        }
        insert(id);
    }

    // Takes the oldest ids: at least `limit` (all if fewer), then up to the end of the group under way.
    std::vector<std::string> takeOldest(size_t limit) {
        std::vector<std::string> out;
        while (!m_order.empty()) {
            Entry& e = m_order.front();
            if (out.size() >= limit && boundaryBefore(e)) break;
            m_members.erase(e.id);
            out.push_back(std::move(e.id));
            m_order.pop_front();
        }
        if (m_order.empty() || m_order.front().seq > m_joinTo) {  // the joined stretch is taken
            m_joinFrom = kNone;
            m_joinTo = 0;
        }
        return out;
    }

    // Puts taken ids back in front, in their order, as one group (a save that failed is retried first).
    void restore(const std::vector<std::string>& ids) {
        for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
            if (m_members.count(*it)) {  // written again meanwhile: its older content goes first
                m_order.erase(
                    std::find_if(m_order.begin(), m_order.end(), [&](const Entry& e) { return e.id == *it; }));
            }
            m_members[*it] = 0;
            m_order.push_front(Entry{*it, 0, it + 1 == ids.rend()});
        }
    }

    bool empty() const { return m_order.empty(); }
    size_t size() const { return m_order.size(); }
    bool contains(const std::string& id) const { return m_members.count(id) != 0; }

private:
    static constexpr uint64_t kNone = UINT64_MAX;
    struct Entry {
        std::string id;
        uint64_t seq;     // order of first marking (0: put back after a failed save)
        bool groupStart;  // the first id of its write
    };

    bool boundaryBefore(const Entry& e) const {
        return e.groupStart && !(m_joinFrom != kNone && e.seq > m_joinFrom && e.seq <= m_joinTo);
    }

    std::deque<Entry> m_order;
    std::unordered_map<std::string, uint64_t> m_members;  // id -> seq
    uint64_t m_nextSeq = 1;
    int m_depth = 0;
    bool m_groupStarts = false;
    uint64_t m_writeFirstSeq = 0;               // the first seq the current write may give out
    uint64_t m_rejoin = kNone;                  // the oldest waiting id the current write touched
    uint64_t m_joinFrom = kNone, m_joinTo = 0;  // no batch may end inside (m_joinFrom, m_joinTo]
};

}  // namespace crm::core

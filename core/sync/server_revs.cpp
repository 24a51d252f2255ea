// Revisions known to be on the server (see server_revs.h).
#include "core/sync/server_revs.h"

namespace crm::core {

void ServerRevs::noteLeaf(const std::string& id, const std::string& rev, const RevisionTree* tree) {
    m_winner[id] = rev;
    if (m_pushing && tree && tree->leaves().size() == 1) m_sweep.noteServerHas(id, rev);
}

void ServerRevs::noteCurrent(const std::string& id) {
    std::vector<RevLeaf> leaves = m_store.leaves(id);
    if (leaves.empty()) return;
    if (leaves.size() > 1) {
        if (auto win = m_store.winningLeaf(id)) m_winner[id] = win->rev.str();
        return;
    }
    std::string rev = leaves.front().rev.str();
    if (m_pushing) m_sweep.noteServerHas(id, rev);
    m_winner[id] = std::move(rev);
}

bool ServerRevs::hasWinner(const std::string& id, const std::string& rev) const {
    auto it = m_winner.find(id);
    return it != m_winner.end() && it->second == rev;
}

void ServerRevs::forgetUpTo(uint64_t seq) {
    for (auto it = m_winner.begin(); it != m_winner.end();)
        it = m_store.docSeq(it->first) <= seq ? m_winner.erase(it) : std::next(it);
}

}  // namespace crm::core

// Revisions known to be on the server (see server_revs.h).
#include "core/sync/server_revs.h"

namespace crm::core {

void ServerRevs::noteLeaf(const std::string& id, const std::string& rev, size_t leafCount) {
    m_winner[id] = rev;
    if (m_pushing && leafCount == 1) m_sweep.noteServerHas(id, rev);
}

void ServerRevs::noteCurrent(const std::string& id) {
    std::vector<RevLeaf> leaves = m_store.leaves(id);
    if (leaves.empty()) return;
    std::optional<RevLeaf> win = leaves.size() == 1 ? std::optional<RevLeaf>(leaves.front()) : m_store.winningLeaf(id);
    if (win) noteLeaf(id, win->rev.str(), leaves.size());
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

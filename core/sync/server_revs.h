// What the server is known to hold, learnt by either lane: the winning revision of documents just pulled from it
// or confirmed by `_revs_diff` / `_bulk_docs` in this session. The push lane does not offer them again, docState()
// calls them Synced, and single-leaf documents are noted for the reconciliation sweep (when pushing), which then
// need not ask about them.
#pragma once
#include "core/store/document_store.h"
#include "core/sync/reconciliation_sweep.h"

#include <map>
#include <string>

namespace crm::core {

class ServerRevs {
public:
    ServerRevs(const DocumentStore& store, ReconciliationSweep& sweep, bool pushing)
        : m_store(store), m_sweep(sweep), m_pushing(pushing) {}

    void note(const std::string& id, const std::string& winner) { m_winner[id] = winner; }
    // `rev` is on the server and is the winner of `id`, which has `leafCount` leaves; a single leaf needs no sweep
    // question.
    void noteLeaf(const std::string& id, const std::string& rev, size_t leafCount);
    // The store's current winner of `id` is on the server (just pulled): noteLeaf from its leaves, not its tree.
    void noteCurrent(const std::string& id);
    bool hasWinner(const std::string& id, const std::string& rev) const;
    // Entries the push checkpoint covers (Synced by themselves) are forgotten: memory of a big pull.
    void forgetUpTo(uint64_t seq);

private:
    const DocumentStore& m_store;
    ReconciliationSweep& m_sweep;
    bool m_pushing;
    std::map<std::string, std::string> m_winner;  // id -> winning rev known to be on the server
};

}  // namespace crm::core

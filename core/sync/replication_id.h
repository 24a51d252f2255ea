// Names of a replication, as PouchDB's `generate-replication-id`: this device's peer id (kept in a `_local`
// document), the checkpoint id of one direction (a stable hash of peer id, database URL and direction), and
// a run's session id (written into the checkpoints' history).
#pragma once
#include "core/store/document_store.h"
#include "core/sync/backoff.h"

#include <string>

namespace crm::core {

enum class Direction { Pull, Push };

// This device's peer id: read from `_local/crm-sync-peer`, created there once.
std::string ensurePeerId(DocumentStore& store, SplitMix64& random, int64_t nowMs);
// "_local/<md5>" of one direction; the same for the same device, database and direction.
std::string replicationId(const DocumentStore& store, const std::string& databaseUrl, Direction direction);
std::string newSessionId(SplitMix64& random, int64_t nowMs);

}  // namespace crm::core

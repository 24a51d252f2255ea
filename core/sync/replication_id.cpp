// Peer, replication and session ids (see replication_id.h).
#include "core/sync/replication_id.h"

#include "core/json_field.h"
#include "core/store/md5.h"

#include <cstdio>

namespace crm::core {

namespace {
constexpr const char* kPeerDocId = "_local/crm-sync-peer";

std::string hex128(uint64_t a, uint64_t b) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(a),
                  static_cast<unsigned long long>(b));
    return buf;
}
}  // namespace

std::string ensurePeerId(DocumentStore& store, SplitMix64& random, int64_t nowMs) {
    if (auto doc = store.getLocal(kPeerDocId)) {
        std::string id = stringField(*doc, "peer_id");
        if (!id.empty()) return id;
    }
    uint64_t a = random.next() ^ static_cast<uint64_t>(nowMs);
    std::string id = hex128(a, random.next());
    store.putLocal(Json{{"_id", kPeerDocId}, {"peer_id", id}});
    return id;
}

std::string replicationId(const DocumentStore& store, const std::string& databaseUrl, Direction direction) {
    auto doc = store.getLocal(kPeerDocId);
    std::string peer = doc ? stringField(*doc, "peer_id") : std::string();
    return "_local/" + Md5::hex("crm-replication-v1\n" + peer + "\n" + databaseUrl + "\n" +
                                (direction == Direction::Pull ? "pull" : "push"));
}

std::string newSessionId(SplitMix64& random, int64_t nowMs) {
    uint64_t a = random.next();
    return hex128(a, random.next() ^ static_cast<uint64_t>(nowMs));
}

}  // namespace crm::core

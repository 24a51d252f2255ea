// One direction's checkpoint, as PouchDB's `pouchdb-checkpointer`: a `_local` document on BOTH sides holding the
// last sequence written to the target, this run's session id and a short history of earlier sessions.
//
// Does: read the server's copy and compare the two logs (CouchDB's rule: a common session decides, else start
// over); write the target's copy first, then the source's (the sequence moves only once the target has the
// batch); a write refused with 409 (someone else wrote it) reads the server's revision and writes once more;
// read-only access (403 reading, other 4xx writing) keeps the checkpoint on this device only.
// Does not: decide what a sequence covers (the lanes do), or retry anything but that one 409.
#pragma once
#include "core/json.h"
#include "core/store/document_store.h"
#include "core/sync/couch_wire.h"
#include "core/sync/replication_id.h"

#include <functional>
#include <optional>
#include <string>

namespace crm::core {

// Where to resume, from the two replication logs (null remote: none on the server; `remoteReadable` false:
// the server would not show it, so this device's copy alone decides).
Json resumeSeq(const std::optional<Json>& local, const Json& remote, bool remoteReadable);
// `doc` (or a new checkpoint) moved to `seq` by `session`, the older sessions kept in its history.
Json movedCheckpoint(Json doc, const std::string& id, const std::string& session, const Json& seq);

class Checkpointer {
public:
    using Done = std::function<void(SyncError)>;  // no error: done

    // `direction` says which side is the target: pull writes this device's copy first, push the server's.
    Checkpointer(DocumentStore& store, const CouchDatabase& db, CouchSend send, Direction direction);

    void begin(std::string id, std::string session);  // a new run: nothing known about the server's copy yet
    const std::string& id() const { return m_id; }
    std::optional<Json> local() const { return m_store.getLocal(m_id); }

    // Reads the server's copy; then committed() is where to resume.
    void read(Done done);
    const Json& committed() const { return m_committed; }
    // Moves both copies to `seq` (`localFields` join this device's copy, e.g. the rejections).
    void write(const Json& seq, Json localFields, Done done);

private:
    void putLocal(const Json& seq, const Json& localFields);
    void putRemote(const Json& seq, bool retried, Done done);
    void readRemote(std::function<void()> then, Done failed);

    DocumentStore& m_store;
    const CouchDatabase& m_db;
    CouchSend m_send;
    Direction m_direction;
    std::string m_id, m_session;
    Json m_remote;  // null: none on the server yet
    bool m_remoteReadable = true, m_remoteWritable = true;
    Json m_committed = 0;
};

}  // namespace crm::core

// Checkpoints on both sides (see checkpointer.h).
#include "core/sync/checkpointer.h"

#include "core/json_field.h"
#include "core/sync/couch_answers.h"

namespace crm::core {

namespace {
constexpr size_t kHistorySize = 5;
}

Json resumeSeq(const std::optional<Json>& local, const Json& remote, bool remoteReadable) {
    if (!local || !local->is_object()) return 0;
    if (!remoteReadable && remote.is_null()) return local->value("last_seq", Json(0));
    if (!remote.is_object()) return 0;
    if (local->value("version", Json()) != remote.value("version", Json())) return 0;
    // On a session match this device's sequence is used: it never runs ahead of what it holds or has sent.
    std::string localSession = stringField(*local, "session_id");
    if (!localSession.empty() && localSession == stringField(remote, "session_id"))
        return local->value("last_seq", Json(0));
    auto remoteHistory = remote.find("history");
    auto localHistory = local->find("history");
    if (remoteHistory == remote.end() || !remoteHistory->is_array() || localHistory == local->end() ||
        !localHistory->is_array()) {
        return 0;
    }
    for (const Json& entry : *localHistory) {
        std::string session = stringField(entry, "session_id");
        if (session.empty()) continue;
        for (const Json& other : *remoteHistory) {
            if (stringField(other, "session_id") == session) return entry.value("last_seq", Json(0));
        }
    }
    return 0;
}

Json movedCheckpoint(Json doc, const std::string& id, const std::string& session, const Json& seq) {
    if (!doc.is_object()) doc = Json{{"_id", id}};
    Json history = Json::array();
    history.push_back(Json{{"session_id", session}, {"last_seq", seq}});
    auto old = doc.find("history");
    if (old != doc.end() && old->is_array()) {
        for (const Json& entry : *old) {
            if (history.size() >= kHistorySize) break;
            if (stringField(entry, "session_id") != session) history.push_back(entry);
        }
    }
    doc["history"] = std::move(history);
    doc["session_id"] = session;
    doc["last_seq"] = seq;
    doc["version"] = 1;
    doc["replicator"] = "crm";
    return doc;
}

Checkpointer::Checkpointer(DocumentStore& store, const CouchDatabase& db, CouchSend send, Direction direction)
    : m_store(store), m_db(db), m_send(std::move(send)), m_direction(direction) {}

void Checkpointer::begin(std::string id, std::string session) {
    m_id = std::move(id);
    m_session = std::move(session);
    m_remote = nullptr;
    m_remoteReadable = m_remoteWritable = true;
    m_committed = 0;
}

// GET the server's copy into m_remote (404: none; 403: not readable, nor writable).
void Checkpointer::readRemote(std::function<void()> then, Done failed) {
    m_send(m_db.request("GET", m_id), [this, then = std::move(then), failed = std::move(failed)](HttpResponse& resp) {
        if (resp.status == 200) {
            auto doc = checkpointAnswer(resp.body, m_id);
            if (!doc.ok()) return failed(std::move(doc.error));
            m_remote = std::move(doc.value);
        } else if (resp.status == 404) {
            m_remote = nullptr;
        } else if (resp.status == 403) {
            m_remote = nullptr;
            m_remoteReadable = m_remoteWritable = false;
        } else {
            return failed(httpError("Reading the checkpoint", resp));
        }
        then();
    });
}

void Checkpointer::read(Done done) {
    readRemote(
        [this, done] {
            m_committed = resumeSeq(local(), m_remote, m_remoteReadable);
            done({});
        },
        done);
}

void Checkpointer::putLocal(const Json& seq, const Json& localFields) {
    auto current = local();
    Json doc = movedCheckpoint(current ? *current : Json(), m_id, m_session, seq);
    if (localFields.is_object()) doc.update(localFields);
    m_store.putLocal(std::move(doc));
}

void Checkpointer::write(const Json& seq, Json localFields, Done done) {
    if (seq == m_committed) return done({});
    if (m_direction == Direction::Pull) {  // the target is this device
        putLocal(seq, localFields);
        m_committed = seq;
        return putRemote(seq, false, std::move(done));
    }
    putRemote(seq, false, [this, seq, localFields = std::move(localFields), done = std::move(done)](SyncError error) {
        if (error) return done(std::move(error));
        putLocal(seq, localFields);
        m_committed = seq;
        done({});
    });
}

void Checkpointer::putRemote(const Json& seq, bool retried, Done done) {
    if (!m_remoteWritable) return done({});
    Json doc = movedCheckpoint(m_remote, m_id, m_session, seq);
    std::string body = doc.dump();
    m_send(m_db.request("PUT", m_id, std::move(body)),
           [this, doc = std::move(doc), seq, retried, done = std::move(done)](HttpResponse& resp) mutable {
               if (resp.status == 200 || resp.status == 201) {
                   auto written = putAnswer(resp.body);
                   if (!written.ok()) return done(std::move(written.error));
                   doc["_rev"] = written.value;
                   m_remote = std::move(doc);
                   return done({});
               }
               if (resp.status == 409 && !retried) {  // someone else wrote it: learn its revision, write again
                   return readRemote([this, seq, done] { putRemote(seq, true, done); }, done);
               }
               bool readOnly = resp.status >= 400 && resp.status < 500 && resp.status != 401 && resp.status != 408 &&
                               resp.status != 429;  // (a second 409 too)
               if (readOnly) {
                   m_remoteWritable = false;  // read-only access: keep the checkpoint on this device only
                   return done({});
               }
               done(httpError("Writing the checkpoint", resp));
           });
}

}  // namespace crm::core

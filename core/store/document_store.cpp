// DocumentStore: CouchDB-semantics writes (new_edits true/false), reads, changes feed, _local docs,
// attachments by digest, and the record encoding used by WriteBehind.
//
// Record encoding (one compact JSON string per key, see encodeRecord/loadRecord):
//   "<doc id>"        {"s": seq, "t": RevisionTree::encode(), "b": {"<rev>": body of that revision}}
//                     bodies: the leaves, plus (when known) the common ancestors of conflicting leaves.
//                     bodies carry no _id/_rev; attachments in them are stubs with digests.
//   "_local/<name>"   the _local document itself, with _id and _rev "0-N".
//   "_att/<digest>"   a JSON string: the attachment's bytes in base64, shared by every revision
//                     and document whose stub names that digest.
//
// Sections: helpers · writes · attachments · reads · changes · local docs · persistence · listeners
#include "core/store/document_store.h"

#include "core/store/base64.h"
#include "core/store/md5.h"

#include <algorithm>
#include <charconv>

namespace crm::core {

// ---- helpers ----------------------------------------------------------------------------------

namespace {
constexpr std::string_view kLocalPrefix = "_local/";
constexpr std::string_view kAttPrefix = "_att/";

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

WriteResult failure(std::string id, std::string error, std::string reason) {
    WriteResult r;
    r.id = std::move(id);
    r.error = DocError{std::move(error), std::move(reason)};
    return r;
}

WriteResult success(std::string id, std::string rev) {
    WriteResult r;
    r.id = std::move(id);
    r.rev = std::move(rev);
    return r;
}

// The stored body: every field but the special ones (keeps _attachments).
Json stripSpecial(const Json& doc) {
    Json body = Json::object();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const std::string& key = it.key();
        if (!key.empty() && key[0] == '_' && key != "_attachments") continue;
        body[key] = it.value();
    }
    return body;
}

// The same, taking the document over instead of copying its fields.
Json stripSpecial(Json&& doc) {
    for (auto it = doc.begin(); it != doc.end();) {
        const std::string& key = it.key();
        if (!key.empty() && key[0] == '_' && key != "_attachments") {
            it = doc.erase(it);
        } else {
            ++it;
        }
    }
    return std::move(doc);
}

bool isDeletedFlag(const Json& doc) {
    auto it = doc.find("_deleted");
    return it != doc.end() && it->is_boolean() && it->get<bool>();
}

std::string stringField(const Json& doc, const char* key) {
    auto it = doc.find(key);
    return (it != doc.end() && it->is_string()) ? it->get<std::string>() : std::string();
}
} // namespace

DocumentStore::DocumentStore(StoreOptions options) : m_options(options) {}

// ---- writes -----------------------------------------------------------------------------------

WriteResult DocumentStore::put(Json doc) {
    DirtySet::Group group(m_dirty);  // saved together
    if (!doc.is_object()) return failure("", "bad_request", "Document must be a JSON object");
    auto idIt = doc.find("_id");
    if (idIt != doc.end() && !idIt->is_string()) return failure("", "bad_request", "_id must be a string");
    if (idIt == doc.end() || idIt->get<std::string>().empty()) {
        std::string id;
        do {
            id = Md5::hex(std::to_string(++m_generatedIds) + ":" + std::to_string(m_updateSeq) + ":" + doc.dump());
        } while (m_docs.count(id));
        doc["_id"] = id;
    }
    if (startsWith(doc["_id"].get<std::string>(), kLocalPrefix)) return putLocal(std::move(doc));
    return writeNewEdit(std::move(doc));
}

WriteResult DocumentStore::remove(const std::string& id, const std::string& rev) {
    return put(Json{{"_id", id}, {"_rev", rev}, {"_deleted", true}});
}

std::vector<WriteResult> DocumentStore::bulkDocs(std::vector<Json> docs, bool newEdits) {
    DirtySet::Group group(m_dirty);  // saved together
    std::vector<WriteResult> results;
    results.reserve(docs.size());
    for (Json& doc : docs) {
        if (newEdits) {
            results.push_back(put(std::move(doc)));
        } else if (doc.is_object() && startsWith(stringField(doc, "_id"), kLocalPrefix)) {
            results.push_back(putLocal(std::move(doc)));
        } else {
            results.push_back(writeReplicated(std::move(doc)));
        }
    }
    return results;
}

WriteResult DocumentStore::writeNewEdit(Json doc) {
    std::string id = doc["_id"].get<std::string>();
    if (id[0] == '_' && !startsWith(id, "_design/")) {
        return failure(id, "bad_request", "Only reserved document ids may start with underscore");
    }
    bool deleted = isDeletedFlag(doc);
    auto found = m_docs.find(id);
    DocEntry* existing = (found == m_docs.end() || found->second.tree.empty()) ? nullptr : &found->second;

    std::optional<RevId> parent;
    auto revIt = doc.find("_rev");
    if (revIt != doc.end() && !(revIt->is_string() && revIt->get<std::string>().empty())) {
        if (!revIt->is_string()) return failure(id, "bad_request", "_rev must be a string");
        auto rev = RevId::parse(revIt->get<std::string>());
        if (!rev) return failure(id, "bad_request", "Invalid rev format");
        if (!existing || !existing->tree.isLeaf(*rev)) {
            return failure(id, "conflict", "Document update conflict");
        }
        parent = *rev;
    } else if (existing) {
        auto win = existing->tree.winner();
        if (!win->deleted || deleted) return failure(id, "conflict", "Document update conflict");
        parent = win->rev;  // recreate: extend the deleted branch, as CouchDB does
    }

    Json body = stripSpecial(std::move(doc));
    const Json* parentBody = nullptr;
    if (parent && existing) {
        auto b = existing->bodies.find(parent->str());
        if (b != existing->bodies.end()) parentBody = &b->second;
    }
    uint64_t gen = parent ? parent->gen + 1 : 1;
    if (auto err = absorbAttachments(body, parentBody, gen, true)) return failure(id, err->error, err->reason);

    std::string parentRev = parent ? parent->str() : std::string();
    std::string hash = Md5::hex(parentRev + "\n" + (deleted ? "1" : "0") + body.dump());
    std::vector<std::string> path{hash};
    if (parent) path.push_back(parent->hash);

    DocEntry& entry = m_docs[id];
    entry.tree.merge(gen, path, deleted);
    entry.tree.stem(m_options.revsLimit);
    RevId newRev{gen, hash};
    entry.bodies[newRev.str()] = std::move(body);
    dropNonLeafBodies(entry);
    touch(id, entry);
    return success(id, newRev.str());
}

WriteResult DocumentStore::writeReplicated(Json doc) {
    if (!doc.is_object()) return failure("", "bad_request", "Document must be a JSON object");
    std::string id = stringField(doc, "_id");
    if (id.empty()) return failure("", "bad_request", "Document must have an _id");
    auto rev = RevId::parse(stringField(doc, "_rev"));
    if (!rev) return failure(id, "bad_request", "Invalid or missing _rev");

    uint64_t start = rev->gen;
    std::vector<std::string> ids{rev->hash};
    auto revsIt = doc.find("_revisions");
    if (revsIt != doc.end()) {
        const Json& revs = *revsIt;
        if (!revs.is_object() || !revs.contains("start") || !revs["start"].is_number_integer() || revs["start"].get<int64_t>() < 1 ||
            !revs.contains("ids") || !revs["ids"].is_array() || revs["ids"].empty()) {
            return failure(id, "bad_request", "Invalid _revisions");
        }
        start = revs["start"].get<uint64_t>();
        ids.clear();
        for (const Json& h : revs["ids"]) {
            if (!h.is_string() || h.get<std::string>().empty()) return failure(id, "bad_request", "Invalid _revisions");
            ids.push_back(h.get<std::string>());
        }
        if (start != rev->gen || ids.front() != rev->hash || ids.size() > start) {
            return failure(id, "bad_request", "_revisions does not match _rev");
        }
    }

    auto found = m_docs.find(id);
    if (found != m_docs.end() && found->second.tree.contains(*rev)) return success(id, rev->str());  // known

    bool deleted = isDeletedFlag(doc);
    Json body = stripSpecial(std::move(doc));
    const Json* parentBody = nullptr;
    if (found != m_docs.end() && ids.size() > 1) {
        auto b = found->second.bodies.find(RevId{start - 1, ids[1]}.str());
        if (b != found->second.bodies.end()) parentBody = &b->second;
    }
    if (auto err = absorbAttachments(body, parentBody, rev->gen, false)) return failure(id, err->error, err->reason);

    DocEntry& entry = m_docs[id];
    entry.tree.merge(start, ids, deleted);
    entry.tree.stem(m_options.revsLimit);
    entry.bodies[rev->str()] = std::move(body);
    dropNonLeafBodies(entry);
    touch(id, entry);
    return success(id, rev->str());
}

void DocumentStore::dropNonLeafBodies(DocEntry& entry) {
    std::set<std::string> keep = keptRevs(entry.tree);
    for (auto it = entry.bodies.begin(); it != entry.bodies.end();) {
        if (keep.count(it->first)) {
            ++it;
        } else {
            it = entry.bodies.erase(it);
        }
    }
}

namespace {
std::optional<RevId> lowestCommonAncestor(const RevisionTree& tree, const RevId& a, const RevId& b) {
    std::set<RevId> seen;
    for (std::optional<RevId> r = a; r; r = tree.parentOf(*r)) seen.insert(*r);
    for (std::optional<RevId> r = b; r; r = tree.parentOf(*r)) {
        if (seen.count(*r)) return r;
    }
    return std::nullopt;
}
} // namespace

// Leaves, and the common ancestor of the winner and each conflicting leaf (its body arrives through
// keepAncestorBody, e.g. fetched from the server by the replicator).
std::set<std::string> DocumentStore::keptRevs(const RevisionTree& tree) {
    std::set<std::string> keep;
    std::vector<RevLeaf> leaves = tree.leaves();
    for (const RevLeaf& leaf : leaves) keep.insert(leaf.rev.str());
    if (leaves.size() > 1) {
        auto win = tree.winner();
        for (const RevId& c : tree.conflicts()) {
            if (auto lca = lowestCommonAncestor(tree, win->rev, c)) keep.insert(lca->str());
        }
    }
    return keep;
}

bool DocumentStore::keepAncestorBody(const std::string& id, const std::string& rev, const Json& body) {
    auto found = m_docs.find(id);
    auto parsed = RevId::parse(rev);
    if (found == m_docs.end() || !parsed || !found->second.tree.contains(*parsed) || !body.is_object()) return false;
    if (!keptRevs(found->second.tree).count(rev)) return false;
    if (found->second.bodies.count(rev)) return true;
    Json stored = stripSpecial(body);
    if (stored.contains("_attachments")) stored.erase("_attachments");  // bodies of ancestors: fields only
    found->second.bodies[rev] = std::move(stored);
    m_dirty.insert(id);
    return true;
}

std::optional<RevId> DocumentStore::commonAncestor(const std::string& id, const RevId& a, const RevId& b) const {
    const RevisionTree* tree = revisionTree(id);
    if (!tree) return std::nullopt;
    return lowestCommonAncestor(*tree, a, b);
}

void DocumentStore::touch(const std::string& id, DocEntry& entry) {
    if (entry.seq) m_bySeq.erase(entry.seq);
    entry.seq = ++m_updateSeq;
    m_bySeq[entry.seq] = id;
    bool live = !entry.tree.winner()->deleted;
    if (live != entry.live) {
        if (live) {
            ++m_liveCount;
        } else {
            --m_liveCount;
        }
        entry.live = live;
    }
    m_dirty.insert(id);
    notify(changeFor(id, entry, false));
}

// ---- attachments ------------------------------------------------------------------------------

std::optional<DocError> DocumentStore::absorbAttachments(Json& body, const Json* parentBody, uint64_t revpos,
                                                         bool newEdits) {
    auto attsIt = body.find("_attachments");
    if (attsIt == body.end()) return std::nullopt;
    if (!attsIt->is_object()) return DocError{"bad_request", "_attachments must be an object"};
    const Json* parentAtts = nullptr;
    if (parentBody) {
        auto p = parentBody->find("_attachments");
        if (p != parentBody->end() && p->is_object()) parentAtts = &*p;
    }
    std::vector<std::pair<std::string, std::string>> fresh;  // digest, bytes: stored only on success
    Json out = Json::object();
    for (auto it = attsIt->begin(); it != attsIt->end(); ++it) {
        const std::string& name = it.key();
        const Json& att = it.value();
        if (!att.is_object()) return DocError{"bad_request", "Attachment " + name + " must be an object"};
        std::string contentType = stringField(att, "content_type");
        if (att.contains("data")) {
            if (!att["data"].is_string()) return DocError{"bad_request", "Attachment " + name + ": data must be base64"};
            auto bytes = base64Decode(att["data"].get<std::string>());
            if (!bytes) return DocError{"bad_request", "Attachment " + name + ": data is not valid base64"};
            std::string digest = Md5::attachmentDigest(*bytes);
            Json stub{{"content_type", contentType.empty() ? "application/octet-stream" : contentType},
                      {"digest", digest},
                      {"length", bytes->size()},
                      {"revpos", revpos},
                      {"stub", true}};
            out[name] = std::move(stub);
            fresh.emplace_back(digest, std::move(*bytes));
            continue;
        }
        bool isStub = att.contains("stub") && att["stub"].is_boolean() && att["stub"].get<bool>();
        if (!isStub && newEdits) return DocError{"bad_request", "Attachment " + name + " has neither data nor stub"};
        std::string digest = stringField(att, "digest");
        const Json* previous = nullptr;
        if (parentAtts && parentAtts->contains(name)) previous = &(*parentAtts)[name];
        if (previous && (digest.empty() || stringField(*previous, "digest") == digest)) {
            out[name] = *previous;
            // A replicated stub keeps its own revpos (the server may have re-added the same bytes later).
            auto revposIt = att.find("revpos");
            if (!newEdits && revposIt != att.end() && revposIt->is_number_unsigned()) out[name]["revpos"] = *revposIt;
        } else if (!digest.empty() && m_attachments.count(digest)) {
            Json stub = att;
            stub["stub"] = true;
            stub["length"] = m_attachments[digest].size();
            if (!stub.contains("revpos")) stub["revpos"] = revpos;
            if (!stub.contains("content_type")) stub["content_type"] = "application/octet-stream";
            out[name] = std::move(stub);
        } else {
            return DocError{"bad_request", "missing_stub: attachment " + name + " is not in the previous revision"};
        }
    }
    for (auto& [digest, bytes] : fresh) {
        if (m_attachments.emplace(digest, std::move(bytes)).second) m_dirty.insert(std::string(kAttPrefix) + digest);
    }
    *attsIt = std::move(out);
    return std::nullopt;
}

std::optional<std::string> DocumentStore::attachmentData(const std::string& digest) const {
    auto it = m_attachments.find(digest);
    if (it == m_attachments.end()) return std::nullopt;
    return it->second;
}

// ---- reads ------------------------------------------------------------------------------------

std::optional<Json> DocumentStore::get(const std::string& id, const GetOptions& options) const {
    if (startsWith(id, kLocalPrefix)) return getLocal(id);
    auto found = m_docs.find(id);
    if (found == m_docs.end() || found->second.tree.empty()) return std::nullopt;
    const DocEntry& entry = found->second;
    RevId rev;
    bool deleted = false;
    if (!options.rev.empty()) {
        auto parsed = RevId::parse(options.rev);
        if (!parsed || !entry.tree.contains(*parsed)) return std::nullopt;
        rev = *parsed;
        deleted = *entry.tree.isDeleted(rev);
    } else {
        auto win = entry.tree.winner();
        if (win->deleted) return std::nullopt;
        rev = win->rev;
    }
    auto bodyIt = entry.bodies.find(rev.str());
    if (bodyIt == entry.bodies.end()) return std::nullopt;  // an ancestor: its body is not kept

    Json out = bodyIt->second;
    out["_id"] = id;
    out["_rev"] = rev.str();
    if (deleted) out["_deleted"] = true;
    if (options.conflicts) {
        auto conflicts = entry.tree.conflicts();
        if (!conflicts.empty()) {
            Json list = Json::array();
            for (const RevId& c : conflicts) list.push_back(c.str());
            out["_conflicts"] = std::move(list);
        }
    }
    if (options.revs) out["_revisions"] = Json{{"start", rev.gen}, {"ids", entry.tree.history(rev)}};
    if (options.attachmentsData && out.contains("_attachments")) {
        for (auto it = out["_attachments"].begin(); it != out["_attachments"].end(); ++it) {
            auto data = attachmentData(stringField(it.value(), "digest"));
            if (!data) continue;
            it.value().erase("stub");
            it.value()["data"] = base64Encode(*data);
        }
    }
    return out;
}

const RevisionTree* DocumentStore::revisionTree(const std::string& id) const {
    auto found = m_docs.find(id);
    return found == m_docs.end() ? nullptr : &found->second.tree;
}

std::vector<std::string> DocumentStore::missingRevs(const std::string& id, const std::vector<std::string>& revs) const {
    const RevisionTree* tree = revisionTree(id);
    std::vector<std::string> missing;
    for (const std::string& r : revs) {
        auto rev = RevId::parse(r);
        if (!tree || !rev || !tree->contains(*rev)) missing.push_back(r);
    }
    return missing;
}

const Json* DocumentStore::winningBody(const std::string& id) const {
    auto found = m_docs.find(id);
    if (found == m_docs.end() || !found->second.live) return nullptr;
    auto body = found->second.bodies.find(found->second.tree.winner()->rev.str());
    return body == found->second.bodies.end() ? nullptr : &body->second;
}

void DocumentStore::forEachDoc(const std::function<bool(const std::string& id, const Json& body)>& fn) const {
    for (const auto& [id, entry] : m_docs) {
        if (!entry.live) continue;
        auto body = entry.bodies.find(entry.tree.winner()->rev.str());
        if (body == entry.bodies.end()) continue;
        if (!fn(id, body->second)) return;
    }
}

size_t DocumentStore::docCount() const { return m_liveCount; }

// ---- changes ----------------------------------------------------------------------------------

Change DocumentStore::changeFor(const std::string& id, const DocEntry& entry, bool allDocs) const {
    Change change;
    change.seq = entry.seq;
    change.id = id;
    auto win = entry.tree.winner();
    if (!win) return change;
    change.deleted = win->deleted;
    change.revs.push_back(win->rev.str());
    if (allDocs) {
        for (const RevLeaf& leaf : entry.tree.leaves()) {
            if (leaf.rev != win->rev) change.revs.push_back(leaf.rev.str());
        }
    }
    return change;
}

ChangesResult DocumentStore::changes(uint64_t since, size_t limit, bool allDocs) const {
    ChangesResult result;
    for (auto it = m_bySeq.upper_bound(since); it != m_bySeq.end() && result.results.size() < limit; ++it) {
        result.results.push_back(changeFor(it->second, m_docs.at(it->second), allDocs));
    }
    result.lastSeq = result.results.empty() ? std::max(since, m_updateSeq) : result.results.back().seq;
    if (result.results.empty() && since > m_updateSeq) result.lastSeq = m_updateSeq;
    return result;
}

size_t DocumentStore::changesCount(uint64_t since) const {
    size_t n = 0;
    for (auto it = m_bySeq.upper_bound(since); it != m_bySeq.end(); ++it) ++n;
    return n;
}

uint64_t DocumentStore::docSeq(const std::string& id) const {
    auto found = m_docs.find(id);
    return found == m_docs.end() ? 0 : found->second.seq;
}

void DocumentStore::restoreUpdateSeq(uint64_t seq) { m_updateSeq = std::max(m_updateSeq, seq); }

// ---- local docs -------------------------------------------------------------------------------

WriteResult DocumentStore::putLocal(Json doc) {
    DirtySet::Group group(m_dirty);  // saved together
    if (!doc.is_object()) return failure("", "bad_request", "Document must be a JSON object");
    std::string id = stringField(doc, "_id");
    if (!startsWith(id, kLocalPrefix) || id.size() == kLocalPrefix.size()) {
        return failure(id, "bad_request", "_local documents need an id \"_local/<name>\"");
    }
    std::string rev = stringField(doc, "_rev");
    auto found = m_locals.find(id);
    uint64_t n = 0;
    if (found != m_locals.end()) {
        std::string current = stringField(found->second, "_rev");
        if (rev != current) return failure(id, "conflict", "Document update conflict");
        if (auto parsed = RevId::parse(current)) {
            std::from_chars(parsed->hash.data(), parsed->hash.data() + parsed->hash.size(), n);
        }
    } else if (!rev.empty() && rev != "0-0") {
        return failure(id, "conflict", "Document update conflict");
    }
    if (isDeletedFlag(doc)) {
        if (found == m_locals.end()) return failure(id, "not_found", "missing");
        m_locals.erase(found);
        m_dirty.insertLatest(id);
        return success(id, "0-0");
    }
    Json body = stripSpecial(doc);
    body.erase("_attachments");
    std::string newRev = "0-" + std::to_string(n + 1);
    body["_id"] = id;
    body["_rev"] = newRev;
    m_locals[id] = std::move(body);
    m_dirty.insertLatest(id);
    return success(id, newRev);
}

std::optional<Json> DocumentStore::getLocal(const std::string& id) const {
    auto found = m_locals.find(id);
    if (found == m_locals.end()) return std::nullopt;
    return found->second;
}

// ---- persistence ------------------------------------------------------------------------------

std::vector<std::string> DocumentStore::takeDirty(size_t limit) { return m_dirty.takeOldest(limit); }

void DocumentStore::markDirty(const std::vector<std::string>& ids) { m_dirty.restore(ids); }

std::optional<std::string> DocumentStore::encodeRecord(const std::string& id) const {
    if (startsWith(id, kLocalPrefix)) {
        auto found = m_locals.find(id);
        if (found == m_locals.end()) return std::nullopt;
        return found->second.dump();
    }
    if (startsWith(id, kAttPrefix)) {
        auto found = m_attachments.find(id.substr(kAttPrefix.size()));
        if (found == m_attachments.end()) return std::nullopt;
        return Json(base64Encode(found->second)).dump();
    }
    auto found = m_docs.find(id);
    if (found == m_docs.end() || found->second.tree.empty()) return std::nullopt;
    const DocEntry& entry = found->second;
    Json bodies = Json::object();
    for (const auto& [rev, body] : entry.bodies) bodies[rev] = body;
    return Json{{"s", entry.seq}, {"t", entry.tree.encode()}, {"b", std::move(bodies)}}.dump();
}

bool DocumentStore::loadRecord(const std::string& key, const std::string& value) {
    Json json = Json::parse(value, nullptr, false);
    if (json.is_discarded() || key.empty()) return false;
    if (startsWith(key, kLocalPrefix)) {
        if (!json.is_object() || !json.contains("_rev") || !json["_rev"].is_string()) return false;
        m_locals[key] = std::move(json);
        return true;
    }
    if (startsWith(key, kAttPrefix)) {
        if (!json.is_string()) return false;
        auto bytes = base64Decode(json.get<std::string>());
        if (!bytes || Md5::attachmentDigest(*bytes) != key.substr(kAttPrefix.size())) return false;
        m_attachments[key.substr(kAttPrefix.size())] = std::move(*bytes);
        return true;
    }
    if (!json.is_object() || !json.contains("s") || !json["s"].is_number_integer() || json["s"].get<int64_t>() < 1 || !json.contains("t") ||
        !json.contains("b") || !json["b"].is_object()) {
        return false;
    }
    auto tree = RevisionTree::decode(json["t"]);
    if (!tree || tree->empty()) return false;
    DocEntry fresh;
    fresh.tree = std::move(*tree);
    fresh.seq = json["s"].get<uint64_t>();
    if (fresh.seq == 0) return false;
    for (auto it = json["b"].begin(); it != json["b"].end(); ++it) {
        auto rev = RevId::parse(it.key());
        if (!rev || !fresh.tree.contains(*rev) || !it.value().is_object()) return false;
        fresh.bodies[it.key()] = it.value();
    }
    fresh.live = !fresh.tree.winner()->deleted;

    auto found = m_docs.find(key);
    if (found != m_docs.end()) {
        if (found->second.seq) m_bySeq.erase(found->second.seq);
        if (found->second.live) --m_liveCount;
    }
    auto bySeq = m_bySeq.find(fresh.seq);
    if (bySeq != m_bySeq.end() && bySeq->second != key) {
        m_docs.at(bySeq->second).seq = 0;  // a stale record claimed the same seq: it yields
        m_bySeq.erase(bySeq);
    }
    if (fresh.live) ++m_liveCount;
    DocEntry& entry = m_docs[key];
    entry = std::move(fresh);
    m_bySeq[entry.seq] = key;
    m_updateSeq = std::max(m_updateSeq, entry.seq);
    notify(changeFor(key, entry, false));
    return true;
}

// ---- listeners --------------------------------------------------------------------------------

int DocumentStore::addListener(Listener fn) {
    int handle = m_nextListener++;
    m_listeners.emplace(handle, std::move(fn));
    return handle;
}

void DocumentStore::removeListener(int handle) { m_listeners.erase(handle); }

void DocumentStore::notify(const Change& change) {
    std::vector<int> handles;
    handles.reserve(m_listeners.size());
    for (const auto& [handle, fn] : m_listeners) handles.push_back(handle);
    for (int handle : handles) {
        auto it = m_listeners.find(handle);
        if (it != m_listeners.end()) it->second(change);
    }
}

} // namespace crm::core

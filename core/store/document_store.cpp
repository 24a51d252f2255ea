// DocumentStore: CouchDB-semantics writes (new_edits true/false), reads, changes feed, _local docs,
// attachments by digest, and the record encoding used by WriteBehind.
//
// Record encoding (one value per key, see encodeRecord/loadRecord):
//   "<doc id>"        0xC8, the packed document's length and bytes (packed_doc.h), the object keys its
//                     bodies use (count, then number, length and characters of each), its seq as 8 bytes
//                     little-endian. The keys make a record readable alone; when the store's key table
//                     was restored first (WriteBehind), their numbers already match and nothing is
//                     rewritten. Earlier versions stored {"s": seq, "t": RevisionTree::encode(),
//                     "b": {"<rev>": body}} as JSON, which loads too. Bodies: the leaves, plus (when known) the common ancestors of conflicting
//                     leaves; without _id/_rev; attachments in them are stubs with digests.
//   "_local/<name>"   the _local document itself, with _id and _rev "0-N".
//   "_att/<digest>"   a JSON string: the attachment's bytes in base64, shared by every revision
//                     and document whose stub names that digest.
//
// Sections: helpers · writes · attachments · reads · changes · local docs · persistence · listeners
#include "core/store/document_store.h"

#include "core/json_field.h"
#include "core/store/base64.h"
#include "core/store/md5.h"
#include "core/store/packed_doc.h"
#include "core/store/segment.h"
#include "core/store/varint.h"

#include <algorithm>
#include <charconv>

namespace crm::core {

// ---- helpers ----------------------------------------------------------------------------------

namespace {
constexpr std::string_view kLocalPrefix = "_local/";
constexpr std::string_view kAttPrefix = "_att/";
constexpr char kRecordMagic = static_cast<char>(0xC8);  // a packed document record (never JSON's first byte)


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
        } while (m_docs.find(id) != kNoDoc);
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
    if (notLoadedYet(id)) return failure(id, kNotLoaded, "The records are still loading");
    bool deleted = isDeletedFlag(doc);
    DocIndex found = m_docs.find(id);
    std::optional<RevisionTree> existing;
    if (found != kNoDoc && !packedOf(found).empty()) existing = packed_doc::tree(packedOf(found));

    std::optional<RevId> parent;
    auto revIt = doc.find("_rev");
    if (revIt != doc.end() && !(revIt->is_string() && revIt->get<std::string>().empty())) {
        if (!revIt->is_string()) return failure(id, "bad_request", "_rev must be a string");
        auto rev = RevId::parse(revIt->get<std::string>());
        if (!rev) return failure(id, "bad_request", "Invalid rev format");
        if (!existing || !existing->isLeaf(*rev)) {
            return failure(id, "conflict", "Document update conflict");
        }
        parent = *rev;
    } else if (existing) {
        auto win = existing->winner();
        if (!win->deleted || deleted) return failure(id, "conflict", "Document update conflict");
        parent = win->rev;  // recreate: extend the deleted branch, as CouchDB does
    }

    Json body = stripSpecial(std::move(doc));
    std::optional<Json> parentBody;
    if (parent && existing && body.contains("_attachments")) parentBody = bodyOf(id, *parent);
    uint64_t gen = parent ? parent->gen + 1 : 1;
    if (auto err = absorbAttachments(body, parentBody ? &*parentBody : nullptr, gen, true)) {
        return failure(id, err->error, err->reason);
    }

    std::string parentRev = parent ? parent->str() : std::string();
    std::string hash = Md5::hex(parentRev + "\n" + (deleted ? "1" : "0") + body.dump());
    std::vector<std::string> path{hash};
    if (parent) path.push_back(parent->hash);
    return storeRevision(id, gen, path, deleted, body);
}

WriteResult DocumentStore::writeReplicated(Json doc) {
    if (!doc.is_object()) return failure("", "bad_request", "Document must be a JSON object");
    std::string id = stringField(doc, "_id");
    if (id.empty()) return failure("", "bad_request", "Document must have an _id");
    auto rev = RevId::parse(stringField(doc, "_rev"));
    if (!rev) return failure(id, "bad_request", "Invalid or missing _rev");
    if (notLoadedYet(id)) return failure(id, kNotLoaded, "The records are still loading");

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

    DocIndex found = m_docs.find(id);
    if (found != kNoDoc && !packedOf(found).empty() && packed_doc::tree(packedOf(found)).contains(*rev)) {
        return success(id, rev->str());  // known
    }

    bool deleted = isDeletedFlag(doc);
    Json body = stripSpecial(std::move(doc));
    std::optional<Json> parentBody;
    if (found != kNoDoc && ids.size() > 1 && body.contains("_attachments")) {
        parentBody = bodyOf(id, RevId{start - 1, ids[1]});
    }
    if (auto err = absorbAttachments(body, parentBody ? &*parentBody : nullptr, rev->gen, false)) {
        return failure(id, err->error, err->reason);
    }
    return storeRevision(id, start, ids, deleted, body);
}

WriteResult DocumentStore::storeRevision(const std::string& id, uint64_t start, const std::vector<std::string>& ids,
                                         bool deleted, const Json& body) {
    auto [doc, inserted] = m_docs.insert(id);
    std::string_view packed = packedOf(doc);
    RevisionTree tree = packed.empty() ? RevisionTree() : packed_doc::tree(packed);
    tree.merge(start, ids, deleted);
    tree.stem(m_options.revsLimit);
    RevId rev{start, ids.front()};
    std::string bytes = packJson(body, m_keys);
    std::set<std::string> keep = keptRevs(tree);
    std::vector<packed_doc::Body> bodies{{rev, bytes}};
    if (!inserted) {
        for (const packed_doc::Body& b : packed_doc::bodies(packed)) {
            if (b.rev != rev && keep.count(b.rev.str())) bodies.push_back(b);
        }
    }
    setPacked(doc, packed_doc::build(tree, bodies));
    touch(doc);
    return success(id, rev.str());
}

void DocumentStore::setPacked(DocIndex doc, std::string_view packed) {
    m_docs.setPacked(doc, packed);
    std::string_view type = packedStringField(packed_doc::winnerBody(packedOf(doc)), m_keys, "type");
    auto known = std::find(m_typeNames.begin(), m_typeNames.end(), type);
    if (known == m_typeNames.end() && m_typeNames.size() < kUnlistedType) known = m_typeNames.emplace(m_typeNames.end(), type);
    m_docs[doc].type = known == m_typeNames.end() ? kUnlistedType : static_cast<uint16_t>(known - m_typeNames.begin());
}

std::string_view DocumentStore::typeOf(DocIndex doc) const {
    if (m_docs[doc].type != kUnlistedType) return m_typeNames[m_docs[doc].type];
    return packedStringField(packed_doc::winnerBody(packedOf(doc)), m_keys, "type");
}

std::optional<Json> DocumentStore::decodeBody(std::string_view bytes) const {
    if (bytes.empty()) return std::nullopt;
    return unpackJson(bytes, m_keys);
}

std::optional<Json> DocumentStore::bodyOf(const std::string& id, const RevId& rev) const {
    DocIndex found = m_docs.find(id);
    if (found == kNoDoc) return std::nullopt;
    return decodeBody(packed_doc::body(packedOf(found), rev));
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
    DocIndex found = m_docs.find(id);
    auto parsed = RevId::parse(rev);
    if (found == kNoDoc || !parsed || !body.is_object()) return false;
    RevisionTree tree = packed_doc::tree(packedOf(found));
    if (!tree.contains(*parsed) || !keptRevs(tree).count(rev)) return false;
    std::vector<packed_doc::Body> bodies = packed_doc::bodies(packedOf(found));
    for (const packed_doc::Body& b : bodies) {
        if (b.rev == *parsed) return true;
    }
    Json stored = stripSpecial(body);
    if (stored.contains("_attachments")) stored.erase("_attachments");  // bodies of ancestors: fields only
    std::string bytes = packJson(stored, m_keys);
    bodies.push_back({*parsed, bytes});
    setPacked(found, packed_doc::build(tree, bodies));
    m_dirty.insert(id);
    return true;
}

std::optional<RevId> DocumentStore::commonAncestor(const std::string& id, const RevId& a, const RevId& b) const {
    std::optional<RevisionTree> tree = revisionTree(id);
    if (!tree) return std::nullopt;
    return lowestCommonAncestor(*tree, a, b);
}

void DocumentStore::touch(DocIndex doc) {
    m_docs.setSeq(doc, ++m_updateSeq);
    bool live = !packed_doc::winner(packedOf(doc)).deleted;
    DocTable::Entry& entry = m_docs[doc];
    if (live != entry.live) {
        if (live) {
            ++m_liveCount;
        } else {
            --m_liveCount;
        }
        entry.live = live;
    }
    m_dirty.insert(std::string(idOf(doc)));
    notify(changeFor(doc, false));
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
    DocIndex found = m_docs.find(id);
    if (found == kNoDoc || packedOf(found).empty()) return std::nullopt;
    std::string_view packed = packedOf(found);
    RevLeaf win = packed_doc::winner(packed);
    std::optional<RevisionTree> tree;  // unpacked only when an option needs it
    RevId rev;
    bool deleted = false;
    if (!options.rev.empty()) {
        auto parsed = RevId::parse(options.rev);
        if (!parsed) return std::nullopt;
        tree = packed_doc::tree(packed);
        if (!tree->contains(*parsed)) return std::nullopt;
        rev = *parsed;
        deleted = *tree->isDeleted(rev);
    } else {
        if (win.deleted) return std::nullopt;
        rev = win.rev;
    }
    std::optional<Json> body = decodeBody(rev == win.rev ? packed_doc::winnerBody(packed) : packed_doc::body(packed, rev));
    if (!body) return std::nullopt;  // an ancestor: its body is not kept

    Json out = std::move(*body);
    out["_id"] = id;
    out["_rev"] = rev.str();
    if (deleted) out["_deleted"] = true;
    if ((options.conflicts || options.revs) && !tree) tree = packed_doc::tree(packed);
    if (options.conflicts) {
        auto conflicts = tree->conflicts();
        if (!conflicts.empty()) {
            Json list = Json::array();
            for (const RevId& c : conflicts) list.push_back(c.str());
            out["_conflicts"] = std::move(list);
        }
    }
    if (options.revs) out["_revisions"] = Json{{"start", rev.gen}, {"ids", tree->history(rev)}};
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

std::optional<RevisionTree> DocumentStore::revisionTree(const std::string& id) const {
    DocIndex found = m_docs.find(id);
    if (found == kNoDoc || packedOf(found).empty()) return std::nullopt;
    return packed_doc::tree(packedOf(found));
}

std::vector<RevLeaf> DocumentStore::leaves(const std::string& id) const {
    DocIndex found = m_docs.find(id);
    if (found == kNoDoc || packedOf(found).empty()) return {};
    return packed_doc::leaves(packedOf(found));
}

std::optional<RevLeaf> DocumentStore::winningLeaf(const std::string& id) const {
    DocIndex found = m_docs.find(id);
    if (found == kNoDoc || packedOf(found).empty()) return std::nullopt;
    return packed_doc::winner(packedOf(found));
}

bool DocumentStore::hasConflicts(const std::string& id) const {
    DocIndex found = m_docs.find(id);
    return found != kNoDoc && packed_doc::hasConflicts(packedOf(found));
}

std::vector<std::string> DocumentStore::conflictedIds() const {
    std::vector<std::string> ids;
    m_docs.forEachById([&](DocIndex doc) {
        if (packed_doc::hasConflicts(packedOf(doc))) ids.emplace_back(idOf(doc));
        return true;
    });
    return ids;
}

std::vector<std::string> DocumentStore::missingRevs(const std::string& id, const std::vector<std::string>& revs) const {
    std::optional<RevisionTree> tree = revisionTree(id);
    std::vector<std::string> missing;
    for (const std::string& r : revs) {
        auto rev = RevId::parse(r);
        if (!tree || !rev || !tree->contains(*rev)) missing.push_back(r);
    }
    return missing;
}

std::optional<Json> DocumentStore::winningBody(const std::string& id) const {
    DocIndex found = m_docs.find(id);
    if (found == kNoDoc || !m_docs[found].live) return std::nullopt;
    return decodeBody(packed_doc::winnerBody(packedOf(found)));
}

std::string DocumentStore::winningField(const std::string& id, std::string_view field) const {
    DocIndex found = m_docs.find(id);
    if (found == kNoDoc || !m_docs[found].live) return {};
    return std::string(packedStringField(packed_doc::winnerBody(packedOf(found)), m_keys, field));
}

void DocumentStore::forEachField(std::string_view field,
                                 const std::function<void(DocIndex doc, std::string_view value)>& fn) const {
    m_docs.forEachById([&](DocIndex doc) {
        if (m_docs[doc].live) fn(doc, packedStringField(packed_doc::winnerBody(packedOf(doc)), m_keys, field));
        return true;
    });
}

void DocumentStore::forEachDoc(const std::function<bool(const std::string& id, const Json& body)>& fn,
                               std::string_view type) const {
    std::string id;  // one buffer for every id handed out
    m_docs.forEachById([&](DocIndex doc) {
        if (!m_docs[doc].live || (!type.empty() && typeOf(doc) != type)) return true;
        std::optional<Json> body = decodeBody(packed_doc::winnerBody(packedOf(doc)));
        if (!body) return true;
        id.assign(idOf(doc));
        return fn(id, *body);
    });
}

std::vector<std::string> DocumentStore::idsOfType(std::string_view type) const {
    std::vector<std::string> ids;
    m_docs.forEachById([&](DocIndex doc) {
        if (m_docs[doc].live && typeOf(doc) == type) ids.emplace_back(idOf(doc));
        return true;
    });
    return ids;
}

size_t DocumentStore::docCount() const { return m_liveCount; }

DocIndex DocumentStore::forEachLiveEntry(DocIndex from, size_t count, std::string_view type,
                                         const std::function<void(DocIndex doc)>& fn) const {
    const size_t end = std::min(m_docs.size(), size_t(from) + std::min(count, m_docs.size()));
    for (size_t doc = from; doc < end; ++doc) {
        const DocIndex ref = static_cast<DocIndex>(doc);
        if (m_docs[ref].live && (type.empty() || typeOf(ref) == type)) fn(ref);
    }
    return static_cast<DocIndex>(std::max<size_t>(end, from));
}

std::optional<Json> DocumentStore::entryBody(DocIndex doc) const {
    if (!m_docs[doc].live) return std::nullopt;
    return decodeBody(packed_doc::winnerBody(packedOf(doc)));
}

std::string_view DocumentStore::entryField(DocIndex doc, std::string_view field) const {
    if (!m_docs[doc].live) return {};
    return packedStringField(packed_doc::winnerBody(packedOf(doc)), m_keys, field);
}

// ---- changes ----------------------------------------------------------------------------------

Change DocumentStore::changeFor(DocIndex doc, bool allDocs) const {
    Change change;
    change.seq = m_docs[doc].seq;
    change.id = idOf(doc);
    std::string_view packed = packedOf(doc);
    if (packed.empty()) return change;
    RevLeaf win = packed_doc::winner(packed);
    change.deleted = win.deleted;
    change.revs.push_back(win.rev.str());
    if (allDocs) {
        for (const RevLeaf& leaf : packed_doc::leaves(packed)) {
            if (leaf.rev != win.rev) change.revs.push_back(leaf.rev.str());
        }
    }
    return change;
}

ChangesResult DocumentStore::changes(uint64_t since, size_t limit, bool allDocs) const {
    ChangesResult result;
    m_docs.forEachAfter(since, [&](DocIndex doc) {
        if (result.results.size() >= limit) return false;
        result.results.push_back(changeFor(doc, allDocs));
        return true;
    });
    result.lastSeq = result.results.empty() ? std::max(since, m_updateSeq) : result.results.back().seq;
    if (result.results.empty() && since > m_updateSeq) result.lastSeq = m_updateSeq;
    return result;
}

size_t DocumentStore::changesCount(uint64_t since) const {
    size_t n = 0;
    m_docs.forEachAfter(since, [&](DocIndex) {
        ++n;
        return true;
    });
    return n;
}

uint64_t DocumentStore::docSeq(std::string_view id) const {
    DocIndex found = m_docs.find(id);
    return found == kNoDoc ? 0 : m_docs[found].seq;
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
    DocIndex found = m_docs.find(id);
    if (found == kNoDoc || packedOf(found).empty()) return std::nullopt;
    std::string_view packed = packedOf(found);
    const uint64_t seq = m_docs[found].seq;
    std::vector<uint32_t> used;
    std::string scratch;
    for (const packed_doc::Body& b : packed_doc::bodies(packed)) {
        remapPackedKeys(b.bytes, [&](uint32_t key) { used.push_back(key); return key; }, scratch);
    }
    std::sort(used.begin(), used.end());
    used.erase(std::unique(used.begin(), used.end()), used.end());
    std::string record(1, kRecordMagic);
    putVarint(record, packed.size());
    record += packed;
    putVarint(record, used.size());
    for (uint32_t key : used) {
        const std::string& name = *m_keys.key(key);
        putVarint(record, key);
        putVarint(record, name.size());
        record += name;
    }
    for (int i = 0; i < 8; ++i) record.push_back(static_cast<char>((seq >> (8 * i)) & 0xff));
    return record;
}

bool DocumentStore::isDocumentKey(std::string_view key) {
    return !key.empty() && !startsWith(key, kLocalPrefix) && !startsWith(key, kAttPrefix);
}

uint64_t DocumentStore::recordSeq(std::string_view value) {
    if (value.size() < 10 || value[0] != kRecordMagic) return 0;
    uint64_t seq = 0;
    for (int i = 0; i < 8; ++i) seq |= static_cast<uint64_t>(static_cast<uint8_t>(value[value.size() - 8 + i])) << (8 * i);
    return seq;
}

namespace {
// A packed record (see the top of this file) as the store's packed document, with its key numbers mapped
// to this store's key table: a view into `value` when they already match (a record saved with the key table
// restored first), else `scratch` rewritten.
bool unpackRecord(std::string_view value, KeyTable& keys, std::string& scratch, std::string_view& packed,
                  uint64_t& seq) {
    if (value.size() < 10 || value[0] != kRecordMagic) return false;
    std::string_view rest = value.substr(1, value.size() - 9);
    auto varint = [&](uint64_t& v) { return takeVarint(rest, v); };
    uint64_t blobSize = 0, keyCount = 0;
    if (!varint(blobSize) || blobSize > rest.size()) return false;
    std::string_view blob = rest.substr(0, blobSize);
    rest.remove_prefix(blobSize);
    if (!packed_doc::valid(blob) || !varint(keyCount)) return false;
    std::vector<std::pair<uint32_t, uint32_t>> mapping;  // record's key number -> mine; a document's few keys
    mapping.reserve(std::min<uint64_t>(keyCount, rest.size()));
    bool identity = true;
    for (uint64_t i = 0; i < keyCount; ++i) {
        uint64_t number = 0, size = 0;
        if (!varint(number) || number > UINT32_MAX || !varint(size) || size > rest.size()) return false;
        std::string_view name = rest.substr(0, size);
        const std::string* same = keys.key(static_cast<uint32_t>(number));
        uint32_t mine = same && *same == name ? static_cast<uint32_t>(number) : keys.intern(name);
        rest.remove_prefix(size);
        mapping.emplace_back(static_cast<uint32_t>(number), mine);
        identity = identity && mine == number;
    }
    if (!rest.empty()) return false;
    seq = DocumentStore::recordSeq(value);
    if (identity) {
        packed = blob;
        return true;
    }
    std::sort(mapping.begin(), mapping.end());
    std::vector<std::string> remapped;
    std::vector<packed_doc::Body> bodies = packed_doc::bodies(blob);
    bool known = true;
    for (const packed_doc::Body& b : bodies) {
        remapped.emplace_back();
        auto map = [&](uint32_t key) {
            auto it = std::lower_bound(mapping.begin(), mapping.end(), std::make_pair(key, uint32_t(0)));
            if (it == mapping.end() || it->first != key) {
                known = false;
                return key;
            }
            return it->second;
        };
        if (!remapPackedKeys(b.bytes, map, remapped.back()) || !known) return false;
    }
    for (size_t i = 0; i < bodies.size(); ++i) bodies[i].bytes = remapped[i];
    scratch = packed_doc::build(packed_doc::tree(blob), bodies);
    packed = scratch;
    return true;
}

// A document record of earlier versions ({"s", "t", "b"} as JSON) as the packed document and its seq.
bool packJsonRecord(std::string_view value, KeyTable& keys, std::string& packed, uint64_t& seq) {
    Json json = Json::parse(value, nullptr, false);
    if (!json.is_object() || !json.contains("s") || !json["s"].is_number_integer() || json["s"].get<int64_t>() < 1 ||
        !json.contains("t") || !json.contains("b") || !json["b"].is_object()) {
        return false;
    }
    auto tree = RevisionTree::decode(json["t"]);
    if (!tree || tree->empty()) return false;
    seq = json["s"].get<uint64_t>();
    std::vector<std::string> encoded;
    std::vector<RevId> revs;
    for (auto it = json["b"].begin(); it != json["b"].end(); ++it) {
        auto rev = RevId::parse(it.key());
        if (!rev || !tree->contains(*rev) || !it.value().is_object()) return false;
        revs.push_back(*rev);
        encoded.push_back(packJson(it.value(), keys));
    }
    std::vector<packed_doc::Body> bodies;
    for (size_t i = 0; i < revs.size(); ++i) bodies.push_back({revs[i], encoded[i]});
    packed = packed_doc::build(*tree, bodies);
    return true;
}
} // namespace

bool DocumentStore::loadRecord(std::string_view key, std::string_view value) {
    if (key.empty()) return false;
    if (startsWith(key, kLocalPrefix)) {
        Json json = Json::parse(value, nullptr, false);
        if (!json.is_object() || !json.contains("_rev") || !json["_rev"].is_string()) return false;
        m_locals[std::string(key)] = std::move(json);
        return true;
    }
    if (startsWith(key, kAttPrefix)) {
        Json json = Json::parse(value, nullptr, false);
        if (!json.is_string()) return false;
        auto bytes = base64Decode(json.get<std::string>());
        if (!bytes || Md5::attachmentDigest(*bytes) != key.substr(kAttPrefix.size())) return false;
        m_attachments[std::string(key.substr(kAttPrefix.size()))] = std::move(*bytes);
        return true;
    }
    std::string scratch;
    std::string_view packed;
    uint64_t seq = 0;
    bool migrated = false;
    if (!value.empty() && value[0] == kRecordMagic) {
        if (!unpackRecord(value, m_keys, scratch, packed, seq)) return false;
    } else {
        if (!packJsonRecord(value, m_keys, scratch, seq)) return false;
        packed = scratch;
        migrated = true;
    }
    if (seq == 0) return false;
    bool live = !packed_doc::winner(packed).deleted;

    auto [doc, inserted] = m_docs.insert(key);
    if (!inserted && m_docs[doc].live) --m_liveCount;
    if (live) ++m_liveCount;
    setPacked(doc, packed);
    // A stale record that claimed the same seq yields (DocTable::forEachAfter); the Records stage's places in
    // sequence order wait until its end (reads between its steps find the order settled).
    m_docs.setSeq(doc, seq, m_bulkLoading && m_loadingRecordsStage);
    m_docs[doc].live = live;
    m_updateSeq = std::max(m_updateSeq, seq);
    if (migrated) m_dirty.insert(std::string(key));  // saved again, packed
    if (!m_bulkLoading) notify(changeFor(doc, false));  // a bulk load tells listeners once, at its end
    return true;
}

// ---- listeners --------------------------------------------------------------------------------

int DocumentStore::addListener(Listener fn) {
    int handle = m_nextListener++;
    m_listeners.emplace(handle, std::move(fn));
    return handle;
}

void DocumentStore::removeListener(int handle) { m_listeners.erase(handle); }

void DocumentStore::endBulkLoad(bool recordsStage) {
    m_bulkLoading = false;
    m_loadingRecordsStage = false;
    m_docs.settle();  // (the held sequences released too)
    Change reloaded;
    reloaded.seq = m_updateSeq;
    reloaded.reloaded = true;
    reloaded.recordsStage = recordsStage;
    notify(reloaded);
}

bool DocumentStore::notLoadedYet(std::string_view id) const {
    return m_recordsPending && segment::stageOf(id) == segment::Stage::Records;
}

uint64_t DocumentStore::forEachWinningString(uint64_t afterSeq, size_t maxDocs,
                                             const std::function<void(std::string_view)>& fn) const {
    uint64_t last = afterSeq;
    if (maxDocs == 0) return last;
    m_docs.forEachAfter(afterSeq, [&](DocIndex doc) {
        last = m_docs[doc].seq;
        if (m_docs[doc].live) forEachPackedString(packed_doc::winnerBody(packedOf(doc)), fn);
        return --maxDocs > 0;
    });
    return last;
}

void DocumentStore::forEachWinningString(const std::string& id, const std::function<void(std::string_view)>& fn) const {
    DocIndex found = m_docs.find(id);
    if (found != kNoDoc && m_docs[found].live) forEachPackedString(packed_doc::winnerBody(packedOf(found)), fn);
}

void DocumentStore::notify(const Change& changed) {
    // (Writes made while the Records stage loads are told at once; the records loaded, once at its end.)
    Change change = changed;
    if (!change.deleted && !change.reloaded) {
        DocIndex found = m_docs.find(change.id);
        if (found != kNoDoc) change.type = typeOf(found);
    }
    std::vector<int> handles;
    handles.reserve(m_listeners.size());
    for (const auto& [handle, fn] : m_listeners) handles.push_back(handle);
    for (int handle : handles) {
        auto it = m_listeners.find(handle);
        if (it != m_listeners.end()) it->second(change);
    }
}

} // namespace crm::core

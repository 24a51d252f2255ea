// The local document store: CouchDB-semantics JSON documents with revision trees, a local update
// sequence and changes feed, _local documents and attachments by digest. Pure in-memory; durability
// comes from WriteBehind (write_behind.h), which drains the store's dirty set into Persistence batches.
// Each document is held as one packed byte string (packed_doc.h: its tree and kept bodies, object keys
// interned in the store's KeyTable) in the DocTable's arena (doc_table.h) and decoded on access: reads return
// values, never references. Indexes name documents by DocIndex (the table's entry number), never by copies.
//
// Sections: results and options · DocumentStore (writes, reads, changes, local docs, attachments,
// persistence hooks, listeners).
#pragma once
#include "core/json.h"
#include "core/store/dirty_set.h"
#include "core/store/doc_table.h"
#include "core/store/packed_json.h"
#include "core/store/revision_tree.h"

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::core {

// ---- results and options ----------------------------------------------------------------------

// A per-document failure, CouchDB style: error "conflict" | "bad_request" | "not_found" | "forbidden", or
// kNotLoaded: a write to a document of the Records stage while that stage is still loading (segment.h).
struct DocError {
    std::string error;
    std::string reason;
};

inline constexpr const char* kNotLoaded = "not_loaded";

struct WriteResult {
    std::string id;
    std::string rev;                 // the new (or merged) revision on success
    std::optional<DocError> error;
    bool ok() const { return !error; }
};

struct GetOptions {
    std::string rev;           // a specific revision instead of the winner
    bool conflicts = false;    // add "_conflicts" (non-deleted losing leaves)
    bool revs = false;         // add "_revisions" {start, ids}
    bool attachmentsData = false;  // include attachment bodies (base64 "data") instead of stubs
};

struct Change {
    uint64_t seq = 0;
    std::string id;
    std::vector<std::string> revs;  // winner first; with allDocs every leaf
    bool deleted = false;           // the winning revision is a tombstone
    std::string type;               // listeners only: the winner's "type" field ("" when none or deleted)
    // Listeners only: the store was loaded in bulk (endBulkLoad) and any document may have changed; `id` is
    // empty. A listener rebuilds what it derives from the store, or schedules the rebuild.
    bool reloaded = false;
    // With `reloaded`: only the Records stage's documents were loaded (segment.h's stages; every id outside the
    // first screen's types): views of customers and vehicles alone have nothing new.
    bool recordsStage = false;
};

struct ChangesResult {
    std::vector<Change> results;
    uint64_t lastSeq = 0;
};

struct StoreOptions {
    size_t revsLimit = 1000;  // revision-history depth kept per branch (CouchDB's _revs_limit)
};

// ---- DocumentStore ----------------------------------------------------------------------------

class DocumentStore {
public:
    explicit DocumentStore(StoreOptions options = {});

    // Writes with new_edits=true. A doc without _rev creates the document (conflict if a
    // non-deleted winner exists); with _rev it must name a current leaf, else error "conflict".
    // "_deleted": true writes a tombstone. Attachments with inline base64 "data" are stored by MD5
    // digest; stubs ("stub": true) keep the previous revision's attachment.
    WriteResult put(Json doc);
    WriteResult remove(const std::string& id, const std::string& rev);

    // Bulk writes. newEdits=false (replication): each doc carries _rev and optionally _revisions;
    // its history is merged into the tree as is, never a conflict error.
    std::vector<WriteResult> bulkDocs(std::vector<Json> docs, bool newEdits = true);

    // Reads. The winning revision's body with _id/_rev (and _deleted for tombstones when asked
    // by rev); nullopt when missing or when the winner is deleted and no rev was asked for.
    std::optional<Json> get(const std::string& id, const GetOptions& options = {}) const;
    // The winning revision's stored body (fields only, without _id/_rev): for listeners that look at
    // every write. nullopt when missing or deleted.
    std::optional<Json> winningBody(const std::string& id) const;
    // One string field of the winning body ("type", "customer_id"), read without decoding ("" when none).
    std::string winningField(const std::string& id, std::string_view field) const;
    std::optional<RevisionTree> revisionTree(const std::string& id) const;
    // As revisionTree(id)->leaves() and ->winner(), without building the tree (empty / nullopt when missing).
    std::vector<RevLeaf> leaves(const std::string& id) const;
    std::optional<RevLeaf> winningLeaf(const std::string& id) const;
    bool hasConflicts(const std::string& id) const;  // as !revisionTree(id)->conflicts().empty(), cheaper
    std::vector<std::string> conflictedIds() const;   // every document for which hasConflicts(), in id order
    // Ids of revisions among `revs` that this store does not have (for _revs_diff).
    std::vector<std::string> missingRevs(const std::string& id, const std::vector<std::string>& revs) const;

    // Every live (winner not deleted) document, in id order, decoded (fields only, without _id/_rev);
    // with `type`, only documents of that type (the others are not decoded). fn returns false to stop.
    void forEachDoc(const std::function<bool(const std::string& id, const Json& body)>& fn,
                    std::string_view type = {}) const;
    // The ids of live documents of one type, in id order (nothing is decoded).
    std::vector<std::string> idsOfType(std::string_view type) const;
    // Every live document (in id order) and one string field of its winner ("" when none), read without
    // decoding. A DocIndex names its document as long as the store lives (documents are never erased, only
    // deleted), so indexes can hold it instead of a copy of the id (see idRef).
    void forEachField(std::string_view field, const std::function<void(DocIndex doc, std::string_view value)>& fn) const;
    // The store's stable reference to a document (see forEachField); kNoDoc when the store has none.
    DocIndex idRef(std::string_view id) const { return m_docs.find(id); }
    std::string_view idOf(DocIndex doc) const { return m_docs.id(doc); }  // its id (doc must be a store's ref)
    size_t docCount() const;  // live documents (excluding _local)
    // For scans spread over frames (an index rebuilt in steps): the table's entries by number. Numbers only
    // grow (a document added later comes after every earlier one) and are never reused. Visits the live
    // documents among entries [from, from + count) (with `type`, of that type only, read without decoding)
    // and returns the entry to go on from (entryCount() once every entry is visited).
    size_t entryCount() const { return m_docs.size(); }
    DocIndex forEachLiveEntry(DocIndex from, size_t count, std::string_view type,
                              const std::function<void(DocIndex doc)>& fn) const;
    // A live document's winning body, and one string field of it ("" when none) read without decoding.
    std::optional<Json> entryBody(DocIndex doc) const;
    std::string_view entryField(DocIndex doc, std::string_view field) const;

    // The changes feed: one entry per document changed after `since`, in sequence order.
    ChangesResult changes(uint64_t since, size_t limit = SIZE_MAX, bool allDocs = false) const;
    uint64_t updateSeq() const { return m_updateSeq; }
    size_t changesCount(uint64_t since) const;      // documents whose latest change is after `since`
    uint64_t docSeq(std::string_view id) const;     // the document's latest change; 0 when unknown

    // Bodies kept besides the leaves (for the conflict dialog's common ancestor): the common ancestor
    // of the winner and each conflicting leaf, once learnt elsewhere (the replicator fetches it from
    // the server). False when the revision is not in the tree or is not such an ancestor.
    bool keepAncestorBody(const std::string& id, const std::string& rev, const Json& body);
    // The common ancestor of two revisions of a document (nullopt: none, e.g. after stemming).
    std::optional<RevId> commonAncestor(const std::string& id, const RevId& a, const RevId& b) const;

    // _local documents: not replicated, no revision tree (rev "0-N"), not in the changes feed.
    WriteResult putLocal(Json doc);
    std::optional<Json> getLocal(const std::string& id) const;

    // Attachment bodies by digest ("md5-<base64>"), shared between revisions and documents.
    std::optional<std::string> attachmentData(const std::string& digest) const;
    bool hasAttachment(const std::string& digest) const { return m_attachments.count(digest) != 0; }

    // ---- persistence hooks (used by WriteBehind) ----
    // Ids (documents and _local) changed since they were last taken, oldest change first, at most `limit`;
    // and the encoded records. Record keys: a document id, "_local/<name>", or "_att/<digest>" for an
    // attachment body.
    std::vector<std::string> takeDirty(size_t limit = SIZE_MAX);
    bool hasDirty() const { return !m_dirty.empty(); }
    size_t dirtyCount() const { return m_dirty.size(); }
    bool isDirty(const std::string& id) const { return m_dirty.contains(id); }
    // Puts taken ids back in front of the dirty set (a batch that failed to write is retried first).
    void markDirty(const std::vector<std::string>& ids);
    std::optional<std::string> encodeRecord(const std::string& id) const;  // nullopt: record gone
    // A document's record key (not "_local/..." nor "_att/..."): only these go into segments.
    static bool isDocumentKey(std::string_view key);
    // The update seq a packed document record carries, read without decoding; 0 for any other value.
    static uint64_t recordSeq(std::string_view value);
    // Loads one stored record (packed, or the compact JSON of earlier versions); false (store unchanged)
    // if the value cannot be decoded. Loading a document notifies listeners (so indexes rebuild) but does
    // not mark it dirty; a JSON record loaded is marked dirty, so it is saved again in the packed form.
    bool loadRecord(std::string_view key, std::string_view value);
    // Loading many records at once (WriteBehind::load): between these calls, listeners are not told about
    // each record; endBulkLoad() tells them once with a `reloaded` change, so derived views rebuild from the
    // store in one pass (or in the background) instead of once per record.
    // `recordsStage`: the load takes in the Records stage only (Change::recordsStage), over many steps between
    // which the store is read and written.
    void beginBulkLoad(bool recordsStage = false) {
        m_bulkLoading = true;
        m_loadingRecordsStage = recordsStage;
    }
    void endBulkLoad(bool recordsStage = false);
    // A Records-stage load's end in pieces, before endBulkLoad (which does what is left at once): the sequences
    // it held aside released into the sequence order, then that order sorted, by about `work` slot visits a call
    // (a write or a read of the order in between finishes it). True once settled.
    bool settleSomeSeqOrder(size_t work) { return m_docs.settleSome(work); }
    // Nothing held aside and the order sorted: settleSomeSeqOrder has nothing left to do.
    bool seqOrderSettled() const { return !m_docs.hasHeldSeqs() && m_docs.seqOrderSettled(); }
    // While the Records stage (segment.h) is not loaded yet, writes to its documents are refused with kNotLoaded:
    // the store may not hold their latest revision, and a write could start a wrong revision tree.
    void setRecordsPending(bool pending) { m_recordsPending = pending; }
    bool recordsPending() const { return m_recordsPending; }
    bool notLoadedYet(std::string_view id) const;  // a write to `id` would be refused with kNotLoaded
    // The string values of winning bodies (not object keys), for documents whose latest change is after
    // `afterSeq`, in update-sequence order, at most `maxDocs` documents, read without decoding. Returns the
    // sequence of the last document visited (`afterSeq` when none): a scan spread over frames resumes there.
    uint64_t forEachWinningString(uint64_t afterSeq, size_t maxDocs,
                                  const std::function<void(std::string_view)>& fn) const;
    // One document's winning string values, as above (nothing when missing or deleted).
    void forEachWinningString(const std::string& id, const std::function<void(std::string_view)>& fn) const;
    // The object-key table packed records use: saved with them (WriteBehind), restored before them.
    const KeyTable& keys() const { return m_keys; }
    bool restoreKeys(std::string_view json) { return m_keys.restore(json); }
    // Memory the documents take: packed bytes, and beside them the table's (entries, id table, orders, ids,
    // arena slack and garbage), for the benchmark.
    size_t packedBytes() const { return m_docs.packedBytes(); }
    size_t tableBytes() const { return m_docs.overheadBytes(); }
    // Raises the update sequence to at least `seq` (restored from persisted metadata).
    void restoreUpdateSeq(uint64_t seq);
    // Sizes the document table for `documents` at once (a load that knows a bound: the stored update sequence, as
    // every document has a seq of its own), so that it does not rehash every id partway through.
    // Out of memory, it throws std::bad_alloc and nothing changes.
    void reserveDocuments(size_t documents) { m_docs.reserve(documents); }

    const StoreOptions& options() const { return m_options; }

    // Listeners run after every successful write, in sequence order (indexes, UI refresh).
    using Listener = std::function<void(const Change&)>;
    int addListener(Listener fn);
    void removeListener(int handle);

private:
    WriteResult writeNewEdit(Json doc);
    WriteResult writeReplicated(Json doc);
    // Merges a revision path into the document and stores `body` for its leaf, then touch().
    WriteResult storeRevision(const std::string& id, uint64_t start, const std::vector<std::string>& ids,
                              bool deleted, const Json& body);
    // Replaces inline attachments by stubs (storing data), resolves stubs against `parentBody`.
    std::optional<DocError> absorbAttachments(Json& body, const Json* parentBody, uint64_t revpos,
                                              bool newEdits);
    std::optional<Json> decodeBody(std::string_view bytes) const;
    std::optional<Json> bodyOf(const std::string& id, const RevId& rev) const;
    static std::set<std::string> keptRevs(const RevisionTree& tree);  // leaves + conflicts' common ancestors
    // A document's packed bytes (packed_doc: the revision tree and the kept bodies (leaves, and the
    // conflicts' common ancestors when they were learnt), bodies without _id/_rev); empty when none.
    std::string_view packedOf(DocIndex doc) const { return m_docs.packed(doc); }
    void setPacked(DocIndex doc, std::string_view packed);  // also notes the winner's type
    std::string_view typeOf(DocIndex doc) const;  // the winner's "type", from m_typeNames when listed
    void touch(DocIndex doc);  // new seq, dirty, listeners
    Change changeFor(DocIndex doc, bool allDocs) const;
    void notify(const Change& change);

    StoreOptions m_options;
    uint64_t m_updateSeq = 0;
    uint64_t m_generatedIds = 0;
    DirtySet m_dirty;
    std::map<int, Listener> m_listeners;
    int m_nextListener = 1;
    bool m_bulkLoading = false;
    bool m_recordsPending = false;
    bool m_loadingRecordsStage = false;
    KeyTable m_keys;
    // Document types seen ("" first); a store with more distinct types than fit reads the rest from the bytes.
    static constexpr uint16_t kUnlistedType = UINT16_MAX;
    std::vector<std::string> m_typeNames{""};
    DocTable m_docs;
    std::map<std::string, Json> m_locals;          // "_local/<name>" -> body with _id/_rev
    std::map<std::string, std::string> m_attachments;  // digest -> raw bytes
    size_t m_liveCount = 0;
};

} // namespace crm::core

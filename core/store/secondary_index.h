// Secondary indexes kept up to date from the store's change listener: exact, prefix and range
// lookups of document ids by keys a function extracts from each live document (or one string field, read
// from the stored bytes without decoding the document). Compact: an index holds no copies of document
// ids, only the store's 4-byte references to them (DocumentStore::idRef), and each key once. After a bulk
// load (Change::reloaded) an index starts again empty and is rebuilt in steps (buildStep: the next few
// thousand of the store's entries, by entry number), so neither the reopen nor any later frame waits for the
// whole store; the frame loop takes the steps ahead of need, and a query before the last step finishes the
// rest at once (so every answer is the complete one).
#pragma once
#include "core/store/document_store.h"

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace crm::core {

class SecondaryIndex {
public:
    using KeyFn = std::function<std::vector<std::string>(const Json& doc)>;

    // Builds from the store's current documents, then follows every change (deletes included).
    // The store must outlive the index.
    // With `type`, only documents of that type are indexed (the others are never decoded).
    SecondaryIndex(DocumentStore& store, std::string name, KeyFn keys, std::string type = {});
    // An index of one string field's value (empty values are not indexed).
    struct Field {
        std::string name;
    };
    SecondaryIndex(DocumentStore& store, std::string name, Field field, std::string type = {});
    ~SecondaryIndex();
    SecondaryIndex(const SecondaryIndex&) = delete;
    SecondaryIndex& operator=(const SecondaryIndex&) = delete;

    const std::string& name() const { return m_name; }
    std::vector<std::string> lookup(const std::string& key) const;                 // ids, sorted
    std::vector<std::string> lookupPrefix(const std::string& prefix) const;        // ids, sorted, unique
    std::vector<std::string> lookupRange(const std::string& lo, const std::string& hi) const;  // lo <= key < hi
    std::vector<std::string> keysOf(const std::string& id) const;
    size_t keyCount() const { return built().m_byKey.size(); }

    void rebuild();  // from the store, at once
    // Heard of a bulk load and not rebuilt since: buildStep() goes on with the rebuild, and so does (to the
    // end) the next query.
    bool stale() const { return m_building; }
    // One step of the rebuild after a load: the store's next `entries` entries (by number; the documents
    // among them of this index's type); true while some remain. Changes heard meanwhile are applied when their
    // document was already visited, else read by the step that visits it. Const like the queries: the steps
    // do not change what they answer (a query finishes the rebuild first).
    bool buildStep(size_t entries) const;

private:
    using IdRef = DocIndex;                  // the store's reference to a document
    using KeyRef = const std::string*;       // the key's copy in m_byKey
    struct ById {                            // orders id references by the ids themselves
        const DocumentStore* store;
        bool operator()(IdRef a, IdRef b) const { return store->idOf(a) < store->idOf(b); }
    };
    void listen();
    void update(const Change& change);
    void erase(IdRef id);
    void insert(IdRef id, std::vector<std::string> keys);
    void add(IdRef id, const std::string& key);  // one key, without the id's bookkeeping
    std::vector<std::string> keysFor(const Json& body) const;
    void startRebuild();     // empty, every entry still to visit
    void indexEntry(IdRef doc);  // a live document of this index's type, not yet in the index
    // This index, its rebuild finished first when stale (queries are const; rebuilding does not change what
    // they answer).
    const SecondaryIndex& built() const;
    KeyRef oneKeyOf(IdRef id) const { return id < m_keyOf.size() ? m_keyOf[id] : nullptr; }  // kNoDoc: none

    DocumentStore& m_store;
    std::string m_name;
    KeyFn m_keys;
    std::string m_field;  // with Field: the field read instead of m_keys
    std::string m_type;   // when set: the only type indexed
    int m_listener = 0;
    bool m_building = false;  // a bulk load was heard: rebuilt in steps (or to the end by the next query)
    IdRef m_nextEntry = 0;    // while building: the store's entries before this one are indexed
    std::map<std::string, std::vector<IdRef>> m_byKey;  // key -> ids, sorted by id
    std::vector<KeyRef> m_keyOf;  // by IdRef (the store's dense entry numbers): the key of ids with one key (nearly
                                  // all), nullptr for none; 4-8 B a document where a hash node took 20-40 B
    std::unordered_map<IdRef, std::vector<KeyRef>> m_keysOf;  // ids with several keys
};

// A named set of indexes over one store.
class IndexSet {
public:
    explicit IndexSet(DocumentStore& store) : m_store(store) {}
    SecondaryIndex& add(const std::string& name, SecondaryIndex::KeyFn keys);  // replaces a same-named one
    const SecondaryIndex* find(const std::string& name) const;

private:
    DocumentStore& m_store;
    std::map<std::string, std::unique_ptr<SecondaryIndex>> m_indexes;
};

// Key normalisers shared by the standard indexes and by lookups of user input.
std::string phoneKey(const std::string& phone);  // digits only
std::string plateKey(const std::string& plate);  // ASCII upper case, no spaces, dots or dashes
std::string vinKey(const std::string& vin);      // ASCII upper case, no spaces

// Installs "type", "owner", "region", "plate", "vin" and "phone" (from the `phones` array).
void installStandardIndexes(IndexSet& set);

} // namespace crm::core

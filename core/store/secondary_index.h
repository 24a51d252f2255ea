// Secondary indexes kept up to date from the store's change listener: exact, prefix and range
// lookups of document ids by keys a function extracts from each live document.
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
    SecondaryIndex(DocumentStore& store, std::string name, KeyFn keys);
    ~SecondaryIndex();
    SecondaryIndex(const SecondaryIndex&) = delete;
    SecondaryIndex& operator=(const SecondaryIndex&) = delete;

    const std::string& name() const { return m_name; }
    std::vector<std::string> lookup(const std::string& key) const;                 // ids, sorted
    std::vector<std::string> lookupPrefix(const std::string& prefix) const;        // ids, sorted, unique
    std::vector<std::string> lookupRange(const std::string& lo, const std::string& hi) const;  // lo <= key < hi
    std::vector<std::string> keysOf(const std::string& id) const;
    size_t keyCount() const { return m_byKey.size(); }

    void rebuild();

private:
    void update(const std::string& id);
    void erase(const std::string& id);
    void insert(const std::string& id, const Json& doc);

    DocumentStore& m_store;
    std::string m_name;
    KeyFn m_keys;
    int m_listener = 0;
    std::map<std::string, std::set<std::string>> m_byKey;
    std::unordered_map<std::string, std::vector<std::string>> m_byId;
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

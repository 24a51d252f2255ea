// SecondaryIndex: incremental key -> ids maps fed by DocumentStore listeners; standard CRM indexes.
#include "core/store/secondary_index.h"

#include <algorithm>

namespace crm::core {

SecondaryIndex::SecondaryIndex(DocumentStore& store, std::string name, KeyFn keys)
    : m_store(store), m_name(std::move(name)), m_keys(std::move(keys)) {
    rebuild();
    m_listener = m_store.addListener([this](const Change& change) { update(change.id); });
}

SecondaryIndex::~SecondaryIndex() { m_store.removeListener(m_listener); }

void SecondaryIndex::rebuild() {
    m_byKey.clear();
    m_byId.clear();
    m_store.forEachDoc([this](const std::string& id, const Json& body) {
        insert(id, body);
        return true;
    });
}

void SecondaryIndex::update(const std::string& id) {
    erase(id);
    if (std::optional<Json> body = m_store.winningBody(id)) insert(id, *body);
}

void SecondaryIndex::erase(const std::string& id) {
    auto it = m_byId.find(id);
    if (it == m_byId.end()) return;
    for (const std::string& key : it->second) {
        auto k = m_byKey.find(key);
        if (k == m_byKey.end()) continue;
        k->second.erase(id);
        if (k->second.empty()) m_byKey.erase(k);
    }
    m_byId.erase(it);
}

void SecondaryIndex::insert(const std::string& id, const Json& doc) {
    std::vector<std::string> keys = m_keys(doc);
    keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (keys.empty()) return;
    for (const std::string& key : keys) m_byKey[key].insert(id);
    m_byId[id] = std::move(keys);
}

std::vector<std::string> SecondaryIndex::lookup(const std::string& key) const {
    auto it = m_byKey.find(key);
    if (it == m_byKey.end()) return {};
    return {it->second.begin(), it->second.end()};
}

std::vector<std::string> SecondaryIndex::lookupRange(const std::string& lo, const std::string& hi) const {
    std::set<std::string> ids;
    for (auto it = m_byKey.lower_bound(lo); it != m_byKey.end() && it->first < hi; ++it) {
        ids.insert(it->second.begin(), it->second.end());
    }
    return {ids.begin(), ids.end()};
}

std::vector<std::string> SecondaryIndex::lookupPrefix(const std::string& prefix) const {
    std::set<std::string> ids;
    for (auto it = m_byKey.lower_bound(prefix); it != m_byKey.end(); ++it) {
        if (it->first.compare(0, prefix.size(), prefix) != 0) break;
        ids.insert(it->second.begin(), it->second.end());
    }
    return {ids.begin(), ids.end()};
}

std::vector<std::string> SecondaryIndex::keysOf(const std::string& id) const {
    auto it = m_byId.find(id);
    return it == m_byId.end() ? std::vector<std::string>{} : it->second;
}

SecondaryIndex& IndexSet::add(const std::string& name, SecondaryIndex::KeyFn keys) {
    auto& slot = m_indexes[name];
    slot.reset();
    slot = std::make_unique<SecondaryIndex>(m_store, name, std::move(keys));
    return *slot;
}

const SecondaryIndex* IndexSet::find(const std::string& name) const {
    auto it = m_indexes.find(name);
    return it == m_indexes.end() ? nullptr : it->second.get();
}

// ---- standard indexes -------------------------------------------------------------------------

std::string phoneKey(const std::string& phone) {
    std::string out;
    for (char c : phone) {
        if (c >= '0' && c <= '9') out.push_back(c);
    }
    return out;
}

std::string plateKey(const std::string& plate) {
    std::string out;
    for (char c : plate) {
        if (c == ' ' || c == '-' || c == '.' || c == '\t') continue;
        out.push_back((c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c);
    }
    return out;
}

std::string vinKey(const std::string& vin) {
    std::string out;
    for (char c : vin) {
        if (c == ' ' || c == '\t') continue;
        out.push_back((c >= 'a' && c <= 'z') ? char(c - 'a' + 'A') : c);
    }
    return out;
}

namespace {
SecondaryIndex::KeyFn field(const char* name, std::string (*normalise)(const std::string&) = nullptr) {
    return [name, normalise](const Json& doc) -> std::vector<std::string> {
        auto it = doc.find(name);
        if (it == doc.end() || !it->is_string()) return {};
        std::string value = it->get<std::string>();
        return {normalise ? normalise(value) : value};
    };
}
} // namespace

void installStandardIndexes(IndexSet& set) {
    set.add("type", field("type"));
    set.add("owner", field("owner"));
    set.add("region", field("region"));
    set.add("plate", field("plate", plateKey));
    set.add("vin", field("vin", vinKey));
    set.add("phone", [](const Json& doc) -> std::vector<std::string> {
        std::vector<std::string> keys;
        auto it = doc.find("phones");
        if (it == doc.end() || !it->is_array()) return keys;
        for (const Json& p : *it) {
            if (p.is_string()) keys.push_back(phoneKey(p.get<std::string>()));
        }
        return keys;
    });
}

} // namespace crm::core

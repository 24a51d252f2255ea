// SecondaryIndex: incremental key -> ids maps fed by DocumentStore listeners (holding references to the
// store's ids, not copies); standard CRM indexes.
#include "core/store/secondary_index.h"

#include "core/store/segment.h"

#include <algorithm>

namespace crm::core {

SecondaryIndex::SecondaryIndex(DocumentStore& store, std::string name, KeyFn keys, std::string type)
    : m_store(store), m_name(std::move(name)), m_keys(std::move(keys)), m_type(std::move(type)) {
    listen();
}

SecondaryIndex::SecondaryIndex(DocumentStore& store, std::string name, Field field, std::string type)
    : m_store(store), m_name(std::move(name)), m_field(std::move(field.name)), m_type(std::move(type)) {
    listen();
}

std::vector<std::string> SecondaryIndex::keysFor(const Json& body) const {
    if (m_field.empty()) return m_keys(body);
    auto it = body.find(m_field);
    if (it == body.end() || !it->is_string()) return {};
    return {it->get<std::string>()};
}

void SecondaryIndex::listen() {
    rebuild();
    m_listener = m_store.addListener([this](const Change& change) { update(change); });
}

SecondaryIndex::~SecondaryIndex() { m_store.removeListener(m_listener); }

const SecondaryIndex& SecondaryIndex::built() const {
    if (m_building) buildStep(SIZE_MAX);
    return *this;
}

void SecondaryIndex::rebuild() {
    startRebuild();
    buildStep(SIZE_MAX);
}

void SecondaryIndex::startRebuild() {
    m_building = true;
    m_nextEntry = 0;
    m_byKey.clear();
    m_keyOf.clear();
    m_keysOf.clear();
}

bool SecondaryIndex::buildStep(size_t entries) const {
    if (!m_building) return false;
    auto& self = const_cast<SecondaryIndex&>(*this);  // (no index is a const object)
    self.m_nextEntry = m_store.forEachLiveEntry(m_nextEntry, entries, m_type, [&self](IdRef doc) { self.indexEntry(doc); });
    if (m_nextEntry >= m_store.entryCount()) self.m_building = false;
    return m_building;
}

void SecondaryIndex::indexEntry(IdRef doc) {
    if (!m_field.empty()) {  // one field: nothing decoded
        std::string_view value = m_store.entryField(doc, m_field);
        if (!value.empty()) insert(doc, {std::string(value)});
    } else if (std::optional<Json> body = m_store.entryBody(doc)) {
        insert(doc, keysFor(*body));
    }
}

void SecondaryIndex::update(const Change& change) {
    if (change.reloaded) {
        // The Records stage (segment.h) holds no document of a first-screen type: an index of one goes on over the
        // entries that stage added instead of starting again (so a record id carrying that type, odd as it is, is
        // found too, unless it was already loaded from the log).
        if (change.recordsStage && !m_type.empty() && segment::stageOfType(m_type) == segment::Stage::FirstScreen) {
            if (m_nextEntry < m_store.entryCount()) m_building = true;
            return;
        }
        startRebuild();  // in steps (buildStep), or at once by the first query
        return;
    }
    IdRef id = m_store.idRef(change.id);
    if (id == kNoDoc) return;  // a _local document
    if (m_building && id >= m_nextEntry) return;  // not visited yet: the step that visits it reads it as it is then
    erase(id);
    if (change.deleted || (!m_type.empty() && change.type != m_type)) return;
    if (!m_field.empty()) {
        std::string value = m_store.winningField(change.id, m_field);
        if (!value.empty()) insert(id, {std::move(value)});
    } else if (std::optional<Json> body = m_store.winningBody(change.id)) {
        insert(id, keysFor(*body));
    }
}

void SecondaryIndex::erase(IdRef id) {
    auto drop = [&](KeyRef key) {
        auto k = m_byKey.find(*key);
        if (k == m_byKey.end()) return;
        std::vector<IdRef>& ids = k->second;
        auto at = std::lower_bound(ids.begin(), ids.end(), id, ById{&m_store});
        if (at != ids.end() && *at == id) ids.erase(at);
        if (ids.empty()) m_byKey.erase(k);
    };
    if (KeyRef key = oneKeyOf(id)) {
        m_keyOf[id] = nullptr;
        drop(key);
    } else if (auto several = m_keysOf.find(id); several != m_keysOf.end()) {
        std::vector<KeyRef> keys = std::move(several->second);
        m_keysOf.erase(several);
        for (KeyRef key : keys) drop(key);
    }
}

void SecondaryIndex::add(IdRef id, const std::string& key) {
    std::vector<IdRef>& ids = m_byKey[key];
    auto at = std::lower_bound(ids.begin(), ids.end(), id, ById{&m_store});
    if (at == ids.end() || *at != id) ids.insert(at, id);
}

void SecondaryIndex::insert(IdRef id, std::vector<std::string> keys) {
    keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (keys.empty() || id == kNoDoc) return;
    std::vector<KeyRef> refs;
    for (const std::string& key : keys) {
        add(id, key);
        refs.push_back(&m_byKey.find(key)->first);
    }
    if (refs.size() == 1) {
        if (id >= m_keyOf.size()) m_keyOf.resize(size_t(id) + 1, nullptr);
        m_keyOf[id] = refs[0];
    } else {
        m_keysOf[id] = std::move(refs);
    }
}

std::vector<std::string> SecondaryIndex::lookup(const std::string& key) const {
    built();
    auto it = m_byKey.find(key);
    if (it == m_byKey.end()) return {};
    std::vector<std::string> ids;
    ids.reserve(it->second.size());
    for (IdRef id : it->second) ids.emplace_back(m_store.idOf(id));
    return ids;
}

std::vector<std::string> SecondaryIndex::lookupRange(const std::string& lo, const std::string& hi) const {
    built();
    std::set<std::string> ids;
    for (auto it = m_byKey.lower_bound(lo); it != m_byKey.end() && it->first < hi; ++it) {
        for (IdRef id : it->second) ids.emplace(m_store.idOf(id));
    }
    return {ids.begin(), ids.end()};
}

std::vector<std::string> SecondaryIndex::lookupPrefix(const std::string& prefix) const {
    built();
    std::set<std::string> ids;
    for (auto it = m_byKey.lower_bound(prefix); it != m_byKey.end(); ++it) {
        if (it->first.compare(0, prefix.size(), prefix) != 0) break;
        for (IdRef id : it->second) ids.emplace(m_store.idOf(id));
    }
    return {ids.begin(), ids.end()};
}

std::vector<std::string> SecondaryIndex::keysOf(const std::string& id) const {
    built();
    IdRef ref = m_store.idRef(id);
    if (KeyRef key = oneKeyOf(ref)) return {*key};
    std::vector<std::string> keys;
    if (auto several = m_keysOf.find(ref); several != m_keysOf.end()) {
        for (KeyRef key : several->second) keys.push_back(*key);
    }
    return keys;
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

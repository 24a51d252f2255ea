// ClassificationService: change tracking, per-customer fact rebuilds, re-ranking, reminders and agenda.
#include "core/app/classification_service.h"

#include "core/app/customer.h"

#include <algorithm>

namespace crm::core {
namespace {

bool isFactType(const std::string& type) {
    return type == "vehicle" || type == "service_record" || type == "followup";
}

void addResolved(const Json& followup, std::unordered_set<std::string>& out) {
    auto it = followup.find("resolves");
    if (it == followup.end()) return;
    if (it->is_string()) out.insert(it->get<std::string>());
    else if (it->is_array()) {
        for (const Json& key : *it) {
            if (key.is_string()) out.insert(key.get<std::string>());
        }
    }
}

} // namespace

std::string reminderKey(const Reminder& reminder) {
    return std::string(reminderKindKey(reminder.kind)) + "|" + reminder.vehicleId + "|" + reminder.dueDate.toString();
}

CivilDate chinaToday(int64_t nowMs) {
    int64_t ms = nowMs + 8 * 3600 * 1000LL;
    int64_t days = ms >= 0 ? ms / 86400000LL : -((-ms + 86399999LL) / 86400000LL);
    return CivilDate::fromDays(days);
}

ClassificationService::ClassificationService(DocumentStore& store)
    : m_store(store), m_byCustomer(store, "customer_id", [](const Json& doc) -> std::vector<std::string> {
          std::string id = stringField(doc, "customer_id");
          if (id.empty()) return {};
          return {id};
      }) {
    m_listener = m_store.addListener([this](const Change& change) { onChange(change); });
}

ClassificationService::~ClassificationService() { m_store.removeListener(m_listener); }

void ClassificationService::invalidateAll() {
    m_allDirty = true;
    m_settingsDirty = true;
}

void ClassificationService::onChange(const Change& change) {
    if (change.id == kClassificationSettingsId || change.id == kFollowupSettingsId) {
        m_settingsDirty = true;
        return;
    }
    if (m_allDirty) return;  // a full rebuild is pending anyway (e.g. while loading)
    if (change.deleted) {
        if (auto it = m_docCustomer.find(change.id); it != m_docCustomer.end()) {
            m_dirty.insert(it->second);
            m_docCustomer.erase(it);
        }
        if (m_index.count(change.id)) m_dirty.insert(change.id);
        return;
    }
    std::optional<Json> doc = m_store.get(change.id);
    if (!doc) return;
    const std::string type = stringField(*doc, "type");
    if (type == "customer") {
        m_dirty.insert(change.id);
        return;
    }
    if (m_index.count(change.id)) m_dirty.insert(change.id);  // was a customer, is not any more
    auto old = m_docCustomer.find(change.id);
    std::string customer = isFactType(type) ? stringField(*doc, "customer_id") : std::string();
    if (old != m_docCustomer.end()) {
        if (old->second != customer) m_dirty.insert(old->second);
        if (customer.empty()) m_docCustomer.erase(old);
    }
    if (!customer.empty()) {
        m_docCustomer[change.id] = customer;
        m_dirty.insert(customer);
    }
}

void ClassificationService::loadSettings() {
    std::optional<Json> c = m_store.get(kClassificationSettingsId);
    m_classSettings = ClassificationSettings::fromJson(c ? *c : Json::object());
    std::optional<Json> f = m_store.get(kFollowupSettingsId);
    m_followupSettings = FollowupSettings::fromJson(f ? *f : Json::object());
}

void ClassificationService::rebuildAllFacts() {
    std::vector<Json> docs;
    m_docCustomer.clear();
    m_store.forEachDoc([&](const std::string& id, const Json& body) {
        auto typeIt = body.find("type");
        if (typeIt == body.end() || !typeIt->is_string()) return true;
        const std::string& type = typeIt->get_ref<const std::string&>();
        if (type != "customer" && !isFactType(type)) return true;
        docs.push_back(body);
        docs.back()["_id"] = id;
        if (type != "customer") {
            std::string customer = stringField(body, "customer_id");
            if (!customer.empty()) m_docCustomer.emplace(id, std::move(customer));
        }
        return true;
    });
    m_facts = buildCustomerFacts(docs);
    m_index.clear();
    m_resolved.assign(m_facts.size(), {});
    for (size_t i = 0; i < m_facts.size(); ++i) m_index.emplace(m_facts[i].id, i);
    for (const Json& doc : docs) {
        if (stringField(doc, "type") != "followup") continue;
        auto it = m_index.find(stringField(doc, "customer_id"));
        if (it != m_index.end()) addResolved(doc, m_resolved[it->second]);
    }
}

void ClassificationService::removeAt(size_t index) {
    m_index.erase(m_facts[index].id);
    if (index != m_facts.size() - 1) {
        m_facts[index] = std::move(m_facts.back());
        m_resolved[index] = std::move(m_resolved.back());
        m_index[m_facts[index].id] = index;
    }
    m_facts.pop_back();
    m_resolved.pop_back();
}

void ClassificationService::rebuildFacts(const std::string& customerId) {
    auto existing = m_index.find(customerId);
    std::optional<Json> customer = m_store.get(customerId);
    if (!customer || stringField(*customer, "type") != "customer") {
        if (existing != m_index.end()) removeAt(existing->second);
        return;
    }
    std::vector<Json> docs;
    docs.push_back(std::move(*customer));
    std::unordered_set<std::string> resolved;
    for (const std::string& id : m_byCustomer.lookup(customerId)) {
        std::optional<Json> doc = m_store.get(id);
        if (!doc || !isFactType(stringField(*doc, "type"))) continue;
        m_docCustomer[id] = customerId;
        if (stringField(*doc, "type") == "followup") addResolved(*doc, resolved);
        docs.push_back(std::move(*doc));
    }
    std::vector<CustomerFacts> facts = buildCustomerFacts(docs);
    if (facts.empty()) return;
    if (existing == m_index.end()) {
        m_index.emplace(customerId, m_facts.size());
        m_facts.push_back(std::move(facts.front()));
        m_resolved.push_back(std::move(resolved));
    } else {
        m_facts[existing->second] = std::move(facts.front());
        m_resolved[existing->second] = std::move(resolved);
    }
}

void ClassificationService::rerank(const CivilDate& today) {
    m_classes = classifyAll(m_facts, m_classSettings, today);
    m_reminders.assign(m_facts.size(), {});
    const CivilDate horizon = today.addDays(6);
    std::vector<Reminder> all;
    for (size_t i = 0; i < m_facts.size(); ++i) {
        std::vector<Reminder> list = remindersFor(m_facts[i], m_classes[i], m_followupSettings, today);
        // Only what is due within the agenda's week, and not resolved by a follow-up.
        list.erase(std::remove_if(list.begin(), list.end(),
                                  [&](const Reminder& r) {
                                      return r.dueDate > horizon || (!m_resolved[i].empty() && m_resolved[i].count(reminderKey(r)) > 0);
                                  }),
                   list.end());
        std::sort(list.begin(), list.end(), [](const Reminder& a, const Reminder& b) { return a.dueDate < b.dueDate; });
        all.insert(all.end(), list.begin(), list.end());
        m_reminders[i] = std::move(list);
    }
    m_agenda = buildAgenda(std::move(all), today);
}

void ClassificationService::queueAllCustomers() {
    m_docCustomer.clear();  // refilled as each customer's facts are rebuilt
    for (const CustomerFacts& f : m_facts) m_dirty.insert(f.id);
    m_store.forEachDoc([&](const std::string& id, const Json& body) {
        auto typeIt = body.find("type");
        if (typeIt != body.end() && typeIt->is_string() && typeIt->get_ref<const std::string&>() == "customer") m_dirty.insert(id);
        return true;
    });
}

bool ClassificationService::refresh(const CivilDate& today, size_t budget) {
    if (m_settingsDirty) {
        loadSettings();
        m_settingsDirty = false;
        m_ranksDirty = true;
    }
    if (m_allDirty) {
        m_allDirty = false;
        m_ranksDirty = true;
        if (budget == 0) {
            rebuildAllFacts();
            m_dirty.clear();
        } else {
            queueAllCustomers();
        }
    }
    if (!m_dirty.empty()) {
        size_t done = 0;
        for (auto it = m_dirty.begin(); it != m_dirty.end() && (budget == 0 || done < budget); ++done) {
            rebuildFacts(*it);
            it = m_dirty.erase(it);
        }
        m_ranksDirty = true;
        if (!m_dirty.empty()) return false;  // results change once every queued customer is rebuilt
    }
    if (!m_today || *m_today != today) m_ranksDirty = true;
    if (!m_ranksDirty) return false;
    m_today = today;
    rerank(today);
    m_ranksDirty = false;
    ++m_generation;
    return true;
}

bool ClassificationService::refreshPaced(const CivilDate& today, int64_t nowMs) {
    bool dayChanged = !m_today || *m_today != today;
    if (!dirty() && !m_settingsDirty && !dayChanged) return false;
    const int64_t wait = static_cast<int64_t>(m_facts.size() / 100);
    const bool catchingUp = m_allDirty || m_dirty.size() > kFrameBudget;  // loading: keep going every frame
    if (!catchingUp && nowMs < m_lastRefreshMs + wait) return false;
    m_lastRefreshMs = nowMs;
    return refresh(today, kFrameBudget);
}

const CustomerClassification* ClassificationService::classOf(const std::string& customerId) const {
    auto it = m_index.find(customerId);
    if (it == m_index.end() || it->second >= m_classes.size()) return nullptr;
    return &m_classes[it->second];
}

const CustomerFacts* ClassificationService::factsOf(const std::string& customerId) const {
    auto it = m_index.find(customerId);
    return it == m_index.end() ? nullptr : &m_facts[it->second];
}

std::vector<Reminder> ClassificationService::remindersOf(const std::string& customerId) const {
    auto it = m_index.find(customerId);
    if (it == m_index.end() || it->second >= m_reminders.size()) return {};
    return m_reminders[it->second];
}

std::optional<CivilDate> ClassificationService::nextFollowupOf(const std::string& customerId) const {
    auto it = m_index.find(customerId);
    if (it == m_index.end() || it->second >= m_classes.size() || !m_today) return std::nullopt;
    const CustomerFacts& f = m_facts[it->second];
    const CustomerClassification& c = m_classes[it->second];
    return nextFollowupDate(m_followupSettings, c.valueClass, c.lifecycle, f.lastFollowup, f.nextFollowupDate, *m_today);
}

} // namespace crm::core

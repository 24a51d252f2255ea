// ClassificationService: change tracking, per-customer fact rebuilds, re-ranking, reminders and agenda.
#include "core/app/classification_service.h"

#include <deque>

#include "core/app/customer.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace crm::core {
namespace {

bool isFactType(const std::string& type) {
    return type == "vehicle" || type == "service_record" || type == "followup" || type == "survey" || type == "complaint";
}

void addResolved(const Json& followup, std::vector<std::string>& out) {
    auto it = followup.find("resolves");
    if (it == followup.end()) return;
    if (it->is_string())
        out.push_back(it->get<std::string>());
    else if (it->is_array()) {
        for (const Json& key : *it) {
            if (key.is_string()) out.push_back(key.get<std::string>());
        }
    }
}

// Due within the agenda's week (overdue included) and not closed by a follow-up.
bool isOpen(const Reminder& r, const CivilDate& horizon, const std::vector<std::string>& resolved) {
    if (r.dueDate > horizon) return false;
    return resolved.empty() || std::find(resolved.begin(), resolved.end(), reminderKey(r)) == resolved.end();
}

// agendaOrder (due date, kind, customer id, vehicle id) over agenda entries, the ids read from the store.
struct EntryOrder {
    const DocumentStore* store;
    std::string_view idOf(StoreIdRef ref) const { return ref == kNoStoreId ? std::string_view() : store->idOf(ref); }
    bool operator()(const AgendaEntry& a, const AgendaEntry& b) const {
        if (a.dueDays != b.dueDays) return a.dueDays < b.dueDays;
        if (a.kind != b.kind) return a.kind < b.kind;
        if (a.customer != b.customer) {
            const std::string_view x = idOf(a.customer), y = idOf(b.customer);
            if (x != y) return x < y;
        }
        return a.vehicle != b.vehicle && idOf(a.vehicle) < idOf(b.vehicle);
    }
};

}  // namespace

std::string reminderKey(const Reminder& reminder) {
    return std::string(reminderKindKey(reminder.kind)) + "|" + reminder.vehicleId + "|" + reminder.dueDate.toString();
}

CivilDate chinaToday(int64_t nowMs) {
    int64_t ms = nowMs + 8 * 3600 * 1000LL;
    int64_t days = ms >= 0 ? ms / 86400000LL : -((-ms + 86399999LL) / 86400000LL);
    return CivilDate::fromDays(days);
}

ClassificationService::ClassificationService(DocumentStore& store)
    : m_store(store),
      m_listener(store.addListener([this](const Change& change) { onChange(change); })),
      m_byCustomer(store, "customer_id", SecondaryIndex::Field{"customer_id"}) {}

ClassificationService::~ClassificationService() {
    m_store.removeListener(m_listener);
}

void ClassificationService::invalidateAll() {
    m_allDirty = true;
    m_settingsDirty = true;
}

void ClassificationService::onChange(const Change& change) {
    if (change.reloaded) {
        invalidateAll();
        return;
    }
    if (change.id == kClassificationSettingsId || change.id == kFollowupSettingsId) {
        m_settingsDirty = true;
        return;
    }
    if (m_allDirty) return;  // a full rebuild is pending anyway (e.g. while loading)
    // The customer the document belonged to until now (m_byCustomer hears of the change after us).
    for (const std::string& before : m_byCustomer.keysOf(change.id)) markDirty(before);
    if (change.type == "customer" || indexOf(change.id)) markDirty(change.id);  // new, changed, gone, no longer one
    if (isFactType(change.type)) markDirty(m_store.winningField(change.id, "customer_id"));  // (deleted: no type)
}

void ClassificationService::markDirty(const std::string& customerId) {
    if (StoreIdRef customer = ref(customerId); customer != kNoStoreId) m_dirty.insert(customer);
}

std::optional<size_t> ClassificationService::indexOf(const std::string& customerId) const {
    auto it = m_index.find(ref(customerId));
    if (it == m_index.end()) return std::nullopt;
    return it->second;
}

void ClassificationService::loadSettings() {
    std::optional<Json> c = m_store.get(kClassificationSettingsId);
    m_classSettings = ClassificationSettings::fromJson(c ? *c : Json::object());
    std::optional<Json> f = m_store.get(kFollowupSettingsId);
    m_followupSettings = FollowupSettings::fromJson(f ? *f : Json::object());
}

void ClassificationService::rebuildAllFacts() {
    // Every customer and related document decoded at once (refresh(); the frame loop rebuilds in steps).
    std::deque<std::pair<std::string, Json>> decoded;
    std::vector<DocRef> docs;
    std::vector<const Json*> followups;
    m_store.forEachDoc([&](const std::string& docId, const Json& doc) {
        auto typeIt = doc.find("type");
        if (typeIt == doc.end() || !typeIt->is_string()) return true;
        const std::string& docType = typeIt->get_ref<const std::string&>();
        if (docType != "customer" && !isFactType(docType)) return true;
        decoded.emplace_back(docId, doc);
        const std::string& id = decoded.back().first;
        const Json& body = decoded.back().second;
        const std::string& type = body["type"].get_ref<const std::string&>();
        docs.push_back({&id, &body});
        if (type == "followup") followups.push_back(&body);
        return true;
    });
    std::vector<CustomerFacts> facts = buildCustomerFacts(docs);
    m_index.clear();
    m_facts.assign(facts.size(), {});
    for (size_t i = 0; i < facts.size(); ++i) {
        m_facts[i].customer = ref(facts[i].id);
        m_index.emplace(m_facts[i].customer, i);
    }
    std::vector<std::vector<std::string>> resolved(facts.size());
    for (const Json* doc : followups) {
        if (std::optional<size_t> i = indexOf(stringField(*doc, "customer_id"))) addResolved(*doc, resolved[*i]);
    }
    for (size_t i = 0; i < facts.size(); ++i) store(i, facts[i], resolved[i]);
}

void ClassificationService::store(size_t index, const CustomerFacts& facts, const std::vector<std::string>& resolved) {
    m_facts[index].markedImportant = facts.markedImportant;
    m_facts[index].packed = packFacts(facts, resolved, m_store);
}

UnpackedFacts ClassificationService::unpack(size_t index) const {
    return unpackFacts(m_facts[index].packed, idText(m_store, m_facts[index].customer), m_store);
}

void ClassificationService::removeAt(size_t index) {
    const bool aligned = m_classes.size() == m_facts.size();
    if (m_ranked && aligned) {
        // A removed customer leaves the ranking now (its index is gone by the re-rank); many removals at
        // once re-rank everyone instead.
        if (m_pendingRank.size() < kIncrementalLimit) {
            retractSpend(index);
            retractReminders({index});
        } else {
            m_ranked = false;
        }
    }
    m_index.erase(m_facts[index].customer);
    if (index != m_facts.size() - 1) {
        m_facts[index] = std::move(m_facts.back());
        if (aligned) {
            m_classes[index] = std::move(m_classes.back());
        }
        m_index[m_facts[index].customer] = index;
    }
    m_facts.pop_back();
    if (aligned) {
        m_classes.pop_back();
    }
}

void ClassificationService::rebuildFacts(StoreIdRef customer) {
    const std::string customerId = idText(m_store, customer);
    auto existing = m_index.find(customer);
    std::optional<Json> body = m_store.winningBody(customerId);
    if (!body || stringField(*body, "type") != "customer") {
        if (existing != m_index.end()) removeAt(existing->second);
        return;
    }
    const std::vector<std::string> ids = m_byCustomer.lookup(customerId);
    std::vector<DocRef> docs{{&customerId, &*body}};
    std::deque<Json> related;  // decoded bodies, kept while the facts are built from them
    std::vector<std::string> resolved;
    for (const std::string& id : ids) {
        if (!isFactType(m_store.winningField(id, "type"))) continue;
        std::optional<Json> doc = m_store.winningBody(id);
        if (!doc) continue;
        related.push_back(std::move(*doc));
        if (stringField(related.back(), "type") == "followup") addResolved(related.back(), resolved);
        docs.push_back({&id, &related.back()});
    }
    std::vector<CustomerFacts> facts = buildCustomerFacts(docs);
    if (facts.empty()) return;
    m_pendingRank.insert(customer);
    if (existing == m_index.end()) {
        if (m_classes.size() == m_facts.size())
            m_classes.emplace_back();  // not ranked yet (not classified: nothing to retract)
        m_index.emplace(customer, m_facts.size());
        m_facts.push_back({customer, false, {}});
        store(m_facts.size() - 1, facts.front(), resolved);
    } else {
        store(existing->second, facts.front(), resolved);
    }
}

std::vector<Reminder> ClassificationService::openReminders(size_t i, const CustomerClassification& c,
                                                          const CivilDate& today) const {
    const UnpackedFacts facts = unpack(i);
    std::vector<Reminder> list = remindersFor(facts.facts, c, m_followupSettings, today);
    const CivilDate horizon = today.addDays(6);
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const Reminder& r) { return !isOpen(r, horizon, facts.resolved); }),
               list.end());
    std::sort(list.begin(), list.end(), [](const Reminder& a, const Reminder& b) { return a.dueDate < b.dueDate; });
    return list;
}

// The same reminders as agenda entries (in remindersFor's order: the agenda sorts them).
std::vector<AgendaEntry> ClassificationService::openEntries(size_t i, const CustomerClassification& c,
                                                           const CivilDate& today) const {
    const UnpackedFacts facts = unpack(i);
    const std::vector<Reminder> list = remindersFor(facts.facts, c, m_followupSettings, today);
    const CivilDate horizon = today.addDays(6);
    std::vector<AgendaEntry> open;
    for (size_t k = 0; k < list.size(); ++k) {
        const Reminder& r = list[k];
        if (!isOpen(r, horizon, facts.resolved)) continue;
        open.push_back({m_facts[i].customer, r.vehicleId.empty() ? kNoStoreId : ref(r.vehicleId),
                        static_cast<int32_t>(r.dueDate.toDays()), r.kind, static_cast<uint8_t>(std::min<size_t>(k, 255))});
    }
    return open;
}

Reminder ClassificationService::reminderOf(const AgendaEntry& entry) const {
    Reminder r;
    r.kind = entry.kind;
    r.customerId = idText(m_store, entry.customer);
    if (entry.vehicle != kNoStoreId) r.vehicleId = idText(m_store, entry.vehicle);
    r.dueDate = CivilDate::fromDays(entry.dueDays);
    auto it = m_index.find(entry.customer);
    if (it == m_index.end() || it->second >= m_classes.size() || !m_today) return r;
    // The detail: the customer's reminders listed again as they were when the entry was made (its class and
    // facts, the agenda's day), the one at its place (or, if its facts changed since, one like it).
    const std::vector<Reminder> list =
        remindersFor(unpack(it->second).facts, m_classes[it->second], m_followupSettings, *m_today);
    auto same = [&](const Reminder& x) { return x.kind == r.kind && x.dueDate == r.dueDate && x.vehicleId == r.vehicleId; };
    if (entry.ordinal < list.size() && same(list[entry.ordinal])) {
        r.detail = list[entry.ordinal].detail;
    } else if (auto like = std::find_if(list.begin(), list.end(), same); like != list.end()) {
        r.detail = like->detail;
    }
    return r;
}

Agenda ClassificationService::agenda() const {
    Agenda all;
    auto convert = [&](const std::vector<AgendaEntry>& from, std::vector<Reminder>& to) {
        to.reserve(from.size());
        for (const AgendaEntry& e : from) to.push_back(reminderOf(e));
    };
    convert(m_agenda.overdue, all.overdue);
    convert(m_agenda.today, all.today);
    convert(m_agenda.thisWeek, all.thisWeek);
    return all;
}

void ClassificationService::rerank(const CivilDate& today) {
    startRanking(today);
    while (!continueRanking()) {
    }
    m_retired.clear();  // all at once here too
}

void ClassificationService::startRanking(const CivilDate& today) {
    m_ranking.emplace();
    m_ranking->today = today;
    m_ranking->classes.reserve(m_facts.size());
    m_ranking->spends.reserve(m_facts.size());
}

namespace {
// Merge cursors (run, position) into sorted runs of reminders, ordered so that a heap keeps the smallest
// reminder on top; tied reminders go in run order.
struct LaterCursor {
    const std::vector<std::vector<AgendaEntry>>* runs;
    EntryOrder before;
    bool operator()(const std::pair<size_t, size_t>& a, const std::pair<size_t, size_t>& b) const {
        const AgendaEntry& x = (*runs)[a.first][a.second];
        const AgendaEntry& y = (*runs)[b.first][b.second];
        if (before(y, x)) return true;
        return !before(x, y) && a.first > b.first;
    }
};

// Moves up to `limit` reminders from the sorted runs into the agenda's buckets, smallest first: a k-way
// merge that can stop and go on (`heap`: a cursor per run not yet used up, made a heap with LaterCursor).
void mergeSome(std::vector<std::vector<AgendaEntry>>& runs, std::vector<std::pair<size_t, size_t>>& heap,
               const CivilDate& today, AgendaEntries& out, size_t limit, EntryOrder before) {
    const LaterCursor later{&runs, before};
    for (size_t moved = 0; moved < limit && !heap.empty(); ++moved) {
        std::pop_heap(heap.begin(), heap.end(), later);
        auto& [run, pos] = heap.back();
        const AgendaEntry& next = runs[run][pos];
        const int64_t ahead = next.dueDays - today.toDays();
        std::vector<AgendaEntry>& bucket = ahead < 0 ? out.overdue : ahead == 0 ? out.today : out.thisWeek;
        bucket.push_back(next);  // (openEntries keeps only what is due within the week)
        if (++pos < runs[run].size()) {
            std::push_heap(heap.begin(), heap.end(), later);
        } else {
            std::vector<AgendaEntry>().swap(runs[run]);  // used up: its memory goes back at once
            heap.pop_back();
        }
    }
}
}  // namespace

// One call's share of the ranking: kRankPerStep customers' worth of work (the spend sort counts one for every
// 16 customers and runs as the first work of a call if it does not fit; merging the agenda, one for every 8
// reminders); true once complete and in place of the previous results.
bool ClassificationService::continueRanking() {
    Ranking& r = *m_ranking;
    const size_t n = m_facts.size();
    size_t budget = kRankPerStep;
    for (;;) {
        const size_t end = std::min(n, r.next + budget);
        switch (r.phase) {
        case Ranking::Phase::Classes:
            budget -= end - r.next;
            for (; r.next < end; ++r.next) {
                r.classes.push_back(classifyExceptValue(unpack(r.next).facts, m_classSettings, r.today));
                r.spends.push_back(r.classes.back().spendInWindow);
            }
            if (r.next < n) return false;
            r.phase = Ranking::Phase::Thresholds;
            break;
        case Ranking::Phase::Thresholds:
            if (n / 16 > budget && budget < kRankPerStep) return false;
            budget -= std::min(budget, n / 16);
            std::sort(r.spends.begin(), r.spends.end(), std::greater<>());
            r.thresholds = valueThresholds(r.spends, m_classSettings);
            r.phase = Ranking::Phase::Reminders;
            r.next = 0;
            break;
        case Ranking::Phase::Reminders: {
            budget -= end - r.next;
            std::vector<AgendaEntry> run;  // this step's reminders, sorted: merged into the agenda at the end
            for (; r.next < end; ++r.next) {
                assignValueClass(r.classes[r.next], m_facts[r.next].markedImportant, r.thresholds, m_classSettings);
                std::vector<AgendaEntry> open = openEntries(r.next, r.classes[r.next], r.today);
                run.insert(run.end(), open.begin(), open.end());
            }
            std::sort(run.begin(), run.end(), EntryOrder{&m_store});
            if (!run.empty()) r.runs.push_back(std::move(run));
            if (r.next < n) return false;
            for (size_t i = 0; i < r.runs.size(); ++i) r.heap.emplace_back(i, 0);
            std::make_heap(r.heap.begin(), r.heap.end(), LaterCursor{&r.runs, EntryOrder{&m_store}});
            r.phase = Ranking::Phase::Agenda;
            break;
        }
        case Ranking::Phase::Agenda:
            mergeSome(r.runs, r.heap, r.today, r.agenda, std::max<size_t>(budget, 1) * 8, EntryOrder{&m_store});
            if (!r.heap.empty()) return false;
            // The previous results are freed a step at a time (releaseRetired): at 100,000 customers freeing
            // them at once would take tens of milliseconds.
            m_retired.push_back({std::move(m_classes), std::move(m_agenda)});
            m_agenda = std::move(r.agenda);
            m_classes = std::move(r.classes);
            m_spends = std::move(r.spends);
            m_thresholds = r.thresholds;
            m_today = r.today;
            m_ranking.reset();
            m_ranked = true;
            std::unordered_set<StoreIdRef>().swap(m_pendingRank);  // its buckets too (every customer after a load)
            m_ranksDirty = false;
            ++m_generation;
            return true;
        }
    }
}

void ClassificationService::releaseRetired(size_t limit) {
    auto destroy = [&limit](auto& items) {
        for (; limit > 0 && !items.empty(); --limit) items.pop_back();
        return items.empty();
    };
    while (limit > 0 && !m_retired.empty()) {
        Retired& r = m_retired.back();
        const bool done = destroy(r.classes) && destroy(r.agenda.overdue) &&
                          destroy(r.agenda.today) && destroy(r.agenda.thisWeek);
        if (done) m_retired.pop_back();
    }
}

// ---- incremental re-ranking ----

std::vector<AgendaEntry>* ClassificationService::agendaBucket(int32_t dueDays) {
    const int64_t ahead = dueDays - m_today->toDays();
    if (ahead < 0) return &m_agenda.overdue;
    if (ahead == 0) return &m_agenda.today;
    if (ahead <= 6) return &m_agenda.thisWeek;
    return nullptr;
}

void ClassificationService::retractSpend(size_t i) {
    if (!m_classes[i].classified) return;  // not ranked
    auto range = std::equal_range(m_spends.begin(), m_spends.end(), m_classes[i].spendInWindow, std::greater<>());
    if (range.first != range.second) m_spends.erase(range.first);
}

// The agenda holds exactly each ranked customer's open reminders (no copy per customer is kept): a customer's
// are the entries with its id, removed for many customers in one pass over the buckets.
void ClassificationService::retractReminders(const std::vector<size_t>& customers) {
    if (customers.empty()) return;
    std::unordered_set<StoreIdRef> ids;
    for (size_t i : customers) ids.insert(m_facts[i].customer);
    for (std::vector<AgendaEntry>* bucket : {&m_agenda.overdue, &m_agenda.today, &m_agenda.thisWeek}) {
        bucket->erase(std::remove_if(bucket->begin(), bucket->end(),
                                     [&](const AgendaEntry& e) { return ids.count(e.customer) > 0; }),
                      bucket->end());
    }
}

// Merged into the buckets in one pass each (inserting one at a time moved the whole bucket for every reminder:
// O(changed × agenda) when a threshold move changes many customers' classes). Ties keep the order given, after
// the agenda's own, as one insertion at a time after its equals did.
void ClassificationService::addToAgenda(std::vector<AgendaEntry> entries) {
    const EntryOrder before{&m_store};
    std::stable_sort(entries.begin(), entries.end(), before);
    for (std::vector<AgendaEntry>* bucket : {&m_agenda.overdue, &m_agenda.today, &m_agenda.thisWeek}) {
        std::vector<AgendaEntry> into;
        for (const AgendaEntry& e : entries) {
            if (agendaBucket(e.dueDays) == bucket) into.push_back(e);
        }
        if (into.empty()) continue;
        std::vector<AgendaEntry> merged;
        merged.reserve(bucket->size() + into.size());
        std::merge(bucket->begin(), bucket->end(), into.begin(), into.end(), std::back_inserter(merged), before);
        *bucket = std::move(merged);
    }
}

// Re-ranks the customers in m_pendingRank against everyone else's cached results: O(changed × log n) for
// their spend, O(n) comparisons when a class threshold moved, plus reminders of whoever changed class.
void ClassificationService::rerankChanged(const CivilDate& today) {
    std::vector<size_t> changed;
    std::vector<bool> isChanged(m_facts.size(), false);
    for (StoreIdRef id : m_pendingRank) {
        auto it = m_index.find(id);
        if (it == m_index.end()) continue;  // removed (already retracted)
        const size_t i = it->second;
        retractSpend(i);
        m_classes[i] = classifyExceptValue(unpack(i).facts, m_classSettings, today);
        const double spend = m_classes[i].spendInWindow;
        m_spends.insert(std::upper_bound(m_spends.begin(), m_spends.end(), spend, std::greater<>()), spend);
        changed.push_back(i);
        isChanged[i] = true;
    }
    const ValueThresholds thresholds = valueThresholds(m_spends, m_classSettings);
    if (!(thresholds == m_thresholds)) {
        m_thresholds = thresholds;
        for (size_t i = 0; i < m_facts.size(); ++i) {
            if (isChanged[i]) continue;
            CustomerClassification& c = m_classes[i];
            const ValueClass before = c.valueClass;
            const bool wasImportant = c.important;
            assignValueClass(c, m_facts[i].markedImportant, m_thresholds, m_classSettings);
            if (c.valueClass != before || c.important != wasImportant) {  // its revisit cadence may change
                changed.push_back(i);
                isChanged[i] = true;
            }
        }
    }
    retractReminders(changed);
    std::vector<AgendaEntry> open;
    for (size_t i : changed) {
        assignValueClass(m_classes[i], m_facts[i].markedImportant, m_thresholds, m_classSettings);
        std::vector<AgendaEntry> mine = openEntries(i, m_classes[i], today);
        open.insert(open.end(), mine.begin(), mine.end());
    }
    addToAgenda(std::move(open));
}

bool ClassificationService::needsFullRerank(const CivilDate& today) const {
    return !m_ranked || !m_today || *m_today != today || m_pendingRank.size() > kIncrementalLimit ||
           m_classes.size() != m_facts.size();
}

void ClassificationService::queueAllCustomers() {
    for (const StoredFacts& f : m_facts)
        m_dirty.insert(f.customer);
    m_queueFrom = 0;
    m_rebuildTotal = 0;
}

bool ClassificationService::queueSomeCustomers(FrameBudget* time) {
    // By table position, not idsOfType's id order: after the records stage that order was unsorted for 650,000
    // new ids, and sorting them here was a 0.3-0.4 s task at 100,000 customers.
    while (m_queueFrom) {
        m_queueFrom = m_store.forEachLiveEntry(*m_queueFrom, kQueueEntriesPerStep, "customer",
                                               [this](DocIndex doc) { m_dirty.insert(doc); });
        if (*m_queueFrom >= m_store.entryCount()) {
            m_queueFrom.reset();
            m_rebuildTotal = m_dirty.size();
        } else if (time && !time->allows()) {
            return false;
        }
    }
    return true;
}

std::optional<double> ClassificationService::rebuildProgress() const {
    if (queueing()) return 0.0;
    if (m_rebuildTotal == 0 || m_dirty.empty()) return std::nullopt;
    return 1.0 - double(std::min(m_dirty.size(), m_rebuildTotal)) / double(m_rebuildTotal);
}

void ClassificationService::applyPendingInvalidation(bool allAtOnce) {
    if (m_settingsDirty) {
        loadSettings();
        m_settingsDirty = false;
        m_ranksDirty = true;
        m_ranked = false;
    }
    if (m_allDirty) {
        m_allDirty = false;
        m_ranksDirty = true;
        m_ranked = false;
        if (allAtOnce) {  // every document read in one pass
            m_queueFrom.reset();
            rebuildAllFacts();
            std::unordered_set<StoreIdRef>().swap(m_dirty);
        } else {
            queueAllCustomers();
        }
    }
}

bool ClassificationService::rebuildDirtyFacts(size_t budget, FrameBudget* time) {
    if (m_dirty.empty()) return true;
    size_t done = 0;
    for (auto it = m_dirty.begin(); it != m_dirty.end() && (budget == 0 || done < budget); ++done) {
        if (time && done > 0 && !time->allows()) break;
        rebuildFacts(*it);
        it = m_dirty.erase(it);
    }
    if (m_dirty.empty()) {
        m_rebuildTotal = 0;
        std::unordered_set<StoreIdRef>().swap(m_dirty);  // its buckets too (every customer after a load)
    }
    m_ranksDirty = true;
    return m_dirty.empty();  // results change once every queued customer is rebuilt
}

bool ClassificationService::rerankIfNeeded(const CivilDate& today) {
    if (!m_today || *m_today != today) m_ranksDirty = true;
    if (!m_ranksDirty) return false;
    if (needsFullRerank(today))
        rerank(today);  // results, m_today, m_pendingRank and m_ranksDirty with it
    else
        rerankIncrementally(today);
    return true;
}

void ClassificationService::rerankIncrementally(const CivilDate& today) {
    m_today = today;
    rerankChanged(today);
    m_pendingRank.clear();  // (a few: its buckets stay)
    m_ranksDirty = false;
    ++m_generation;
}

bool ClassificationService::refresh(const CivilDate& today, size_t budget) {
    m_ranking.reset();  // everything below at once
    applyPendingInvalidation(budget == 0);
    queueSomeCustomers(nullptr);  // every customer queued before any is rebuilt
    if (!rebuildDirtyFacts(budget)) return false;
    return rerankIfNeeded(today);
}

bool ClassificationService::refreshPaced(const CivilDate& today, int64_t nowMs, size_t factsBudget) {
    return refreshPacedWithin(today, nowMs, factsBudget, nullptr);
}

bool ClassificationService::refreshPaced(const CivilDate& today, int64_t nowMs, FrameBudget& budget) {
    return refreshPacedWithin(today, nowMs, 0, &budget);
}

bool ClassificationService::refreshPacedWithin(const CivilDate& today, int64_t nowMs, size_t factsBudget,
                                               FrameBudget* time) {
    releaseRetired(kRankPerStep * 8);
    if (m_ranking && (m_settingsDirty || m_allDirty || m_ranking->today != today)) m_ranking.reset();  // stale
    if (m_ranking) return continueRanking();  // facts wait: the ranking reads them by index
    const bool dayChanged = !m_today || *m_today != today;
    if (!dirty() && !m_settingsDirty && !dayChanged) return false;
    applyPendingInvalidation(false);
    if (!queueSomeCustomers(time)) return false;  // every customer queued first, a slice at a time
    if (!m_dirty.empty()) {  // facts first, a slice a frame; ranks once they are all rebuilt
        m_lastFactsMs = nowMs;
        rebuildDirtyFacts(factsBudget, time);
        return false;
    }
    if (dayChanged) m_ranksDirty = true;
    if (!m_ranksDirty) return false;
    if (!needsFullRerank(today)) {
        rerankIncrementally(today);  // at once
        return true;
    }
    if (m_ranked) {
        // A full re-rank (everyone's classes and reminders: ~1 s of steps at 100,000) waits while documents
        // keep arriving (a sync streaming in) for up to kMaxStaleMs, and customers / 100 ms after the last one.
        const bool streaming = nowMs < m_lastFactsMs + kSettleMs && nowMs < m_lastRankMs + kMaxStaleMs;
        const int64_t wait = static_cast<int64_t>(m_facts.size() / 100);
        if (streaming || nowMs < m_lastRankMs + wait) return false;
    }
    m_lastRankMs = nowMs;
    startRanking(today);
    return continueRanking();
}

const CustomerClassification* ClassificationService::classOf(const std::string& customerId) const {
    std::optional<size_t> i = indexOf(customerId);
    // Not ranked yet (after a reopen, until the first ranking completes): no class rather than a default C.
    if (!i || *i >= m_classes.size() || !m_classes[*i].classified) return nullptr;
    return &m_classes[*i];
}

std::optional<CustomerFacts> ClassificationService::factsOf(const std::string& customerId) const {
    std::optional<size_t> i = indexOf(customerId);
    if (!i) return std::nullopt;
    return unpack(*i).facts;
}

std::vector<Reminder> ClassificationService::remindersOf(const std::string& customerId) const {
    std::optional<size_t> i = indexOf(customerId);
    if (!i || *i >= m_classes.size() || !m_classes[*i].classified || !m_today) return {};  // not ranked
    return openReminders(*i, m_classes[*i], *m_today);
}

std::optional<CivilDate> ClassificationService::nextFollowupOf(const std::string& customerId) const {
    std::optional<size_t> i = indexOf(customerId);
    if (!i || *i >= m_classes.size() || !m_today) return std::nullopt;
    const CustomerFacts f = unpack(*i).facts;
    const CustomerClassification& c = m_classes[*i];
    return nextFollowupDate(m_followupSettings, c.valueClass, c.lifecycle, f.lastFollowup, f.nextFollowupDate,
                            *m_today);
}

}  // namespace crm::core

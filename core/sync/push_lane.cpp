// The push direction and the reconciliation sweep it drives (see push_lane.h).
#include "core/sync/push_lane.h"

#include "core/json_field.h"
#include "core/store/base64.h"
#include "core/sync/replication_options.h"

#include <algorithm>
#include <set>

namespace crm::core {

PushLane::PushLane(LaneContext& context, ReconciliationSweep& sweep)
    : Lane(context, Direction::Push), m_sweep(sweep) {}

bool PushLane::enabled() const {
    return m_context.options.push;
}

void PushLane::resetWork() {
    m_busy = m_sweeping = m_sweepStep = m_sweepDeferred = false;
    m_scanned = Json();  // resumes from the checkpoint
}

void PushLane::pushIfDue(int64_t now) {
    if (status() == Status::CaughtUp && !m_busy &&
        (m_context.store.updateSeq() > seqNumber(position()) || m_sweep.due(now)))
        pushNext();
}

void PushLane::sweepFromTick() {
    if (m_sweepStep && m_sweeping) sweepNext();
}

// A change's leaves to offer (not rejected), with the revision that introduced each attachment: if the server
// has that revision it has the attachment, and a stub is enough. nullopt: nothing to offer.
std::optional<PushLane::Item> PushLane::offer(const Change& change) const {
    const DocumentStore& store = m_context.store;
    Item item;
    item.id = change.id;
    std::optional<RevisionTree> tree = store.revisionTree(change.id);
    for (const std::string& rev : change.revs) {
        if (m_rejections.contains(change.id, rev)) continue;
        item.revs.push_back(rev);
        auto doc = store.get(change.id, GetOptions{.rev = rev});
        auto parsed = RevId::parse(rev);
        if (!doc || !tree || !parsed || !doc->contains("_attachments")) continue;
        std::vector<std::string> history = tree->history(*parsed);
        for (auto it = (*doc)["_attachments"].begin(); it != (*doc)["_attachments"].end(); ++it) {
            auto revpos = it->find("revpos");
            if (revpos == it->end() || !revpos->is_number_unsigned()) continue;
            uint64_t pos = revpos->get<uint64_t>();
            if (pos == 0 || pos >= parsed->gen || parsed->gen - pos >= history.size()) continue;
            item.attAncestor[rev][it.key()] = RevId{pos, history[parsed->gen - pos]}.str();
        }
    }
    if (item.revs.empty()) return std::nullopt;
    return item;
}

void PushLane::pushNext() {
    if (m_busy) return;
    ChangesResult ch = m_context.store.changes(seqNumber(position()), m_batchSize, true);
    if (ch.results.empty()) {
        if (m_sweep.due(now())) return sweepNext();
        return caughtUp();
    }
    m_busy = true;
    m_status = Status::Active;
    m_batchStartMs = now();
    bool full = ch.results.size() >= m_batchSize;
    Json lastSeq = ch.lastSeq;
    auto items = std::make_shared<std::vector<Item>>();
    Json diff = Json::object();
    for (const Change& change : ch.results) {
        // Just pulled (or already confirmed): the server has it, no need to ask.
        if (change.revs.size() == 1 && m_context.serverRevs.hasWinner(change.id, change.revs.front())) continue;
        std::optional<Item> item = offer(change);
        if (!item) continue;
        Json asked = Json::array();
        for (const std::string& rev : item->revs)
            asked.push_back(rev);
        for (const auto& [rev, atts] : item->attAncestor) {
            for (const auto& [name, anc] : atts) {
                if (std::find(asked.begin(), asked.end(), Json(anc)) == asked.end()) asked.push_back(anc);
            }
        }
        diff[item->id] = std::move(asked);
        items->push_back(std::move(*item));
    }
    if (items->empty()) return skipBatch(lastSeq, full);
    auto asked = std::make_shared<Json>(std::move(diff));
    send(request("POST", "_revs_diff", asked->dump()), [this, items, asked, lastSeq, full](HttpResponse& resp) {
        if (resp.status != 200) return fail(httpError("Comparing revisions with the server", resp));
        auto missing = revsDiffAnswer(resp.body, *asked);
        if (!missing.ok()) return fail(std::move(missing.error));
        succeeded();
        onRevsDiff(*items, missing.value, lastSeq, full);
    });
}

// A leaf whose _rev and _revisions disagree is never sent: it becomes a rejection naming its revision.
bool PushLane::pushable(const Json& doc) {
    auto problem = revisionProblem(doc);
    if (!problem) return true;
    std::string id = stringField(doc, "_id"), rev = stringField(doc, "_rev");
    reject(Rejection{id, rev, "bad_request", *problem}, "Not sent: " + id + " " + rev + ": " + *problem);
    return false;
}

void PushLane::onRevsDiff(const std::vector<Item>& items, const RevsByDoc& diff, const Json& lastSeq, bool full) {
    DocumentStore& store = m_context.store;
    std::vector<Json> docs;
    std::vector<bool> hasStubs;
    for (const Item& item : items) {
        std::set<std::string> missing;
        if (auto entry = diff.find(item.id); entry != diff.end()) missing.insert(entry->second.begin(), entry->second.end());
        std::optional<RevisionTree> tree = store.revisionTree(item.id);
        std::string winner = (tree && !tree->empty()) ? tree->winner()->rev.str() : std::string();
        for (const std::string& rev : item.revs) {
            if (!missing.count(rev)) {
                if (rev == winner) m_context.serverRevs.noteLeaf(item.id, rev, tree ? tree->leaves().size() : 0);
                continue;
            }
            auto doc = store.get(item.id, GetOptions{.rev = rev, .revs = true});
            if (!doc) continue;  // not a leaf any more: a later batch sends its successor
            if (!pushable(*doc)) continue;
            bool stubs = false;
            if (doc->contains("_attachments")) {
                auto ancestors = item.attAncestor.find(rev);
                for (auto it = (*doc)["_attachments"].begin(); it != (*doc)["_attachments"].end(); ++it) {
                    std::string anc;
                    if (ancestors != item.attAncestor.end()) {
                        auto a = ancestors->second.find(it.key());
                        if (a != ancestors->second.end()) anc = a->second;
                    }
                    if (!anc.empty() && !missing.count(anc)) {
                        stubs = true;
                        continue;  // the server has the revision that added it: stays a stub
                    }
                    inlineAttachment(*it);
                }
            }
            docs.push_back(std::move(*doc));
            hasStubs.push_back(stubs);
        }
    }
    if (docs.empty()) return finishBatch(lastSeq, full);
    bulkDocs(std::move(docs), std::move(hasStubs), lastSeq, full, false);
}

void PushLane::inlineAttachment(Json& att) const {
    auto data = m_context.store.attachmentData(stringField(att, "digest"));
    if (!data) return;
    att.erase("stub");
    att.erase("length");
    att["data"] = base64Encode(*data);
}

void PushLane::inlineStubs(Json& doc) const {
    if (!doc.contains("_attachments")) return;
    for (auto it = doc["_attachments"].begin(); it != doc["_attachments"].end(); ++it) {
        if (it->contains("stub")) inlineAttachment(*it);
    }
}

void PushLane::bulkDocs(std::vector<Json> docs, std::vector<bool> hasStubs, Json lastSeq, bool full, bool retry) {
    Json body{{"docs", Json::array()}, {"new_edits", false}};
    for (const Json& d : docs)
        body["docs"].push_back(d);
    auto sent = std::make_shared<std::vector<Json>>(std::move(docs));
    auto stubs = std::make_shared<std::vector<bool>>(std::move(hasStubs));
    send(request("POST", "_bulk_docs", body.dump()), [this, sent, stubs, lastSeq, full, retry](HttpResponse& resp) {
        onBulkDocs(*sent, *stubs, resp, lastSeq, full, retry);
    });
}

void PushLane::onBulkDocs(std::vector<Json>& sent, const std::vector<bool>& stubs, HttpResponse& resp,
                          const Json& lastSeq, bool full, bool retry) {
    DocumentStore& store = m_context.store;
    if (resp.status == 413) {
        if (sent.size() > 1) {
            m_batchSize = std::max<size_t>(1, std::min(m_batchSize, sent.size()) / 2);
            m_status = Status::Active;
            return begin();  // same batch again, smaller; no backoff: the server asked for it
        }
        Json& doc = sent.front();
        m_rejections.add(Rejection{stringField(doc, "_id"), stringField(doc, "_rev"), "too_large",
                                   "The server refused a document this large"});
        return finishBatch(lastSeq, full);
    }
    if ((resp.status == 412 || resp.status == 417) && !retry) {
        // The server lacks an attachment sent as a stub: send them all with their data.
        for (Json& doc : sent)
            inlineStubs(doc);
        std::vector<bool> none(sent.size(), false);
        return bulkDocs(std::move(sent), std::move(none), lastSeq, full, true);
    }
    if (resp.status != 201 && resp.status != 200 && resp.status != 202) return fail(httpError("Sending documents", resp));
    std::set<std::string> sentIds;
    for (const Json& doc : sent)
        sentIds.insert(stringField(doc, "_id"));
    auto answer = bulkDocsAnswer(resp.body, sentIds);
    if (!answer.ok()) return fail(std::move(answer.error));
    std::map<std::string, std::vector<const RefusedDoc*>> errors;  // id -> error entries
    for (const RefusedDoc& e : answer.value)
        errors[e.id].push_back(&e);
    succeeded();
    std::vector<Json> again;
    size_t failed = 0;
    for (size_t i = 0; i < sent.size(); ++i) {
        Json& doc = sent[i];
        std::string id = stringField(doc, "_id"), rev = stringField(doc, "_rev");
        const RefusedDoc* err = nullptr;
        if (auto errs = errors.find(id); errs != errors.end()) {
            for (const RefusedDoc* e : errs->second) {
                if (e->rev.empty() || e->rev == rev) err = e;
            }
        }
        if (!err) {
            auto tree = store.revisionTree(id);
            if (tree && !tree->empty() && tree->winner()->rev.str() == rev) m_context.serverRevs.note(id, rev);
            // Older rejections of this document end once their revision is no longer a leaf.
            m_rejections.forgetSuperseded(id, tree ? &*tree : nullptr);
            continue;
        }
        const std::string& error = err->error;
        if (error != "forbidden" && error != "unauthorized" && i < stubs.size() && stubs[i] && !retry) {
            inlineStubs(doc);  // probably an attachment stub the server cannot resolve: once more, with the data
            again.push_back(std::move(doc));
            continue;
        }
        ++failed;
        reject(Rejection{id, rev, error, err->reason}, "The server refused " + id + " " + rev + ": " + error +
                                                           (err->reason.empty() ? "" : " (" + err->reason + ")"));
    }
    m_context.progress.pushedDocs += sent.size() - failed - again.size();
    if (!again.empty()) {
        std::vector<bool> none(again.size(), false);
        return bulkDocs(std::move(again), std::move(none), lastSeq, full, true);
    }
    finishBatch(lastSeq, full);
}

// ---- reconciliation sweep: before "up to date", whatever the checkpoints say ----

// Asks the server about the next batch of local leaves changed since the last sweep.
void PushLane::sweepNext() {
    m_sweep.begin();
    m_sweeping = m_busy = true;
    m_sweepStep = false;
    m_status = Status::Active;
    auto batch = m_sweep.nextBatch(
        [this](const std::string& id, const std::string& rev) { return m_rejections.contains(id, rev); });
    if (!batch) {
        m_sweep.finish(now());
        m_sweeping = m_busy = false;
        return pushNext();  // local changes made meanwhile are pushed (and swept); else caught up
    }
    if (batch->asked.empty()) {  // all known to be on the server: the next batch, in a task of its own
        m_sweep.confirmed(*batch);
        return sweepLater();
    }
    auto asked = std::make_shared<SweepBatch>(std::move(*batch));
    send(request("POST", "_revs_diff", asked->asked.dump()), [this, asked](HttpResponse& resp) {
        if (resp.status != 200) return fail(httpError("Checking with the server", resp));
        auto missing = revsDiffAnswer(resp.body, asked->asked);
        if (!missing.ok()) return fail(std::move(missing.error));
        succeeded();
        onSweepDiff(*asked, missing.value);
    });
}

void PushLane::sweepLater() {
    m_sweepDeferred = defer([this] {
        m_sweepDeferred = false;
        if (m_sweeping) sweepNext();
    });
    m_sweepStep = !m_sweepDeferred;
}

// What the server lacks is sent again (complete, attachments inline), then the same batch is asked about once
// more: the sweep moves on only when the server confirms it has everything.
void PushLane::onSweepDiff(const SweepBatch& batch, const RevsByDoc& missing) {
    std::vector<Json> docs;
    for (const auto& [id, revs] : missing) {
        for (const std::string& rev : revs) {
            auto doc = m_context.store.get(id, GetOptions{.rev = rev, .revs = true});
            if (!doc || !pushable(*doc)) continue;
            if (doc->contains("_attachments")) {
                for (auto it = (*doc)["_attachments"].begin(); it != (*doc)["_attachments"].end(); ++it)
                    inlineAttachment(*it);
            }
            docs.push_back(std::move(*doc));
        }
    }
    bool none = std::all_of(missing.begin(), missing.end(), [](const auto& m) { return m.second.empty(); });
    if (none) {
        m_sweep.confirmed(batch);
        return sweepNext();
    }
    if (!m_sweep.resent()) {
        return failRetry(SyncError{SyncErrorKind::NotConfirmed, 0,
                                   "Checking with the server: it still lacks " + std::to_string(docs.size()) +
                                       " documents after they were sent again"});
    }
    if (docs.empty()) return sweepNext();  // changed or refused meanwhile: asked again without them
    m_sweepResent += docs.size();
    std::vector<bool> stubs(docs.size(), false);
    bulkDocs(std::move(docs), std::move(stubs), Json(), false, false);
}

void PushLane::skipBatch(const Json& lastSeq, bool full) {
    m_scanned = lastSeq;
    adaptBatchSize(full, m_batchStartMs);
    m_busy = false;
    pushNext();
}

bool PushLane::saveScanned() {
    if (m_scanned.is_null() || m_busy || status() != Status::CaughtUp) return false;
    m_busy = true;
    m_status = Status::Active;
    writeCheckpoint(m_scanned, [this] {
        m_scanned = Json();
        m_busy = false;
        m_context.changed();
        pushNext();
    });
    return true;
}

void PushLane::finishBatch(const Json& lastSeq, bool full) {
    if (m_sweeping) return sweepNext();  // the sweep's re-sent documents: ask about the same batch again
    writeCheckpoint(lastSeq, [this, full] {
        m_scanned = Json();  // the checkpoint is past it now
        adaptBatchSize(full, m_batchStartMs);
        m_busy = false;
        m_context.changed();
        pushNext();
    });
}

}  // namespace crm::core

// _bulk_get with split, parallel requests and one retry; open_revs fallback; attachment refetch (see doc_fetcher.h).
#include "core/sync/doc_fetcher.h"

#include "core/json_field.h"

#include <algorithm>
#include <set>

namespace crm::core {

namespace {
constexpr size_t kBulkGetDocs = 100;  // documents per _bulk_get request (its answer is parsed in one go)
constexpr size_t kBulkGetParallel = 2;
constexpr size_t kOpenRevsParallel = 4;

void append(FetchedDocs& into, FetchedDocs&& part) {
    into.docs.insert(into.docs.end(), std::make_move_iterator(part.docs.begin()),
                     std::make_move_iterator(part.docs.end()));
    into.refused.insert(into.refused.end(), part.refused.begin(), part.refused.end());
}

// Attachment stubs of a fetched document whose bodies the store does not have yet.
bool needsAttachmentData(const Json& doc, const DocFetcher::HasAttachment& has) {
    auto atts = doc.find("_attachments");
    if (atts == doc.end() || !atts->is_object()) return false;
    for (auto it = atts->begin(); it != atts->end(); ++it) {
        if (!it->is_object() || it->contains("data")) continue;
        std::string digest = stringField(*it, "digest");
        if (digest.empty() || !has(digest)) return true;
    }
    return false;
}
}  // namespace

struct DocFetcher::BulkGet {
    std::vector<std::vector<FetchItem>> plans;
    std::vector<FetchedDocs> parts;
    size_t sent = 0, done = 0;
    bool attachments = false, failed = false;
    Done cont;
};

struct DocFetcher::OpenRevs {
    std::vector<FetchItem> plan;
    size_t next = 0, outstanding = 0;
    FetchedDocs docs;
    bool attachments = false, failed = false;
    Done cont;
};

DocFetcher::DocFetcher(const CouchDatabase& db, CouchSend send, bool useBulkGet)
    : m_db(db), m_send(std::move(send)), m_bulkGet(useBulkGet) {}

void DocFetcher::fetch(std::vector<FetchItem> plan, bool attachments, Done done) {
    if (!m_bulkGet) return openRevs(std::move(plan), attachments, std::move(done));
    if (plan.size() <= kBulkGetDocs) return bulkGetPart(std::move(plan), attachments, std::move(done), false);
    auto state = std::make_shared<BulkGet>();
    for (size_t first = 0; first < plan.size(); first += kBulkGetDocs) {
        auto from = plan.begin() + static_cast<std::ptrdiff_t>(first);
        auto to = plan.begin() + static_cast<std::ptrdiff_t>(std::min(plan.size(), first + kBulkGetDocs));
        state->plans.emplace_back(std::make_move_iterator(from), std::make_move_iterator(to));
    }
    state->parts.resize(state->plans.size());
    state->attachments = attachments;
    state->cont = std::move(done);
    for (size_t k = 0; k < kBulkGetParallel; ++k)
        bulkGetNext(state);
}

void DocFetcher::bulkGetNext(const std::shared_ptr<BulkGet>& state) {
    if (state->sent >= state->plans.size()) return;
    size_t part = state->sent++;
    bulkGetPart(std::move(state->plans[part]), state->attachments,
                [this, state, part](Checked<FetchedDocs> answer) {
                    if (state->failed) return;
                    if (!answer.ok()) {
                        state->failed = true;
                        return state->cont(std::move(answer));
                    }
                    state->parts[part] = std::move(answer.value);
                    if (++state->done < state->parts.size()) return bulkGetNext(state);
                    Checked<FetchedDocs> all;
                    for (FetchedDocs& p : state->parts)
                        append(all.value, std::move(p));
                    state->cont(std::move(all));
                },
                false);
}

void DocFetcher::bulkGetPart(std::vector<FetchItem> plan, bool attachments, Done done, bool isRetry) {
    if (!m_bulkGet) return openRevs(std::move(plan), attachments, std::move(done));  // a sibling found out
    Json docs = Json::array();
    for (const FetchItem& item : plan) {
        for (const std::string& rev : item.revs)
            docs.push_back(Json{{"id", item.id}, {"rev", rev}});
    }
    std::string path = std::string("_bulk_get?revs=true&latest=true") + (attachments ? "&attachments=true" : "");
    m_send(m_db.request("POST", path, Json{{"docs", std::move(docs)}}.dump()),
           [this, plan = std::move(plan), attachments, done = std::move(done), isRetry](HttpResponse& resp) mutable {
               if (resp.status == 404 || resp.status == 405 || resp.status == 400 || resp.status == 501) {
                   m_bulkGet = false;  // an older server: one GET with open_revs per document
                   return openRevs(std::move(plan), attachments, std::move(done));
               }
               std::set<std::string> asked;
               for (const FetchItem& item : plan)
                   asked.insert(item.id);
               Checked<FetchedDocs> answer;
               if (resp.status == 200) answer = bulkGetAnswer(std::move(resp.body), asked);
               bool inPassing = resp.status == 0 || resp.status >= 500 || (resp.status == 200 && !answer.ok());
               if (inPassing && !isRetry) return bulkGetPart(std::move(plan), attachments, std::move(done), true);
               if (resp.status != 200) answer.error = httpError("Fetching documents", resp);
               done(std::move(answer));
           });
}

void DocFetcher::openRevs(std::vector<FetchItem> plan, bool attachments, Done done) {
    auto state = std::make_shared<OpenRevs>();
    state->plan = std::move(plan);
    state->attachments = attachments;
    state->cont = std::move(done);
    openRevsMore(state);
}

void DocFetcher::openRevsMore(const std::shared_ptr<OpenRevs>& st) {
    if (st->failed) return;
    if (st->next >= st->plan.size() && st->outstanding == 0) {
        Checked<FetchedDocs> all;
        all.value = std::move(st->docs);
        return st->cont(std::move(all));
    }
    while (st->next < st->plan.size() && st->outstanding < kOpenRevsParallel) {
        const FetchItem& item = st->plan[st->next++];
        std::string path = docPath(item.id) + "?revs=true&latest=true&open_revs=" + percentEncode(Json(item.revs).dump()) +
                           (st->attachments ? "&attachments=true" : "");
        ++st->outstanding;
        m_send(m_db.request("GET", path), [this, st, id = item.id](HttpResponse& resp) {
            --st->outstanding;
            if (st->failed) return;
            if (resp.status == 404) return openRevsMore(st);  // deleted meanwhile: nothing to fetch
            Checked<FetchedDocs> answer;
            if (resp.status == 200) answer = openRevsAnswer(std::move(resp.body), id);
            if (resp.status != 200) answer.error = httpError("Fetching documents", resp);
            if (!answer.ok()) {
                st->failed = true;
                return st->cont(std::move(answer));
            }
            append(st->docs, std::move(answer.value));
            openRevsMore(st);
        });
    }
}

void DocFetcher::completeAttachments(std::vector<Json> docs, HasAttachment has, Done done) {
    std::vector<FetchItem> needData;
    for (const Json& doc : docs) {
        if (needsAttachmentData(doc, has)) needData.push_back(FetchItem{stringField(doc, "_id"), {stringField(doc, "_rev")}});
    }
    auto fetched = std::make_shared<Checked<FetchedDocs>>();
    fetched->value.docs = std::move(docs);
    if (needData.empty()) return done(std::move(*fetched));
    fetch(std::move(needData), true, [fetched, done = std::move(done)](Checked<FetchedDocs> withData) {
        if (!withData.ok()) return done(std::move(withData));
        for (Json& full : withData.value.docs) {
            for (Json& doc : fetched->value.docs) {
                if (stringField(doc, "_id") == stringField(full, "_id") &&
                    stringField(doc, "_rev") == stringField(full, "_rev"))
                    doc = std::move(full);
            }
        }
        fetched->value.refused = std::move(withData.value.refused);
        done(std::move(*fetched));
    });
}

}  // namespace crm::core

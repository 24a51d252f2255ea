// Fetches revisions from the server, as PouchDB's `getDocs`: `_bulk_get?revs=true&latest=true` in requests of
// at most 100 documents, two travelling at once (the server works on one while the other is parsed); a request
// that fails in passing (dropped, cut short, 5xx) is sent once more at once, since it only reads; a server
// without `_bulk_get` (400/404/405/501) gets `GET doc?open_revs=` per document from then on, four at once.
// completeAttachments() fetches a second time, with their data, the documents whose attachments the store lacks.
// Does not: retry more than once, or decide what to fetch (the pull lane asks the store what is missing).
#pragma once
#include "core/sync/couch_answers.h"
#include "core/sync/couch_wire.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace crm::core {

struct FetchItem {
    std::string id;
    std::vector<std::string> revs;
};

class DocFetcher {
public:
    using Done = std::function<void(Checked<FetchedDocs>)>;  // every document asked for, or an error (once)
    using HasAttachment = std::function<bool(const std::string& digest)>;

    DocFetcher(const CouchDatabase& db, CouchSend send, bool useBulkGet);

    // The revisions of `plan` (`attachments`: with their data inline).
    void fetch(std::vector<FetchItem> plan, bool attachments, Done done);
    // Fetched documents with attachment stubs whose digest `has` does not know, fetched again with data.
    void completeAttachments(std::vector<Json> docs, HasAttachment has, Done done);
    bool bulkGetSupported() const { return m_bulkGet; }  // false once the server refused _bulk_get

private:
    struct BulkGet;
    struct OpenRevs;
    void bulkGetNext(const std::shared_ptr<BulkGet>& state);
    void bulkGetPart(std::vector<FetchItem> plan, bool attachments, Done done, bool isRetry);
    void openRevs(std::vector<FetchItem> plan, bool attachments, Done done);
    void openRevsMore(const std::shared_ptr<OpenRevs>& state);

    const CouchDatabase& m_db;
    CouchSend m_send;
    bool m_bulkGet;
};

}  // namespace crm::core

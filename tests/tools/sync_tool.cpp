// Native sync tool for the interoperability test (tests/interop/sync_interop.test.mjs): opens a file-log
// store, optionally writes documents into it, replicates with a CouchDB-protocol server over
// SocketHttpClient, saves, and prints one JSON report: state, counters, rejections and every
// document's winning revision, conflicts, leaves and attachment digests.
//
//   sync_tool <file-log-path> <remote-db-url> [pull|push|both|none] [--put <docs.json>] [--batch N]
//             [--no-bulk-get] [--auth "Basic …"]
// --put: a JSON array of documents written with new edits (a "_rev" edits that revision) before syncing.
// Exit status: 0 when the replication ended up to date, 1 otherwise, 2 on bad usage.
#include "core/app/sync_controller.h"
#include "core/store/document_store.h"
#include "core/store/write_behind.h"
#include "core/sync/replicator.h"
#include "native/file_persistence.h"
#include "native/socket_http_client.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

using namespace crm::core;

namespace {

class SystemClock : public Clock {
public:
    int64_t nowMs() const override {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    }
};

const char* docStateName(DocSyncState s) {
    switch (s) {
        case DocSyncState::LocalOnly:
            return "local_only";
        case DocSyncState::Synced:
            return "synced";
        case DocSyncState::Rejected:
            return "rejected";
        case DocSyncState::Conflict:
            return "conflict";
    }
    return "?";
}

int usage() {
    std::cerr << "usage: sync_tool <file-log-path> <remote-db-url> [pull|push|both|none] [--put docs.json] [--batch N] "
                 "[--no-bulk-get] [--auth header-value]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage();
    std::string logPath = argv[1], remote = argv[2], mode = "both", putFile, auth;
    size_t batch = 100;
    bool bulkGet = true;
    for (int i = 3; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "pull" || a == "push" || a == "both" || a == "none") {
            mode = a;
        } else if (a == "--put" && i + 1 < argc) {
            putFile = argv[++i];
        } else if (a == "--batch" && i + 1 < argc) {
            batch = std::stoul(argv[++i]);
        } else if (a == "--auth" && i + 1 < argc) {
            auth = argv[++i];
        } else if (a == "--no-bulk-get") {
            bulkGet = false;
        } else {
            return usage();
        }
    }

    DocumentStore store;
    FilePersistence persistence(logPath);
    WriteBehind writeBehind(store, persistence);
    bool loadedOk = true;
    writeBehind.load([&](const LoadReport& report) { loadedOk = report.status.ok(); });
    if (!loadedOk) {
        std::cerr << "cannot open " << logPath << "\n";
        return 1;
    }

    Json putResults = Json::array();
    if (!putFile.empty()) {
        std::ifstream in(putFile);
        std::stringstream text;
        text << in.rdbuf();
        Json docs = Json::parse(text.str(), nullptr, false);
        if (!docs.is_array()) {
            std::cerr << "--put needs a JSON array of documents\n";
            return 2;
        }
        for (const Json& d : docs) {
            WriteResult r = store.put(d);
            putResults.push_back(r.ok() ? Json{{"id", r.id}, {"rev", r.rev}}
                                        : Json{{"id", r.id}, {"error", r.error->error}});
        }
    }

    SystemClock clock;
    SocketHttpClient http;
    ReplicationOptions options;
    options.remoteUrl = remote;
    options.pull = mode == "pull" || mode == "both";
    options.push = mode == "push" || mode == "both";
    options.batchSize = batch;
    options.useBulkGet = bulkGet;
    options.backoffBaseMs = 200;
    options.backoffMaxMs = 2000;
    options.writeSliceMs = 0;  // no frames to keep smooth here
    if (!auth.empty()) options.headers.emplace_back("Authorization", auth);
    Replicator rep(store, http, clock, options);
    SyncState state = SyncState::Idle;
    if (mode != "none") {
        rep.start();
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
        for (;;) {
            state = rep.state();
            if (state == SyncState::UpToDate || state == SyncState::Failed || state == SyncState::LoginRequired) break;
            if (std::chrono::steady_clock::now() > deadline) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            rep.tick();
        }
    }
    for (int i = 0; i < 100 && (store.hasDirty() || writeBehind.inFlight()); ++i)
        writeBehind.commit();
    bool saved = writeBehind.state() == SaveState::Saved;

    Json report{{"state", syncStateName(state)},
                {"error", rep.lastError()},
                {"saved", saved},
                {"requests", rep.requestCount()},
                {"pulled", rep.progress().pulledDocs},
                {"pushed", rep.progress().pushedDocs},
                {"bulk_get", rep.bulkGetSupported()},
                {"put", putResults}};
    Json rejections = Json::array();
    for (const Rejection& r : rep.rejections())
        rejections.push_back(Json{{"id", r.id}, {"rev", r.rev}, {"error", r.error}});
    report["rejections"] = rejections;
    Json docs = Json::object();
    for (const Change& c : store.changes(0, SIZE_MAX, true).results) {
        std::optional<RevisionTree> tree = store.revisionTree(c.id);
        auto win = tree->winner();
        Json conflicts = Json::array(), leaves = Json::array();
        for (const RevId& r : tree->conflicts())
            conflicts.push_back(r.str());
        for (const RevLeaf& l : tree->leaves())
            leaves.push_back(Json{{"rev", l.rev.str()}, {"deleted", l.deleted}});
        Json entry{{"rev", win->rev.str()},
                   {"deleted", win->deleted},
                   {"conflicts", conflicts},
                   {"leaves", leaves},
                   {"state", docStateName(rep.docState(c.id))}};
        if (auto body = store.get(c.id, GetOptions{.rev = win->rev.str(), .revs = true})) {
            entry["revisions"] = body->at("_revisions");
            Json fields = Json::object();
            for (auto it = body->begin(); it != body->end(); ++it) {
                if (it.key().empty() || it.key()[0] != '_') fields[it.key()] = it.value();
            }
            entry["fields"] = fields;
            if (body->contains("_attachments")) {
                Json digests = Json::object();
                for (auto it = (*body)["_attachments"].begin(); it != (*body)["_attachments"].end(); ++it) {
                    digests[it.key()] = it->value("digest", std::string());
                }
                entry["attachments"] = digests;
            }
        }
        docs[c.id] = std::move(entry);
    }
    report["docs"] = docs;
    std::cout << report.dump() << "\n";
    return (mode == "none" || state == SyncState::UpToDate) && saved ? 0 : 1;
}

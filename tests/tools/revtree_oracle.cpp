// Interop oracle: applies revision histories with bulkDocs(new_edits:false) and prints the winner,
// conflicts and leaves, one JSON line per input line, for tests/interop/revtree_interop.test.mjs.
//
// Input line:  {"id":..., "edits":[{"_rev":"3-c","_revisions":{"start":3,"ids":["c","b","a"]},
//               "_deleted":false}, ...], "revsLimit": N}
// Output line: {"id":..,"winner":"..","conflicts":[sorted],"leaves":[{"rev":..,"deleted":..}, sorted]}
#include "core/store/document_store.h"

#include <algorithm>
#include <iostream>
#include <string>

using crm::core::Json;

int main() {
    std::ios::sync_with_stdio(false);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        Json input = Json::parse(line, nullptr, false);
        if (input.is_discarded() || !input.is_object()) {
            std::cout << Json{{"error", "bad input line"}}.dump() << "\n";
            continue;
        }
        std::string id = input.value("id", std::string("doc"));
        crm::core::StoreOptions options;
        if (input.contains("revsLimit") && input["revsLimit"].is_number_unsigned()) {
            options.revsLimit = input["revsLimit"].get<size_t>();
        }
        crm::core::DocumentStore store(options);
        std::vector<Json> docs;
        for (const Json& edit : input.value("edits", Json::array())) {
            Json doc = edit;
            doc["_id"] = id;
            docs.push_back(std::move(doc));
        }
        Json out{{"id", id}};
        Json errors = Json::array();
        for (const auto& r : store.bulkDocs(std::move(docs), false)) {
            if (!r.ok()) errors.push_back(r.error->error + ": " + r.error->reason);
        }
        if (!errors.empty()) out["errors"] = errors;
        std::optional<crm::core::RevisionTree> tree = store.revisionTree(id);
        if (tree && !tree->empty()) {
            out["winner"] = tree->winner()->rev.str();
            std::vector<std::string> conflicts;
            for (const auto& c : tree->conflicts()) conflicts.push_back(c.str());
            std::sort(conflicts.begin(), conflicts.end());
            out["conflicts"] = conflicts;
            std::vector<std::pair<std::string, bool>> leaves;
            for (const auto& l : tree->leaves()) leaves.emplace_back(l.rev.str(), l.deleted);
            std::sort(leaves.begin(), leaves.end());
            Json list = Json::array();
            for (const auto& [rev, deleted] : leaves) list.push_back(Json{{"rev", rev}, {"deleted", deleted}});
            out["leaves"] = list;
        }
        std::cout << out.dump() << "\n";
    }
    return 0;
}

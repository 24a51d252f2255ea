// Comfort automation calls, timed with the page's high-resolution clock.
#include "web/comfort_api.h"

#include "core/app/demo_data.h"
#include "core/search/search_index.h"

#include <emscripten.h>

namespace crm::web {
namespace {
using core::Json;

Json hitJson(const core::SearchIndex& index, const core::SearchHit& hit) {
    Json highlights = Json::array();
    for (const core::Highlight& h : hit.highlights) {
        highlights.push_back({{"field", core::searchFieldName(h.field)}, {"item", h.item}, {"begin", h.begin}, {"end", h.end}});
    }
    const std::optional<core::SearchEntry> entry = index.find(hit.id);
    return {{"id", hit.id},
            {"name", entry ? entry->name : std::string()},
            {"score", hit.score},
            {"kind", core::matchKindName(hit.kind)},
            {"field", core::searchFieldName(hit.field)},
            {"highlights", highlights}};
}

// Entries for `count` demo customers (customer + vehicles only), as the store would index them.
std::vector<core::SearchEntry> demoEntries(size_t count, double& generateMs) {
    core::DemoGenerator gen({.customers = count});
    std::vector<core::SearchEntry> entries;
    entries.reserve(count);
    double start = emscripten_get_now();
    for (size_t i = 0; i < count; ++i) {
        std::vector<Json> docs = gen.customerDocs(i);
        std::vector<Json> vehicles;
        for (Json& d : docs) {
            if (d.value("type", std::string()) == "vehicle") vehicles.push_back(std::move(d));
        }
        entries.push_back(core::SearchEntry::fromDocs(docs.front(), vehicles));
    }
    generateMs = emscripten_get_now() - start;
    return entries;
}
} // namespace

Json comfortApi(shell::ComfortLayer& comfort, const std::string& method, const Json& arg) {
    if (method == "search") {
        std::string q = arg.is_string() ? arg.get<std::string>() : arg.value("q", std::string());
        size_t limit = arg.is_object() ? arg.value("limit", size_t(50)) : 50;
        double start = emscripten_get_now();
        std::vector<core::SearchHit> hits = comfort.search().search(q, limit);
        double ms = emscripten_get_now() - start;
        Json out = Json::array();
        for (const core::SearchHit& h : hits) out.push_back(hitJson(comfort.search().index(), h));
        return {{"result", {{"hits", out}, {"ms", ms}, {"indexed", comfort.search().index().size()},
                            {"pending", comfort.search().pending()}}}};
    }
    if (method == "comfort.status") return {{"result", comfort.status()}};
    if (method == "comfort.open_search") {
        comfort.openSearch();
        return {{"result", true}};
    }
    if (method == "comfort.bench_demo") {
        size_t count = arg.value("customers", size_t(10000));
        core::DemoGenerator gen({.customers = count});
        std::vector<Json> docs;
        size_t documents = 0;
        double start = emscripten_get_now();
        while (gen.next(docs, 500)) {
            documents += docs.size();
            docs.clear();
        }
        documents += docs.size();
        return {{"result", {{"customers", count}, {"documents", documents}, {"ms", emscripten_get_now() - start}}}};
    }
    if (method == "comfort.bench_search") {
        size_t count = arg.value("customers", size_t(100000));
        double generateMs = 0;
        std::vector<core::SearchEntry> entries = demoEntries(count, generateMs);
        // Queries that must find customer 0 (张伟) and its phone/plate/VIN, typed one keystroke at a time.
        std::vector<std::string> queries;
        if (arg.contains("queries")) {
            for (const Json& q : arg["queries"]) queries.push_back(q.get<std::string>());
        }
        core::SearchIndex index;
        index.reserve(entries.size());
        double start = emscripten_get_now();
        for (core::SearchEntry& e : entries) index.upsert(std::move(e));
        double indexMs = emscripten_get_now() - start;
        Json times = Json::array();
        for (const std::string& q : queries) {
            core::SearchSession session(index);
            // Keystroke by keystroke: every UTF-8 prefix that ends on a character boundary.
            for (size_t n = 1; n <= q.size(); ++n) {
                if (n < q.size() && (static_cast<unsigned char>(q[n]) & 0xC0) == 0x80) continue;
                double t0 = emscripten_get_now();
                std::vector<core::SearchHit> hits = session.search(std::string_view(q).substr(0, n));
                times.push_back({{"q", q.substr(0, n)}, {"ms", emscripten_get_now() - t0}, {"hits", hits.size()},
                                 {"first", hits.empty() ? std::string() : hits.front().id}});
            }
        }
        return {{"result", {{"customers", count}, {"generateMs", generateMs}, {"indexMs", indexMs}, {"keystrokes", times}}}};
    }
    return {{"error", {{"code", "unknown_method"}, {"message", "unknown method " + method}}}};
}

} // namespace crm::web

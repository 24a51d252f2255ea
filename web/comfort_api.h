// window.crm.search / crm.comfort.* for tests, integrators and the benchmark: search through the same index
// as the Ctrl+K palette (with the time spent in the core), the comfort status, and in-page measurements.
#pragma once
#include "core/json.h"
#include "shell/comfort_layer.h"

#include <string>

namespace crm::web {

// method: "search" ({q, limit}) → {hits: [{id, name, score, kind, field, highlights}], ms, indexed, pending};
// "comfort.status" → ComfortLayer::status(); "comfort.bench_search" ({customers, queries: [..]}) → a separate
// index of that many demo customers and the time of each query typed one keystroke at a time;
// "comfort.bench_demo" ({customers}) → time to generate that many demo customers' documents.
core::Json comfortApi(shell::ComfortLayer& comfort, const std::string& method, const core::Json& arg);

} // namespace crm::web

// JSON text from outside the app (the sync server's answers, the page's automation calls) parsed with a nesting
// limit. No document a shop keeps nests more than a few levels, and the code that packs, hashes and prints
// documents recurses once a level: a document nested 100,000 deep ran the wasm stack out and broke the page.
#pragma once
#include "core/json.h"

#include <cstddef>
#include <string_view>

namespace crm::core {

constexpr size_t kMaxJsonNesting = 512;  // arrays and objects inside each other

// Whether no array or object in `text` lies more than `limit` deep (brackets inside strings do not count).
// Only counts: whether `text` is JSON is the parser's question.
bool nestingWithin(std::string_view text, size_t limit = kMaxJsonNesting);

// The parsed text, or a discarded value (`is_discarded()`) when it is not JSON or nests deeper than
// kMaxJsonNesting.
Json parseJsonText(std::string_view text);

}  // namespace crm::core

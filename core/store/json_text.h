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

// Marks an object parseJsonTextIsolatingDeep cut short. No document from a CouchDB server carries it: CouchDB
// refuses top-level members starting with '_' that it does not know.
constexpr const char* kNestedTooDeepKey = "_crm_nested_too_deep";

// As parseJsonText, but for the units of a larger text (the documents of a sync answer), whose limit is their own:
// each object at level `unitLevel` (0: the text's top value; a _bulk_get answer's documents are at 5) may nest
// kMaxJsonNesting levels counted from itself, as parseJsonText takes it alone (the levels around it do not count, so
// a document the store took is taken back inside any answer). One nested deeper spoils only itself: it comes back
// as its string members and kNestedTooDeepKey: true (so its _id and _rev still say which it is). Deeper than
// unitLevel + kMaxJsonNesting anywhere else (in an array at that level, or above it): a discarded value.
Json parseJsonTextIsolatingDeep(std::string_view text, int unitLevel);

}  // namespace crm::core

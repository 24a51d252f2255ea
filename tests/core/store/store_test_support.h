// The store doctests' shared check: two stores hold the same documents (after a save and a reload, say).
#pragma once
#include "core/store/document_store.h"

#include <doctest/doctest.h>

namespace crm::core::test {

// Every document of `a` is in `b` with the same winning revision, body, history, conflicts and seq; the counts,
// update seqs and changes feeds agree.
inline void checkSame(const DocumentStore& a, const DocumentStore& b) {
    CHECK(a.docCount() == b.docCount());
    CHECK(a.updateSeq() == b.updateSeq());
    a.forEachDoc([&](const std::string& docId, const Json&) {
        auto mine = a.get(docId, GetOptions{.conflicts = true, .revs = true});
        auto theirs = b.get(docId, GetOptions{.conflicts = true, .revs = true});
        REQUIRE(theirs.has_value());
        CHECK(*mine == *theirs);
        CHECK(a.docSeq(docId) == b.docSeq(docId));
        return true;
    });
    CHECK(a.changes(0).results.size() == b.changes(0).results.size());
}

}  // namespace crm::core::test

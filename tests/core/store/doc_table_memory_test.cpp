// Doctests for the document table near the memory ceiling: its id hash table grows in 64 KB pages, so no single
// allocation is ever the size of the table, and a growth that cannot get its pages throws with the table whole.
// This test binary replaces operator new with one that refuses blocks over a test-set size, as a fragmented heap
// near its ceiling has no large block left.
#include <doctest/doctest.h>

#include <cstdlib>
#include <new>
#include <string>

#include "core/store/doc_table.h"

using namespace crm::core;

namespace {
std::size_t g_largestBlock = 0;  // bytes; 0: no limit

struct LargestBlock {
    explicit LargestBlock(std::size_t bytes) { g_largestBlock = bytes; }
    ~LargestBlock() { g_largestBlock = 0; }
};
}  // namespace

void* operator new(std::size_t size) {
    if (g_largestBlock != 0 && size > g_largestBlock) throw std::bad_alloc();
    if (void* p = std::malloc(size ? size : 1)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

TEST_CASE("doc table: 200,000 ids with no block over 512 KB (one table of them would take 1 MB, then 2 MB)") {
    DocTable table;
    LargestBlock limit(512 * 1024);
    for (int i = 0; i < 200000; ++i) REQUIRE(table.insert("customer:" + std::to_string(i)).second);
    for (int i = 0; i < 200000; i += 13) CHECK(table.find("customer:" + std::to_string(i)) == DocIndex(i));
    CHECK(table.find("customer:200000") == kNoDoc);
}

TEST_CASE("doc table: a growth refused for memory throws, and the table is whole and grows later") {
    DocTable table;
    int count = 0;
    // 16,384 slots hold 11,468 ids at most (load 0.7): the next insert doubles the table into two 64 KB pages.
    for (; count < 11468; ++count) table.insert("customer:" + std::to_string(count));
    {
        LargestBlock limit(60 * 1024);
        CHECK_THROWS_AS(table.insert("customer:" + std::to_string(count)), std::bad_alloc);
    }
    CHECK(table.size() == std::size_t(count));
    CHECK(table.find("customer:" + std::to_string(count)) == kNoDoc);
    for (int i = 0; i < count; i += 7) CHECK(table.find("customer:" + std::to_string(i)) == DocIndex(i));
    CHECK(table.insert("customer:" + std::to_string(count)) == std::make_pair(DocIndex(count), true));
    CHECK(table.find("customer:" + std::to_string(count)) == DocIndex(count));
}

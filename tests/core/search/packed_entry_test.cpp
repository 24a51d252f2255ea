// Doctests for the search index's compact representation: PackedEntry (an entry's original text as bytes) and
// SlotTable (ids → slots read back from those bytes), and the index keeping both right through replacements,
// removals and compactions.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "core/search/packed_entry.h"
#include "core/search/search_index.h"
#include "core/search/slot_table.h"

using namespace crm::core;

namespace {

bool sameEntry(const SearchEntry& a, const SearchEntry& b) {
    return a.id == b.id && a.name == b.name && a.phones == b.phones && a.plates == b.plates && a.vins == b.vins &&
           a.company == b.company && a.tags == b.tags;
}

SearchEntry numbered(int n, int version = 0) {
    const std::string k = std::to_string(n);
    return {"customer:" + k, "客户" + k + "号" + std::to_string(version), {"1380000" + k}, {"京A" + k},
            {"LSVAB12C3D45" + k}, version % 2 ? "公司" + k : "", {"tag" + std::to_string(version)}};
}

}  // namespace

TEST_CASE("a packed entry reads back every field, empty ones and long ones too") {
    const std::vector<SearchEntry> entries = {
        {},
        {"c1", "张伟", {"138-1234-5678", "+86 139 0000 1111"}, {"京A·12345"}, {"LSVAB12C3D4567890"}, "北京华夏物流",
         {"VIP", "", "老客户"}},
        {"", "", {""}, {}, {}, "", {}},
        {std::string(300, 'x'), std::string(70000, 'n'), {std::string(200, '1')}, {}, {"v"}, std::string(128, 'c'), {"t"}},
        {std::string("a\0b", 3), "\x1f\x1e", {"\x80\xff"}, {}, {}, "", {}},
    };
    std::string bytes = "prefix";
    std::vector<std::size_t> offsets;
    for (const SearchEntry& entry : entries) {
        offsets.push_back(bytes.size());
        appendPackedEntry(entry, bytes);
    }
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const PackedEntry packed(bytes.data() + offsets[i]);
        CHECK(sameEntry(packed.unpack(), entries[i]));
        CHECK(packed.id() == entries[i].id);
        CHECK(packed.name() == entries[i].name);
        const std::size_t end = i + 1 < entries.size() ? offsets[i + 1] : bytes.size();
        CHECK(packed.size() == end - offsets[i]);
    }
}

TEST_CASE("the slot table finds, moves and forgets ids through colliding runs") {
    // Slots name ids in a vector, as the index's packed entries do; many ids share few homes.
    std::vector<std::string> ids;
    const auto idOf = [&](std::uint32_t slot) { return std::string_view(ids[slot]); };
    SlotTable table;
    std::map<std::string, std::uint32_t> expected;
    for (int n = 0; n < 2000; ++n) {
        ids.push_back("id" + std::to_string(n));
        table.insert(static_cast<std::uint32_t>(ids.size() - 1), idOf);
        expected[ids.back()] = static_cast<std::uint32_t>(ids.size() - 1);
    }
    // Remove every third id the way the index does: the last slot's id fills the hole.
    for (int n = 0; n < 2000; n += 3) {
        const std::string id = "id" + std::to_string(n);
        const std::uint32_t slot = table.find(id, idOf);
        REQUIRE(slot == expected[id]);
        table.erase(id, idOf);
        expected.erase(id);
        const auto last = static_cast<std::uint32_t>(ids.size() - 1);
        if (slot != last) {
            ids[slot] = ids[last];
            table.moved(ids[slot], slot, idOf);
            expected[ids[slot]] = slot;
        }
        ids.pop_back();
    }
    CHECK(table.size() == expected.size());
    for (const auto& [id, slot] : expected) {
        CHECK(table.find(id, idOf) == slot);
    }
    for (int n = 0; n < 2000; n += 3) {
        CHECK(table.find("id" + std::to_string(n), idOf) == SlotTable::kNone);
    }
    CHECK(table.find("never", idOf) == SlotTable::kNone);
    table.clear();
    CHECK(table.find("id1", idOf) == SlotTable::kNone);
}

TEST_CASE("a slot table grows over the inserts that follow, answering every lookup meanwhile") {
    std::vector<std::string> ids;
    const auto idOf = [&](std::uint32_t slot) { return std::string_view(ids[slot]); };
    SlotTable table;
    const auto add = [&](int n) {
        ids.push_back("customer:" + std::to_string(n));
        table.insert(static_cast<std::uint32_t>(ids.size() - 1), idOf);
    };
    const auto everyIdFound = [&] {
        for (std::uint32_t slot = 0; slot < ids.size(); ++slot) {
            if (!ids[slot].empty() && table.find(ids[slot], idOf) != slot) return false;
        }
        return table.find("customer:none", idOf) == SlotTable::kNone;
    };
    int n = 0;
    while (!(table.growing() && table.size() > 1000)) add(n++);  // the insert that passes the load starts a move
    const std::size_t grownAt = table.size();
    CHECK(everyIdFound());
    // A move takes a few places per insert: growing for a while, every id found at every step, then done.
    int insertsWhileGrowing = 0;
    while (table.growing()) {
        add(n++);
        ++insertsWhileGrowing;
        REQUIRE(everyIdFound());
    }
    CHECK(insertsWhileGrowing > 10);
    CHECK(insertsWhileGrowing < static_cast<int>(grownAt));
    CHECK(table.size() == ids.size());
    // Moved slots and removals while growing (a removal finishes the move first).
    while (!table.growing()) add(n++);
    add(n++);
    REQUIRE(table.growing());
    // Entries moved to other slots (told before their ids move, as the index and the customer list do): one in
    // the new table already, one not yet (each moves again later, or is in both: both are told).
    for (const std::uint32_t from : {0u, static_cast<std::uint32_t>(grownAt - 1)}) {
        ids.push_back(ids[from]);
        table.moved(ids[from], static_cast<std::uint32_t>(ids.size() - 1), idOf);
        ids[from].clear();  // an unused slot
    }
    CHECK(everyIdFound());
    while (table.growing()) add(n++);
    CHECK(everyIdFound());
    while (!table.growing()) add(n++);
    const std::string gone = ids[5];
    table.erase(gone, idOf);
    CHECK_FALSE(table.growing());
    table.moved(ids.back(), 5, idOf);
    ids[5] = ids.back();
    ids.pop_back();
    CHECK(table.size() == ids.size() - 2);  // less the two unused slots
    CHECK(table.find(gone, idOf) == SlotTable::kNone);
    CHECK(everyIdFound());
    // An up-front reserve sizes the table at once.
    table.reserve(ids.size() * 4, idOf);
    CHECK_FALSE(table.growing());
    CHECK(everyIdFound());
    table.clear();
    CHECK(table.size() == 0);
    CHECK_FALSE(table.growing());
    CHECK(table.find(ids[0], idOf) == SlotTable::kNone);
}

TEST_CASE("the index keeps entries and ids right through replacements, removals and compactions") {
    SearchIndex index;
    std::map<int, int> version;  // live entries: number → version
    for (int n = 0; n < 600; ++n) {
        index.upsert(numbered(n));
        version[n] = 0;
    }
    // Enough replacements that the packed text is compacted several times, and removals that move slots.
    for (int round = 1; round <= 4; ++round) {
        for (int n = round; n < 600; n += 2) {
            index.upsert(numbered(n, round));
            version[n] = round;
        }
        for (int n = round * 7; n < 600; n += 29) {
            if (version.erase(n)) CHECK(index.remove("customer:" + std::to_string(n)));
        }
    }
    CHECK(index.size() == version.size());
    for (int n = 0; n < 600; ++n) {
        const std::optional<SearchEntry> found = index.find("customer:" + std::to_string(n));
        const auto it = version.find(n);
        REQUIRE(found.has_value() == (it != version.end()));
        if (found) CHECK(sameEntry(*found, numbered(n, it->second)));
    }
    // Search still returns the right ids with the right names.
    const std::vector<SearchHit> hits = index.search("客户17号", 5);
    REQUIRE(!hits.empty());
    CHECK(hits.front().id == "customer:17");
    for (int n = 0; n < 600; ++n) {
        if (!version.count(n)) CHECK(!index.remove("customer:" + std::to_string(n)));  // gone already
    }
}

// Doctests for FilePersistence: round trip, erase, and recovery after the log is cut at random
// points (every fully written batch recovered, nothing half-applied), plus the store on top of it.
#include "core/store/write_behind.h"
#include "native/file_persistence.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <unistd.h>

using namespace crm::core;
namespace fs = std::filesystem;

namespace {
struct TempDir {
    fs::path path;
    TempDir() {
        path = fs::temp_directory_path() / ("crm_fp_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter()++));
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~TempDir() { fs::remove_all(path); }
    static int& counter() {
        static int c = 0;
        return c;
    }
};

using State = std::pair<std::map<std::string, std::string>, std::map<std::string, std::string>>;

State loadAll(FilePersistence& fp, PersistStatus* status = nullptr) {
    State s;
    PersistStatus st{"unset", ""};
    fp.load(
        [&](std::vector<Record>&& docs, std::vector<Record>&& meta) {
            for (auto& r : docs) s.first[r.key] = r.value;
            for (auto& r : meta) s.second[r.key] = r.value;
        },
        [&](const PersistStatus& done) { st = done; });
    if (status) *status = st;
    return s;
}

std::string readFile(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeFile(const fs::path& p, const std::string& data) {
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(data.data(), std::streamsize(data.size()));
}

bool writeBatch(FilePersistence& fp, const Batch& b) {
    bool ok = false;
    fp.write(b, [&](const PersistStatus& s) { ok = s.ok(); });
    return ok;
}
} // namespace

TEST_CASE("crc32 matches the standard check value") {
    CHECK(FilePersistence::crc32("123456789") == 0xCBF43926u);
}

TEST_CASE("batches round-trip; later records win; erased keys go") {
    TempDir dir;
    auto file = (dir.path / "log").string();
    {
        FilePersistence fp(file);
        PersistStatus st;
        CHECK(loadAll(fp, &st).first.empty());
        CHECK(st.ok());
        CHECK(writeBatch(fp, Batch{{{"a", "1"}, {"b", "1"}}, {}, {{"update_seq", "2"}}}));
        CHECK(writeBatch(fp, Batch{{{"a", "2"}}, {"b"}, {{"update_seq", "3"}}}));
    }
    FilePersistence fp(file);
    auto s = loadAll(fp);
    CHECK(s.first == std::map<std::string, std::string>{{"a", "2"}});
    CHECK(s.second.at("update_seq") == "3");

    FilePersistence nowhere("/nonexistent-dir/x/log");
    PersistStatus st;
    loadAll(nowhere, &st);
    CHECK(st.code == "unavailable");
}

TEST_CASE("cutting the log anywhere recovers exactly the fully written batches") {
    TempDir dir;
    auto file = dir.path / "log";
    std::mt19937 rng(20240601);
    std::vector<State> expected{{}};  // state after k batches
    std::vector<uint64_t> ends{0};    // file length after k batches
    {
        FilePersistence fp(file.string());
        State state;
        for (int b = 0; b < 60; ++b) {
            Batch batch;
            int n = 1 + int(rng() % 8);
            for (int i = 0; i < n; ++i) {
                std::string key = "k" + std::to_string(rng() % 40);
                std::string value = "b" + std::to_string(b) + ":" + std::string(rng() % 300, char('a' + i));
                batch.docs.push_back({key, value});
                state.first[key] = value;
            }
            if (rng() % 4 == 0 && !state.first.empty()) {
                std::string victim = "k" + std::to_string(rng() % 40);
                bool inDocs = false;
                for (auto& r : batch.docs) inDocs |= r.key == victim;
                if (!inDocs) {
                    batch.erasedDocs.push_back(victim);
                    state.first.erase(victim);
                }
            }
            batch.meta.push_back({"update_seq", std::to_string(b)});
            state.second["update_seq"] = std::to_string(b);
            REQUIRE(writeBatch(fp, batch));
            expected.push_back(state);
            ends.push_back(fp.validLength());
        }
    }
    std::string full = readFile(file);
    REQUIRE(full.size() == ends.back());

    int cuts = 0;
    for (int trial = 0; trial < 400; ++trial) {
        size_t cut = (trial < 10) ? ends[size_t(trial)] + size_t(trial % 3) : rng() % (full.size() + 1);
        std::string torn = full.substr(0, cut);
        if (trial % 5 == 0 && !torn.empty()) torn.back() ^= 0x5a;  // a corrupt last byte too
        writeFile(file, torn);
        size_t k = 0;  // batches fully inside the cut (and not corrupted)
        while (k + 1 < ends.size() && ends[k + 1] <= torn.size()) ++k;
        if (trial % 5 == 0 && !torn.empty() && ends[k] == torn.size() && k > 0) --k;  // flipped byte in batch k

        FilePersistence fp(file.string());
        PersistStatus st;
        State got = loadAll(fp, &st);
        CHECK(st.ok());
        CHECK(got == expected[k]);
        CHECK(fp.validLength() == ends[k]);
        CHECK(fs::file_size(file) == ends[k]);  // the torn tail is truncated away
        // Appending after recovery lands after the last good batch and is readable.
        REQUIRE(writeBatch(fp, Batch{{{"after", "x"}}, {}, {}}));
        FilePersistence again(file.string());
        State more = loadAll(again);
        CHECK(more.first.at("after") == "x");
        CHECK(more.first.size() == expected[k].first.size() + (expected[k].first.count("after") ? 0 : 1));
        ++cuts;
    }
    CHECK(cuts == 400);
}

TEST_CASE("a write to a torn log without load first still recovers before appending") {
    TempDir dir;
    auto file = dir.path / "log";
    {
        FilePersistence fp(file.string());
        writeBatch(fp, Batch{{{"a", "1"}}, {}, {}});
    }
    std::string full = readFile(file);
    writeFile(file, full + std::string("\x20\x00\x00\x00garbage", 11));
    {
        FilePersistence fp(file.string());
        REQUIRE(writeBatch(fp, Batch{{{"b", "2"}}, {}, {}}));
        CHECK(fp.discardedBytes() == 11);
    }
    FilePersistence fp(file.string());
    auto s = loadAll(fp);
    CHECK(s.first == std::map<std::string, std::string>{{"a", "1"}, {"b", "2"}});
}

TEST_CASE("DocumentStore + WriteBehind + FilePersistence survive a reopen") {
    TempDir dir;
    auto file = (dir.path / "crm.log").string();
    std::string rev;
    {
        DocumentStore store;
        FilePersistence fp(file);
        WriteBehind wb(store, fp);
        for (int i = 0; i < 1000; ++i) store.put(Json{{"_id", "c" + std::to_string(i)}, {"type", "customer"}, {"n", i}});
        wb.commit();
        auto r = store.put(Json{{"_id", "c5"}, {"_rev", store.get("c5")->at("_rev")}, {"n", 55}});
        rev = r.rev;
        store.putLocal(Json{{"_id", "_local/sync"}, {"last_seq", 42}});
        for (int batch = 0; batch < 10 && wb.state() != SaveState::Saved; ++batch) wb.commit();  // bounded batches
        CHECK(wb.state() == SaveState::Saved);
    }
    DocumentStore store;
    FilePersistence fp(file);
    WriteBehind wb(store, fp);
    LoadReport report;
    wb.load([&](const LoadReport& r) { report = r; });
    CHECK(report.status.ok());
    CHECK(report.corruptKeys.empty());
    CHECK(report.loaded == 1001);
    CHECK(store.docCount() == 1000);
    CHECK(store.get("c5")->at("_rev").get<std::string>() == rev);
    CHECK(store.get("c5")->at("n").get<int>() == 55);
    CHECK(store.getLocal("_local/sync")->at("last_seq").get<int>() == 42);
    CHECK(store.updateSeq() == 1001);
    CHECK(store.changes(1000).results.size() == 1);
}

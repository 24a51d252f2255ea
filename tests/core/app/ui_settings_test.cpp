// Doctests for _local/ui_settings: one reader and writer; a save keeps fields it does not own and a
// stored value of the wrong type falls back to its default.
#include "core/app/ui_settings.h"

#include <doctest/doctest.h>

using namespace crm::core;

TEST_CASE("ui settings round-trip and keep other fields") {
    DocumentStore store;
    CHECK(loadUiSettings(store).language == "zh-CN");
    store.putLocal(Json{{"_id", kUiSettingsId}, {"future", 1}, {"fontScale", "big"}, {"userName", "李"}});
    UiSettings s = loadUiSettings(store);
    CHECK(s.fontScale == 1.0f);
    CHECK(s.userName == "李");
    s.language = "en";
    s.fontScale = 9;  // clamped when read back
    saveUiSettings(store, s);
    Json doc = *store.getLocal(kUiSettingsId);
    CHECK(doc["future"] == 1);
    CHECK(doc["userName"] == "李");
    CHECK(loadUiSettings(store).language == "en");
    CHECK(loadUiSettings(store).fontScale == 2.0f);
}

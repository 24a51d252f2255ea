// tr(): looks keys up in every catalog table listed in catalog.h (one table per area of the app).
#include "core/app/i18n.h"

#include "core/app/catalog.h"

#include <cstdio>
#include <unordered_map>

namespace crm::core {
namespace {

Language g_language = Language::Chinese;

const std::unordered_map<std::string_view, const CatalogEntry*>& index() {
    static const auto map = [] {
        std::unordered_map<std::string_view, const CatalogEntry*> m;
        for (const CatalogTable* table : kCatalogs) {
            for (size_t i = 0; i < table->count; ++i) m.emplace(table->entries[i].key, &table->entries[i]);
        }
        return m;
    }();
    return map;
}

} // namespace

void setLanguage(Language language) { g_language = language; }
Language language() { return g_language; }
const char* languageCode(Language language) { return language == Language::Chinese ? "zh-CN" : "en"; }

const char* tr(std::string_view key) {
    auto it = index().find(key);
    if (it == index().end()) {
        // Unknown keys are interned so the returned pointer stays valid.
        static std::unordered_map<std::string, std::string> missing;
        auto& s = missing[std::string(key)];
        if (s.empty()) s = std::string(key);
        return s.c_str();
    }
    return g_language == Language::Chinese ? it->second->zh : it->second->en;
}

bool hasText(std::string_view key) { return index().count(key) > 0; }

std::string countText(std::string_view key, long n) {
    std::string one = std::string(key) + ".one";
    const char* format = n == 1 && hasText(one) ? tr(one) : tr(key);
    char buf[256];
    std::snprintf(buf, sizeof buf, format, int(n));
    return buf;
}

std::string allCatalogText() {
    std::string text;
    for (const auto& [key, e] : index()) {
        text += e->zh;
        text += e->en;
    }
    return text;
}

} // namespace crm::core

// UI text in zh-CN (the default) and English: tr("key") looks a key up in the current language's catalog.
// Keys are short English identifiers; a missing key shows the key itself, so gaps are visible, not blank.
#pragma once
#include <string>
#include <string_view>

namespace crm::core {

enum class Language { Chinese, English };

void setLanguage(Language language);
Language language();
const char* languageCode(Language language);  // "zh-CN" | "en"

// The text for `key` in the current language. The pointer stays valid for the program's life.
const char* tr(std::string_view key);
// A count in words: `key`'s text (a "%d" format) with n; in English "<key>.one" when n is 1 ("1 customer",
// "2 customers"). Chinese has no plural, so a ".one" entry repeats the other text there.
std::string countText(std::string_view key, long n);
// Whether `key` is in the catalogs (with a text in both languages).
bool hasText(std::string_view key);

// Every catalog text in both languages concatenated (for the font atlas: glyphs the UI itself needs).
std::string allCatalogText();

} // namespace crm::core

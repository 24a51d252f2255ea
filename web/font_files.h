// The UI's font files (4.8 MB), fetched beside the app once main() starts, so that the wasm waits only for
// crm.data (the atlases baked at build time): the first frames draw with the baked atlas, and the files add the
// characters it lacks once they arrive (shell::FontManager::expectFontData).
#pragma once

namespace crm::shell {
class FontManager;
}

namespace crm::web {

// Starts fetching fonts/latin.ttf and fonts/cjk.ttf, and tells `fonts` they are coming.
void startFetchingFontFiles(shell::FontManager& fonts);
// Hands the files to `fonts` once both have arrived (a failed fetch hands over none: ImGui's default font and
// the baked atlas are what is drawn, and the page says why in its console). True once handed over.
bool handOverFontFiles(shell::FontManager& fonts);

} // namespace crm::web

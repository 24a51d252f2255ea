// Build-time generator: bakes the first font atlas — the UI's text of both languages, as the app builds it on
// an empty database — at the given pixel scales, so the app loads it instead of rasterising ~2,000 glyphs at
// start-up (README, "Start-up"). Runs the app's own FontManager, so the baked atlas is the one it would build.
// Usage: crm_font_bake <latin.ttf> <cjk.ttf> <out-dir> <pixel scale in percent>...  writes <out-dir>/atlas_<percent>.bin
#include "core/app/i18n.h"
#include "shell/font_manager.h"

#include <imgui.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace {
std::vector<unsigned char> readFile(const char* path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s latin.ttf cjk.ttf out-dir percent...\n", argv[0]);
        return 2;
    }
    ImGui::CreateContext();
    const std::vector<unsigned char> latin = readFile(argv[1]), cjk = readFile(argv[2]);
    if (latin.empty() || cjk.empty()) {
        std::fprintf(stderr, "font_bake: cannot read %s or %s\n", argv[1], argv[2]);
        return 1;
    }
    for (int i = 4; i < argc; ++i) {
        const float scale = static_cast<float>(std::stoi(argv[i])) / 100.0f;
        crm::shell::FontManager fonts;
        fonts.setFontData(latin, cjk);
        fonts.noteText(crm::core::allCatalogText());  // as shell::App does before its first frame
        fonts.setScale(1.0f, scale);
        fonts.update();
        const std::vector<unsigned char> bytes = fonts.encodeBuiltAtlas();
        const std::string path = std::string(argv[3]) + "/" + crm::shell::FontManager::bakedAtlasName(scale);
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
        if (bytes.empty() || !out) {
            std::fprintf(stderr, "font_bake: cannot write %s\n", path.c_str());
            return 1;
        }
    }
    ImGui::DestroyContext();
    return 0;
}

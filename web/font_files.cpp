// Fetching the UI's font files after start-up and handing them to the font manager (see font_files.h).
#include "web/font_files.h"

#include "shell/font_manager.h"

#include <emscripten.h>

#include <vector>

namespace crm::web {
namespace {

// Module.crmFontFiles: null while fetching, then [latin, cjk] as ArrayBuffers, or [] when a fetch failed.
EM_JS(void, js_fetch_font_files, (), {
    Module.crmFontFiles = null;
    const one = (name) => fetch('fonts/' + name).then((response) => {
        if (!response.ok) throw new Error('fonts/' + name + ': HTTP ' + response.status);
        return response.arrayBuffer();
    });
    Promise.all([one('latin.ttf'), one('cjk.ttf')]).then(
        (files) => { Module.crmFontFiles = files; },
        (error) => { console.error('the font files could not be loaded:', error); Module.crmFontFiles = []; });
});
EM_JS(int, js_font_files_arrived, (), { return Module.crmFontFiles === null ? -1 : Module.crmFontFiles.length; });
EM_JS(int, js_font_file_size, (int index), { return Module.crmFontFiles[index].byteLength; });
EM_JS(void, js_copy_font_file, (int index, unsigned char* out), {
    HEAPU8.set(new Uint8Array(Module.crmFontFiles[index]), out);
});
EM_JS(void, js_drop_font_files, (), { Module.crmFontFiles = []; });

std::vector<unsigned char> fontFile(int index) {
    std::vector<unsigned char> bytes(static_cast<size_t>(js_font_file_size(index)));
    if (!bytes.empty()) js_copy_font_file(index, bytes.data());
    return bytes;
}

} // namespace

void startFetchingFontFiles(shell::FontManager& fonts) {
    fonts.expectFontData();
    js_fetch_font_files();
}

bool handOverFontFiles(shell::FontManager& fonts) {
    const int arrived = js_font_files_arrived();
    if (arrived < 0) return false;
    if (arrived == 2) {
        fonts.setFontData(fontFile(0), fontFile(1));
    } else {
        fonts.setFontData({}, {});
    }
    js_drop_font_files();
    return true;
}

} // namespace crm::web

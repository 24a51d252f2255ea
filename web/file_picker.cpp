// The browser's file chooser behind Platform::openFile: web/js/file_pick.js opens a hidden file input and
// hands the chosen file to crm_file_picked, which queues it; the main loop delivers it between frames.
#include "web/web_platform.h"

#include "web/out_of_memory.h"

#include <emscripten.h>
#include <cstdlib>
#include <utility>

extern "C" int crm_file_pick();

namespace crm::web {
namespace {
std::vector<shell::PickedFile>& pickedQueue() {
    static std::vector<shell::PickedFile> queue;
    return queue;
}
}  // namespace

bool WebPlatform::openFile(shell::FilePickedFn picked) {
    if (!crm_file_pick()) return false;
    m_filePicked = std::move(picked);
    return true;
}

void WebPlatform::pumpFiles() {
    std::vector<shell::PickedFile>& queue = pickedQueue();
    while (!queue.empty() && m_filePicked) {
        shell::PickedFile file = std::move(queue.front());
        queue.erase(queue.begin());
        shell::FilePickedFn picked = std::move(m_filePicked);
        m_filePicked = nullptr;
        picked(std::move(file));
    }
    queue.clear();  // files nobody asked for (the request was cancelled) are dropped
}

}  // namespace crm::web

extern "C" EMSCRIPTEN_KEEPALIVE void crm_file_picked(const char* name, const char* type, char* bytes, int length) {
    crm::web::guardMemory([&] {  // a file too large for the memory left is not taken in
        crm::web::pickedQueue().push_back({name, type, std::string(bytes, static_cast<size_t>(length))});
    });
    std::free(bytes);
}

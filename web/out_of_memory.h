// JavaScript calls into the wasm outside the frame loop (IndexedDB and fetch completions, text input, chosen
// files): an allocation the browser refuses there must not escape into JavaScript, where Emscripten would
// abort the runtime. guardMemory runs such a call and hands a std::bad_alloc to the app's handler instead.
#pragma once
#include <functional>
#include <new>
#include <utility>

namespace crm::web {

void setOutOfMemoryHandler(std::function<void()> handler);
void noteOutOfMemory();  // calls the handler (nothing before one is set)

template <class Call>
void guardMemory(Call&& call) {
    try {
        std::forward<Call>(call)();
    } catch (const std::bad_alloc&) {
        noteOutOfMemory();
    }
}

} // namespace crm::web

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
// Sets aside a small block that a failing allocation gives back first, so that throwing std::bad_alloc still
// finds memory for the exception (see out_of_memory.cpp); call at start-up and once a frame to restore it.
void keepEmergencyMemory();

template <class Call>
void guardMemory(Call&& call) {
    try {
        std::forward<Call>(call)();
    } catch (const std::bad_alloc&) {
        noteOutOfMemory();
    }
}

} // namespace crm::web

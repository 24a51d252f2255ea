// Out of memory outside the frame loop (out_of_memory.h): the app's handler for calls from JavaScript, and the
// emergency block that lets std::bad_alloc be thrown when an allocation has taken the very last bytes.
#include "web/out_of_memory.h"

#include <cstdlib>

namespace crm::web {

namespace {
std::function<void()>& handler() {
    static std::function<void()> fn;
    return fn;
}

// Throwing std::bad_alloc itself needs memory (the exception object): without any, the throw ends in
// std::terminate. operator new calls the new-handler when malloc fails; the handler first gives back a small
// block kept for this, so the retry or the throw finds memory.
constexpr size_t kEmergencyBytes = 256 * 1024;
void* g_emergency = nullptr;

void onAllocationFailure() {
    if (!g_emergency) throw std::bad_alloc();
    std::free(g_emergency);
    g_emergency = nullptr;
}
} // namespace

void setOutOfMemoryHandler(std::function<void()> fn) { handler() = std::move(fn); }

void noteOutOfMemory() {
    if (handler()) handler()();
}

void keepEmergencyMemory() {
    if (!g_emergency) g_emergency = std::malloc(kEmergencyBytes);  // null: tried again next time
    std::set_new_handler(onAllocationFailure);
}

} // namespace crm::web

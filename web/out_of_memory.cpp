// The out-of-memory handler for calls from JavaScript (out_of_memory.h).
#include "web/out_of_memory.h"

namespace crm::web {

namespace {
std::function<void()>& handler() {
    static std::function<void()> fn;
    return fn;
}
} // namespace

void setOutOfMemoryHandler(std::function<void()> fn) { handler() = std::move(fn); }

void noteOutOfMemory() {
    if (handler()) handler()();
}

} // namespace crm::web

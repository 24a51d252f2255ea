// Key events queued so that each frame sees every press exactly once (see key_input.h).
#include "web/key_input.h"

#include <GLFW/glfw3.h>
#include <deque>
#include <imgui_impl_glfw.h>
#include <set>

namespace crm::web {
namespace {

struct KeyEvent {
    int key, scancode, action, mods;
};

GLFWwindow* g_window = nullptr;
std::set<int> g_pressedSinceFrame;
std::deque<KeyEvent> g_waiting;

// False when `event` must wait for the next frame.
bool forward(const KeyEvent& event) {
    if (event.action == GLFW_RELEASE && g_pressedSinceFrame.count(event.key)) return false;
    if (event.action == GLFW_PRESS) g_pressedSinceFrame.insert(event.key);
    ImGui_ImplGlfw_KeyCallback(g_window, event.key, event.scancode, event.action, event.mods);
    return true;
}

void onKey(GLFWwindow*, int key, int scancode, int action, int mods) {
    KeyEvent event{key, scancode, action, mods};
    if (!g_waiting.empty() || !forward(event)) g_waiting.push_back(event);
}

} // namespace

void installKeyInput(GLFWwindow* window) {
    g_window = window;
    glfwSetKeyCallback(window, onKey);
}

void releaseHeldKeys() {
    g_pressedSinceFrame.clear();
    while (!g_waiting.empty() && forward(g_waiting.front())) g_waiting.pop_front();
}

} // namespace crm::web

// Key events and text queued so that each frame sees every press exactly once, in order (see key_input.h).
#include "web/key_input.h"

#include <GLFW/glfw3.h>
#include <deque>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <map>

namespace crm::web {
namespace {

struct InputEvent {
    int key = 0, scancode = 0, action = 0, mods = 0;
    std::string text;  // non-empty: text input instead of a key event
};

GLFWwindow* g_window = nullptr;
std::map<int, bool> g_pressedSinceFrame;  // key -> whether its press mattered
std::deque<InputEvent> g_waiting;
bool g_textSinceFrame = false;

bool isCtrlOrSuper(int key) {
    return key == GLFW_KEY_LEFT_CONTROL || key == GLFW_KEY_RIGHT_CONTROL || key == GLFW_KEY_LEFT_SUPER ||
           key == GLFW_KEY_RIGHT_SUPER;
}

// Letters, digits and punctuation typed plainly reach fields as text; only as part of a chord (Ctrl+A) or as
// navigation and editing keys (arrows, Enter, Backspace, Esc, F1, ...) must their presses be seen by a frame.
bool isModifier(int key) { return key >= GLFW_KEY_LEFT_SHIFT && key <= GLFW_KEY_RIGHT_SUPER; }
bool mattersAsPress(int key, int mods) {
    const bool printable = key >= GLFW_KEY_SPACE && key <= GLFW_KEY_GRAVE_ACCENT;
    return !isModifier(key) && (!printable || (mods & (GLFW_MOD_CONTROL | GLFW_MOD_ALT | GLFW_MOD_SUPER)) != 0);
}

// A release waits for the next frame when that frame must still see the key down: a key that mattered as a
// press since the last frame, or a modifier while such a key was pressed (whatever order they are let go in).
bool mustWait(const InputEvent& release) {
    if (isModifier(release.key)) {
        for (const auto& [key, mattered] : g_pressedSinceFrame)
            if (mattered) return true;
        return false;
    }
    auto it = g_pressedSinceFrame.find(release.key);
    return it != g_pressedSinceFrame.end() && it->second;
}

// False when `event` must wait for the next frame.
bool forward(const InputEvent& event) {
    if (!event.text.empty()) {
        ImGui::GetIO().AddInputCharactersUTF8(event.text.c_str());
        g_textSinceFrame = true;
        return true;
    }
    if (event.action == GLFW_RELEASE && mustWait(event)) return false;
    // ImGui drops a frame's text while Ctrl is down: Ctrl pressed after text waits for the next frame.
    if (event.action == GLFW_PRESS && g_textSinceFrame && isCtrlOrSuper(event.key)) return false;
    if (event.action == GLFW_PRESS) g_pressedSinceFrame[event.key] = mattersAsPress(event.key, event.mods);
    ImGui_ImplGlfw_KeyCallback(g_window, event.key, event.scancode, event.action, event.mods);
    return true;
}

void submit(InputEvent event) {
    if (!g_waiting.empty() || !forward(event)) g_waiting.push_back(std::move(event));
}

void onKey(GLFWwindow*, int key, int scancode, int action, int mods) { submit({key, scancode, action, mods, {}}); }

} // namespace

void installKeyInput(GLFWwindow* window) {
    g_window = window;
    glfwSetKeyCallback(window, onKey);
}

void queueTextInput(std::string utf8) {
    if (!utf8.empty()) submit({0, 0, 0, 0, std::move(utf8)});
}

void releaseHeldKeys() {
    g_pressedSinceFrame.clear();
    g_textSinceFrame = false;
    while (!g_waiting.empty() && forward(g_waiting.front())) g_waiting.pop_front();
}

} // namespace crm::web

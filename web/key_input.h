// Keyboard and text input for ImGui 1.86, which samples key state once per frame: a key pressed and released
// between two frames (a quick Ctrl+K, or any key on a busy frame) would never be seen, two chords typed
// between two frames (Ctrl+A then Ctrl+X) would arrive as one, and text typed right after a Ctrl chord would be
// dropped while Ctrl looks held in the same frame. Key events and text are therefore fed to ImGui in their original order,
// so that each frame sees at most one press of each key: a release of a key pressed since the last frame, and
// everything after it, waits for the next frame.
#pragma once

#include <string>

struct GLFWwindow;

namespace crm::web {

// Replaces the ImGui GLFW backend's key callback with the queueing one.
void installKeyInput(GLFWwindow* window);
// Typed, composed or pasted text, in order with the key events.
void queueTextInput(std::string utf8);
// Call after each frame: forwards the waiting events up to the next same-frame release.
void releaseHeldKeys();

} // namespace crm::web

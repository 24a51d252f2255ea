// Shortcut keys. Ctrl+N cannot be used: browsers keep it for "new window", hence Alt+N.
#include "shell/shortcuts.h"

#include <imgui.h>

namespace crm::shell {
namespace {
// GLFW key numbers (letters are their ASCII upper case).
constexpr int kKeyF1 = 290;
constexpr int kKeyEscape = 256;
constexpr int kKeyPageDown = 267;
constexpr int kKeyPageUp = 266;
} // namespace

bool shortcutPressed(Shortcut shortcut) {
    const ImGuiIO& io = ImGui::GetIO();
    const bool ctrl = io.KeyCtrl || io.KeySuper;  // Cmd on a Mac
    switch (shortcut) {
    case Shortcut::Search: return ctrl && ImGui::IsKeyPressed('K', false);
    case Shortcut::NewCustomer: return io.KeyAlt && ImGui::IsKeyPressed('N', false);
    case Shortcut::Save: return ctrl && ImGui::IsKeyPressed('S', false);
    case Shortcut::NextRecord: return io.KeyAlt && ImGui::IsKeyPressed(kKeyPageDown, false);
    case Shortcut::PreviousRecord: return io.KeyAlt && ImGui::IsKeyPressed(kKeyPageUp, false);
    case Shortcut::Help: return ImGui::IsKeyPressed(kKeyF1, false);
    case Shortcut::Close: return ImGui::IsKeyPressed(kKeyEscape, false);
    }
    return false;
}

const char* shortcutKeys(Shortcut shortcut) {
    switch (shortcut) {
    case Shortcut::Search: return "Ctrl+K";
    case Shortcut::NewCustomer: return "Alt+N";
    case Shortcut::Save: return "Ctrl+S";
    case Shortcut::NextRecord: return "Alt+PageDown";
    case Shortcut::PreviousRecord: return "Alt+PageUp";
    case Shortcut::Help: return "F1";
    case Shortcut::Close: return "Esc";
    }
    return "";
}

const char* shortcutAction(Shortcut shortcut) {
    switch (shortcut) {
    case Shortcut::Search: return "help.search";
    case Shortcut::NewCustomer: return "help.new_customer";
    case Shortcut::Save: return "help.save";
    case Shortcut::NextRecord: return "help.next_record";
    case Shortcut::PreviousRecord: return "help.previous_record";
    case Shortcut::Help: return "help.help";
    case Shortcut::Close: return "help.close";
    }
    return "";
}

} // namespace crm::shell

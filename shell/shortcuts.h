// The keyboard shortcuts, in one place: the keys (GLFW key numbers, which ImGui's GLFW backend uses as its
// key indices) and small queries the views call, so the help window and the behaviour never disagree.
#pragma once

namespace crm::shell {

enum class Shortcut { Search, NewCustomer, Save, NextRecord, PreviousRecord, Help, Close };

// True in the frame the shortcut's keys are pressed.
bool shortcutPressed(Shortcut shortcut);
// "Ctrl+K", "Alt+N", … for the help window.
const char* shortcutKeys(Shortcut shortcut);
// The i18n key of what it does ("help.search", …).
const char* shortcutAction(Shortcut shortcut);

inline constexpr Shortcut kAllShortcuts[] = {Shortcut::Search, Shortcut::NewCustomer, Shortcut::Save,
                                             Shortcut::NextRecord, Shortcut::PreviousRecord, Shortcut::Help,
                                             Shortcut::Close};

} // namespace crm::shell

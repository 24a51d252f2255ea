// Small helpers shared by the views: translated labels with stable ImGui ids, a labelled form row,
// an error/notice line, banners, and the status bar's progress bars.
#pragma once
#include <string>

namespace crm::shell {

// "<translated text>###<key>": the visible text follows the language, the ImGui id stays the same.
std::string label(const char* key);

// A form row inside a two-column table: the translated label left, an input filling the right column.
// `name` is the widget's automation name (see ui_registry.h). Returns true when the value changed.
bool formTextRow(const char* key, std::string* value, const char* name, const char* hint = nullptr, bool multiline = false);

// Red text for an error message; empty message draws nothing.
void errorText(const std::string& message);

// What a banner says, which chooses its colours.
enum class BannerTone { Info, Notice, Success, Problem };

// A coloured strip across the content: its message wrapped to the width left beside its button (a longer
// language wraps instead of being cut off), the strip as tall as the message. `name` is the message's
// automation name (nullptr: none); `buttonKey` names and labels the button (nullptr: no button). Returns true
// when the button was clicked.
bool banner(const char* id, BannerTone tone, const char* message, const char* name, const char* buttonKey = nullptr);

// A status-bar progress bar at least `minEms` font sizes wide and never narrower than its text, so a longer
// language's words are not cut off.
void statusProgress(float fraction, const char* text, float minEms);

} // namespace crm::shell

// Light and dark themes, scaled for the font size and the screen's pixel density.
#pragma once

namespace crm::shell {

void applyTheme(bool dark, float pixelScale);

} // namespace crm::shell

// Wheel and touch scrolling for ImGui, fed by boot.js: Emscripten 3.1.6's GLFW passes a wheel event's raw
// pixel deltaY (upside down, ~100 per notch) to the scroll callback, so the page converts wheel and touch
// drags itself and calls crm_scroll with CSS pixels (positive dy: content moves up, as when scrolling down).
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

extern "C" EMSCRIPTEN_KEEPALIVE void crm_scroll(float dxCss, float dyCss) {
    ImGuiIO& io = ImGui::GetIO();
    float font = io.Fonts->Fonts.empty() ? 16.0f : io.Fonts->Fonts[0]->FontSize;
    // ImGui scrolls 5 lines per wheel unit.
    float unit = 5.0f * font / static_cast<float>(emscripten_get_device_pixel_ratio());
    io.MouseWheel -= dyCss / unit;
    io.MouseWheelH -= dxCss / unit;
}

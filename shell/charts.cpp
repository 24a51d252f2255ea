// Charts (see charts.h): each reserves its rectangle with an InvisibleButton (so it scrolls, clips and can be
// hovered like any widget) and draws into the window's draw list.
#include "shell/charts.h"

#include "shell/ui_registry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <imgui.h>

namespace crm::shell::charts {
namespace {
ImU32 styleColor(ImGuiCol col, float alpha = 1.0f) {
    ImVec4 c = ImGui::GetStyleColorVec4(col);
    c.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

// Mixes the window background towards `tint` by t (0..1): cells stay readable in both themes.
ImU32 mix(ImVec4 tint, float t) {
    ImVec4 bg = ImGui::GetStyleColorVec4(ImGuiCol_WindowBg);
    t = std::clamp(t, 0.0f, 1.0f);
    return ImGui::ColorConvertFloat4ToU32(ImVec4(bg.x + (tint.x - bg.x) * t, bg.y + (tint.y - bg.y) * t,
                                                 bg.z + (tint.z - bg.z) * t, 1.0f));
}

std::string formatted(const char* format, double v) {
    char buf[48];
    std::snprintf(buf, sizeof buf, format, v);
    return buf;
}

ImVec2 reserve(const char* id, float width, float height) {
    ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(std::max(width, 1.0f), std::max(height, 1.0f)));
    markItem(id);
    return origin;
}
}  // namespace

void bars(const char* id, const std::vector<Bar>& items, double lo, double hi, const char* format) {
    const float font = ImGui::GetFontSize(), rowH = ImGui::GetFrameHeight();
    float labelW = 0;
    for (const Bar& b : items) labelW = std::max(labelW, ImGui::CalcTextSize(b.label.c_str()).x);
    labelW += font * 0.5f;
    const float width = std::max(ImGui::GetContentRegionAvail().x, font * 16);
    const float numberW = font * 5;
    ImVec2 o = reserve(id, width, rowH * float(items.size()));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const float x0 = o.x + labelW, x1 = o.x + width - numberW;
    const double span = hi > lo ? hi - lo : 1;
    const float zero = x0 + float((std::clamp(0.0, lo, hi) - lo) / span) * (x1 - x0);
    for (size_t i = 0; i < items.size(); ++i) {
        const Bar& b = items[i];
        float y = o.y + rowH * float(i);
        dl->AddText(ImVec2(o.x, y + (rowH - font) / 2), styleColor(ImGuiCol_Text), b.label.c_str());
        float end = x0 + float((std::clamp(b.value, lo, hi) - lo) / span) * (x1 - x0);
        dl->AddRectFilled(ImVec2(std::min(zero, end), y + rowH * 0.18f), ImVec2(std::max(zero, end), y + rowH * 0.82f),
                          styleColor(b.value < 0 ? ImGuiCol_PlotLines : ImGuiCol_PlotHistogram));
        std::string text = b.text.empty() ? formatted(format, b.value) : b.text;
        dl->AddText(ImVec2(x1 + font * 0.3f, y + (rowH - font) / 2), styleColor(ImGuiCol_Text), text.c_str());
    }
    dl->AddLine(ImVec2(zero, o.y), ImVec2(zero, o.y + rowH * float(items.size())), styleColor(ImGuiCol_Border));
}

void histogram(const char* id, const std::vector<std::string>& labels, const std::vector<size_t>& counts, float height) {
    const float font = ImGui::GetFontSize(), h = font * height;
    const float width = std::min(ImGui::GetContentRegionAvail().x, font * 3.2f * float(std::max<size_t>(counts.size(), 1)));
    ImVec2 o = reserve(id, width, h + font * 1.4f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    size_t top = 1;
    for (size_t c : counts) top = std::max(top, c);
    const float colW = width / float(std::max<size_t>(counts.size(), 1));
    const float base = o.y + h;
    for (size_t i = 0; i < counts.size(); ++i) {
        float x = o.x + colW * float(i);
        float barH = (h - font * 1.2f) * float(counts[i]) / float(top);
        dl->AddRectFilled(ImVec2(x + colW * 0.15f, base - barH), ImVec2(x + colW * 0.85f, base), styleColor(ImGuiCol_PlotHistogram));
        std::string n = std::to_string(counts[i]);
        ImVec2 nSize = ImGui::CalcTextSize(n.c_str());
        dl->AddText(ImVec2(x + (colW - nSize.x) / 2, base - barH - font * 1.1f), styleColor(ImGuiCol_Text), n.c_str());
        const std::string& label = i < labels.size() ? labels[i] : std::string();
        ImVec2 lSize = ImGui::CalcTextSize(label.c_str());
        dl->AddText(ImVec2(x + (colW - lSize.x) / 2, base + font * 0.2f), styleColor(ImGuiCol_TextDisabled), label.c_str());
    }
    dl->AddLine(ImVec2(o.x, base), ImVec2(o.x + width, base), styleColor(ImGuiCol_Border));
}

void line(const char* id, const std::vector<std::string>& labels, const std::vector<double>& values, double lo, double hi,
          float height) {
    const float font = ImGui::GetFontSize(), h = font * height;
    const float width = std::max(ImGui::GetContentRegionAvail().x - font, font * 16);
    const float left = font * 2.5f;
    ImVec2 o = reserve(id, width, h + font * 1.4f);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const double span = hi > lo ? hi - lo : 1;
    auto yOf = [&](double v) { return o.y + font * 0.5f + float((hi - std::clamp(v, lo, hi)) / span) * (h - font); };
    for (double g : {lo, (lo + hi) / 2, hi}) {  // grid lines with their values
        float y = yOf(g);
        dl->AddLine(ImVec2(o.x + left, y), ImVec2(o.x + width, y), styleColor(ImGuiCol_Border, 0.6f));
        dl->AddText(ImVec2(o.x, y - font / 2), styleColor(ImGuiCol_TextDisabled), formatted("%.1f", g).c_str());
    }
    if (values.empty()) return;
    const float step = values.size() > 1 ? (width - left - font) / float(values.size() - 1) : 0;
    std::vector<ImVec2> pts;
    for (size_t i = 0; i < values.size(); ++i) pts.push_back(ImVec2(o.x + left + font * 0.5f + step * float(i), yOf(values[i])));
    dl->AddPolyline(pts.data(), int(pts.size()), styleColor(ImGuiCol_PlotLines), 0, std::max(2.0f, font / 8));
    const size_t labelEvery = std::max<size_t>(1, size_t(std::ceil(ImGui::CalcTextSize("0000-00").x * 1.3f / std::max(step, 1.0f))));
    int hovered = -1;
    ImVec2 mouse = ImGui::GetIO().MousePos;
    for (size_t i = 0; i < pts.size(); ++i) {
        dl->AddCircleFilled(pts[i], font * 0.22f, styleColor(ImGuiCol_PlotLinesHovered));
        if (i % labelEvery == 0 || i + 1 == pts.size()) {
            const std::string& label = i < labels.size() ? labels[i] : std::string();
            float lw = ImGui::CalcTextSize(label.c_str()).x;
            dl->AddText(ImVec2(pts[i].x - lw / 2, o.y + h + font * 0.2f), styleColor(ImGuiCol_TextDisabled), label.c_str());
        }
        if (ImGui::IsItemHovered() && std::fabs(mouse.x - pts[i].x) <= std::max(step / 2, font * 0.4f)) hovered = int(i);
    }
    std::string last = formatted("%.2f", values.back());
    dl->AddText(ImVec2(pts.back().x - ImGui::CalcTextSize(last.c_str()).x, pts.back().y - font * 1.3f),
                styleColor(ImGuiCol_Text), last.c_str());
    if (hovered >= 0) ImGui::SetTooltip("%s: %.2f", labels[size_t(hovered)].c_str(), values[size_t(hovered)]);
}

void heatMap(const char* id, const std::vector<std::string>& labels, const std::vector<std::vector<double>>& values,
             const std::vector<std::string>& heads) {
    const float font = ImGui::GetFontSize();
    const size_t n = labels.size();
    auto headOf = [&](size_t c) -> const std::string& { return c < heads.size() ? heads[c] : labels[c]; };
    float labelW = 0, widestWord = 0;
    for (size_t i = 0; i < n; ++i) {
        labelW = std::max(labelW, ImGui::CalcTextSize(labels[i].c_str()).x);
        const std::string& head = headOf(i);
        for (size_t b = 0, e; b < head.size(); b = e + 1) {  // a head wraps between words, so fit the widest word
            e = std::min(head.find(' ', b), head.size());
            widestWord = std::max(widestWord, ImGui::CalcTextSize(head.c_str() + b, head.c_str() + e).x);
        }
    }
    labelW += font * 0.5f;
    const float fit = (ImGui::GetContentRegionAvail().x - labelW) / float(std::max<size_t>(n, 1));
    const float cell = std::clamp(std::max(fit, widestWord + font * 0.4f), font * 2.6f, font * 4.5f);
    const float wrap = cell - font * 0.2f;
    float headH = font;
    for (size_t c = 0; c < n; ++c) headH = std::max(headH, ImGui::CalcTextSize(headOf(c).c_str(), nullptr, false, wrap).y);
    headH += font * 0.4f;
    ImVec2 o = reserve(id, labelW + cell * float(n), cell * float(n) + headH);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec4 red(0.85f, 0.25f, 0.20f, 1), blue(0.20f, 0.40f, 0.85f, 1);
    int hr = -1, hc = -1, hoveredHead = -1;
    ImVec2 mouse = ImGui::GetIO().MousePos;
    const bool hovered = ImGui::IsItemHovered();
    for (size_t c = 0; c < n; ++c) {  // column heads, wrapped within their column
        const float x = o.x + labelW + cell * float(c);
        const std::string& head = headOf(c);
        const float w = ImGui::CalcTextSize(head.c_str(), nullptr, false, wrap).x;
        dl->AddText(ImGui::GetFont(), font, ImVec2(x + (cell - w) / 2, o.y), styleColor(ImGuiCol_TextDisabled), head.c_str(),
                    nullptr, wrap);
        if (hovered && mouse.x >= x && mouse.x < x + cell && mouse.y < o.y + headH) hoveredHead = int(c);
    }
    for (size_t r = 0; r < n; ++r) {
        float y = o.y + headH + cell * float(r);
        dl->AddText(ImVec2(o.x, y + (cell - font) / 2), styleColor(ImGuiCol_Text), labels[r].c_str());
        for (size_t c = 0; c < n; ++c) {
            float x = o.x + labelW + cell * float(c);
            double v = r < values.size() && c < values[r].size() ? values[r][c] : NAN;
            if (!std::isnan(v)) {
                dl->AddRectFilled(ImVec2(x + 1, y + 1), ImVec2(x + cell - 1, y + cell - 1), mix(v >= 0 ? red : blue, float(std::fabs(v))));
                std::string t = formatted("%.2f", v);
                ImVec2 ts = ImGui::CalcTextSize(t.c_str());
                dl->AddText(ImVec2(x + (cell - ts.x) / 2, y + (cell - ts.y) / 2), styleColor(ImGuiCol_Text), t.c_str());
            }
            if (hovered && mouse.x >= x && mouse.x < x + cell && mouse.y >= y && mouse.y < y + cell) hr = int(r), hc = int(c);
        }
    }
    if (hr >= 0) ImGui::SetTooltip("%s × %s: %.3f", labels[size_t(hr)].c_str(), labels[size_t(hc)].c_str(), values[size_t(hr)][size_t(hc)]);
    else if (hoveredHead >= 0) ImGui::SetTooltip("%s", labels[size_t(hoveredHead)].c_str());
}

}  // namespace crm::shell::charts

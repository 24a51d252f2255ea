// Charts drawn with ImDrawList (no ImPlot in Debian or npm): horizontal bars, a histogram, a line and a
// heat map, each with its numbers beside the marks or in a tooltip on hover, coloured from the current
// ImGui style so they read in the light and the dark theme. Pure drawing: callers pass finished numbers.
#pragma once
#include <string>
#include <vector>

namespace crm::shell::charts {

struct Bar {
    std::string label;
    double value = 0;
    std::string text;  // shown beside the bar (empty: the value with `format`)
};
// Horizontal bars from 0 (or from `lo` when negative values are expected) to `hi`; one row per bar.
void bars(const char* id, const std::vector<Bar>& items, double lo, double hi, const char* format = "%.2f");

// Vertical columns of counts, labels under them, each count above its column; `height` in font sizes.
void histogram(const char* id, const std::vector<std::string>& labels, const std::vector<size_t>& counts, float height = 7);

// A line through (label, value) points over lo..hi, each point's value on hover (and the last one drawn).
void line(const char* id, const std::vector<std::string>& labels, const std::vector<double>& values, double lo, double hi,
          float height = 8);

// A square matrix of values in −1..1 as coloured cells (red positive, blue negative) with the value in
// each cell; NaN cells are left blank. Rows are headed by `labels`; columns by `heads` (short names, e.g.
// "NPS"; empty: the labels), wrapped onto as many lines as they need, the full label on hover.
void heatMap(const char* id, const std::vector<std::string>& labels, const std::vector<std::vector<double>>& values,
             const std::vector<std::string>& heads = {});

}  // namespace crm::shell::charts

// Survey analysis benchmark (see survey_bench_api.h): core/app/demo_surveys.h's table, timed with the
// browser's clock (core has none).
#include "web/survey_bench_api.h"

#include "core/app/demo_surveys.h"

#include <algorithm>
#include <emscripten.h>

namespace crm::web {

core::Json surveyBench(const core::Json& arg) {
    const size_t answers = arg.is_object() ? arg.value("answers", size_t(100000)) : 100000;
    const size_t customers = arg.is_object() ? arg.value("customers", size_t(20000)) : 20000;
    double start = emscripten_get_now();
    core::DemoSurveyTable demo = core::demoSurveyTable(answers, customers, core::CivilDate{2026, 12, 1});
    const double generateMs = emscripten_get_now() - start;
    auto groupsOf = [&](const std::string& id) {
        size_t index = std::stoul(id.substr(id.rfind('-') + 1));
        return index < demo.groups.size() ? demo.groups[index] : core::CustomerGroups{};
    };
    core::AnalysisRequest request;  // everything: indicators, cross-tab by advisor, correlations, k-means k = 4
    request.k = 4;
    std::vector<double> full;
    core::SurveyAnalysis result;
    for (int run = 0; run < 3; ++run) {
        start = emscripten_get_now();
        result = core::analyzeSurveys(demo.table, request, groupsOf);
        full.push_back(emscripten_get_now() - start);
    }
    // The frame loop's way: one step a call, as App::refreshSurveys runs it.
    core::SurveyAnalysisRun stepped(demo.table, request, groupsOf);
    double steppedMs = 0, longestStepMs = 0;
    int steps = 0;
    for (bool done = false; !done; ++steps) {
        start = emscripten_get_now();
        done = stepped.step();
        double ms = emscripten_get_now() - start;
        steppedMs += ms;
        longestStepMs = std::max(longestStepMs, ms);
    }
    std::vector<double> sorted = full;
    std::sort(sorted.begin(), sorted.end());
    core::Json clusterSizes = core::Json::array();
    for (const core::Cluster& c : result.clusters) clusterSizes.push_back(c.size);
    return {{"answers", result.answers},       {"customers", result.customers}, {"generateMs", generateMs},
            {"fullMs", full},                  {"medianFullMs", sorted[1]},     {"steppedMs", steppedMs},
            {"steps", steps},                  {"longestStepMs", longestStepMs}, {"clusterSizes", clusterSizes},
            {"composite", result.composite},   {"pValue", result.crossTab.pValue}};
}

} // namespace crm::web

// Statistics oracle: one JSON data set a line in, our statistics of it out (one JSON line), for
// tests/interop/statistics_scipy.test.mjs, which compares them with SciPy's.
//
// Input line:  {"x": [..], "y": [..], "table": [[..], ..]}
// Output line: {"mean", "median", "sd" (of x), "spearman" (x, y), "chi2", "p", "cramersV" (of table)}
#include "core/domain/statistics.h"
#include "core/json.h"

#include <iostream>
#include <string>

using crm::core::Json;

int main() {
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.empty()) continue;
        Json in = Json::parse(line);
        auto x = in["x"].get<std::vector<double>>(), y = in["y"].get<std::vector<double>>();
        crm::core::Summary s = crm::core::summarize(x);
        crm::core::ChiSquare c = crm::core::chiSquareTest(in["table"].get<std::vector<std::vector<double>>>());
        Json out{{"mean", s.mean},  {"median", s.median}, {"sd", s.sd},          {"spearman", crm::core::spearman(x, y)},
                 {"chi2", c.chi2},  {"p", c.pValue},      {"cramersV", c.cramersV}};
        std::cout << out.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    }
}

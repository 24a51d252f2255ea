// The JSON type used everywhere in core/: nlohmann::json with ordered-free objects.
#pragma once
#include <nlohmann/json.hpp>

namespace crm::core {
using Json = nlohmann::json;
}

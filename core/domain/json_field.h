// Reads one settings field from JSON into a typed value, keeping the default when the field is missing or
// has the wrong type (settings documents come from sync and older versions).
#pragma once
#include "core/json.h"

#include <cmath>
#include <type_traits>

namespace crm::core {

template <typename T>
void readField(const Json& json, const char* key, T& out) {
    if (!json.is_object()) return;
    auto it = json.find(key);
    if (it == json.end()) return;
    if constexpr (std::is_same_v<T, bool>) {
        if (it->is_boolean()) out = it->template get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        if (it->is_number_integer() || it->is_number_unsigned()) out = it->template get<T>();
        else if (it->is_number_float()) out = static_cast<T>(std::llround(it->template get<double>()));
    } else {
        if (it->is_number()) out = it->template get<T>();
    }
}

} // namespace crm::core

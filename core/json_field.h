// The one JSON field helper of core/: a string field of a document, and a typed settings field read with
// its default kept when missing or of the wrong type (documents come from sync and older versions).
#pragma once
#include "core/json.h"

#include <cmath>
#include <string>
#include <type_traits>

namespace crm::core {

// A string field of a document, or "" when absent or not a string.
inline std::string stringField(const Json& doc, const char* key) {
    if (!doc.is_object()) return {};
    auto it = doc.find(key);
    if (it == doc.end() || !it->is_string()) return {};
    return it->get<std::string>();
}

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

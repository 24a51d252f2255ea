// JSON text parsed with a nesting limit (json_text.h).
#include "core/store/json_text.h"

namespace crm::core {

bool nestingWithin(std::string_view text, size_t limit) {
    size_t depth = 0;
    bool inString = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inString) {
            if (c == '\\') ++i;  // the escaped character cannot end the string
            else if (c == '"') inString = false;
        } else if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            if (++depth > limit) return false;
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return true;
}

Json parseJsonText(std::string_view text) {
    if (!nestingWithin(text)) return Json(Json::value_t::discarded);
    return Json::parse(text, nullptr, false);
}

Json parseJsonTextIsolatingDeep(std::string_view text, int unitLevel) {
    // A unit's levels are counted from itself: the `unitLevel` around it do not count.
    if (nestingWithin(text, kMaxJsonNesting + static_cast<size_t>(unitLevel))) return Json::parse(text, nullptr, false);
    // nlohmann's parser keeps its own nesting on the heap; a value the callback refuses is never built.
    const int limit = static_cast<int>(kMaxJsonNesting) + unitLevel;
    bool cut = false;           // a value too deep was dropped since the last unit ended
    bool cutElsewhere = false;  // ... outside any unit
    auto keep = [&](int depth, Json::parse_event_t event, Json& parsed) {
        using E = Json::parse_event_t;
        if (event == E::object_start || event == E::array_start) {
            if (depth < limit) return true;  // `depth` containers around this one
            cut = true;
            return false;
        }
        if ((event == E::object_end || event == E::array_end) && depth <= unitLevel && cut) {
            cut = false;
            if (event != E::object_end || depth != unitLevel) {
                cutElsewhere = true;
                return true;
            }
            Json marked = Json::object();
            for (auto& [key, value] : parsed.items()) {
                if (value.is_string()) marked[key] = std::move(value);
            }
            marked[kNestedTooDeepKey] = true;
            parsed = std::move(marked);
        }
        return true;
    };
    Json parsed = Json::parse(text, keep, false);
    if (cutElsewhere) return Json(Json::value_t::discarded);
    return parsed;
}

}  // namespace crm::core

// Standard base64 (RFC 4648, with padding) for attachment bodies and digests.
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace crm::core {

std::string base64Encode(std::string_view bytes);
// nullopt when the text is not valid base64 (whitespace is ignored).
std::optional<std::string> base64Decode(std::string_view text);

} // namespace crm::core

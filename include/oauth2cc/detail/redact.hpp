#pragma once

#include <cstddef>      // size_t
#include <string>       // string
#include <string_view>  // string_view

#include <oauth2cc/detail/form_encode.hpp>

namespace oauth2cc::detail {

inline void replace_all(std::string& text, std::string_view needle, std::string_view replacement) {
  if (needle.empty()) return;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + replacement.size())) {
    text.replace(at, needle.size(), replacement);
  }
}

// Removes a secret from server text, as sent (raw) and as it travelled
// (form-encoded): an IdP that echoes the request must not leak it.
inline void redact(std::string& text, std::string_view secret) {
  replace_all(text, secret, "[redacted]");
  replace_all(text, form_encode(secret), "[redacted]");
}

}  // namespace oauth2cc::detail

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

// Last line of defence for messages built from server text: an IdP that
// echoes the request (some do in error_description) must not leak the secret.
inline void redact(std::string& message, std::string_view secret) {
  replace_all(message, secret, "[redacted]");
  replace_all(message, form_encode(secret), "[redacted]");
}

}  // namespace oauth2cc::detail

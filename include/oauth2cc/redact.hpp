#pragma once

// Keeping secrets out of text that may be shown or logged: a message built
// from what a server answered, a line a tool prints.

#include <array>             // array
#include <cstddef>           // size_t
#include <initializer_list>  // initializer_list
#include <string>            // string
#include <string_view>       // string_view

#include <oauth2cc/detail/http/form_encode.hpp>

namespace oauth2cc {

namespace detail {

inline void replace_all(std::string& text, std::string_view needle, std::string_view replacement) {
  if (needle.empty()) return;
  for (std::size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + replacement.size())) {
    text.replace(at, needle.size(), replacement);
  }
}

}  // namespace detail

// Removes a secret from server text, as sent (raw) and as it travelled
// (form-encoded): an IdP that echoes the request must not leak it.
inline void redact(std::string& text, std::string_view secret) {
  detail::replace_all(text, secret, "[redacted]");
  detail::replace_all(text, detail::form_encode(secret), "[redacted]");
}

namespace detail {

// What one token request carried that no message may repeat: the client
// secret or assertion, and a grant's own credential (a subject token, an
// assertion grant). A single secret converts to it.
class SentSecrets {
 public:
  SentSecrets() = default;
  SentSecrets(std::string_view secret) noexcept { add(secret); }  // NOLINT: implicit, as one secret is the usual case
  SentSecrets(std::initializer_list<std::string_view> secrets) noexcept {
    for (const std::string_view secret : secrets) add(secret);
  }

  // Ignores an empty one; a request carries at most three, so four are kept.
  void add(std::string_view secret) noexcept {
    if (!secret.empty() && count_ < secrets_.size()) secrets_[count_++] = secret;
  }
  const std::string_view* begin() const noexcept { return secrets_.data(); }
  const std::string_view* end() const noexcept { return secrets_.data() + count_; }

 private:
  std::array<std::string_view, 4> secrets_{};
  std::size_t count_ = 0;
};

inline void redact(std::string& text, const SentSecrets& secrets) {
  for (const std::string_view secret : secrets) oauth2cc::redact(text, secret);
}

}  // namespace detail

}  // namespace oauth2cc

#pragma once

#include <cstddef>      // size_t
#include <string_view>  // string_view

#include <oauth2cc/detail/text/ascii.hpp>

namespace oauth2cc::detail {

// The `error` parameter of the `scheme` challenge in a WWW-Authenticate value
// (RFC 6750 §3, RFC 9449 §7.1), or empty. The value may list several
// challenges (`DPoP algs="ES256", Bearer error="invalid_token"`); parameters
// are `name=token` or `name="quoted"`. The view points into `header`, without
// the quotes (escapes are left as they are: error codes have none).
constexpr std::string_view challenge_error(std::string_view header, std::string_view scheme) noexcept {
  constexpr auto is_token_char = [](char c) {
    return is_ascii_letter(c) || is_ascii_digit(c) || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
  };
  std::size_t i = 0;
  const auto skip = [&](std::string_view chars) {
    while (i < header.size() && chars.find(header[i]) != std::string_view::npos) ++i;
  };
  bool in_scheme = false;
  while (i < header.size()) {
    skip(" \t,");
    const std::size_t start = i;
    while (i < header.size() && is_token_char(header[i])) ++i;
    const std::string_view name = header.substr(start, i - start);
    if (name.empty()) return {};  // not a token: give up rather than guess
    skip(" \t");
    if (i < header.size() && header[i] == '=') {
      ++i;
      skip(" \t");
      std::string_view value;
      if (i < header.size() && header[i] == '"') {
        const std::size_t open = ++i;
        while (i < header.size() && header[i] != '"') i += header[i] == '\\' ? std::size_t{2} : std::size_t{1};
        if (i >= header.size()) return {};  // unterminated
        value = header.substr(open, i - open);
        ++i;
      } else {
        const std::size_t open = i;
        while (i < header.size() && is_token_char(header[i])) ++i;
        value = header.substr(open, i - open);
      }
      if (in_scheme && iequals(name, "error")) return value;
    } else {
      in_scheme = iequals(name, scheme);  // a new challenge begins
    }
  }
  return {};
}

constexpr std::string_view bearer_error(std::string_view header) noexcept { return challenge_error(header, "Bearer"); }

}  // namespace oauth2cc::detail

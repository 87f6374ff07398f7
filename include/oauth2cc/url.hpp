#pragma once

// Url: the parts of an http(s) URL that a transport connects to, for
// oauth2cc's own transports and for anyone writing an HttpTransport.

#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view

#include <oauth2cc/detail/text/ascii.hpp>

namespace oauth2cc {

// The parts of an http(s) URL a transport needs to connect.
struct Url {
  bool https = false;
  std::string host;  // without brackets for IPv6 literals
  int port = 0;
  std::string target;  // path and query, at least "/"
};

// nullopt for anything but an absolute http:// or https:// URL with a host.
// URLs with user:password@ are refused: credentials belong in the settings.
inline std::optional<Url> parse_url(std::string_view text) {
  Url url;
  if (text.starts_with("https://")) {
    url.https = true;
    text.remove_prefix(8);
  } else if (text.starts_with("http://")) {
    text.remove_prefix(7);
  } else {
    return std::nullopt;
  }
  const std::size_t end = text.find_first_of("/?#");
  std::string_view authority = text.substr(0, end);
  std::string_view rest = end == std::string_view::npos ? std::string_view{} : text.substr(end);
  if (authority.empty() || authority.find('@') != std::string_view::npos) return std::nullopt;

  std::string_view port_text;
  if (authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    url.host = std::string(authority.substr(1, close - 1));
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') return std::nullopt;
      port_text = after.substr(1);
    }
  } else {
    const std::size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port_text = authority.substr(colon + 1);
  }
  if (url.host.empty()) return std::nullopt;

  url.port = url.https ? 443 : 80;
  if (!port_text.empty()) {
    // A digit loop rather than std::from_chars: <charconv> would add to the
    // parse of every translation unit that includes the core.
    int port = 0;
    for (const char c : port_text) {
      if (!detail::is_ascii_digit(c)) return std::nullopt;
      port = port * 10 + (c - '0');
      if (port > 65535) return std::nullopt;
    }
    if (port == 0) return std::nullopt;
    url.port = port;
  }

  const std::size_t fragment = rest.find('#');
  rest = rest.substr(0, fragment);
  url.target.assign(rest);
  if (url.target.empty() || url.target.front() == '?') url.target.insert(0, 1, '/');
  return url;
}

}  // namespace oauth2cc

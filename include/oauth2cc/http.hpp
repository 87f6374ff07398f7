#pragma once

#include <chrono>       // milliseconds
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // pair
#include <vector>       // vector

#include <oauth2cc/detail/text/ascii.hpp>

namespace oauth2cc {

// The deadline of a token request unless one is set: the one default that
// Config::timeout, ClientCredentialsSettings::timeout, HttpRequest::timeout
// and discover() share.
inline constexpr std::chrono::milliseconds default_request_timeout{10'000};

using Headers = std::vector<std::pair<std::string, std::string>>;

// The first value of a header, matched case-insensitively; empty if absent.
inline std::string_view find_header(const Headers& headers, std::string_view name) noexcept {
  for (const auto& [key, value] : headers) {
    if (detail::iequals(key, name)) return value;
  }
  return {};
}

// A POST of an application/x-www-form-urlencoded body: the only request a
// token source makes, and the only thing an HttpTransport has to do.
struct HttpRequest {
  std::string url;
  Headers headers;
  std::string body;  // already form-encoded
  std::chrono::milliseconds timeout = default_request_timeout;  // overall deadline for the exchange
};

struct HttpResponse {
  int status = 0;
  Headers headers;
  std::string body;

  std::string_view header(std::string_view name) const noexcept { return find_header(headers, name); }
};

}  // namespace oauth2cc

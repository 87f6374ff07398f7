#pragma once

#include <chrono>        // milliseconds, seconds, time_point_cast, floor
#include <concepts>      // same_as
#include <cstdint>       // int64_t
#include <optional>      // optional
#include <string_view>   // string_view
#include <system_error>  // error_code

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/detail/http/http_date.hpp>
#include <oauth2cc/detail/token/token_response.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>

namespace oauth2cc {

// The RFC 6749 §5.2 error a response body names ("invalid_client"), or empty.
template <class Json = nlohmann::json>
std::string oauth_error_name(const HttpResponse& response) {
  const Json body = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) return {};
  const auto error = body.find("error");
  return error != body.end() && error->is_string() ? error->template get<std::string>() : std::string();
}

// What an attempt failed with, for observers and policies: the Failure's code;
// for a response, the OAuth error its body names, else http_error.
template <class Json = nlohmann::json>
std::error_code cause_of(const Result<HttpResponse>& outcome) {
  if (!outcome) return outcome.error();
  const std::string name = oauth_error_name<Json>(*outcome);
  return make_error_code(name.empty() ? errc::http_error : detail::oauth_error_code(name));
}

// The pause a Retry-After value asks for (RFC 9110 §10.2.3): delay-seconds, or
// an HTTP-date relative to `now` (a date in the past means no pause). nullopt
// for anything else, so a garbled header falls back to the policy's own delay.
inline std::optional<std::chrono::milliseconds> parse_retry_after(std::string_view value, WallTime now) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (detail::is_ascii_digit(value.front())) {
    // Beyond ten digits (over 300 years) the exact number cannot matter: saturate.
    constexpr std::int64_t most = 9'999'999'999;
    std::int64_t seconds = 0;
    for (const char c : value) {
      if (!detail::is_ascii_digit(c)) return std::nullopt;
      seconds = seconds >= most / 10 ? most : seconds * 10 + (c - '0');
    }
    return std::chrono::seconds(seconds);
  }
  const auto date = detail::parse_http_date(value, now);
  if (!date) return std::nullopt;
  const auto wait = std::chrono::time_point_cast<std::chrono::milliseconds>(*date) -
                    std::chrono::floor<std::chrono::milliseconds>(now);
  return wait > std::chrono::milliseconds::zero() ? wait : std::chrono::milliseconds::zero();
}

// The Retry-After of a response, parsed as above.
inline std::optional<std::chrono::milliseconds> retry_after(const HttpResponse& response, WallTime now) {
  const std::string_view value = response.header("Retry-After");
  if (value.empty()) return std::nullopt;
  return parse_retry_after(value, now);
}

}  // namespace oauth2cc

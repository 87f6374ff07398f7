#pragma once

#include <chrono>       // system_clock, duration
#include <cmath>        // isfinite
#include <optional>     // optional
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/detail/token/json_depth.hpp>

namespace oauth2cc::detail {

// The claims of a compact JWS (header.payload.signature), unverified: the
// client only reads `exp` to learn the lifetime, it never trusts the token.
// nullopt when the text is not a JWT with a JSON object payload.
template <class Json = nlohmann::json>
std::optional<Json> jwt_claims(std::string_view token) {
  const std::size_t first = token.find('.');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) return std::nullopt;
  const auto payload = base64_decode(token.substr(first + 1, second - first - 1));
  if (!payload || json_nests_deeper_than(*payload, max_json_depth)) return std::nullopt;
  Json claims = Json::parse(*payload, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return std::nullopt;
  return claims;
}

// The `exp` claim (seconds since the epoch) of a JWT's claims, when it is a
// finite number.
template <class Json>
std::optional<double> jwt_expiry(const Json& claims) {
  const auto exp = claims.find("exp");
  if (exp == claims.end() || !exp->is_number()) return std::nullopt;
  const double seconds = exp->template get<double>();
  if (!std::isfinite(seconds)) return std::nullopt;
  return seconds;
}

// Seconds since the epoch of a wall time, as `exp` counts them.
inline double epoch_seconds(std::chrono::system_clock::time_point time) noexcept {
  return std::chrono::duration<double>(time.time_since_epoch()).count();
}

}  // namespace oauth2cc::detail

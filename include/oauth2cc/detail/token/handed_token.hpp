#pragma once

#include <algorithm>    // min
#include <chrono>       // duration, duration_cast, steady_clock
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/detail/token/jwt_claims.hpp>
#include <oauth2cc/detail/token/token_response.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc::detail {

// A Token for a value this process was handed rather than issued (a static
// token, a sidecar's token file): served until its JWT `exp` when it is a JWT
// with one, and never longer than `longest` from `at`, after which the source
// is asked again. `what` names the token in messages ("token_file /x"), `fix`
// says what to do about an expired one. The value is never in a message.
// A template only so that JSON is parsed in the translation units that use it.
template <class Json = nlohmann::json>
Result<Token> handed_token(std::string value, const Instant& at, std::chrono::steady_clock::duration longest,
                           std::string_view what, std::string_view fix) {
  Token token;
  const WipeOnExit wipe_unused{token.value};  // after a failure; a returned token has been moved out
  token.value = std::move(value);
  if (!is_b64token(token.value)) {
    return Failure{make_error_code(errc::invalid_token_characters),
                   std::string(what) +
                       " holds characters not allowed in an Authorization header (RFC 6750 b64token: letters, "
                       "digits, -._~+/ and trailing =); it must hold the access token alone"};
  }
  token.type = "Bearer";
  token.issued_at = at.steady;
  token.expires_at = at.steady + longest;
  if (const auto claims = jwt_claims<Json>(token.value)) {
    if (const auto exp = jwt_expiry(*claims)) {
      const double left = *exp - epoch_seconds(at.wall);
      if (left <= 0) {
        return Failure{make_error_code(errc::token_expired),
                       std::string(what) + " holds a JWT whose exp passed " +
                           std::to_string(static_cast<long long>(-left)) + " s ago; " + std::string(fix)};
      }
      const auto until_exp = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(std::min(left, static_cast<double>(max_token_lifetime.count()))));
      token.expires_at = at.steady + std::min(until_exp, longest);
    }
  }
  return token;
}

}  // namespace oauth2cc::detail

#pragma once

// A TokenSource for a token given once (from a setting, an environment
// variable, a test): for backends that accept a long-lived API token, so the
// exporter code stays the same whether the token is fixed or fetched.
//
//   Authenticator auth{StaticToken(std::getenv("API_TOKEN"))};

#include <chrono>   // hours, seconds
#include <string>   // string
#include <utility>  // move

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/detail/token/handed_token.hpp>
#include <oauth2cc/detail/token/token_response.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// Serves the same token on every fetch and sends no request. A JWT is served
// until its `exp` claim and then fails with token_expired, so an expired
// token is reported rather than sent; any other token is served for
// `reserve_interval` at a time (1 h by default). Fetching again costs
// nothing: the interval only decides how often the Authenticator re-reads
// this source, never whether the token is valid.
class StaticToken {
 public:
  // Throws oauth2cc::Error (invalid_configuration) for an empty token or one
  // with characters an Authorization header cannot carry.
  explicit StaticToken(Secret token, std::chrono::seconds reserve_interval = std::chrono::hours(1))
      : token_(std::move(token)), reserve_interval_(reserve_interval) {
    if (token_.empty()) {
      throw Error(errc::invalid_configuration,
                  "static token is empty (is the variable that should hold it set?)");
    }
    if (!detail::is_b64token(token_.reveal())) {
      throw Error(errc::invalid_configuration,
                  "static token holds characters not allowed in an Authorization header (RFC 6750 b64token); "
                  "give the access token alone, without \"Bearer \" or a line break");
    }
    if (reserve_interval_.count() <= 0) {
      throw Error(errc::invalid_configuration, "static token: reserve_interval must be positive");
    }
  }

  template <HttpTransport Transport>
  Result<Token> fetch(Transport& /*unused: no request is sent*/, const Instant& at) const {
    return detail::handed_token(std::string(token_.reveal()), at, reserve_interval_, "the static token",
                                "replace it with a current token");
  }

 private:
  Secret token_;
  std::chrono::seconds reserve_interval_;
};

static_assert(TokenSource<StaticToken, detail::ArchetypeTransport>);

}  // namespace oauth2cc

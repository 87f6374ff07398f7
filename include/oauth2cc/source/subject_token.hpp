#pragma once

// Where the token that a token exchange (RFC 8693) trades in comes from:
// asked once per token request, so a rotated token (a Kubernetes projected
// service-account token, another IdP's token) is used without a restart.
//
//   SubjectTokenFile("/var/run/secrets/tokens/sts-token")   // re-read per request
//   given_token(Secret(std::getenv("UPSTREAM_TOKEN")))       // the same token each time
//   [&upstream](WallTime) { return upstream.try_token() ...; }  // another Authenticator's

#include <functional>   // function
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/credential_file.hpp>
#include <oauth2cc/detail/token/jwt_claims.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/token_type.hpp>

namespace oauth2cc {

// The token to send now, or a Failure whose message names the problem and
// its fix and never contains the token. `now` is the request's wall time.
using TokenSupplier = std::function<Result<Secret>(WallTime now)>;

// The same token for every request.
inline TokenSupplier given_token(Secret token) {
  return [token = std::move(token)](WallTime) -> Result<Secret> { return token; };
}

// Reads the token from a file on every request (surrounding white space
// dropped). A JWT whose `exp` has passed is not sent: subject_token_expired.
class SubjectTokenFile {
 public:
  // `setting` names the file in messages: subject_token_file or actor_token_file.
  // Throws oauth2cc::Error (invalid_configuration) for an empty path.
  explicit SubjectTokenFile(std::string path, std::string setting = "subject_token_file")
      : path_(std::move(path)), setting_(std::move(setting)) {
    if (path_.empty()) throw Error(errc::invalid_configuration, setting_ + " is an empty path");
  }

  // A template only so that JSON is parsed in the translation units that call it.
  template <class Json = nlohmann::json>
  Result<Secret> operator()(WallTime now) const {
    Result<Secret> token = read_token_file(path_, setting_, writer);
    if (!token) return token;
    if (const auto claims = detail::jwt_claims<Json>(token->reveal())) {
      if (const auto exp = detail::jwt_expiry(*claims); exp && *exp <= detail::epoch_seconds(now)) {
        return Failure{make_error_code(errc::subject_token_expired),
                       setting_ + " " + path_ + " holds a token that expired " +
                           std::to_string(static_cast<long long>(detail::epoch_seconds(now) - *exp)) + " s ago; " +
                           std::string(writer) +
                           " should replace it before it expires: check that it still runs and that this "
                           "machine's clock is right"};
      }
    }
    return token;
  }

  const std::string& path() const noexcept { return path_; }

 private:
  static constexpr std::string_view writer = "the kubelet, sidecar or job that writes the token";

  std::string path_;
  std::string setting_;
};

}  // namespace oauth2cc

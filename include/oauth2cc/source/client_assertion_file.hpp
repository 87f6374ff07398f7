#pragma once

// Workload identity: the client assertion is not signed here but read from a
// file that another program keeps current, as Azure and GCP workload identity
// do with a Kubernetes projected service-account token (the kubelet rewrites
// it before it expires). It is sent as a private_key_jwt client assertion
// (RFC 7523 §2.2); the IdP trusts the assertion's issuer, not a key of ours.
//
//   ClientCredentialsSettings settings;
//   settings.token_url = url;
//   settings.client_id = "my-app";
//   settings.auth_method = AuthMethod::private_key_jwt;
//   settings.assertion_signer = ClientAssertionFile("/var/run/secrets/tokens/azure-identity-token");
//   ClientCredentials source(std::move(settings));

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include <oauth2cc/credential_file.hpp>
#include <oauth2cc/detail/token/jwt_claims.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>

namespace oauth2cc {

// An AssertionSigner that reads the assertion from `path` on every call, so a
// rotated token is used by the next request without a restart. It checks
// only what it can check without trusting the token: that the file holds a
// JWT and that its `exp` has not passed; the IdP verifies the rest.
class ClientAssertionFile {
 public:
  // Throws oauth2cc::Error (invalid_configuration) for an empty path.
  explicit ClientAssertionFile(std::string path) : path_(std::move(path)) {
    if (path_.empty()) throw Error(errc::invalid_configuration, "client_assertion_file is an empty path");
  }

  // The assertion to send now, or why there is none: credential_file_unusable
  // (missing, unreadable or empty file), client_assertion_malformed (no JWT),
  // client_assertion_expired (its `exp` is not after request.now).
  // A template only so that JSON is parsed in the translation units that call it.
  template <class Json = nlohmann::json>
  Result<Secret> operator()(const AssertionRequest& request) const {
    Result<Secret> assertion = read_token_file(path_, "client_assertion_file", writer);
    if (!assertion) return assertion;
    const auto claims = detail::jwt_claims<Json>(assertion->reveal());
    if (!claims) {
      return Failure{make_error_code(errc::client_assertion_malformed),
                     "client_assertion_file " + path_ +
                         " does not hold a JWT (header.payload.signature, base64url, with a JSON payload); point it "
                         "at the projected service-account token file, not at its directory or a secret of another "
                         "kind"};
    }
    if (const auto exp = detail::jwt_expiry(*claims); exp && *exp <= detail::epoch_seconds(request.now)) {
      return Failure{make_error_code(errc::client_assertion_expired),
                     "client_assertion_file " + path_ + " holds an assertion that expired " +
                         std::to_string(static_cast<long long>(detail::epoch_seconds(request.now) - *exp)) +
                         " s ago; " + std::string(writer) +
                         " should replace it before it expires: check that it still runs (kubelet, sidecar) and "
                         "that this machine's clock is right"};
    }
    return assertion;
  }

  const std::string& path() const noexcept { return path_; }

 private:
  static constexpr std::string_view writer = "the kubelet or sidecar that projects the token";

  std::string path_;
};

}  // namespace oauth2cc

#pragma once

// client_secret_jwt (RFC 7523 §2.2, OIDC Core §9): the client signs a short
// assertion with HMAC over its client secret, so the secret itself never
// travels. Needs OpenSSL (libcrypto): link oauth2cc::httplib, or
// OpenSSL::Crypto yourself.
//
//   ClientCredentials source(token_url, "my-service", secret);
//   source.client_assertion(AuthMethod::client_secret_jwt, ClientSecretJwt(JwsAlgorithm::hs256));

#include <chrono>       // seconds
#include <string>       // string
#include <string_view>  // string_view

#include <oauth2cc/error.hpp>
#include <oauth2cc/jwt/openssl_jws.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>

namespace oauth2cc {

// An AssertionSigner for client_secret_jwt: HS256 or HS512 keyed with the
// client secret ClientCredentials passes in (client_secret or
// client_secret_file, read per request), a fresh random `jti` and a
// 60-second lifetime.
class ClientSecretJwt {
 public:
  explicit ClientSecretJwt(JwsAlgorithm algorithm = JwsAlgorithm::hs256) : algorithm_(algorithm) {
    if (!is_hmac(algorithm)) {
      throw Error(errc::invalid_configuration, "client_secret_jwt: " + std::string(to_string(algorithm)) +
                                                   " signs with a private key; use HS256 or HS512 "
                                                   "(or auth_method private_key_jwt)");
    }
  }

  // How long an assertion is valid (`exp` - `iat`): short, as it is used once.
  ClientSecretJwt& lifetime(std::chrono::seconds lifetime) {
    if (lifetime.count() <= 0) throw Error(errc::invalid_configuration, "client_secret_jwt: lifetime must be positive");
    lifetime_ = lifetime;
    return *this;
  }

  JwsAlgorithm algorithm() const noexcept { return algorithm_; }

  Result<Secret> operator()(const AssertionRequest& request) const {
    if (request.client_secret.empty()) {
      return Failure{make_error_code(errc::invalid_configuration),
                     "client_secret_jwt: the client secret is empty; set client_secret or client_secret_file"};
    }
    return detail::build_assertion(request, algorithm_, {}, lifetime_, [&](std::string_view input) {
      return detail::sign_with_secret(request.client_secret, algorithm_, input);
    });
  }

 private:
  JwsAlgorithm algorithm_;
  std::chrono::seconds lifetime_{60};
};

}  // namespace oauth2cc

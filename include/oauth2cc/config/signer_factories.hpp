#pragma once

// From a Config to the signers it describes: the client assertion
// (private_key_jwt, client_secret_jwt), the jwt-bearer grant's assertion and
// the DPoP key. Needs OpenSSL (libcrypto), not cpp-httplib.

#include <oauth2cc/config/types.hpp>
#include <oauth2cc/jwt/client_secret_jwt.hpp>
#include <oauth2cc/jwt/dpop_key.hpp>
#include <oauth2cc/jwt/private_key_jwt.hpp>
#include <oauth2cc/source/client_assertion.hpp>
#include <oauth2cc/source/client_assertion_file.hpp>

namespace oauth2cc {

// The signer of private_key_jwt (private_key_file, key_id, signing_algorithm;
// or client_assertion_file, read instead of signed) or client_secret_jwt
// (signing_algorithm); none for the other methods.
inline AssertionSigner assertion_signer(const Config& config) {
  switch (config.auth_method) {
    case AuthMethod::private_key_jwt:
      if (!config.client_assertion_file.empty()) return ClientAssertionFile(config.client_assertion_file);
      return PrivateKeyJwt::from_file(config.private_key_file, config.signing_algorithm.value_or(JwsAlgorithm::rs256))
          .key_id(config.key_id);
    case AuthMethod::client_secret_jwt:
      return ClientSecretJwt(config.signing_algorithm.value_or(JwsAlgorithm::hs256));
    case AuthMethod::client_secret_basic:
    case AuthMethod::client_secret_post:
    case AuthMethod::tls_client_auth:
    case AuthMethod::self_signed_tls_client_auth:
    case AuthMethod::none: break;
  }
  return {};
}

// grant_type jwt-bearer: the signer of the grant's assertion, with the key
// of config.jwt_bearer (client_certificate_key_file, re-read when it changes,
// or client_certificate_key), its kid and algorithm.
inline AssertionSigner jwt_bearer_signer(const Config& config) {
  const JwtBearerConfig& bearer = config.jwt_bearer;
  if (!bearer.key_file.empty()) return PrivateKeyJwt::from_file(bearer.key_file, bearer.algorithm).key_id(bearer.key_id);
  return PrivateKeyJwt::from_pem(bearer.key, bearer.algorithm).key_id(bearer.key_id);
}

// The DPoP key of config.dpop: read from key_file, or made in memory.
inline DpopKey dpop_key(const DpopConfig& config) {
  return config.key_file.empty() ? DpopKey::generate(config.algorithm)
                                 : DpopKey::from_file(config.key_file, config.algorithm);
}

}  // namespace oauth2cc

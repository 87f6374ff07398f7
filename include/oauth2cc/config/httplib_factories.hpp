#pragma once

// From a Config to the parts that need cpp-httplib or OpenSSL: the
// transport's settings, the assertion signers, the DPoP key, and the DPoP
// authenticator (make_dpop_authenticator). make_authenticator itself:
// <oauth2cc/authenticator_from_config.hpp>.

#include <memory>   // make_shared
#include <string>   // string
#include <utility>  // move

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/config/factories.hpp>
#include <oauth2cc/config/grant_config.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/jwt/client_secret_jwt.hpp>
#include <oauth2cc/transport/dpop.hpp>
#include <oauth2cc/jwt/dpop_key.hpp>
#include <oauth2cc/jwt/private_key_jwt.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/source/client_assertion_file.hpp>
#include <oauth2cc/transport/httplib.hpp>

namespace oauth2cc {

// The transport settings of a Config: its tls block.
inline HttplibTransportSettings transport_settings(const Config& config) {
  HttplibTransportSettings settings;
  settings.tls = config.tls;
  return settings;
}

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

// What make_dpop_authenticator builds on: each token request, retries
// included, carries a fresh DPoP proof.
using ConfiguredDpopAuthenticator =
    Authenticator<ClientCredentials, RefreshAhead, RetryingTransport<DpopTransport<HttplibTransport>>>;

// make_authenticator for config.dpop (which need not say enabled: this call
// is the request for DPoP): headers(method, url) gives each resource request
// its Authorization and DPoP headers. Throws oauth2cc::Error
// (invalid_configuration), e.g. for an unusable dpop.key_file.
inline DpopAuthenticator<ConfiguredDpopAuthenticator> make_dpop_authenticator(const Config& config) {
  if (config.grant != GrantKind::client_credentials) {
    throw Error(errc::invalid_configuration, "dpop with grant_type " + std::string(grant_type_name(config.grant)) +
                                                 ": DPoP is configured for the client_credentials grant only");
  }
  if (uses_discovery(config)) {
    throw Error(errc::invalid_configuration,
                "dpop with issuer: DPoP-bound tokens need the token endpoint up front; set token_url instead of "
                "issuer");
  }
  auto dpop = std::make_shared<Dpop>(dpop_key(config.dpop));
  auto auth = std::make_shared<ConfiguredDpopAuthenticator>(
      client_credentials(config, assertion_signer(config)), RefreshAhead().with_buffer(config.expiry_buffer),
      RetryingTransport<DpopTransport<HttplibTransport>>(
          DpopTransport<HttplibTransport>(dpop, HttplibTransport(transport_settings(config))), retry_policy(config)));
  return DpopAuthenticator<ConfiguredDpopAuthenticator>(std::move(auth), std::move(dpop));
}

}  // namespace oauth2cc

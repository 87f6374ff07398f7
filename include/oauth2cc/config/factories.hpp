#pragma once

// From a Config to the parts it describes: the token sources (client
// credentials, discovery, jwt-bearer, token exchange), the file cache's
// settings and the retry policy. The parts that need httplib or OpenSSL
// (transport settings, signers, DPoP): <oauth2cc/config/httplib_factories.hpp>.

#include <utility>  // move

#include <nlohmann/json.hpp>

#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/retry/exponential_backoff.hpp>
#include <oauth2cc/source/client_assertion.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/source/discovered_client_credentials.hpp>
#include <oauth2cc/source/jwt_bearer.hpp>
#include <oauth2cc/source/subject_token.hpp>
#include <oauth2cc/source/token_exchange.hpp>

namespace oauth2cc {

namespace detail {

// What client_credentials and discovered_client_credentials have in common.
inline ClientCredentialsSettings client_credentials_settings(const Config& config, AssertionSigner signer) {
  ClientCredentialsSettings settings;
  settings.token_url = config.token_url;
  settings.client_id = config.client_id;
  settings.client_id_file = config.client_id_file;
  settings.client_secret = config.client_secret;
  settings.client_secret_file = config.client_secret_file;
  settings.scopes = config.scopes;
  settings.endpoint_params = config.endpoint_params;
  settings.auth_method = config.auth_method;
  settings.assertion_signer = std::move(signer);
  if (!config.client_assertion_file.empty() && !settings.assertion_signer) {
    settings.assertion_signer = ClientAssertionFile(config.client_assertion_file);
  }
  settings.assertion_audience = config.assertion_audience;
  settings.timeout = config.timeout;
  return settings;
}

}  // namespace detail

// The token source a Config describes, client_id_file and client_secret_file
// honoured (read afresh for every token request). Throws oauth2cc::Error
// (invalid_configuration) for a Config that did not come from config_from_json
// and lacks what ClientCredentials needs. private_key_jwt and client_secret_jwt
// need `signer`: assertion_signer(config) in <oauth2cc/authenticator_from_config.hpp>
// builds it with OpenSSL; with client_assertion_file, private_key_jwt needs
// none (ClientAssertionFile reads the assertion). A Config with token or
// token_file has no client credentials: see token_source. A Config with
// issuer has no token_url: see discovered_client_credentials.
inline ClientCredentials client_credentials(const Config& config, AssertionSigner signer = {}) {
  return ClientCredentials(detail::client_credentials_settings(config, std::move(signer)));
}

// With issuer: the same source, its token endpoint and auth method found by
// OIDC discovery at the first fetch (the methods of
// discovery_auth_methods(config)), with the same credentials and signer.
// Throws as client_credentials does.
inline DiscoveredClientCredentials discovered_client_credentials(const Config& config, AssertionSigner signer = {}) {
  DiscoveredClientCredentialsSettings settings;
  settings.issuer = config.issuer;
  settings.client = detail::client_credentials_settings(config, std::move(signer));
  settings.client.token_url.clear();
  settings.auth_methods = discovery_auth_methods(config);
  return DiscoveredClientCredentials(std::move(settings));
}

// grant_type jwt-bearer: the settings of the JwtBearer source, whose
// `assertion` signs with the key of config.jwt_bearer (PrivateKeyJwt, from
// <oauth2cc/jwt/private_key_jwt.hpp>: jwt_bearer_signer(config) in
// <oauth2cc/authenticator_from_config.hpp> builds it) and whose client
// authenticates with `client_signer` when auth_method needs one.
inline JwtBearerSettings jwt_bearer_settings(const Config& config, AssertionSigner assertion,
                                             AssertionSigner client_signer = {}) {
  JwtBearerSettings settings;
  settings.client = detail::client_credentials_settings(config, std::move(client_signer));
  settings.assertion = std::move(assertion);
  settings.issuer = config.jwt_bearer.issuer;
  settings.subject = config.jwt_bearer.subject;
  settings.assertion_audience = config.jwt_bearer.audience;
  if (!config.jwt_bearer.claims.empty()) {
    settings.claims = nlohmann::json::parse(config.jwt_bearer.claims, nullptr, /*allow_exceptions=*/false);
    if (!settings.claims.is_object()) {
      throw Error(errc::invalid_configuration,
                  "jwt_bearer.claims must be the text of a JSON object, e.g. {\"scope\": \"api:read\"}");
    }
  }
  return settings;
}

// grant_type token-exchange: the TokenExchange source, its subject (and
// actor) token read from the file at every request or given inline. Throws
// oauth2cc::Error (invalid_configuration) as TokenExchange does.
inline TokenExchange token_exchange(const Config& config, AssertionSigner client_signer = {}) {
  const TokenExchangeConfig& exchange = config.token_exchange;
  TokenExchangeSettings settings;
  settings.client = detail::client_credentials_settings(config, std::move(client_signer));
  settings.client.audience = exchange.audience;
  settings.subject_token = exchange.subject_token_file.empty()
                               ? given_token(exchange.subject_token)
                               : TokenSupplier(SubjectTokenFile(exchange.subject_token_file));
  if (!exchange.actor_token_file.empty()) {
    settings.actor_token = SubjectTokenFile(exchange.actor_token_file, "actor_token_file");
  } else if (!exchange.actor_token.empty()) {
    settings.actor_token = given_token(exchange.actor_token);
  }
  settings.subject_token_type = exchange.subject_token_type;
  settings.actor_token_type = exchange.actor_token_type;
  settings.requested_token_type = exchange.requested_token_type;
  return TokenExchange(std::move(settings));
}

// The retry policy Config::retry describes. Throws oauth2cc::Error
// (invalid_configuration) for a Config that did not come from
// config_from_json and has impossible retry settings.
inline ExponentialBackoff retry_policy(const Config& config) { return ExponentialBackoff(config.retry); }

// The cache policy of a Config's authenticator: RefreshAhead, never later
// than expiry_buffer before expiry.
inline RefreshAhead cache_policy(const Config& config) { return RefreshAhead().buffer(config.expiry_buffer); }

}  // namespace oauth2cc

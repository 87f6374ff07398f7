#pragma once

// From a Config (the collector's oauth2client keys) to a ready authenticator
// on the cpp-httplib transport, in one call:
//
//   auto config = oauth2cc::load_config_file("collector.yaml", "mlflow").value();
//   oauth2cc::AnyAuthenticator auth = oauth2cc::make_authenticator(config);
//   request.headers.emplace("Authorization", auth.header());

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/config.hpp>
#include <oauth2cc/jwt/client_secret_jwt.hpp>
#include <oauth2cc/jwt/private_key_jwt.hpp>
#include <oauth2cc/retrying_transport.hpp>
#include <oauth2cc/source/client_assertion_file.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/source/static_token.hpp>
#include <oauth2cc/source/token_file.hpp>
#include <oauth2cc/transport/httplib.hpp>

namespace oauth2cc {

// The transport settings of Config::tls. tls.insecure has nothing to set: as
// in the collector it does not turn off verification of an https:// token_url.
inline HttplibTransportSettings transport_settings(const Config& config) {
  HttplibTransportSettings settings;
  settings.tls.ca_file = config.tls.ca_file;
  settings.tls.cert_file = config.tls.cert_file;
  settings.tls.key_file = config.tls.key_file;
  settings.tls.insecure_skip_verify = config.tls.insecure_skip_verify;
  settings.tls.server_name_override = config.tls.server_name_override;
  const std::string& version = config.tls.min_version;
  settings.tls.min_version = version == "1.0"   ? TlsVersion::tls1_0
                             : version == "1.1" ? TlsVersion::tls1_1
                             : version == "1.3" ? TlsVersion::tls1_3
                                                : TlsVersion::tls1_2;  // "1.2" and the default
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
    case AuthMethod::self_signed_tls_client_auth: break;
  }
  return {};
}

// With token or token_file: StaticToken or TokenFile + RefreshAhead, and no
// token request (the transport is never used).
inline AnyAuthenticator make_token_source_authenticator(const Config& config) {
  const RefreshAhead cache = RefreshAhead().with_buffer(config.expiry_buffer);
  if (!config.token.empty()) {
    return AnyAuthenticator::make<Authenticator<StaticToken, RefreshAhead, HttplibTransport>>(StaticToken(config.token),
                                                                                              cache);
  }
  const auto recheck = std::chrono::duration_cast<std::chrono::seconds>(config.token_file_recheck_interval);
  return AnyAuthenticator::make<Authenticator<TokenFile, RefreshAhead, HttplibTransport>>(
      TokenFile(config.token_file, recheck), cache);
}

// ClientCredentials + RefreshAhead (80% of the lifetime, 10% jitter, never
// later than config.expiry_buffer before expiry) + HttplibTransport retrying
// as config.retry says, behind AnyAuthenticator. Throws oauth2cc::Error
// (invalid_configuration) for a Config that lacks what ClientCredentials needs.
//
// With token or token_file, the authenticator presents that token instead
// (make_token_source_authenticator).
inline AnyAuthenticator make_authenticator(const Config& config) {
  if (uses_token_source(config)) return make_token_source_authenticator(config);
  using Auth = Authenticator<ClientCredentials, RefreshAhead, RetryingTransport<HttplibTransport>>;
  return AnyAuthenticator::make<Auth>(client_credentials(config, assertion_signer(config)), RefreshAhead().with_buffer(config.expiry_buffer),
                                      RetryingTransport<HttplibTransport>(HttplibTransport(transport_settings(config)),
                                                                          retry_policy(config)));
}

}  // namespace oauth2cc

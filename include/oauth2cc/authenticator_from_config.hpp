#pragma once

// From a Config (the collector's oauth2client keys) to a ready authenticator
// on the cpp-httplib transport, in one call:
//
//   auto config = oauth2cc::load_config_file("collector.yaml", "mlflow").value();
//   oauth2cc::AnyAuthenticator auth = oauth2cc::make_authenticator(config);
//   request.headers.emplace("Authorization", auth.header());
//
// This header declares; the definitions (httplib, OpenSSL, JSON) are in
// authenticator_from_config-inl.hpp, included below when header-only and
// compiled once into the oauth2cc::compiled library otherwise. DPoP from a
// Config: make_dpop_authenticator in <oauth2cc/config/httplib_factories.hpp>.

#include <memory>  // shared_ptr

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/detail/linkage.hpp>
#include <oauth2cc/observer.hpp>

namespace oauth2cc {

// With token or token_file: StaticToken or TokenFile + RefreshAhead, and no
// token request (the transport is never used).
OAUTH2CC_API AnyAuthenticator make_token_source_authenticator(const Config& config,
                                                             std::shared_ptr<Observer> observer = {});

// ClientCredentials + RefreshAhead (80% of the lifetime, 10% jitter, never
// later than config.expiry_buffer before expiry) + HttplibTransport retrying
// as config.retry says, behind AnyAuthenticator; with a cache, the
// source is FileCached so the token outlives the process. `observer`, if
// given, receives the Authenticator's events, cache problems included.
// Throws oauth2cc::Error (invalid_configuration) for a Config that lacks what
// ClientCredentials needs. With token or token_file, the authenticator
// presents that token instead (make_token_source_authenticator). With issuer,
// the source is DiscoveredClientCredentials: nothing is sent here, the first
// token request discovers the token endpoint (retried at later requests
// until it succeeds), and the cache file is keyed by the issuer. With
// grant_type jwt-bearer or token-exchange, the source is JwtBearer or
// TokenExchange (<oauth2cc/config/grant_config.hpp> has their keys).
OAUTH2CC_API AnyAuthenticator make_authenticator(const Config& config, std::shared_ptr<Observer> observer = {});

}  // namespace oauth2cc

#if !defined(OAUTH2CC_COMPILED_LIB)
#include <oauth2cc/authenticator_from_config-inl.hpp>
#endif

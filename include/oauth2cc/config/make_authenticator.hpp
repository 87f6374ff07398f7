#pragma once

// make_authenticator over any HttpTransport: what a Config describes, put
// together on the transport you give (MockTransport in tests, your own HTTP
// client). On cpp-httplib, make_authenticator(config) in
// <oauth2cc/authenticator_from_config.hpp> calls this with HttplibTransport.
// Needs OpenSSL (the signers), not cpp-httplib.

#include <chrono>   // seconds, duration_cast
#include <memory>   // shared_ptr, make_shared
#include <utility>  // move

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/config/factories.hpp>
#include <oauth2cc/config/signer_factories.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/file_cache/file_cached.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/source/jwt_bearer.hpp>
#include <oauth2cc/source/static_token.hpp>
#include <oauth2cc/source/token_exchange.hpp>
#include <oauth2cc/source/token_file.hpp>
#include <oauth2cc/transport/retrying.hpp>

namespace oauth2cc {

namespace detail {

// The one place an Authenticator gets its observer and goes behind AnyAuthenticator.
template <class Auth>
AnyAuthenticator observed(std::shared_ptr<Auth> auth, std::shared_ptr<Observer> observer) {
  if (observer) auth->set_observer(std::move(observer));
  return AnyAuthenticator(std::move(auth));
}

template <class Source, class Transport>
AnyAuthenticator make_authenticator_with(Source source, const Config& config, Transport transport,
                                         std::shared_ptr<Observer> observer) {
  using Auth = Authenticator<Source, RefreshAhead, RetryingTransport<Transport>>;
  return observed(std::make_shared<Auth>(std::move(source), cache_policy(config),
                                        RetryingTransport<Transport>(std::move(transport), retry_policy(config))),
                  std::move(observer));
}

// The source as it is, or behind FileCached when the Config has a cache.
template <class Source, class Transport>
AnyAuthenticator make_authenticator_cached_if_asked(Source source, const Config& config, Transport transport,
                                                    std::shared_ptr<Observer> observer) {
  if (config.cache) {
    return make_authenticator_with(FileCached<Source>(std::move(source), *config.cache), config, std::move(transport),
                                   std::move(observer));
  }
  return make_authenticator_with(std::move(source), config, std::move(transport), std::move(observer));
}

// With token or token_file: StaticToken or TokenFile, and no token request.
template <class Transport>
AnyAuthenticator make_token_source_authenticator(const Config& config, Transport transport,
                                                 std::shared_ptr<Observer> observer) {
  const RefreshAhead cache = cache_policy(config);
  if (!config.token.empty()) {
    return observed(std::make_shared<Authenticator<StaticToken, RefreshAhead, Transport>>(
                        StaticToken(config.token), cache, std::move(transport)),
                    std::move(observer));
  }
  const auto recheck = std::chrono::duration_cast<std::chrono::seconds>(config.token_file_recheck_interval);
  return observed(std::make_shared<Authenticator<TokenFile, RefreshAhead, Transport>>(
                      TokenFile(config.token_file, recheck), cache, std::move(transport)),
                  std::move(observer));
}

}  // namespace detail

// The authenticator a Config describes, on `transport`, behind AnyAuthenticator:
// - token or token_file: StaticToken or TokenFile (nothing is requested);
// - grant_type jwt-bearer or token-exchange: JwtBearer or TokenExchange
//   (<oauth2cc/config/grant_config.hpp> has their keys);
// - issuer: DiscoveredClientCredentials: nothing is sent here, the first token
//   request discovers the token endpoint (retried at later requests until it
//   succeeds), so the transport must also GET (HttpGetTransport);
// - otherwise ClientCredentials.
// Client credentials, discovered or not, are FileCached when Config::cache is
// set, so the token outlives the process. The cache is RefreshAhead (80% of
// the lifetime, 10% jitter, never later than expiry_buffer before expiry);
// the transport is wrapped in a RetryingTransport as Config::retry says.
// `observer`, if given, receives the Authenticator's events, cache problems
// included. Throws oauth2cc::Error (invalid_configuration) for a Config that
// lacks what its source needs, and for dpop.enabled (DPoP needs a proof per
// request: make_dpop_authenticator in <oauth2cc/config/httplib_factories.hpp>).
template <HttpTransport Transport>
AnyAuthenticator make_authenticator(const Config& config, Transport transport,
                                    std::shared_ptr<Observer> observer = {}) {
  if (config.dpop.enabled) {
    throw Error(errc::invalid_configuration,
                "dpop.enabled: a DPoP token needs a fresh proof per request, which header() cannot give; "
                "use make_dpop_authenticator(config) and its headers(method, url)");
  }
  if (uses_token_source(config)) {
    return detail::make_token_source_authenticator(config, std::move(transport), std::move(observer));
  }
  switch (config.grant) {
    case GrantKind::jwt_bearer:
      return detail::make_authenticator_with(
          JwtBearer(jwt_bearer_settings(config, jwt_bearer_signer(config), assertion_signer(config))), config,
          std::move(transport), std::move(observer));
    case GrantKind::token_exchange:
      return detail::make_authenticator_with(token_exchange(config, assertion_signer(config)), config,
                                             std::move(transport), std::move(observer));
    case GrantKind::client_credentials: break;
  }
  if (uses_discovery(config)) {
    if constexpr (HttpGetTransport<Transport>) {
      return detail::make_authenticator_cached_if_asked(discovered_client_credentials(config, assertion_signer(config)),
                                                        config, std::move(transport), std::move(observer));
    } else {
      throw Error(errc::invalid_configuration,
                  "issuer: OIDC discovery GETs the issuer's metadata, and this transport has no get(); set "
                  "token_url instead of issuer, or give the transport a get(request)");
    }
  }
  return detail::make_authenticator_cached_if_asked(client_credentials(config, assertion_signer(config)), config,
                                                    std::move(transport), std::move(observer));
}

}  // namespace oauth2cc

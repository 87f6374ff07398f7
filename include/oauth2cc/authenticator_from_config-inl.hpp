#pragma once

// The definitions behind <oauth2cc/authenticator_from_config.hpp>: inline
// when header-only, compiled once into the oauth2cc::compiled library
// otherwise.

#include <chrono>   // seconds, duration_cast
#include <memory>   // shared_ptr, make_shared
#include <string>   // string
#include <utility>  // move

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/file_cache/file_cached.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/config/factories.hpp>
#include <oauth2cc/config/httplib_factories.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/source/jwt_bearer.hpp>
#include <oauth2cc/source/static_token.hpp>
#include <oauth2cc/source/token_exchange.hpp>
#include <oauth2cc/source/token_file.hpp>
#include <oauth2cc/transport/httplib.hpp>

namespace oauth2cc {

namespace detail {

template <class Source>
AnyAuthenticator make_authenticator_with(Source source, const Config& config, std::shared_ptr<Observer> observer) {
  using Auth = Authenticator<Source, RefreshAhead, RetryingTransport<HttplibTransport>>;
  auto auth = std::make_shared<Auth>(
      std::move(source), RefreshAhead().with_buffer(config.expiry_buffer),
      RetryingTransport<HttplibTransport>(HttplibTransport(transport_settings(config)), retry_policy(config)));
  if (observer) auth->set_observer(std::move(observer));
  return AnyAuthenticator(std::move(auth));
}

// The source as it is, or behind FileCached when the Config has a cache.
template <class Source>
AnyAuthenticator make_authenticator_cached_if_asked(Source source, const Config& config,
                                                    std::shared_ptr<Observer> observer) {
  if (config.cache) {
    return make_authenticator_with(FileCached<Source>(std::move(source), *config.cache), config,
                                   std::move(observer));
  }
  return make_authenticator_with(std::move(source), config, std::move(observer));
}

}  // namespace detail

OAUTH2CC_API AnyAuthenticator make_token_source_authenticator(const Config& config, std::shared_ptr<Observer> observer) {
  const RefreshAhead cache = RefreshAhead().with_buffer(config.expiry_buffer);
  if (!config.token.empty()) {
    auto auth = std::make_shared<Authenticator<StaticToken, RefreshAhead, HttplibTransport>>(StaticToken(config.token),
                                                                                            cache);
    if (observer) auth->set_observer(std::move(observer));
    return AnyAuthenticator(std::move(auth));
  }
  const auto recheck = std::chrono::duration_cast<std::chrono::seconds>(config.token_file_recheck_interval);
  auto auth = std::make_shared<Authenticator<TokenFile, RefreshAhead, HttplibTransport>>(
      TokenFile(config.token_file, recheck), cache);
  if (observer) auth->set_observer(std::move(observer));
  return AnyAuthenticator(std::move(auth));
}

OAUTH2CC_API AnyAuthenticator make_authenticator(const Config& config, std::shared_ptr<Observer> observer) {
  if (config.dpop.enabled) {
    throw Error(errc::invalid_configuration,
                "dpop.enabled: a DPoP token needs a fresh proof per request, which header() cannot give; "
                "use make_dpop_authenticator(config) and its headers(method, url)");
  }
  if (uses_token_source(config)) return make_token_source_authenticator(config, std::move(observer));
  switch (config.grant) {
    case GrantKind::jwt_bearer:
      return detail::make_authenticator_with(
          JwtBearer(jwt_bearer_settings(config, jwt_bearer_signer(config), assertion_signer(config))), config,
          std::move(observer));
    case GrantKind::token_exchange:
      return detail::make_authenticator_with(token_exchange(config, assertion_signer(config)), config,
                                             std::move(observer));
    case GrantKind::client_credentials: break;
  }
  if (uses_discovery(config)) {
    return detail::make_authenticator_cached_if_asked(discovered_client_credentials(config, assertion_signer(config)),
                                                      config, std::move(observer));
  }
  return detail::make_authenticator_cached_if_asked(client_credentials(config, assertion_signer(config)), config,
                                                    std::move(observer));
}

}  // namespace oauth2cc

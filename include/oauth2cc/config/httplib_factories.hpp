#pragma once

// From a Config to the parts that need cpp-httplib: the transport's settings
// and the DPoP authenticator (make_dpop_authenticator). The signers:
// <oauth2cc/config/signer_factories.hpp>; make_authenticator:
// <oauth2cc/authenticator_from_config.hpp>.

#include <memory>   // make_shared
#include <string>   // string
#include <utility>  // move

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/config/factories.hpp>
#include <oauth2cc/config/grant_config.hpp>
#include <oauth2cc/config/signer_factories.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/jwt/dpop.hpp>
#include <oauth2cc/transport/dpop.hpp>
#include <oauth2cc/transport/httplib.hpp>
#include <oauth2cc/transport/retrying.hpp>

namespace oauth2cc {

// The transport settings of a Config: its tls block.
inline HttplibTransportSettings transport_settings(const Config& config) {
  HttplibTransportSettings settings;
  settings.tls = config.tls;
  return settings;
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
      client_credentials(config, assertion_signer(config)), cache_policy(config),
      RetryingTransport<DpopTransport<HttplibTransport>>(
          DpopTransport<HttplibTransport>(dpop, HttplibTransport(transport_settings(config))), retry_policy(config)));
  return DpopAuthenticator<ConfiguredDpopAuthenticator>(std::move(auth), std::move(dpop));
}

}  // namespace oauth2cc

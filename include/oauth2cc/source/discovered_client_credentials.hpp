#pragma once

// ClientCredentials whose token endpoint and auth method come from OIDC
// discovery (<oauth2cc/source/discovery.hpp>), found at the first fetch
// rather than at construction: a process started while its IdP is briefly
// down neither fails to start nor blocks. A failed discovery fails that fetch
// (the Authenticator's pauses between failed fetches apply) and is tried
// again at the next one; once it succeeded it is never repeated.
//
//   DiscoveredClientCredentialsSettings settings;
//   settings.issuer = "https://keycloak.example/realms/acme";
//   settings.client.client_id = "my-client";
//   settings.client.client_secret = Secret(secret);
//   settings.auth_methods = {AuthMethod::client_secret_basic, AuthMethod::client_secret_post};
//   Authenticator auth(DiscoveredClientCredentials(std::move(settings)));

#include <optional>  // optional
#include <string>    // string
#include <utility>   // move
#include <vector>    // vector

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/url.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/source/discovery.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

struct DiscoveredClientCredentialsSettings {
  // The IdP's issuer; <issuer>/.well-known/openid-configuration is asked.
  std::string issuer;
  // Everything about the token request except client.token_url (the
  // discovered token_endpoint; left empty) and client.auth_method (chosen
  // from auth_methods). client.timeout bounds the discovery request too.
  ClientCredentialsSettings client;
  // The methods these credentials can use, in order of preference: the first
  // the IdP lists in token_endpoint_auth_methods_supported is used. Empty
  // means client.auth_method alone.
  std::vector<AuthMethod> auth_methods;
};

class DiscoveredClientCredentials {
 public:
  // Throws oauth2cc::Error (invalid_configuration) naming every problem, as
  // ClientCredentials does; nothing is sent yet.
  explicit DiscoveredClientCredentials(DiscoveredClientCredentialsSettings settings) : settings_(std::move(settings)) {
    if (settings_.auth_methods.empty()) settings_.auth_methods = {settings_.client.auth_method};
    if (!parse_url(settings_.issuer)) {
      throw Error(errc::invalid_configuration,
                  "discovered client credentials: the issuer is not an absolute http:// or https:// URL; set the "
                  "IdP's issuer, e.g. https://keycloak.example/realms/master");
    }
    // The same checks as for a token_url given by hand, on the issuer's URL,
    // so a missing client_id or secret shows now, not at the first fetch.
    ClientCredentialsSettings probe = settings_.client;
    probe.token_url = settings_.issuer;
    probe.auth_method = settings_.auth_methods.front();
    static_cast<void>(ClientCredentials(std::move(probe)));
  }

  // Discovers first, if that has not succeeded yet, then requests the token.
  template <HttpTransport Transport>
    requires HttpGetTransport<Transport>
  Result<Token> fetch(Transport& transport, const Instant& at) {
    if (!source_) {
      if (std::optional<Failure> failure = discover_with(transport)) return std::move(*failure);
    }
    return source_->fetch(transport, at);
  }

  const DiscoveredClientCredentialsSettings& settings() const noexcept { return settings_; }
  // What discovery found; empty until it succeeded.
  const std::optional<ProviderMetadata>& metadata() const noexcept { return metadata_; }
  // The source built from it (token endpoint and chosen auth method); empty
  // until discovery succeeded and a method fitted.
  const std::optional<ClientCredentials>& source() const noexcept { return source_; }

 private:
  // Empty when source_ is ready. The metadata is kept once fetched, so a
  // method the IdP lacks fails each fetch again without asking it again.
  template <class Transport>
  std::optional<Failure> discover_with(Transport& transport) {
    if (!metadata_) {
      Result<ProviderMetadata> found = discover(transport, settings_.issuer, settings_.client.timeout);
      if (!found) return std::move(found).failure();
      metadata_ = std::move(*found);
    }
    Result<AuthMethod> method = choose_auth_method(*metadata_, settings_.auth_methods);
    if (!method) return method_failure();
    ClientCredentialsSettings client = settings_.client;
    client.token_url = metadata_->token_endpoint;
    client.auth_method = *method;
    try {
      source_.emplace(std::move(client));
    } catch (const Error& error) {  // e.g. a client certificate method and an http:// token_endpoint
      return Failure{error.code(), "OIDC discovery at " + detail::printable(settings_.issuer, 200) + ": " +
                                       std::string(error.what())};
    }
    return std::nullopt;
  }

  // Both lists, and what to change: auth_method when one was asked for, the
  // credentials when they allow several.
  Failure method_failure() const {
    std::string offered;
    for (const std::string& supported : metadata_->token_endpoint_auth_methods_supported) {
      offered += (offered.empty() ? "" : ", ") + detail::printable(supported, 60);
    }
    std::string wanted;
    for (const AuthMethod method : settings_.auth_methods) {
      wanted += (wanted.empty() ? "" : ", ") + std::string(to_string(method));
    }
    const std::string idp = "the IdP " + detail::printable(metadata_->issuer, 200) +
                            " lists token_endpoint_auth_methods_supported [" + offered + "]";
    if (settings_.auth_methods.size() == 1) {
      return Failure{make_error_code(errc::invalid_configuration),
                     idp + ", which lacks auth_method [" + wanted +
                         "]; set auth_method to one it lists (and the credentials it needs), or remove auth_method "
                         "to let oauth2cc pick one the credentials allow"};
    }
    return Failure{make_error_code(errc::invalid_configuration),
                   idp + ", and none of the methods these credentials allow [" + wanted +
                       "]; give the credentials of a method it lists (a client secret, private_key_file, or "
                       "tls.cert_file)"};
  }

  DiscoveredClientCredentialsSettings settings_;
  std::optional<ProviderMetadata> metadata_;
  std::optional<ClientCredentials> source_;
};

namespace detail {

// A transport with get() and no more, for the check below.
struct ArchetypeGetTransport : ArchetypeTransport {
  Result<HttpResponse> get(const HttpRequest&) { return HttpResponse{}; }
};

}  // namespace detail

static_assert(TokenSource<DiscoveredClientCredentials, detail::ArchetypeGetTransport>);

}  // namespace oauth2cc

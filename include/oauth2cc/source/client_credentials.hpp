#pragma once

#include <chrono>   // milliseconds, seconds, system_clock
#include <string>   // string
#include <utility>  // move
#include <vector>   // vector

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>
#include <oauth2cc/source/token_client.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// The OAuth2 client credentials grant (RFC 6749 §4.4).
//
//   ClientCredentials source("https://idp/token", "my-client", secret);
//   source.scopes({"api:read"}).auth_method(AuthMethod::client_secret_post);
class ClientCredentials {
 public:
  // Throws oauth2cc::Error (invalid_configuration) naming every problem.
  ClientCredentials(std::string token_url, std::string client_id, Secret client_secret)
      : ClientCredentials(settings_of(std::move(token_url), std::move(client_id), std::move(client_secret))) {}

  explicit ClientCredentials(ClientCredentialsSettings settings)
      : client_(std::move(settings), "client credentials", /*public_client_allowed=*/false) {}

  // Reads the client id from this file on every fetch, instead of client_id.
  ClientCredentials& client_id_file(std::string path) {
    if (path.empty()) throw Error(errc::invalid_configuration, "client credentials: client_id_file is an empty path");
    client_.settings().client_id_file = std::move(path);
    client_.settings().client_id.clear();
    return *this;
  }
  // Reads the secret from this file on every fetch, instead of client_secret
  // (which is wiped).
  ClientCredentials& client_secret_file(std::string path) {
    if (path.empty()) {
      throw Error(errc::invalid_configuration, "client credentials: client_secret_file is an empty path");
    }
    client_.settings().client_secret_file = std::move(path);
    client_.settings().client_secret = Secret();
    return *this;
  }
  ClientCredentials& scopes(std::vector<std::string> scopes) {
    client_.settings().scopes = std::move(scopes);
    return *this;
  }
  ClientCredentials& audience(std::string audience) {
    client_.settings().audience = std::move(audience);
    return *this;
  }
  ClientCredentials& resource(std::string resource) {
    client_.settings().resource = std::move(resource);
    return *this;
  }
  ClientCredentials& endpoint_param(std::string name, std::string value) {
    client_.settings().endpoint_params.emplace_back(std::move(name), std::move(value));
    return *this;
  }
  ClientCredentials& auth_method(AuthMethod method) {
    if (method == AuthMethod::none) {
      throw Error(errc::invalid_configuration,
                  "client credentials: auth_method none sends no client authentication, which the client "
                  "credentials grant needs");
    }
    client_.settings().auth_method = method;
    return *this;
  }
  // private_key_jwt or client_secret_jwt with this signer.
  ClientCredentials& client_assertion(AuthMethod method, AssertionSigner signer) {
    if (!uses_assertion(method) || !signer) {
      throw Error(errc::invalid_configuration,
                  "client credentials: client_assertion needs private_key_jwt or client_secret_jwt and a signer");
    }
    client_.settings().auth_method = method;
    client_.settings().assertion_signer = std::move(signer);
    return *this;
  }
  // The assertion's `aud`, when the IdP wants its issuer rather than token_url.
  ClientCredentials& assertion_audience(std::string audience) {
    client_.settings().assertion_audience = std::move(audience);
    return *this;
  }
  ClientCredentials& timeout(std::chrono::milliseconds timeout) {
    if (timeout.count() <= 0) throw Error(errc::invalid_configuration, "client credentials: timeout must be positive");
    client_.settings().timeout = timeout;
    return *this;
  }
  ClientCredentials& default_lifetime(std::chrono::seconds lifetime) {
    if (lifetime.count() <= 0) {
      throw Error(errc::invalid_configuration, "client credentials: default_lifetime must be positive");
    }
    client_.settings().default_lifetime = lifetime;
    return *this;
  }

  template <HttpTransport Transport>
  Result<Token> fetch(Transport& transport, const Instant& at) {
    return client_.fetch(transport, at, grant());
  }

  // The token request exactly as it will be sent now (credential files are
  // read, an assertion is signed). Throws oauth2cc::Error when a credential
  // file cannot be used or the assertion cannot be signed.
  HttpRequest request() const { return try_request().value(); }

  // The same, reporting an unusable credential file as a Failure.
  Result<HttpRequest> try_request(WallTime now = std::chrono::system_clock::now()) const {
    return client_.try_request(now, grant());
  }

  const ClientCredentialsSettings& settings() const noexcept { return client_.settings(); }

 private:
  static Grant grant() { return Grant{"client_credentials", {}, {}, nullptr}; }

  static ClientCredentialsSettings settings_of(std::string token_url, std::string client_id, Secret client_secret) {
    ClientCredentialsSettings settings;
    settings.token_url = std::move(token_url);
    settings.client_id = std::move(client_id);
    settings.client_secret = std::move(client_secret);
    return settings;
  }

  TokenClient client_;
};

static_assert(TokenSource<ClientCredentials, detail::ArchetypeTransport>);

}  // namespace oauth2cc

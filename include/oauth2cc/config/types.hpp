#pragma once

// Config: one oauth2client block of the OpenTelemetry Collector, key for key,
// and its sub-blocks. Plain data with no JSON, HTTP or TLS library behind it,
// so a translation unit that only passes a Config on (to make_authenticator,
// say) stays light. Reading it from a file: <oauth2cc/config.hpp>.

#include <chrono>       // milliseconds, minutes
#include <optional>     // optional
#include <string>       // string
#include <utility>      // pair
#include <vector>       // vector

#include <oauth2cc/auth_method.hpp>
#include <oauth2cc/file_cache/file_cache_settings.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/jws_algorithm.hpp>
#include <oauth2cc/retry/exponential_backoff_settings.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/tls_settings.hpp>
#include <oauth2cc/token_type.hpp>

namespace oauth2cc {

// Not a collector key: DPoP-bound tokens (RFC 9449). The key is made in
// memory when key_file is empty, so tokens bound to it die with the process.
struct DpopConfig {
  bool enabled = false;
  std::string key_file;  // PEM private key; empty: a fresh key per process
  JwsAlgorithm algorithm = JwsAlgorithm::es256;  // ES256 (default), EdDSA, RS256 or PS256
};

// grant_type: which grant a Config asks for.
enum class GrantKind { client_credentials, jwt_bearer, token_exchange };

// The collector's jwt-bearer grant (RFC 7523 §2.1): oauth2cc signs the
// assertion that is the grant.
struct JwtBearerConfig {
  Secret key;            // client_certificate_key: the PEM private key itself, or:
  std::string key_file;  // client_certificate_key_file: re-read when it changes
  std::string key_id;    // client_certificate_key_id: the `kid` header; none when empty
  JwsAlgorithm algorithm = JwsAlgorithm::rs256;  // signature_algorithm: RS256, PS256, ES256 or EdDSA
  std::string issuer;    // iss; empty: client_id
  std::string subject;   // claims.sub; empty: client_id
  std::string audience;  // audience: the assertion's aud; empty: token_url
  // claims: the further claims, as the text of a JSON object (kept as text so
  // this header needs no JSON library); empty means none.
  std::string claims;
};

// Token exchange (RFC 8693): the token to trade, read per request from its
// file or given inline (e.g. ${env:UPSTREAM_TOKEN}).
struct TokenExchangeConfig {
  Secret subject_token;
  std::string subject_token_file;
  std::string subject_token_type{token_type::access_token};
  Secret actor_token;  // delegation: optional, as its file is
  std::string actor_token_file;
  std::string actor_token_type{token_type::access_token};
  std::string requested_token_type{token_type::access_token};
  std::string audience;  // sent as the form's audience when not empty
};

// One oauth2client block of the collector, key for key.
struct Config {
  std::string client_id, client_id_file;  // one of the two; the file is re-read per fetch
  Secret client_secret;                   // or:
  std::string client_secret_file;         // re-read per fetch, so rotation needs no restart
  std::string token_url;  // or issuer
  // Not a collector key: instead of token_url, the IdP's issuer. The token
  // endpoint, and the auth method when auth_method is not set, come from
  // <issuer>/.well-known/openid-configuration, fetched with the tls settings
  // at the first token request (DiscoveredClientCredentials).
  std::string issuer;
  // With issuer: the auth methods discovery may pick, in order of preference.
  // config_from_json fills it: auth_method alone when that is set, else what
  // the credentials allow (a client secret: client_secret_basic, then
  // client_secret_post; private_key_file or client_assertion_file:
  // private_key_jwt; tls.cert_file alone: tls_client_auth, then
  // self_signed_tls_client_auth). Empty means auth_method alone.
  std::vector<AuthMethod> discovery_auth_methods;
  std::vector<std::string> scopes;  // sent space-joined as `scope`
  // Further form fields. The collector's map of a string or a list of strings;
  // a list becomes repeated fields, and names are in sorted order.
  std::vector<std::pair<std::string, std::string>> endpoint_params;
  // The collector has no default (no limit); oauth2cc always bounds a token request.
  std::chrono::milliseconds timeout = default_request_timeout;
  std::chrono::milliseconds expiry_buffer{std::chrono::minutes(5)};  // the collector's default
  TlsSettings tls;  // for the connection to token_url (and issuer)
  // Not a collector key: retries of the token request (RetryingTransport with
  // ExponentialBackoff). All attempts together stay within timeout; the
  // block's `enabled: false` reads as max_attempts 1.
  ExponentialBackoffSettings retry;
  // Not a collector key: the opt-in token cache for short-lived processes
  // (FileCached; <oauth2cc/file_cache/file_cached.hpp>), set when the block
  // says enabled: true; none means no cache.
  std::optional<FileCacheSettings> cache;
  // Not a collector key (the collector lets Go pick): "client_secret_basic" |
  // "client_secret_post" | "private_key_jwt" | "client_secret_jwt".
  AuthMethod auth_method = AuthMethod::client_secret_basic;
  // private_key_jwt: the PEM private key, re-read when it changes, and the
  // `kid` of its public key at the IdP (optional).
  std::string private_key_file;
  std::string key_id;
  // private_key_jwt: RS256 (default), PS256, ES256 or EdDSA; client_secret_jwt:
  // HS256 (default) or HS512. Unset means the default of the auth_method.
  std::optional<JwsAlgorithm> signing_algorithm;
  std::string assertion_audience;  // the assertion's `aud` when not token_url (some IdPs want their issuer)
  DpopConfig dpop;
  // Workload identity: private_key_jwt with an assertion signed elsewhere, read
  // from this file on every token request (a Kubernetes projected
  // service-account token), instead of private_key_file. Setting it implies
  // auth_method private_key_jwt.
  std::string client_assertion_file;
  // Not the client credentials grant at all: present a token given here, or
  // one a sidecar keeps in token_file (re-read when the file changes, looked
  // at every token_file_recheck_interval at most). Exclusive with the keys of
  // the grant (client_id, client_secret, token_url, ...).
  Secret token;
  std::string token_file;
  std::chrono::milliseconds token_file_recheck_interval{60'000};
  // grant_type: client_credentials unless set. The other grants' own keys
  // (<oauth2cc/config/grant_config.hpp>); the client's keys above say how the
  // client authenticates, which for jwt-bearer is not at all unless
  // auth_method is set.
  GrantKind grant = GrantKind::client_credentials;
  JwtBearerConfig jwt_bearer;
  TokenExchangeConfig token_exchange;
};

// Whether the Config presents a given token (token, token_file) instead of
// requesting one.
inline bool uses_token_source(const Config& config) noexcept {
  return !config.token.empty() || !config.token_file.empty();
}

// Whether the token endpoint comes from OIDC discovery (Config::issuer).
inline bool uses_discovery(const Config& config) noexcept { return !config.issuer.empty(); }

// The auth methods discovery may pick for this Config, in order of preference.
inline std::vector<AuthMethod> discovery_auth_methods(const Config& config) {
  if (config.discovery_auth_methods.empty()) return {config.auth_method};
  return config.discovery_auth_methods;
}

}  // namespace oauth2cc

#pragma once

// The token endpoint as one client sees it: how the client authenticates
// (RFC 6749 §2.3, RFC 7523 §2.2, RFC 8705) and what every one of its token
// requests carries (scopes, audience, resource, endpoint_params). The grant
// sources are built on it: ClientCredentials (RFC 6749 §4.4), TokenExchange
// (RFC 8693) and JwtBearer (RFC 7523 §2.1) each add only their grant_type
// and the grant's own fields.

#include <chrono>       // milliseconds, seconds
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move, pair
#include <vector>       // vector

#include <oauth2cc/auth_method.hpp>
#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/credential_file.hpp>
#include <oauth2cc/detail/http/form_encode.hpp>
#include <oauth2cc/redact.hpp>
#include <oauth2cc/detail/token/token_response.hpp>
#include <oauth2cc/url.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>
#include <oauth2cc/source/client_assertion_file.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

// The token endpoint, the client's credentials, and what each of its token
// requests carries besides the grant.
struct ClientCredentialsSettings {
  std::string token_url;
  std::string client_id;
  Secret client_secret;
  // Instead of client_id / client_secret: files read afresh for every token
  // request, so a rotated (Kubernetes) secret is used without a restart. One
  // trailing newline is dropped; an unreadable or empty file fails that fetch
  // with errc::credential_file_unusable.
  std::string client_id_file;
  std::string client_secret_file;
  std::vector<std::string> scopes;  // sent space-joined as `scope`
  std::string audience;             // sent as `audience` when not empty (Auth0, Okta, Keycloak; RFC 8693 §2.1)
  std::string resource;             // RFC 8707 resource indicator, sent when not empty
  std::vector<std::pair<std::string, std::string>> endpoint_params;  // any further form fields
  AuthMethod auth_method = AuthMethod::client_secret_basic;
  // private_key_jwt and client_secret_jwt: signs the client assertion, e.g.
  // PrivateKeyJwt or ClientSecretJwt from <oauth2cc/jwt/...>; or, for
  // workload identity, ClientAssertionFile reads one signed elsewhere.
  AssertionSigner assertion_signer;
  std::string assertion_audience;  // the assertion's `aud`; empty means token_url
  std::chrono::milliseconds timeout = default_request_timeout;  // overall deadline of one token request
  // Lifetime assumed when the response has no expires_in and the token is no
  // JWT with an exp claim: short, so an unknown lifetime is never "forever".
  std::chrono::seconds default_lifetime{300};
};

// One grant's part of a token request (RFC 6749 §4.4, RFC 8693 §2.1, RFC
// 7523 §2.1): its grant_type and its own fields, sent before the fields
// every request of the client carries.
struct Grant {
  std::string_view type;       // grant_type
  detail::FormFields fields;   // the grant's own fields, e.g. subject_token
  detail::SentSecrets secrets; // what of `fields` no message may repeat (wiped after sending)
  // What to do about an error the IdP gives for this grant, where that
  // differs from the client_credentials advice; empty to keep that.
  std::string_view (*fix)(errc) = nullptr;
};

// What follows "Basic " in the Authorization header of client_secret_basic
// (RFC 6749 §2.3.1): id and secret form-encoded, then base64 of "id:secret".
// A secret: keep it out of messages.
inline std::string basic_credential(std::string_view client_id, std::string_view client_secret) {
  return detail::base64_encode(detail::form_encode(client_id) + ":" + detail::form_encode(client_secret));
}

// Sends any grant's token request as one client: credential files read and
// assertions signed per request, secrets wiped after sending and kept out of
// messages, the response parsed into a Token.
class TokenClient {
 public:
  // Throws oauth2cc::Error (invalid_configuration) naming every problem.
  // `grant` names the grant in messages; `public_client_allowed` admits
  // AuthMethod::none (a client_id alone, or nothing).
  TokenClient(ClientCredentialsSettings settings, std::string_view grant, bool public_client_allowed)
      : settings_(std::move(settings)) {
    std::string problems;
    const auto problem = [&problems](std::string_view text) {
      problems += problems.empty() ? "" : "; ";
      problems += text;
    };
    if (settings_.token_url.empty()) {
      problem("token_url is empty");
    } else if (!parse_url(settings_.token_url)) {
      problem("token_url is not an absolute http:// or https:// URL without user:password@");
    }
    const bool public_client = settings_.auth_method == AuthMethod::none;
    if (public_client && !public_client_allowed) {
      problem(std::string("auth_method none sends no client authentication, which the ") + std::string(grant) +
              " grant needs; choose client_secret_basic, client_secret_post, private_key_jwt, client_secret_jwt "
              "or tls_client_auth");
    }
    if (!public_client && settings_.client_id.empty() && settings_.client_id_file.empty()) {
      problem("client_id is empty (set client_id or client_id_file)");
    }
    if (!settings_.client_id.empty() && !settings_.client_id_file.empty()) {
      problem("client_id and client_id_file are both set; keep one");
    }
    const bool needs_secret = uses_client_secret(settings_.auth_method);
    if (needs_secret && settings_.client_secret.empty() && settings_.client_secret_file.empty()) {
      problem("client_secret is empty (is the variable that should hold it set? or set client_secret_file)");
    }
    if (public_client && (!settings_.client_secret.empty() || !settings_.client_secret_file.empty())) {
      problem("auth_method none sends no client secret; remove client_secret, or choose client_secret_basic");
    }
    if (uses_client_certificate(settings_.auth_method) && !settings_.token_url.starts_with("https://")) {
      problem(std::string("auth_method ") + std::string(to_string(settings_.auth_method)) +
              " needs an https:// token_url: the client certificate is the credential");
    }
    if (uses_assertion(settings_.auth_method) && !settings_.assertion_signer) {
      problem(std::string("auth_method ") + std::string(to_string(settings_.auth_method)) +
              " needs an assertion_signer (PrivateKeyJwt or ClientSecretJwt from <oauth2cc/jwt/...>)");
    }
    if (!settings_.client_secret.empty() && !settings_.client_secret_file.empty()) {
      problem("client_secret and client_secret_file are both set; keep one");
    }
    if (settings_.timeout.count() <= 0) problem("timeout must be positive");
    if (settings_.default_lifetime.count() <= 0) problem("default_lifetime must be positive");
    if (!problems.empty()) throw Error(errc::invalid_configuration, std::string(grant) + " settings: " + problems);
  }

  template <HttpTransport Transport>
  Result<Token> fetch(Transport& transport, const Instant& at, Grant grant) const {
    Result<Credentials> credentials = current_credentials(at.wall);
    if (!credentials) {
      wipe(grant);
      return std::move(credentials).failure();
    }
    // The request holds the secrets and the response the token: both are
    // wiped before their memory is freed.
    HttpRequest request = request_with(*credentials, grant);
    Result<HttpResponse> response = transport.post_form(request);
    secure_wipe(request.body);
    for (auto& header : request.headers) secure_wipe(header.second);
    if (!response) {
      wipe(grant);
      return std::move(response).failure();
    }
    // What the request carried that an echoing server must not get into a message.
    detail::SentSecrets sent = grant.secrets;
    sent.add(uses_assertion(settings_.auth_method) ? credentials->assertion.reveal() : credentials->secret.reveal());
    Result<Token> token = detail::parse_token_response(*response, at, settings_.default_lifetime, sent,
                                                        SendsDpopProofs<Transport>);
    secure_wipe(response->body);
    wipe(grant);
    if (token) return token;
    Failure failure = with_grant_fix(with_method_fix(std::move(token).failure()), grant);
    if (settings_.auth_method == AuthMethod::client_secret_basic) {
      // A proxy or IdP that echoes the Authorization header must not leak the
      // secret through it either; base64 passes quote() unchanged, so this is exact.
      detail::replace_all(failure.message, basic_credential(credentials->id, credentials->secret.reveal()),
                          "[redacted]");
    }
    return failure;
  }

  // The token request exactly as it would be sent now (credential files are
  // read, an assertion is signed), or why it cannot be built.
  Result<HttpRequest> try_request(WallTime now, const Grant& grant) const {
    Result<Credentials> credentials = current_credentials(now);
    if (!credentials) return std::move(credentials).failure();
    return request_with(*credentials, grant);
  }

  // The same for a grant whose fields could not be made (a subject token
  // file missing, a signer failing): that failure, and nothing sent. The
  // grant's fields are wiped once used.
  template <HttpTransport Transport>
  Result<Token> fetch(Transport& transport, const Instant& at, Result<Grant> grant) const {
    if (!grant) return std::move(grant).failure();
    return fetch(transport, at, std::move(*grant));
  }
  Result<HttpRequest> try_request(WallTime now, Result<Grant> grant) const {
    if (!grant) return std::move(grant).failure();
    Result<HttpRequest> request = try_request(now, *grant);
    wipe(*grant);
    return request;
  }

  const ClientCredentialsSettings& settings() const noexcept { return settings_; }
  ClientCredentialsSettings& settings() noexcept { return settings_; }

 private:
  struct Credentials {
    std::string id;
    Secret secret;
    Secret assertion;  // private_key_jwt and client_secret_jwt only
  };

  static void wipe(Grant& grant) {
    for (auto& field : grant.fields) secure_wipe(field.second);
  }

  // The id and secret to send now: from the settings, or read from their
  // files; and for the assertion methods, a freshly signed assertion.
  Result<Credentials> current_credentials(WallTime now) const {
    Credentials credentials{settings_.client_id, settings_.client_secret, Secret()};
    if (!settings_.client_id_file.empty()) {
      Result<Secret> id = read_credential_file(settings_.client_id_file, "client_id_file");
      if (!id) return std::move(id).failure();
      credentials.id = std::string(id->reveal());
    }
    if (!settings_.client_secret_file.empty()) {
      Result<Secret> secret = read_credential_file(settings_.client_secret_file, "client_secret_file");
      if (!secret) return std::move(secret).failure();
      credentials.secret = std::move(*secret);
    }
    if (uses_assertion(settings_.auth_method)) {
      const std::string& audience =
          settings_.assertion_audience.empty() ? settings_.token_url : settings_.assertion_audience;
      AssertionRequest request{credentials.id, audience, now, credentials.secret.reveal()};
      Result<Secret> assertion = settings_.assertion_signer(request);
      if (!assertion) return std::move(assertion).failure();
      credentials.assertion = std::move(*assertion);
    }
    return credentials;
  }

  // The grant's own advice replaces the client_credentials advice.
  static Failure with_grant_fix(Failure failure, const Grant& grant) {
    if (grant.fix == nullptr) return failure;
    if (failure.code.category() != oauth2cc_category()) return failure;
    const auto code = static_cast<errc>(failure.code.value());
    const std::string_view fix = grant.fix(code);
    if (!fix.empty()) detail::replace_all(failure.message, detail::oauth_error_fix(code), fix);
    return failure;
  }

  // oidc-provider and others say only "client authentication failed" for any
  // bad assertion or certificate: list what to check for the method in use.
  Failure with_method_fix(Failure failure) const {
    if (failure.code != errc::invalid_client) return failure;
    std::string_view fix;
    switch (settings_.auth_method) {
      case AuthMethod::private_key_jwt:
        if (settings_.assertion_signer.target<ClientAssertionFile>() != nullptr) {
          fix = "check that the IdP trusts the issuer of the assertion in client_assertion_file (a federated "
                "credential for this client_id, with the token's issuer, subject and audience), and that the "
                "assertion's aud is what the IdP expects (the audience of the projected token)";
          break;
        }
        fix = "check that the IdP has the public key of private_key_file for this client_id, that key_id is its "
              "kid, that signing_algorithm is one the client may use, that assertion_audience (default token_url) "
              "is what the IdP expects, and that this machine's clock is right (the assertion lives 60 s)";
        break;
      case AuthMethod::client_secret_jwt:
        fix = "check client_id and client_secret, that signing_algorithm is one the client may use, that "
              "assertion_audience (default token_url) is what the IdP expects, and that this machine's clock is "
              "right (the assertion lives 60 s)";
        break;
      case AuthMethod::tls_client_auth:
        fix = "check that tls.cert_file and tls.key_file are set and hold a client certificate issued by a CA the "
              "IdP trusts, with the subject registered for this client_id";
        break;
      case AuthMethod::self_signed_tls_client_auth:
        fix = "check that tls.cert_file and tls.key_file are set and hold the very certificate registered for "
              "this client_id";
        break;
      case AuthMethod::none:
        fix = "the IdP wants this client to authenticate: set client_secret (auth_method client_secret_basic) or "
              "another auth_method, or register the client at the IdP as a public client";
        break;
      case AuthMethod::client_secret_basic:
      case AuthMethod::client_secret_post: return failure;
    }
    detail::replace_all(failure.message, detail::oauth_error_fix(errc::invalid_client), fix);
    return failure;
  }

  HttpRequest request_with(const Credentials& credentials, const Grant& grant) const {
    detail::FormFields form{{"grant_type", std::string(grant.type)}};
    form.insert(form.end(), grant.fields.begin(), grant.fields.end());
    if (!settings_.scopes.empty()) {
      std::string scope;
      for (const auto& s : settings_.scopes) scope += (scope.empty() ? "" : " ") + s;
      form.emplace_back("scope", std::move(scope));
    }
    if (!settings_.audience.empty()) form.emplace_back("audience", settings_.audience);
    if (!settings_.resource.empty()) form.emplace_back("resource", settings_.resource);
    for (const auto& param : settings_.endpoint_params) form.push_back(param);

    HttpRequest request;
    request.url = settings_.token_url;
    request.timeout = settings_.timeout;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
    if (settings_.auth_method == AuthMethod::client_secret_basic) {
      request.headers.emplace_back("Authorization",
                                   "Basic " + basic_credential(credentials.id, credentials.secret.reveal()));
    } else if (uses_client_certificate(settings_.auth_method) || settings_.auth_method == AuthMethod::none) {
      // RFC 8705 §2: the id, and the certificate as proof; RFC 6749 §3.2.1: a
      // public client names itself, if it has an id.
      if (!credentials.id.empty()) form.emplace_back("client_id", credentials.id);
    } else if (uses_assertion(settings_.auth_method)) {
      // RFC 7523 §2.2; client_id too, as RFC 6749 §3.2.1 and many IdPs want it.
      form.emplace_back("client_id", credentials.id);
      form.emplace_back("client_assertion_type", std::string(jwt_bearer_assertion_type));
      form.emplace_back("client_assertion", std::string(credentials.assertion.reveal()));
    } else {
      form.emplace_back("client_id", credentials.id);
      form.emplace_back("client_secret", std::string(credentials.secret.reveal()));
    }
    request.body = detail::encode_form(form);
    for (auto& field : form) secure_wipe(field.second);  // held a secret or an assertion
    return request;
  }

  ClientCredentialsSettings settings_;
};

}  // namespace oauth2cc

#pragma once

// OAuth 2.0 Token Exchange (RFC 8693): trade a token this process already
// holds (a Kubernetes service-account token, a token from another IdP) for
// one the backend accepts, at a Security Token Service or an IdP that does
// token exchange (Keycloak, Okta, Entra ID's on-behalf-of, Google STS).
//
//   TokenExchangeSettings settings;
//   settings.client.token_url = "https://sts.example/token";
//   settings.client.client_id = "exporter";
//   settings.client.client_secret = secret;   // or auth_method none for a public client
//   settings.client.audience = "otlp-backend";
//   settings.subject_token = SubjectTokenFile("/var/run/secrets/tokens/sts-token");
//   settings.subject_token_type = token_type::jwt;
//   Authenticator auth{TokenExchange(std::move(settings))};

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <oauth2cc/clock.hpp>
#include <oauth2cc/concepts.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/subject_token.hpp>
#include <oauth2cc/source/token_client.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc {

inline constexpr std::string_view token_exchange_grant_type = "urn:ietf:params:oauth:grant-type:token-exchange";

struct TokenExchangeSettings {
  // The token endpoint, how the client authenticates (auth_method none: a
  // public client, client_id optional), and scopes, audience, resource and
  // endpoint_params: RFC 8693 §2.1's scope, audience and resource.
  ClientCredentialsSettings client;
  TokenSupplier subject_token;  // the token to exchange: who the new token is for
  std::string subject_token_type{token_type::access_token};
  // Delegation (RFC 8693 §1.1): the token of whoever acts for the subject;
  // sent, with its type, only when set.
  TokenSupplier actor_token;
  std::string actor_token_type{token_type::access_token};
  // The kind of token wanted; an Authorization header needs an access token.
  std::string requested_token_type{token_type::access_token};
};

class TokenExchange {
 public:
  // Throws oauth2cc::Error (invalid_configuration) naming every problem.
  explicit TokenExchange(TokenExchangeSettings settings)
      : client_(std::move(settings.client), "token exchange", /*public_client_allowed=*/true),
        subject_token_(std::move(settings.subject_token)),
        subject_token_type_(std::move(settings.subject_token_type)),
        actor_token_(std::move(settings.actor_token)),
        actor_token_type_(std::move(settings.actor_token_type)),
        requested_token_type_(std::move(settings.requested_token_type)) {
    std::string problems;
    if (!subject_token_) problems += "subject_token is not set (a SubjectTokenFile, given_token(...) or a callable)";
    if (subject_token_type_.empty()) {
      problems += std::string(problems.empty() ? "" : "; ") + "subject_token_type is empty, e.g. " +
                  std::string(token_type::access_token);
    }
    if (actor_token_ && actor_token_type_.empty()) {
      problems += std::string(problems.empty() ? "" : "; ") + "actor_token_type is empty, e.g. " +
                  std::string(token_type::access_token);
    }
    if (!problems.empty()) throw Error(errc::invalid_configuration, "token exchange settings: " + problems);
  }

  template <HttpTransport Transport>
  Result<Token> fetch(Transport& transport, const Instant& at) {
    return client_.fetch(transport, at, grant_at(at.wall));
  }

  // The token request as it would be sent now (tokens and credential files
  // read, an assertion signed), or why it cannot be built.
  Result<HttpRequest> try_request(WallTime now = std::chrono::system_clock::now()) const {
    return client_.try_request(now, grant_at(now));
  }

  const ClientCredentialsSettings& settings() const noexcept { return client_.settings(); }

 private:
  // RFC 8693 §2.1: the grant's fields, with the tokens as they are now. The
  // Grant's `secrets` point into its own fields' strings, which are kept
  // (moved, never copied) until the request is sent.
  Result<Grant> grant_at(WallTime now) const {
    Grant grant{token_exchange_grant_type, {}, {}, &fix};
    Result<Secret> subject = subject_token_(now);
    if (!subject) return std::move(subject).failure();
    grant.fields.reserve(5);  // no reallocation: `secrets` refers to these strings
    grant.fields.emplace_back("subject_token", std::string(subject->reveal()));
    grant.fields.emplace_back("subject_token_type", subject_token_type_);
    if (actor_token_) {
      Result<Secret> actor = actor_token_(now);
      if (!actor) {
        secure_wipe(grant.fields.front().second);
        return std::move(actor).failure();
      }
      grant.fields.emplace_back("actor_token", std::string(actor->reveal()));
      grant.fields.emplace_back("actor_token_type", actor_token_type_);
    }
    if (!requested_token_type_.empty()) grant.fields.emplace_back("requested_token_type", requested_token_type_);
    grant.secrets.add(grant.fields[0].second);
    if (actor_token_) grant.secrets.add(grant.fields[2].second);
    return grant;
  }

  static std::string_view fix(errc code) noexcept {
    switch (code) {
      case errc::invalid_request:  // oidc-provider says so when the grant is not allowed for the client
        return "if the IdP says the grant is not allowed, allow this client to use token exchange there; otherwise "
               "check the subject token, subject_token_type and the actor token";
      case errc::invalid_grant:
        return "check the subject token (valid, unexpired, from an issuer this IdP trusts for token exchange) and "
               "subject_token_type, and the actor token if one is sent";
      case errc::unauthorized_client:
        return "allow this client to use token exchange at the IdP (e.g. Keycloak: the client's Standard Token "
               "Exchange switch)";
      case errc::unsupported_grant_type:
        return "the IdP does not do token exchange (urn:ietf:params:oauth:grant-type:token-exchange) at this "
               "endpoint";
      case errc::invalid_target:
        return "check audience and resource: the IdP issues no token for them to this client";
      default: return {};
    }
  }

  TokenClient client_;
  TokenSupplier subject_token_;
  std::string subject_token_type_;
  TokenSupplier actor_token_;
  std::string actor_token_type_;
  std::string requested_token_type_;
};

static_assert(TokenSource<TokenExchange, detail::ArchetypeTransport>);

}  // namespace oauth2cc

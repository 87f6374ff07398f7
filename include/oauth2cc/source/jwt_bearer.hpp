#pragma once

// The JWT bearer grant (RFC 7523 §2.1): a signed JWT is the grant itself.
// The service signs an assertion about who the token is for (iss, sub, aud,
// exp) with its key, as Google service accounts and the collector's
// `grant_type: urn:ietf:params:oauth:grant-type:jwt-bearer` do, or presents
// one that another party signed (ClientAssertionFile reads it per request).
// By default no client authentication is sent, as in the collector: the
// assertion proves the caller; set client.auth_method for IdPs that want both.
//
//   JwtBearerSettings settings;
//   settings.client.token_url = "https://idp.example/token";
//   settings.client.client_id = "exporter@project";   // iss and sub unless set
//   settings.assertion = PrivateKeyJwt::from_file("/keys/exporter.pem").key_id("k1");
//   Authenticator auth{JwtBearer(std::move(settings))};

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

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

inline constexpr std::string_view jwt_bearer_grant_type = "urn:ietf:params:oauth:grant-type:jwt-bearer";

struct JwtBearerSettings {
  // The token endpoint, scopes (sent as `scope`, and as the assertion's
  // `scope` claim, as Google wants), audience, resource and endpoint_params.
  // auth_method none (the default here) sends no client authentication.
  ClientCredentialsSettings client = public_client();
  AssertionSigner assertion;        // PrivateKeyJwt (signs here) or ClientAssertionFile (signed elsewhere)
  std::string issuer;               // the assertion's `iss`; empty: client.client_id
  std::string subject;              // its `sub`, whom the token is for; empty: client.client_id
  std::string assertion_audience;   // its `aud`; empty: client.token_url
  // Further claims (the collector's `claims`). An empty object, made from its
  // type rather than json::object(), whose instantiation every includer paid.
  nlohmann::json claims = nlohmann::json(nlohmann::json::value_t::object);

  static ClientCredentialsSettings public_client() {
    ClientCredentialsSettings settings;
    settings.auth_method = AuthMethod::none;
    return settings;
  }
};

class JwtBearer {
 public:
  // Throws oauth2cc::Error (invalid_configuration) naming every problem.
  explicit JwtBearer(JwtBearerSettings settings)
      : client_(std::move(settings.client), "jwt-bearer", /*public_client_allowed=*/true),
        assertion_(std::move(settings.assertion)),
        issuer_(std::move(settings.issuer)),
        subject_(std::move(settings.subject)),
        audience_(std::move(settings.assertion_audience)),
        claims_(std::move(settings.claims)) {
    std::string problems;
    const auto problem = [&problems](std::string_view text) {
      problems += problems.empty() ? "" : "; ";
      problems += text;
    };
    if (!assertion_) problem("assertion is not set (PrivateKeyJwt from <oauth2cc/jwt/private_key_jwt.hpp>, or "
                             "ClientAssertionFile)");
    if (!claims_.is_object()) problem("claims must be a JSON object");
    for (const char* registered : {"iss", "sub", "aud", "iat", "exp", "jti"}) {
      if (claims_.is_object() && claims_.contains(registered)) {
        problem(std::string("claims must not set ") + registered +
                " (set issuer, subject or assertion_audience; iat, exp and jti are made per request)");
      }
    }
    const ClientCredentialsSettings& client = client_.settings();
    const bool has_id = !client.client_id.empty() || !client.client_id_file.empty();
    if (!has_id && (issuer_.empty() || subject_.empty())) {
      problem("set client_id, or both issuer and subject: the assertion needs an iss and a sub");
    }
    if (!client.scopes.empty() && !claims_.contains("scope")) {
      std::string scope;
      for (const auto& s : client.scopes) scope += (scope.empty() ? "" : " ") + s;
      claims_["scope"] = std::move(scope);
    }
    if (!problems.empty()) throw Error(errc::invalid_configuration, "jwt-bearer settings: " + problems);
  }

  template <HttpTransport Transport>
  Result<Token> fetch(Transport& transport, const Instant& at) {
    return client_.fetch(transport, at, grant_at(at.wall));
  }

  // The token request as it would be sent now (the assertion signed), or why
  // it cannot be built.
  Result<HttpRequest> try_request(WallTime now = std::chrono::system_clock::now()) const {
    return client_.try_request(now, grant_at(now));
  }

  const ClientCredentialsSettings& settings() const noexcept { return client_.settings(); }

 private:
  Result<Grant> grant_at(WallTime now) const {
    const ClientCredentialsSettings& client = client_.settings();
    std::string id = client.client_id;
    if (!client.client_id_file.empty()) {
      Result<Secret> read = read_credential_file(client.client_id_file, "client_id_file");
      if (!read) return std::move(read).failure();
      id = std::string(read->reveal());
    }
    AssertionRequest request{id, audience_.empty() ? std::string_view(client.token_url) : audience_, now, {}};
    request.issuer = issuer_;
    request.subject = subject_;
    request.claims = &claims_;
    Result<Secret> assertion = assertion_(request);
    if (!assertion) return std::move(assertion).failure();
    Grant grant{jwt_bearer_grant_type, {}, {}, &fix};
    grant.fields.emplace_back("assertion", std::string(assertion->reveal()));
    grant.secrets.add(grant.fields.front().second);  // the vector is not grown again, so this stays valid
    return grant;
  }

  static std::string_view fix(errc code) noexcept {
    switch (code) {
      case errc::invalid_grant:
        return "the IdP refused the assertion: check that it trusts the key that signs it (key_id, "
               "signing_algorithm), that iss, sub and aud (default token_url) are what it expects, and that this "
               "machine's clock is right";
      case errc::unauthorized_client:
        return "allow the jwt-bearer grant for this client or issuer at the IdP";
      case errc::unsupported_grant_type:
        return "the IdP does not do the jwt-bearer grant (urn:ietf:params:oauth:grant-type:jwt-bearer) at this "
               "endpoint";
      case errc::invalid_request: return "check the assertion's claims and endpoint_params";
      default: return {};
    }
  }

  TokenClient client_;
  AssertionSigner assertion_;
  std::string issuer_;
  std::string subject_;
  std::string audience_;
  nlohmann::json claims_;
};

static_assert(TokenSource<JwtBearer, detail::ArchetypeTransport>);

}  // namespace oauth2cc

#pragma once

// Client assertions (RFC 7523 §2.2, OIDC Core §9): the client proves who it is
// with a short-lived signed JWT instead of sending a secret. This part is
// OpenSSL-free: it builds the header and claims and knows the form fields;
// the signing is done by an AssertionSigner, which <oauth2cc/jwt/*.hpp>
// provide with OpenSSL (PrivateKeyJwt, ClientSecretJwt), or the user does.

#include <chrono>       // seconds, duration_cast
#include <cstdint>      // int64_t
#include <functional>   // function
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/jws_algorithm.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>

namespace oauth2cc {

// RFC 7523 §2.2: the client_assertion_type of a JWT client assertion.
inline constexpr std::string_view jwt_bearer_assertion_type = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

// What a signer is asked to sign for one token request.
struct AssertionRequest {
  std::string_view client_id;      // `iss` and `sub`
  std::string_view audience;       // `aud`: the token endpoint unless configured otherwise
  WallTime now;                    // `iat`: the wall time of the Instant given to fetch, so tests choose it
  std::string_view client_secret;  // the HMAC key of client_secret_jwt; empty for private_key_jwt
  // The jwt-bearer grant (RFC 7523 §2.1) may ask for more; a client
  // assertion leaves these as they are.
  std::string_view issuer{};                // `iss` when not client_id
  std::string_view subject{};               // `sub` when not client_id: whom the token is for
  const nlohmann::json* claims = nullptr;   // further claims (e.g. scope); never replace the ones above
};

// Returns a compact JWS (header.payload.signature) for the request, or a
// Failure whose message names the problem and its fix, never key material.
// Called once per token request; it must make a fresh `jti` every time.
using AssertionSigner = std::function<Result<Secret>(const AssertionRequest&)>;

namespace detail {

// The JOSE header: `alg`, `typ` JWT and, when the key has one, `kid`.
template <class Json = nlohmann::json>
std::string assertion_header(std::string_view algorithm, std::string_view key_id) {
  Json header = {{"alg", algorithm}, {"typ", "JWT"}};
  if (!key_id.empty()) header["kid"] = key_id;
  return header.dump();
}

// RFC 7523 §3: iss and sub (both client_id for a client assertion), aud,
// iat, a short exp and a unique jti, after any further claims asked for.
template <class Json = nlohmann::json>
std::string assertion_claims(const AssertionRequest& request, std::chrono::seconds lifetime,
                             std::string_view jwt_id) {
  const std::int64_t issued_at =
      std::chrono::duration_cast<std::chrono::seconds>(request.now.time_since_epoch()).count();
  Json claims = request.claims != nullptr && request.claims->is_object() ? Json(*request.claims) : Json::object();
  claims["iss"] = request.issuer.empty() ? request.client_id : request.issuer;
  claims["sub"] = request.subject.empty() ? request.client_id : request.subject;
  claims["aud"] = request.audience;
  claims["iat"] = issued_at;
  claims["exp"] = issued_at + lifetime.count();
  claims["jti"] = jwt_id;
  return claims.dump();
}

// The bytes a JWS signs: base64url(header) "." base64url(claims).
inline std::string signing_input(std::string_view header, std::string_view claims) {
  return base64url_encode(header) + "." + base64url_encode(claims);
}

}  // namespace detail

}  // namespace oauth2cc

#pragma once

// AuthMethod: how a client authenticates at the token endpoint. A vocabulary
// type of its own, so configuration types can name it without the token client.

#include <string_view>  // string_view

namespace oauth2cc {

// How the client proves its identity to the token endpoint (RFC 6749 §2.3.1,
// RFC 7523 §2.2, OIDC Core §9).
enum class AuthMethod {
  client_secret_basic,  // HTTP Basic; the default, as RFC 6749 asks servers to support it
  client_secret_post,   // client_id and client_secret as form fields
  private_key_jwt,      // a JWT signed with the client's private key (assertion_signer)
  client_secret_jwt,    // a JWT signed with HMAC over client_secret (assertion_signer)
  // RFC 8705 §2: the TLS client certificate is the credential; the transport
  // sends it (HttplibTransportSettings::tls.cert_file / key_file).
  tls_client_auth,              // a certificate from a CA the IdP trusts, with the registered subject
  self_signed_tls_client_auth,  // the very certificate registered for the client
  // A public client (OIDC "none"): client_id, when set, is sent and nothing
  // proves it. Only for grants whose own credential proves the caller (token
  // exchange, jwt-bearer); the client_credentials grant refuses it.
  none,
};

inline std::string_view to_string(AuthMethod method) noexcept {
  switch (method) {
    case AuthMethod::client_secret_post: return "client_secret_post";
    case AuthMethod::private_key_jwt: return "private_key_jwt";
    case AuthMethod::client_secret_jwt: return "client_secret_jwt";
    case AuthMethod::tls_client_auth: return "tls_client_auth";
    case AuthMethod::self_signed_tls_client_auth: return "self_signed_tls_client_auth";
    case AuthMethod::none: return "none";
    case AuthMethod::client_secret_basic: break;
  }
  return "client_secret_basic";
}

// Whether the method sends a client assertion instead of the secret itself.
constexpr bool uses_assertion(AuthMethod method) noexcept {
  return method == AuthMethod::private_key_jwt || method == AuthMethod::client_secret_jwt;
}

// Whether the method proves the client by its TLS certificate (RFC 8705).
constexpr bool uses_client_certificate(AuthMethod method) noexcept {
  return method == AuthMethod::tls_client_auth || method == AuthMethod::self_signed_tls_client_auth;
}

// Whether the method needs client_secret (or client_secret_file).
constexpr bool uses_client_secret(AuthMethod method) noexcept {
  return method != AuthMethod::private_key_jwt && method != AuthMethod::none && !uses_client_certificate(method);
}

}  // namespace oauth2cc

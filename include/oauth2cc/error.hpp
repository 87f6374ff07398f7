#pragma once

#include <string>        // string
#include <system_error>  // error_code, error_category, system_error
#include <type_traits>   // true_type

namespace oauth2cc {

// Every failure the library reports. Values are stable: they are part of the
// ABI that logs and metrics rely on, so new codes are only ever appended.
enum class errc {
  // Transport: the token endpoint could not be reached or read.
  invalid_url = 1,
  connection_failed = 2,
  timeout = 3,
  tls_handshake_failed = 4,
  tls_certificate_untrusted = 5,
  tls_hostname_mismatch = 6,
  tls_certificate_invalid = 7,
  tls_configuration = 8,
  response_too_large = 9,
  transport_failed = 10,

  // Protocol: the endpoint answered, but not with a usable token response.
  http_error = 100,
  malformed_response = 101,
  missing_access_token = 102,
  missing_token_type = 103,
  unsupported_token_type = 104,
  invalid_expires_in = 105,
  token_expired = 106,
  invalid_token_characters = 107,

  // RFC 6749 §5.2 (and RFC 8707) error responses from the token endpoint.
  invalid_request = 200,
  invalid_client = 201,
  invalid_grant = 202,
  unauthorized_client = 203,
  unsupported_grant_type = 204,
  invalid_scope = 205,
  invalid_target = 206,
  temporarily_unavailable = 207,
  server_error = 208,
  oauth_error = 209,  // an error code this library does not know by name

  // Usage: the caller's own settings or code.
  invalid_configuration = 300,
  source_failed = 301,  // a user-supplied source or transport threw
  credential_file_unusable = 302,    // client_id_file or client_secret_file unreadable or empty
  environment_variable_unset = 303,  // ${env:VAR} in a setting, and VAR is not set
  client_assertion_malformed = 304,  // client_assertion_file holds no JWT (header.payload.signature)
  client_assertion_expired = 305,    // client_assertion_file holds a JWT whose exp has passed
  subject_token_expired = 306,       // the token to exchange (RFC 8693) is a JWT whose exp has passed
};

namespace detail {

class ErrorCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "oauth2cc"; }

  std::string message(int value) const override {
    switch (static_cast<errc>(value)) {
      case errc::invalid_url: return "invalid token endpoint URL";
      case errc::connection_failed: return "could not connect to the token endpoint";
      case errc::timeout: return "the token request timed out";
      case errc::tls_handshake_failed: return "TLS handshake with the token endpoint failed";
      case errc::tls_certificate_untrusted: return "the token endpoint's certificate is not trusted";
      case errc::tls_hostname_mismatch: return "the token endpoint's certificate does not match its host name";
      case errc::tls_certificate_invalid: return "the token endpoint's certificate is invalid";
      case errc::tls_configuration: return "the TLS settings could not be applied";
      case errc::response_too_large: return "the token response is larger than allowed";
      case errc::transport_failed: return "the HTTP transport failed";
      case errc::http_error: return "the token endpoint answered with an HTTP error";
      case errc::malformed_response: return "the token response is malformed";
      case errc::missing_access_token: return "the token response has no access_token";
      case errc::missing_token_type: return "the token response has no token_type";
      case errc::unsupported_token_type: return "the token response has an unsupported token_type";
      case errc::invalid_expires_in: return "the token response has an unusable expires_in";
      case errc::token_expired: return "the issued token has already expired";
      case errc::invalid_token_characters: return "the access token contains characters not allowed in a header";
      case errc::invalid_request: return "invalid_request";
      case errc::invalid_client: return "invalid_client";
      case errc::invalid_grant: return "invalid_grant";
      case errc::unauthorized_client: return "unauthorized_client";
      case errc::unsupported_grant_type: return "unsupported_grant_type";
      case errc::invalid_scope: return "invalid_scope";
      case errc::invalid_target: return "invalid_target";
      case errc::temporarily_unavailable: return "temporarily_unavailable";
      case errc::server_error: return "server_error";
      case errc::oauth_error: return "OAuth error";
      case errc::invalid_configuration: return "invalid configuration";
      case errc::source_failed: return "the token source failed";
      case errc::credential_file_unusable: return "a credentials or token file is unreadable or empty";
      case errc::environment_variable_unset: return "a setting refers to an environment variable that is not set";
      case errc::client_assertion_malformed: return "the client assertion file holds no JWT";
      case errc::client_assertion_expired: return "the client assertion in the file has expired";
      case errc::subject_token_expired: return "the token to exchange has expired";
    }
    return "unknown oauth2cc error";
  }
};

}  // namespace detail

inline const std::error_category& oauth2cc_category() noexcept {
  static const detail::ErrorCategory category;
  return category;
}

inline std::error_code make_error_code(errc e) noexcept {
  return {static_cast<int>(e), oauth2cc_category()};
}

// The short name of a code, as used in messages and logs ("invalid_client").
inline std::string to_string(errc e) { return oauth2cc_category().message(static_cast<int>(e)); }

// True for the RFC 6749 §5.2 family: the IdP understood and refused the request.
inline bool is_oauth_error(std::error_code ec) noexcept {
  return ec.category() == oauth2cc_category() && ec.value() >= 200 && ec.value() < 300;
}

// What went wrong, in a form that can be logged: a code to branch on and a
// message that names the cause and the fix. Never holds a secret or a token.
struct Failure {
  std::error_code code;
  std::string message;
};

// Thrown by the throwing API (header(), token(), value()).
class Error : public std::system_error {
 public:
  explicit Error(const Failure& failure) : std::system_error(failure.code, failure.message) {}
  Error(errc code, const std::string& message) : std::system_error(make_error_code(code), message) {}
};

}  // namespace oauth2cc

template <>
struct std::is_error_code_enum<oauth2cc::errc> : std::true_type {};

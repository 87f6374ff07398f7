#include "fixes.hpp"

#include <string>
#include <string_view>

#include <oauth2cc/config/keys.hpp>

namespace oauth2cc::cli {

namespace {

bool mentions_html(std::string_view message) { return message.find("text/html") != std::string_view::npos; }

// True when a problem in `message` is about `key`: "token_url: missing",
// "extensions.oauth2client/x.tls.ca_file: ...", "endpoint_params.scope: ...".
bool names_key(std::string_view message, std::string_view key) {
  for (std::size_t at = message.find(key); at != std::string_view::npos; at = message.find(key, at + 1)) {
    const char before = at == 0 ? ' ' : message[at - 1];
    const char after = at + key.size() < message.size() ? message[at + key.size()] : ' ';
    if ((before == ' ' || before == '.') && (after == ':' || after == '.')) return true;
  }
  return false;
}

}  // namespace

std::string flags_for_keys(std::string_view message) {
  std::string out;
  // The loader's words when the block to use is missing or ambiguous.
  if (message.find("oauth2client block") != std::string_view::npos ||
      (message.find("oauth2client/") != std::string_view::npos &&
       message.find(" in the configuration") != std::string_view::npos)) {
    out = "pick the block with --extension NAME (the part after \"oauth2client/\")";
  }
  for (const ConfigKey& key : config_keys) {
    if (key.cli_flag.empty()) continue;
    // By its path, so tls.key_file and dpop.key_file stay apart.
    const std::string name = config_key_path(key);
    if (!names_key(message, name)) continue;
    out += (out.empty() ? "the flags for these settings: " : "; ") + name + " is set by " + std::string(key.cli_flag);
  }
  return out;
}

std::string likely_fix(const Failure& failure) {
  constexpr std::string_view assertion_file_fix =
      "check the file given with --client-assertion-file (client_assertion_file) and the kubelet or sidecar that "
      "projects the token into it";
  if (failure.code.category() != oauth2cc_category()) return {};
  switch (static_cast<errc>(failure.code.value())) {
    case errc::invalid_client:
      return "check the client secret (client_secret, --client-secret-env, --client-secret-file), the client_id "
             "(--client-id), and that the auth method matches the one the IdP registered for the client "
             "(auth_method, --auth-method client_secret_basic|client_secret_post|private_key_jwt|"
             "client_secret_jwt|tls_client_auth|self_signed_tls_client_auth); for private_key_jwt, the key the IdP "
             "has for the client (--private-key-file, --key-id, --signing-algorithm); for the tls_ methods, the "
             "client certificate (--cert-file, --key-file)";
    case errc::unauthorized_client:
      return "enable the grant for this client at the IdP: client_credentials (Keycloak: \"Service accounts "
             "roles\"), or the grant_type the configuration sets";
    case errc::invalid_scope:
      return "check the scopes (scopes, --scope): the IdP does not grant one of them to this client";
    case errc::invalid_target:
      return "check the resource or audience (endpoint_params, --param resource=...): the IdP does not know it";
    case errc::invalid_request:
      return "check endpoint_params (--param) and the auth method (--auth-method)";
    case errc::unsupported_grant_type:
      return "check token_url (--token-url) and grant_type: this endpoint does not do that grant";
    case errc::temporarily_unavailable:
    case errc::server_error: return "the IdP is failing; retry later and check the IdP's logs";
    case errc::timeout:
      return "check the network path to the IdP (firewall, proxy, DNS) and that it is healthy, or raise the "
             "timeout (timeout, --timeout)";
    case errc::connection_failed:
      return "check the host and port in token_url (--token-url) and that the IdP is reachable from this machine";
    case errc::tls_certificate_untrusted:
      return "set tls.ca_file (--ca-file) to the PEM bundle of the CA that issued the IdP's certificate";
    case errc::tls_hostname_mismatch:
      return "use a host name the certificate names in token_url, or set tls.server_name_override";
    case errc::tls_certificate_invalid:
      return "renew the IdP's certificate if it has expired, or fix this machine's clock";
    case errc::tls_handshake_failed:
      return "check that token_url's scheme matches the server (https:// only if it speaks TLS), whether it "
             "needs a client certificate (--cert-file, --key-file), and tls.min_version";
    case errc::tls_configuration:
      return "check the files named by tls.ca_file, tls.cert_file and tls.key_file (--ca-file, --cert-file, "
             "--key-file): they must exist, be readable, and hold PEM";
    case errc::invalid_url:
      return "set token_url (--token-url) to the absolute http:// or https:// URL of the token endpoint";
    case errc::http_error:
    case errc::malformed_response:
      if (mentions_html(failure.message)) {
        return "the endpoint answered with an HTML page, not a token response: check that token_url "
               "(--token-url) is the token endpoint (Keycloak: .../realms/REALM/protocol/openid-connect/token), "
               "not a login page, UI or proxy";
      }
      return "check that token_url (--token-url) is the IdP's token endpoint";
    case errc::missing_access_token:
    case errc::missing_token_type:
    case errc::response_too_large:
      return "check that token_url (--token-url) is the IdP's token endpoint";
    case errc::token_expired: return "check this machine's clock and the IdP's";
    case errc::client_assertion_malformed:
    case errc::client_assertion_expired: return std::string(assertion_file_fix);
    case errc::credential_file_unusable:
      // These messages name the key before the path, so flags_for_keys cannot tell them.
      if (failure.message.find("client_assertion_file ") != std::string::npos) return std::string(assertion_file_fix);
      if (failure.message.find("token_file ") != std::string::npos) {
        return "check the file given with --token-file (token_file) and the sidecar that writes it";
      }
      return flags_for_keys(failure.message);
    case errc::invalid_configuration:
    case errc::environment_variable_unset: return flags_for_keys(failure.message);
    default: return {};
  }
}

}  // namespace oauth2cc::cli

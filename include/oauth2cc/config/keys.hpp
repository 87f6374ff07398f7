#pragma once

// Every key of a Config's block, in one table: where it stands, what it is
// for, and the oauth2cc CLI flag that sets it. The reader checks a block's
// keys against it (unknown keys, "did you mean"), takes from it which keys a
// given token or another grant refuses, and the CLI names its flags from it;
// a test checks that docs/configuration.md documents each. Adding a key:
// one row here, then its reading in <oauth2cc/config/json_reader.hpp>.

#include <string>       // string
#include <string_view>  // string_view
#include <vector>       // vector

namespace oauth2cc {

// The map a key stands in: the oauth2client block itself, or one of its
// blocks (tls, retry, cache, dpop).
enum class ConfigSection { top, tls, retry, cache, dpop };

// What a top-level key is for, which says where it is refused.
enum class ConfigKeyGroup {
  request,         // requesting a token (client, endpoint, method, connection): refused with token / token_file
  given_token,     // token, token_file and its interval: a token presented instead of requested
  jwt_bearer,      // grant_type jwt-bearer's own: refused with any other grant
  token_exchange,  // grant_type token-exchange's own: refused with any other grant
  any_source,      // used whichever way the token comes
};

struct ConfigKey {
  std::string_view name;
  ConfigSection section = ConfigSection::top;
  ConfigKeyGroup group = ConfigKeyGroup::any_source;  // meaningful for top-level keys
  std::string_view cli_flag;                          // the `oauth2cc` flag that sets it; empty: none
};

inline constexpr ConfigKey config_keys[] = {
    // The client and its token request.
    {"token_url", ConfigSection::top, ConfigKeyGroup::request, "--token-url URL"},
    {"issuer", ConfigSection::top, ConfigKeyGroup::request, "--issuer URL"},
    {"client_id", ConfigSection::top, ConfigKeyGroup::request, "--client-id ID"},
    {"client_id_file", ConfigSection::top, ConfigKeyGroup::request, ""},
    {"client_secret", ConfigSection::top, ConfigKeyGroup::request, "--client-secret-env VAR or --client-secret-file FILE"},
    {"client_secret_file", ConfigSection::top, ConfigKeyGroup::request, "--client-secret-file FILE"},
    {"scopes", ConfigSection::top, ConfigKeyGroup::request, "--scope S"},
    {"endpoint_params", ConfigSection::top, ConfigKeyGroup::request, "--param KEY=VALUE"},
    {"audience", ConfigSection::top, ConfigKeyGroup::request, ""},
    {"auth_method", ConfigSection::top, ConfigKeyGroup::request,
     "--auth-method client_secret_basic|client_secret_post|private_key_jwt|client_secret_jwt|tls_client_auth|"
     "self_signed_tls_client_auth"},
    {"grant_type", ConfigSection::top, ConfigKeyGroup::request, ""},
    {"private_key_file", ConfigSection::top, ConfigKeyGroup::request, "--private-key-file F"},
    {"key_id", ConfigSection::top, ConfigKeyGroup::request, "--key-id KID"},
    {"signing_algorithm", ConfigSection::top, ConfigKeyGroup::request, "--signing-algorithm ALG"},
    {"assertion_audience", ConfigSection::top, ConfigKeyGroup::request, "--assertion-audience AUD"},
    {"client_assertion_file", ConfigSection::top, ConfigKeyGroup::request, "--client-assertion-file F"},
    {"timeout", ConfigSection::top, ConfigKeyGroup::request, "--timeout DUR"},
    {"tls", ConfigSection::top, ConfigKeyGroup::request, ""},
    {"retry", ConfigSection::top, ConfigKeyGroup::request, ""},
    // A token presented instead of requested.
    {"token", ConfigSection::top, ConfigKeyGroup::given_token, "--token-env VAR"},
    {"token_file", ConfigSection::top, ConfigKeyGroup::given_token, "--token-file F"},
    {"token_file_recheck_interval", ConfigSection::top, ConfigKeyGroup::given_token, ""},
    // grant_type jwt-bearer.
    {"client_certificate_key", ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"client_certificate_key_file", ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"client_certificate_key_id", ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"signature_algorithm", ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"iss", ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"claims", ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    // grant_type token-exchange.
    {"subject_token", ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"subject_token_file", ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"subject_token_type", ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"actor_token", ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"actor_token_file", ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"actor_token_type", ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"requested_token_type", ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    // Whichever way the token comes.
    {"expiry_buffer", ConfigSection::top, ConfigKeyGroup::any_source, ""},
    {"cache", ConfigSection::top, ConfigKeyGroup::any_source, ""},
    {"dpop", ConfigSection::top, ConfigKeyGroup::any_source, ""},
    // tls: the collector's configtls, for the connection to token_url.
    {"ca_file", ConfigSection::tls, ConfigKeyGroup::request, "--ca-file F"},
    {"cert_file", ConfigSection::tls, ConfigKeyGroup::request, "--cert-file F"},
    {"key_file", ConfigSection::tls, ConfigKeyGroup::request, "--key-file F"},
    {"insecure", ConfigSection::tls, ConfigKeyGroup::request, ""},
    {"insecure_skip_verify", ConfigSection::tls, ConfigKeyGroup::request, "--insecure-skip-verify"},
    {"server_name_override", ConfigSection::tls, ConfigKeyGroup::request, ""},
    {"min_version", ConfigSection::tls, ConfigKeyGroup::request, ""},
    // retry: oauth2cc's own.
    {"enabled", ConfigSection::retry, ConfigKeyGroup::request, ""},
    {"max_attempts", ConfigSection::retry, ConfigKeyGroup::request, ""},
    {"initial_interval", ConfigSection::retry, ConfigKeyGroup::request, ""},
    {"max_interval", ConfigSection::retry, ConfigKeyGroup::request, ""},
    // cache: oauth2cc's own, the file cache.
    {"enabled", ConfigSection::cache, ConfigKeyGroup::any_source, "--cache"},
    {"directory", ConfigSection::cache, ConfigKeyGroup::any_source, ""},
    // dpop: oauth2cc's own, DPoP-bound tokens.
    {"enabled", ConfigSection::dpop, ConfigKeyGroup::any_source, "--dpop"},
    {"key_file", ConfigSection::dpop, ConfigKeyGroup::any_source, "--dpop-key-file F"},
    {"algorithm", ConfigSection::dpop, ConfigKeyGroup::any_source, ""},
};

// The name of a section as it stands in a key path ("tls"); empty for the top.
constexpr std::string_view config_section_name(ConfigSection section) noexcept {
  switch (section) {
    case ConfigSection::tls: return "tls";
    case ConfigSection::retry: return "retry";
    case ConfigSection::cache: return "cache";
    case ConfigSection::dpop: return "dpop";
    case ConfigSection::top: break;
  }
  return {};
}

// A key's path in messages: "tls.ca_file", or "token_url" at the top.
inline std::string config_key_path(const ConfigKey& key) {
  const std::string_view section = config_section_name(key.section);
  return section.empty() ? std::string(key.name) : std::string(section) + "." + std::string(key.name);
}

// The keys that may stand in `section`.
inline std::vector<std::string_view> config_key_names(ConfigSection section) {
  std::vector<std::string_view> names;
  for (const ConfigKey& key : config_keys) {
    if (key.section == section) names.push_back(key.name);
  }
  return names;
}

// The top-level keys of `group`.
inline std::vector<std::string_view> config_key_names(ConfigKeyGroup group) {
  std::vector<std::string_view> names;
  for (const ConfigKey& key : config_keys) {
    if (key.section == ConfigSection::top && key.group == group) names.push_back(key.name);
  }
  return names;
}

}  // namespace oauth2cc

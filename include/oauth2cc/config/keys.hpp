#pragma once

// Every key of a Config's block, in one table: what its value must be, where
// it stands, what it is for, and the oauth2cc CLI flag that sets it. The
// reader checks a block's keys against it (unknown keys, "did you mean"),
// takes from it which keys a given token or another grant refuses, and the
// CLI names its flags from it; tests check that the reader refuses a value of
// another type for each key, and that docs/configuration.md documents each. Adding a key:
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

// What a key's value must be. The reader refuses any other with a message
// naming the key and saying what it must be.
enum class ConfigValueType {
  text,      // a string
  secret,    // a string kept in a Secret, never printed
  choice,    // a string naming one of a fixed set (an auth method, an algorithm, a TLS version)
  duration,  // a string with a unit: "10s", "500ms", "1h30m"
  boolean,   // true or false
  number,    // a whole number
  list,      // a list of strings
  map,       // a map of further names to values
  section,   // a block of keys of its own (tls, retry, cache, dpop)
};

struct ConfigKey {
  std::string_view name;
  ConfigValueType type = ConfigValueType::text;
  ConfigSection section = ConfigSection::top;
  ConfigKeyGroup group = ConfigKeyGroup::any_source;  // meaningful for top-level keys
  std::string_view cli_flag;                          // the `oauth2cc` flag that sets it; empty: none
};

inline constexpr ConfigKey config_keys[] = {
    // The client and its token request.
    {"token_url", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request, "--token-url URL"},
    {"issuer", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request, "--issuer URL"},
    {"client_id", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request, "--client-id ID"},
    {"client_id_file", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request, ""},
    {"client_secret", ConfigValueType::secret, ConfigSection::top, ConfigKeyGroup::request,
     "--client-secret-env VAR or --client-secret-file FILE"},
    {"client_secret_file", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request,
     "--client-secret-file FILE"},
    {"scopes", ConfigValueType::list, ConfigSection::top, ConfigKeyGroup::request, "--scope S"},
    {"endpoint_params", ConfigValueType::map, ConfigSection::top, ConfigKeyGroup::request, "--param KEY=VALUE"},
    {"audience", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request, ""},
    {"auth_method", ConfigValueType::choice, ConfigSection::top, ConfigKeyGroup::request,
     "--auth-method client_secret_basic|client_secret_post|private_key_jwt|client_secret_jwt|tls_client_auth|"
     "self_signed_tls_client_auth"},
    {"grant_type", ConfigValueType::choice, ConfigSection::top, ConfigKeyGroup::request, ""},
    {"private_key_file", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request, "--private-key-file F"},
    {"key_id", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request, "--key-id KID"},
    {"signing_algorithm", ConfigValueType::choice, ConfigSection::top, ConfigKeyGroup::request,
     "--signing-algorithm ALG"},
    {"assertion_audience", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request,
     "--assertion-audience AUD"},
    {"client_assertion_file", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::request,
     "--client-assertion-file F"},
    {"timeout", ConfigValueType::duration, ConfigSection::top, ConfigKeyGroup::request, "--timeout DUR"},
    {"tls", ConfigValueType::section, ConfigSection::top, ConfigKeyGroup::request, ""},
    {"retry", ConfigValueType::section, ConfigSection::top, ConfigKeyGroup::request, ""},
    // A token presented instead of requested.
    {"token", ConfigValueType::secret, ConfigSection::top, ConfigKeyGroup::given_token, "--token-env VAR"},
    {"token_file", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::given_token, "--token-file F"},
    {"token_file_recheck_interval", ConfigValueType::duration, ConfigSection::top, ConfigKeyGroup::given_token, ""},
    // grant_type jwt-bearer.
    {"client_certificate_key", ConfigValueType::secret, ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"client_certificate_key_file", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"client_certificate_key_id", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"signature_algorithm", ConfigValueType::choice, ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"iss", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    {"claims", ConfigValueType::map, ConfigSection::top, ConfigKeyGroup::jwt_bearer, ""},
    // grant_type token-exchange.
    {"subject_token", ConfigValueType::secret, ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"subject_token_file", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"subject_token_type", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"actor_token", ConfigValueType::secret, ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"actor_token_file", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"actor_token_type", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    {"requested_token_type", ConfigValueType::text, ConfigSection::top, ConfigKeyGroup::token_exchange, ""},
    // Whichever way the token comes.
    {"expiry_buffer", ConfigValueType::duration, ConfigSection::top, ConfigKeyGroup::any_source, ""},
    {"cache", ConfigValueType::section, ConfigSection::top, ConfigKeyGroup::any_source, ""},
    {"dpop", ConfigValueType::section, ConfigSection::top, ConfigKeyGroup::any_source, ""},
    // tls: the collector's configtls, for the connection to token_url.
    {"ca_file", ConfigValueType::text, ConfigSection::tls, ConfigKeyGroup::request, "--ca-file F"},
    {"cert_file", ConfigValueType::text, ConfigSection::tls, ConfigKeyGroup::request, "--cert-file F"},
    {"key_file", ConfigValueType::text, ConfigSection::tls, ConfigKeyGroup::request, "--key-file F"},
    {"insecure", ConfigValueType::boolean, ConfigSection::tls, ConfigKeyGroup::request, ""},
    {"insecure_skip_verify", ConfigValueType::boolean, ConfigSection::tls, ConfigKeyGroup::request,
     "--insecure-skip-verify"},
    {"server_name_override", ConfigValueType::text, ConfigSection::tls, ConfigKeyGroup::request, ""},
    {"min_version", ConfigValueType::choice, ConfigSection::tls, ConfigKeyGroup::request, ""},
    // retry: oauth2cc's own.
    {"enabled", ConfigValueType::boolean, ConfigSection::retry, ConfigKeyGroup::request, ""},
    {"max_attempts", ConfigValueType::number, ConfigSection::retry, ConfigKeyGroup::request, ""},
    {"initial_interval", ConfigValueType::duration, ConfigSection::retry, ConfigKeyGroup::request, ""},
    {"max_interval", ConfigValueType::duration, ConfigSection::retry, ConfigKeyGroup::request, ""},
    // cache: oauth2cc's own, the file cache.
    {"enabled", ConfigValueType::boolean, ConfigSection::cache, ConfigKeyGroup::any_source, "--cache"},
    {"directory", ConfigValueType::text, ConfigSection::cache, ConfigKeyGroup::any_source, ""},
    // dpop: oauth2cc's own, DPoP-bound tokens.
    {"enabled", ConfigValueType::boolean, ConfigSection::dpop, ConfigKeyGroup::any_source, "--dpop"},
    {"key_file", ConfigValueType::text, ConfigSection::dpop, ConfigKeyGroup::any_source, "--dpop-key-file F"},
    {"algorithm", ConfigValueType::choice, ConfigSection::dpop, ConfigKeyGroup::any_source, ""},
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

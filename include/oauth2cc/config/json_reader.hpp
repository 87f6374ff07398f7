#pragma once

// Reading a Config from a JSON document: every key of the collector's
// oauth2client block checked, all problems reported at once with their key
// paths. From text or a file: <oauth2cc/config/load.hpp>.

#include <chrono>       // milliseconds, minutes
#include <cstddef>      // size_t
#include <optional>     // optional
#include <string>       // string, to_string
#include <string_view>  // string_view
#include <utility>      // move, pair
#include <vector>       // vector

#include <nlohmann/json.hpp>

#include <oauth2cc/config/duration.hpp>
#include <oauth2cc/config/expand_env.hpp>
#include <oauth2cc/config/collector_document.hpp>
#include <oauth2cc/config/grant_config.hpp>
#include <oauth2cc/config/keys.hpp>
#include <oauth2cc/config/scalar_source.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/detail/config/config_block_reader.hpp>
#include <oauth2cc/detail/config/config_reader.hpp>
#include <oauth2cc/detail/token/json_depth.hpp>
#include <oauth2cc/detail/system/read_file.hpp>
#include <oauth2cc/url.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/retry/exponential_backoff.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/source/discovered_client_credentials.hpp>

namespace oauth2cc {

namespace detail {

inline constexpr std::string_view config_what = "oauth2client configuration";
inline constexpr std::size_t max_config_file_bytes = 1024 * 1024;  // a collector configuration is a few KiB

inline std::optional<AuthMethod> auth_method_named(std::string_view name) noexcept {
  for (const AuthMethod method :
       {AuthMethod::client_secret_basic, AuthMethod::client_secret_post, AuthMethod::private_key_jwt,
        AuthMethod::client_secret_jwt, AuthMethod::tls_client_auth, AuthMethod::self_signed_tls_client_auth,
        AuthMethod::none}) {
    if (to_string(method) == name) return method;
  }
  return std::nullopt;
}

inline std::optional<TlsVersion> tls_version_named(std::string_view name) noexcept {
  if (name == "1.0") return TlsVersion::tls1_0;
  if (name == "1.1") return TlsVersion::tls1_1;
  if (name == "1.2") return TlsVersion::tls1_2;
  if (name == "1.3") return TlsVersion::tls1_3;
  return std::nullopt;
}

inline void read_tls(const ConfigBlockReader& block, TlsSettings& tls) {
  ConfigReader& reader = block.reader();
  reader.check_keys(
      block.node(), block.path(), config_key_names(ConfigSection::tls),
      {{"ca_pem", "write the PEM into a file and set ca_file"},
       {"cert_pem", "write the PEM into a file and set cert_file"},
       {"key_pem", "write the PEM into a file and set key_file"},
       {"include_system_ca_certs_pool", "ca_file replaces the system's CAs; put both into one bundle"},
       {"max_version", "remove it; the highest version both sides support is used"},
       {"cipher_suites", "remove it; OpenSSL's default suites are used"},
       {"curve_preferences", "remove it; OpenSSL's default curves are used"},
       {"reload_interval", "remove it; the files are read again for every new connection"},
       {"tpm", "remove it; key_file must be a PEM key"}});
  block.text("ca_file", tls.ca_file);
  block.text("cert_file", tls.cert_file);
  block.text("key_file", tls.key_file);
  block.boolean("insecure", tls.insecure);
  block.boolean("insecure_skip_verify", tls.insecure_skip_verify);
  block.text("server_name_override", tls.server_name_override);
  if (const auto version = block.text("min_version")) {
    if (const auto known = tls_version_named(version->value)) {
      tls.min_version = *known;
    } else if (!version->value.empty()) {  // empty: the default, 1.2
      reader.problem(block.at("min_version"), "must be \"1.0\", \"1.1\", \"1.2\" or \"1.3\" (quoted in YAML), not " +
                                                  ConfigReader::shown(*version));
    }
  }
  if (!tls.cert_file.empty() && tls.key_file.empty()) {
    reader.problem(block.at("key_file"), "missing; cert_file needs the private key of that certificate");
  }
  if (tls.cert_file.empty() && !tls.key_file.empty()) {
    reader.problem(block.at("cert_file"), "missing; key_file needs the certificate it belongs to");
  }
}

inline void read_dpop(const ConfigBlockReader& block, DpopConfig& dpop) {
  ConfigReader& reader = block.reader();
  reader.check_keys(block.node(), block.path(), config_key_names(ConfigSection::dpop));
  block.boolean("enabled", dpop.enabled);
  block.text("key_file", dpop.key_file);
  if (const auto name = block.text("algorithm")) {
    const auto algorithm = jws_algorithm_named(name->value);
    if (!algorithm || is_hmac(*algorithm)) {
      reader.problem(block.at("algorithm"), "must be ES256, EdDSA, RS256 or PS256, not " + ConfigReader::shown(*name));
    } else {
      dpop.algorithm = *algorithm;
    }
  }
}

inline void read_retry(const ConfigBlockReader& block, ExponentialBackoffSettings& retry) {
  ConfigReader& reader = block.reader();
  reader.check_keys(block.node(), block.path(), config_key_names(ConfigSection::retry),
                    {{"max_elapsed_time", "remove it; all attempts together stay within timeout"},
                     {"multiplier", "remove it; the interval doubles after each attempt"},
                     {"randomization_factor",
                      "remove it; each delay is drawn at random from 0 up to the interval (full jitter)"}});
  bool enabled = true;
  block.boolean("enabled", enabled);
  if (const nlohmann::json* attempts = block.value("max_attempts")) {
    if (const auto number = reader.whole_number(*attempts, block.at("max_attempts"))) {
      if (*number < 1) reader.problem(block.at("max_attempts"), "must be at least 1 (1 means no retries), e.g. 4");
      retry.max_attempts = *number;
    }
  }
  if (const auto initial = block.duration("initial_interval")) {
    if (initial->count() < 0) reader.problem(block.at("initial_interval"), "must not be negative, e.g. 100ms");
    retry.initial_interval = *initial;
  }
  if (const auto max = block.duration("max_interval")) {
    if (max->count() < 0) reader.problem(block.at("max_interval"), "must not be negative, e.g. 5s");
    retry.max_interval = *max;
  }
  if (retry.max_interval < retry.initial_interval && retry.max_interval.count() >= 0) {
    reader.problem(block.at("max_interval"), "must not be below initial_interval");
  }
  if (!enabled) retry.max_attempts = 1;  // the first request alone
}

inline void read_cache(const ConfigBlockReader& block, std::optional<FileCacheSettings>& enabled_cache) {
  ConfigReader& reader = block.reader();
  reader.check_keys(block.node(), block.path(), config_key_names(ConfigSection::cache));
  bool enabled = false;
  block.boolean("enabled", enabled);
  FileCacheSettings cache;
  if (const auto directory = block.text("directory")) {
    if (!directory->value.empty() && directory->value.front() != '/') {
      reader.problem(block.at("directory"), "must be an absolute path (every run must find the same file), not " +
                                                ConfigReader::shown(*directory));
    }
    cache.directory = directory->value;
  }
  if (enabled) enabled_cache = std::move(cache);
}

inline void read_endpoint_params(const ConfigBlockReader& block, const nlohmann::json& params,
                                 std::vector<std::pair<std::string, std::string>>& out) {
  ConfigReader& reader = block.reader();
  const std::string path = block.at("endpoint_params");
  if (!reader.expect_object(params, path)) return;
  for (const auto& item : params.items()) {
    const std::string& name = item.key();
    const std::string at = key_path(path, printable(name, 60));
    if (name == "grant_type" || name == "client_id" || name == "client_secret" || name == "scope") {
      reader.problem(at, name == "scope" ? "set by oauth2cc from scopes; list the scopes there"
                                         : "set by oauth2cc itself; remove it");
      continue;
    }
    const nlohmann::json& value = item.value();
    if (value.is_array()) {
      for (std::size_t i = 0; i < value.size(); ++i) {
        if (auto one = reader.string(value[i], at + "[" + std::to_string(i) + "]")) out.emplace_back(name, one->value);
      }
    } else if (value.is_string()) {
      if (auto one = reader.string(value, at)) out.emplace_back(name, std::move(one->value));
    } else {
      reader.problem(at, "must be a string or a list of strings");
    }
  }
}

// private_key_jwt: a key file, or an assertion file, instead of a client secret.
inline void read_private_key_jwt(const ConfigBlockReader& block, Config& config) {
  ConfigReader& reader = block.reader();
  for (const std::string_view key : {"client_secret", "client_secret_file"}) {
    if (block.value(key) != nullptr) {
      reader.problem(block.at(key), "auth_method private_key_jwt signs with private_key_file (or sends "
                                    "client_assertion_file) and sends no client secret; remove it");
    }
  }
  if (block.value("client_assertion_file") != nullptr) {
    if (block.value("private_key_file") != nullptr) {
      reader.problem(block.at("private_key_file"),
                     "set private_key_file (oauth2cc signs the assertion) or client_assertion_file (the assertion "
                     "is read from it), not both");
    }
    if (auto file = block.text("client_assertion_file")) {
      if (file->value.empty()) {
        reader.problem(block.at("client_assertion_file"),
                       ConfigBlockReader::empty(*file, "; set the path of the projected service-account token"));
      }
      config.client_assertion_file = std::move(file->value);
    }
    return;
  }
  if (block.value("private_key_file") == nullptr) {
    reader.problem(block.at("private_key_file"),
                   "missing; auth_method private_key_jwt needs the PEM file of the client's private key (or, for "
                   "workload identity, client_assertion_file)");
  } else if (auto file = block.text("private_key_file")) {
    if (file->value.empty()) {
      reader.problem(block.at("private_key_file"),
                     ConfigBlockReader::empty(*file, "; set the path of the client's PEM private key"));
    }
    config.private_key_file = std::move(file->value);
  }
}

// signing_algorithm, key_id and assertion_audience: only for the assertion methods.
inline void read_assertion_keys(const ConfigBlockReader& block, Config& config) {
  ConfigReader& reader = block.reader();
  const bool private_key = config.auth_method == AuthMethod::private_key_jwt;
  if (!private_key && block.value("private_key_file") != nullptr) {
    reader.problem(block.at("private_key_file"), "only used with auth_method private_key_jwt; set that or remove it");
  }
  if (!private_key && block.value("key_id") != nullptr) {
    reader.problem(block.at("key_id"), "only used with auth_method private_key_jwt; set that or remove it");
  }
  block.text("key_id", config.key_id);
  if (block.value("client_assertion_file") != nullptr) {
    for (const std::string_view key : {"key_id", "signing_algorithm", "assertion_audience"}) {
      if (block.value(key) != nullptr) {
        reader.problem(block.at(key), "only used when oauth2cc signs the assertion (private_key_file); the "
                                      "assertion in client_assertion_file comes signed, with its own aud; remove it");
      }
    }
  }
  const bool assertion = uses_assertion(config.auth_method);
  for (const std::string_view key : {"signing_algorithm", "assertion_audience"}) {
    if (!assertion && block.value(key) != nullptr) {
      reader.problem(block.at(key),
                     "only used with auth_method private_key_jwt or client_secret_jwt; set one or remove it");
    }
  }
  block.text("assertion_audience", config.assertion_audience);
  if (const auto name = block.text("signing_algorithm")) {
    const auto algorithm = jws_algorithm_named(name->value);
    const std::string_view allowed = private_key ? "RS256, PS256, ES256 or EdDSA" : "HS256 or HS512";
    if (!algorithm || (assertion && is_hmac(*algorithm) == private_key)) {
      reader.problem(block.at("signing_algorithm"), "must be " + std::string(allowed) + " for auth_method " +
                                                        std::string(to_string(config.auth_method)) + ", not " +
                                                        ConfigReader::shown(*name));
    } else {
      config.signing_algorithm = algorithm;
    }
  }
}

// issuer: an absolute http(s) URL, the IdP's name for itself.
inline void read_issuer(const ConfigBlockReader& block, Config& config) {
  ConfigReader& reader = block.reader();
  auto issuer = block.text("issuer");
  if (!issuer) return;
  if (issuer->value.empty()) {
    reader.problem(block.at("issuer"), ConfigBlockReader::empty(*issuer, "; set the IdP's issuer URL"));
  } else if (!parse_url(issuer->value)) {
    reader.problem(block.at("issuer"), "not an absolute http:// or https:// URL (without user:password@); set the "
                                       "IdP's issuer, e.g. https://keycloak.example/realms/master");
  }
  config.issuer = std::move(issuer->value);
}

// With issuer and no auth_method, the credentials given say which methods
// discovery may pick; the first of them is what the checks below assume.
inline void read_discovery_auth_methods(const ConfigBlockReader& block, Config& config) {
  if (block.value("auth_method") != nullptr) {
    config.discovery_auth_methods = {config.auth_method};
    return;
  }
  const auto has = [&block](std::string_view key) { return block.value(key) != nullptr; };
  const nlohmann::json* tls = block.value("tls");
  const bool has_certificate = tls != nullptr && tls->is_object() && tls->contains("cert_file");
  if (has("private_key_file") || has("client_assertion_file")) {
    config.discovery_auth_methods = {AuthMethod::private_key_jwt};
  } else if (!has("client_secret") && !has("client_secret_file") && has_certificate) {
    config.discovery_auth_methods = {AuthMethod::tls_client_auth, AuthMethod::self_signed_tls_client_auth};
  } else {
    config.discovery_auth_methods = {AuthMethod::client_secret_basic, AuthMethod::client_secret_post};
  }
  config.auth_method = config.discovery_auth_methods.front();
}

inline void read_expiry_buffer(const ConfigBlockReader& block, Config& config) {
  if (const auto buffer = block.duration("expiry_buffer")) {
    if (buffer->count() < 0) block.reader().problem(block.at("expiry_buffer"), "must not be negative, e.g. 5m");
    config.expiry_buffer = *buffer;
  }
}

// token or token_file: a token to present, and no token request.
inline void read_token_source(const ConfigBlockReader& block, Config& config) {
  ConfigReader& reader = block.reader();
  const bool has_token = block.value("token") != nullptr;
  const bool has_file = block.value("token_file") != nullptr;
  const std::string_view given = has_token ? "token" : "token_file";
  const auto refuse = [&](const auto& keys) {
    for (const std::string_view key : keys) {
      if (block.value(key) == nullptr) continue;
      reader.problem(block.at(key), "not used with " + std::string(given) +
                                        ": oauth2cc presents that token and requests none; remove it, or remove " +
                                        std::string(given) + " to use the client credentials grant");
    }
  };
  refuse(config_key_names(ConfigKeyGroup::request));
  refuse(config_key_names(ConfigKeyGroup::jwt_bearer));
  refuse(config_key_names(ConfigKeyGroup::token_exchange));
  if (has_token && has_file) reader.problem(block.at("token"), "set token or token_file, not both");
  if (auto token = block.text("token")) {
    if (token->value.empty()) {
      reader.problem(block.at("token"), ConfigBlockReader::empty(*token, "; set it, or use token_file"));
    }
    config.token = Secret(std::move(token->value));
  }
  if (auto file = block.text("token_file")) {
    if (file->value.empty()) {
      reader.problem(block.at("token_file"),
                     ConfigBlockReader::empty(*file, "; set the path of the file the sidecar writes the token to"));
    }
    config.token_file = std::move(file->value);
  }
  if (const auto interval = block.duration("token_file_recheck_interval")) {
    if (!has_file) {
      reader.problem(block.at("token_file_recheck_interval"), "only used with token_file; set that or remove it");
    } else if (*interval < std::chrono::seconds(1)) {
      reader.problem(block.at("token_file_recheck_interval"), "must be at least 1s, e.g. 60s");
    }
    config.token_file_recheck_interval = *interval;
  }
}

inline void read_block(const ConfigBlockReader& block, Config& config) {
  ConfigReader& reader = block.reader();
  reader.check_keys(block.node(), block.path(), config_key_names(ConfigSection::top));

  const bool given_token = block.value("token") != nullptr || block.value("token_file") != nullptr;
  if (!given_token) config.grant = read_grant_type(block);  // else grant_type is refused with the other request keys
  if (config.grant == GrantKind::jwt_bearer) config.auth_method = AuthMethod::none;  // the assertion proves the caller
  if (const auto method = block.text("auth_method")) {
    const auto known = auth_method_named(method->value);
    if (known == AuthMethod::none && config.grant == GrantKind::client_credentials) {
      reader.problem(block.at("auth_method"), "none (a public client) is for grant_type " +
                                                  std::string(token_exchange_grant_type) + " or " +
                                                  std::string(jwt_bearer_grant_type) +
                                                  "; the client_credentials grant needs the client to authenticate");
    } else if (known) {
      config.auth_method = *known;
    } else {
      reader.problem(block.at("auth_method"),
                     "must be client_secret_basic, client_secret_post, private_key_jwt, client_secret_jwt, "
                     "tls_client_auth or self_signed_tls_client_auth, not " +
                         ConfigReader::shown(*method));
    }
  }
  if (given_token) {
    read_token_source(block, config);
    read_expiry_buffer(block, config);
    return;
  }
  if (block.value("token_file_recheck_interval") != nullptr) {
    reader.problem(block.at("token_file_recheck_interval"), "only used with token_file; set that or remove it");
  }
  if (block.value("issuer") != nullptr && config.grant != GrantKind::client_credentials) {
    reader.problem(block.at("issuer"), "discovery is for the client_credentials grant; set token_url instead");
  } else if (block.value("issuer") != nullptr) {
    read_discovery_auth_methods(block, config);
  }
  if (block.value("client_assertion_file") != nullptr) {
    if (block.value("auth_method") == nullptr) {
      config.auth_method = AuthMethod::private_key_jwt;  // the only method that sends it
    } else if (config.auth_method != AuthMethod::private_key_jwt) {
      reader.problem(block.at("client_assertion_file"),
                     "is sent as a private_key_jwt client assertion, not with auth_method " +
                         std::string(to_string(config.auth_method)) + "; set auth_method private_key_jwt or remove it");
    }
  }

  if (auto id = block.credential("client_id", "client_id_file", config.client_id_file))
    config.client_id = std::move(*id);
  if (config.auth_method == AuthMethod::private_key_jwt) {
    read_private_key_jwt(block, config);
  } else if (uses_client_certificate(config.auth_method)) {
    for (const std::string_view key : {"client_secret", "client_secret_file"}) {
      if (block.value(key) != nullptr) {
        reader.problem(block.at(key), "auth_method " + std::string(to_string(config.auth_method)) +
                                          " proves the client with tls.cert_file and sends no client secret; "
                                          "remove it");
      }
    }
  } else if (config.auth_method == AuthMethod::none) {
    const std::string why = block.value("auth_method") != nullptr
                                ? "auth_method none (a public client) sends no client secret; remove it"
                                : "the jwt-bearer grant's assertion proves the caller and no client secret is sent; "
                                  "remove it, or set auth_method (e.g. client_secret_basic) to send it as well";
    for (const std::string_view key : {"client_secret", "client_secret_file"}) {
      if (block.value(key) != nullptr) reader.problem(block.at(key), why);
    }
  } else if (auto secret = block.credential("client_secret", "client_secret_file", config.client_secret_file)) {
    config.client_secret = Secret(std::move(*secret));
  }
  read_assertion_keys(block, config);

  if (block.value("token_url") != nullptr && block.value("issuer") != nullptr) {
    reader.problem(block.at("token_url"),
                   "set token_url or issuer, not both (with issuer the token endpoint is discovered); remove one");
  } else if (block.value("issuer") != nullptr) {
    read_issuer(block, config);
  } else if (block.value("token_url") == nullptr) {
    reader.problem(block.at("token_url"),
                   "missing; set the IdP's token endpoint, e.g. "
                   "https://keycloak.example/realms/master/protocol/openid-connect/token (or set issuer, e.g. "
                   "https://keycloak.example/realms/master, to discover it)");
  } else if (auto url = block.text("token_url")) {
    if (url->value.empty()) {
      reader.problem(block.at("token_url"), ConfigBlockReader::empty(*url, "; set the IdP's token endpoint"));
    } else if (!parse_url(url->value)) {
      reader.problem(block.at("token_url"), "not an absolute http:// or https:// URL (without user:password@)");
    }
    config.token_url = std::move(url->value);
  }

  if (const nlohmann::json* scopes = block.value("scopes")) {
    if (auto list = reader.strings(*scopes, block.at("scopes"))) {
      for (std::size_t i = 0; i < list->size(); ++i) {
        if ((*list)[i].empty()) reader.problem(block.at("scopes") + "[" + std::to_string(i) + "]", "empty; remove it");
      }
      config.scopes = std::move(*list);
    }
  }
  if (const nlohmann::json* params = block.value("endpoint_params"))
    read_endpoint_params(block, *params, config.endpoint_params);

  if (const auto timeout = block.duration("timeout")) {
    if (timeout->count() <= 0) {
      reader.problem(block.at("timeout"),
                     "must be positive; oauth2cc always bounds a token request (the collector's 0 meant no limit), "
                     "e.g. 10s");
    }
    config.timeout = *timeout;
  }
  read_expiry_buffer(block, config);

  if (const nlohmann::json* tls = block.value("tls")) {
    if (reader.expect_object(*tls, block.at("tls")))
      read_tls(ConfigBlockReader(reader, *tls, block.at("tls")), config.tls);
  }
  if (uses_client_certificate(config.auth_method) && config.tls.cert_file.empty()) {
    reader.problem(block.at("tls") + ".cert_file", "missing; auth_method " + std::string(to_string(config.auth_method)) +
                                                       " needs the client certificate (tls.cert_file and tls.key_file)");
  }
  if (const nlohmann::json* retry = block.value("retry")) {
    if (reader.expect_object(*retry, block.at("retry")))
      read_retry(ConfigBlockReader(reader, *retry, block.at("retry")), config.retry);
  }

  if (const nlohmann::json* cache = block.value("cache")) {
    if (reader.expect_object(*cache, block.at("cache")))
      read_cache(ConfigBlockReader(reader, *cache, block.at("cache")), config.cache);
  }

  if (const nlohmann::json* dpop = block.value("dpop")) {
    if (reader.expect_object(*dpop, block.at("dpop")))
      read_dpop(ConfigBlockReader(reader, *dpop, block.at("dpop")), config.dpop);
  }

  if (!config.issuer.empty() && config.dpop.enabled) {
    reader.problem(block.at("dpop") + ".enabled",
                   "DPoP-bound tokens need the token endpoint up front, not discovered from issuer; set token_url "
                   "instead of issuer, or turn dpop off");
  }

  if (config.cache && config.dpop.enabled) {
    reader.problem(block.at("cache") + ".enabled",
                   "the token cache does not hold DPoP-bound tokens: each is bound to the process's DPoP key, so a "
                   "cached one is of no use to the next process; turn cache off, or dpop off");
  }

  if (config.grant == GrantKind::jwt_bearer) read_jwt_bearer(block, config.jwt_bearer);
  if (config.grant == GrantKind::token_exchange) read_token_exchange(block, config.token_exchange);
  if (config.grant != GrantKind::client_credentials) {
    const std::string grant = "grant_type " + std::string(grant_type_name(config.grant));
    if (config.dpop.enabled) {
      reader.problem(block.at("dpop") + ".enabled", "DPoP is configured for the client_credentials grant only, not "
                                                        "for " + grant + "; turn dpop off");
    }
    if (config.cache) {
      reader.problem(block.at("cache") + ".enabled",
                     "the token cache keeps client_credentials tokens only: a token of " + grant +
                         " depends on the assertion or subject token, which its key does not cover; turn cache off");
    }
  }
}

// Messages about a file start with its path.
inline Result<Config> with_path(const std::string& path, Result<Config> config) {
  if (!config) return Failure{config.error(), path + ": " + config.message()};
  return config;
}

// Line and column of a byte offset, for messages that must not quote the text.
inline std::string line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace detail

// One oauth2client block, or a whole collector configuration from which the
// block `extensions: oauth2client/<extension>` is picked (when `extension` is
// empty, the only oauth2client block). Expands ${env:VAR} and ${VAR} in every
// string of the block, validates every key, and reports all problems at once
// as invalid_configuration, each with its key path, e.g.
//   extensions.oauth2client/mlflow.tls.ca_fle: unknown key (did you mean ca_file?)
// Keys outside the chosen block (receivers, exporters, service, other
// extensions) are not looked at. `source` says whether scalars came as text
// (YAML), which may then spell booleans and numbers.
inline Result<Config> config_from_json(const nlohmann::json& document, std::string_view extension = {},
                                       ScalarSource source = ScalarSource::json) {
  Result<ConfigBlock> block = find_oauth2client_block(document, extension);
  if (!block) {
    return Failure{block.error(), "invalid " + std::string(detail::config_what) + ": " + block.message()};
  }
  static const nlohmann::json no_settings = nlohmann::json::object();  // "oauth2client/x:" with nothing under it
  const nlohmann::json& node = block->node->is_null() ? no_settings : *block->node;

  detail::ConfigReader reader(source);
  Config config;
  if (reader.expect_object(node, block->path)) {
    detail::read_block(detail::ConfigBlockReader(reader, node, block->path), config);
  }
  if (!reader.ok()) return reader.failure(detail::config_what);
  return config;
}

// A configuration file's text, bounded in size; an unreadable file is
// invalid_configuration naming the path.
inline Result<std::string> read_config_file(const std::string& path) {
  Result<std::string> text = detail::read_file(path, detail::max_config_file_bytes);
  if (!text) {
    return Failure{make_error_code(errc::invalid_configuration),
                   "cannot read configuration file " + path + ": " + text.message() + "; check the path"};
  }
  return text;
}

}  // namespace oauth2cc

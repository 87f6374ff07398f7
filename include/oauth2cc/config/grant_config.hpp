#pragma once

// The grants a configuration may ask for besides client_credentials, and the
// keys each has:
//
// - grant_type urn:ietf:params:oauth:grant-type:jwt-bearer, with the
//   collector's keys: client_certificate_key or client_certificate_key_file
//   (the PEM key that signs the assertion), client_certificate_key_id (its
//   `kid`), signature_algorithm, iss, audience (the assertion's `aud`) and
//   claims (`claims.sub` is the subject);
// - grant_type urn:ietf:params:oauth:grant-type:token-exchange, with
//   oauth2cc's own keys: subject_token or subject_token_file, the optional
//   actor_token or actor_token_file, their types, requested_token_type and
//   audience (RFC 8693 §2.1).

#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include <oauth2cc/config/keys.hpp>
#include <oauth2cc/config/types.hpp>
#include <oauth2cc/detail/config/config_block_reader.hpp>
#include <oauth2cc/detail/config/config_reader.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>
#include <oauth2cc/source/jwt_bearer.hpp>
#include <oauth2cc/source/subject_token.hpp>
#include <oauth2cc/source/token_exchange.hpp>

namespace oauth2cc {

// grant_type's value for each grant.
inline std::string_view grant_type_name(GrantKind grant) noexcept {
  switch (grant) {
    case GrantKind::jwt_bearer: return jwt_bearer_grant_type;
    case GrantKind::token_exchange: return token_exchange_grant_type;
    case GrantKind::client_credentials: break;
  }
  return "client_credentials";
}

namespace detail {

inline std::optional<GrantKind> grant_kind_named(std::string_view name) noexcept {
  for (const GrantKind grant : {GrantKind::client_credentials, GrantKind::jwt_bearer, GrantKind::token_exchange}) {
    if (grant_type_name(grant) == name) return grant;
  }
  return std::nullopt;
}

// grant_type, and the keys of the other grants refused where they mean nothing.
inline GrantKind read_grant_type(const ConfigBlockReader& block) {
  ConfigReader& reader = block.reader();
  GrantKind grant = GrantKind::client_credentials;
  if (const auto name = block.text("grant_type")) {
    if (const auto known = grant_kind_named(name->value)) {
      grant = *known;
    } else {
      reader.problem(block.at("grant_type"), "must be client_credentials, " + std::string(jwt_bearer_grant_type) +
                                                 " or " + std::string(token_exchange_grant_type) + ", not " +
                                                 ConfigReader::shown(*name));
      return grant;
    }
  }
  const auto refuse = [&](auto keys, GrantKind owner) {
    if (grant == owner) return;
    for (const std::string_view key : keys) {
      if (block.value(key) == nullptr) continue;
      reader.problem(block.at(key), "only used with grant_type " + std::string(grant_type_name(owner)) +
                                        "; set that or remove it");
    }
  };
  refuse(config_key_names(ConfigKeyGroup::jwt_bearer), GrantKind::jwt_bearer);
  refuse(config_key_names(ConfigKeyGroup::token_exchange), GrantKind::token_exchange);
  if (grant == GrantKind::client_credentials && block.value("audience") != nullptr) {
    reader.problem(block.at("audience"), "for client credentials put it under endpoint_params: {audience: ...}");
  }
  return grant;
}

// A string key that, when given, must not be empty.
inline void read_nonempty(const ConfigBlockReader& block, std::string_view key, std::string& field,
                          std::string_view fix) {
  if (auto read = block.text(key)) {
    if (read->value.empty()) block.reader().problem(block.at(key), ConfigBlockReader::empty(*read, fix));
    field = std::move(read->value);
  }
}

// claims: a map; its sub is the subject, the other registered claims have keys of their own.
inline void read_claims(const ConfigBlockReader& block, JwtBearerConfig& bearer) {
  ConfigReader& reader = block.reader();
  const nlohmann::json* claims = block.value("claims");
  if (claims == nullptr || !reader.expect_object(*claims, block.at("claims"))) return;
  nlohmann::json further = nlohmann::json::object();
  for (const auto& [name, value] : claims->items()) {
    const std::string path = key_path(block.at("claims"), name);
    if (name == "sub") {
      if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
        reader.problem(path, "must be a non-empty string: the subject the token is for");
      } else {
        bearer.subject = value.get<std::string>();
      }
    } else if (name == "iss" || name == "aud") {
      reader.problem(path, std::string("set it with the ") + (name == "iss" ? "iss" : "audience") +
                               " key, not in claims");
    } else if (name == "iat" || name == "exp" || name == "jti") {
      reader.problem(path, "remove it; oauth2cc sets iat, exp and jti afresh for every assertion");
    } else {
      further[name] = value;
    }
  }
  if (!further.empty()) bearer.claims = further.dump();
}

inline void read_jwt_bearer(const ConfigBlockReader& block, JwtBearerConfig& bearer) {
  ConfigReader& reader = block.reader();
  if (auto key = block.credential("client_certificate_key", "client_certificate_key_file", bearer.key_file)) {
    bearer.key = Secret(std::move(*key));
  }
  block.text("client_certificate_key_id", bearer.key_id);
  if (const auto name = block.text("signature_algorithm")) {
    const auto algorithm = jws_algorithm_named(name->value);
    if (algorithm && !is_hmac(*algorithm)) {
      bearer.algorithm = *algorithm;
    } else {
      const bool collector_only = name->value == "RS384" || name->value == "RS512";
      reader.problem(block.at("signature_algorithm"),
                     "must be RS256, PS256, ES256 or EdDSA, not " + ConfigReader::shown(*name) +
                         (collector_only ? " (oauth2cc does not sign RS384 or RS512; RS256, the default, works "
                                           "with the same RSA key)"
                                         : ""));
    }
  }
  read_nonempty(block, "iss", bearer.issuer, "; set the assertion's issuer, or remove it to use client_id");
  read_nonempty(block, "audience", bearer.audience, "; set the assertion's audience, or remove it to use token_url");
  read_claims(block, bearer);
}

inline void read_token_exchange(const ConfigBlockReader& block, TokenExchangeConfig& exchange) {
  if (auto subject = block.credential("subject_token", "subject_token_file", exchange.subject_token_file)) {
    exchange.subject_token = Secret(std::move(*subject));
  }
  if (block.value("actor_token") != nullptr || block.value("actor_token_file") != nullptr) {
    if (auto actor = block.credential("actor_token", "actor_token_file", exchange.actor_token_file)) {
      exchange.actor_token = Secret(std::move(*actor));
    }
  } else if (block.value("actor_token_type") != nullptr) {
    block.reader().problem(block.at("actor_token_type"), "only used with actor_token or actor_token_file");
  }
  constexpr std::string_view type_fix = "; set a token type URI, e.g. urn:ietf:params:oauth:token-type:jwt";
  read_nonempty(block, "subject_token_type", exchange.subject_token_type, type_fix);
  read_nonempty(block, "actor_token_type", exchange.actor_token_type, type_fix);
  read_nonempty(block, "requested_token_type", exchange.requested_token_type, type_fix);
  read_nonempty(block, "audience", exchange.audience, "; set the audience of the token wanted, or remove it");
}

}  // namespace detail
}  // namespace oauth2cc

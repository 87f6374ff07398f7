#pragma once

#include <chrono>       // seconds, duration_cast
#include <cmath>        // isfinite, floor
#include <cstdint>      // int64_t
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/detail/text/ascii.hpp>
#include <oauth2cc/detail/token/json_depth.hpp>
#include <oauth2cc/detail/token/jwt_claims.hpp>
#include <oauth2cc/redact.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/http.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/token.hpp>

namespace oauth2cc::detail {

// Longest lifetime believed; anything longer is a server bug, not a token.
inline constexpr std::chrono::seconds max_token_lifetime{std::chrono::hours(24 * 3653)};

// RFC 6750 §2.1 b64token: the only characters that may follow "Bearer ".
constexpr bool is_b64token(std::string_view token) noexcept {
  std::size_t i = 0;
  for (; i < token.size(); ++i) {
    const char c = token[i];
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                         c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    if (!allowed) break;
  }
  if (i == 0) return false;
  for (; i < token.size(); ++i) {
    if (token[i] != '=') return false;
  }
  return true;
}

inline errc oauth_error_code(std::string_view name) noexcept {
  if (name == "invalid_request") return errc::invalid_request;
  if (name == "invalid_client") return errc::invalid_client;
  if (name == "invalid_grant") return errc::invalid_grant;
  if (name == "unauthorized_client") return errc::unauthorized_client;
  if (name == "unsupported_grant_type") return errc::unsupported_grant_type;
  if (name == "invalid_scope") return errc::invalid_scope;
  if (name == "invalid_target") return errc::invalid_target;
  if (name == "temporarily_unavailable") return errc::temporarily_unavailable;
  if (name == "server_error") return errc::server_error;
  return errc::oauth_error;
}

// What the user should do about each RFC 6749 §5.2 error.
inline std::string_view oauth_error_fix(errc code) noexcept {
  switch (code) {
    case errc::invalid_client:
      return "check client_id and client_secret, and that the client's token endpoint auth method matches "
             "auth_method (client_secret_basic or client_secret_post)";
    case errc::invalid_scope: return "check scopes: the IdP does not grant one of them to this client";
    case errc::invalid_target: return "check the resource/audience parameter: the IdP does not know it";
    case errc::unauthorized_client: return "enable the client_credentials grant for this client at the IdP";
    case errc::unsupported_grant_type: return "the IdP does not support client_credentials at this endpoint";
    case errc::invalid_grant: return "the grant was refused; check the client's configuration at the IdP";
    case errc::invalid_request: return "check endpoint_params and the token_url";
    case errc::temporarily_unavailable:
    case errc::server_error: return "the IdP is failing; retry later";
    default: return "see the IdP's documentation for this error";
  }
}

// Server text for a message: the secret the request carried removed (some IdPs
// echo the request back), then made printable and bounded.
inline std::string quote(std::string_view text, const SentSecrets& secret, std::size_t limit = 200) {
  std::string scrubbed(text);
  redact(scrubbed, secret);
  return printable(scrubbed, limit);
}

// RFC 6749 §5.2: {"error": ..., "error_description": ..., "error_uri": ...}.
template <class Json>
Failure oauth_failure(const Json& body, int status, const SentSecrets& secret) {
  const auto& error = body["error"];
  const std::string name = error.is_string() ? error.template get<std::string>() : std::string("(non-string error)");
  const errc code = oauth_error_code(name);
  std::string message = "token endpoint refused the request (HTTP " + std::to_string(status) + "): " +
                        quote(name, secret, 64);
  if (const auto it = body.find("error_description"); it != body.end() && it->is_string()) {
    message += ": " + quote(it->template get_ref<const std::string&>(), secret);
  }
  if (const auto it = body.find("error_uri"); it != body.end() && it->is_string()) {
    message += " (see " + quote(it->template get_ref<const std::string&>(), secret) + ")";
  }
  message += "; ";
  message += oauth_error_fix(code);
  return {make_error_code(code), std::move(message)};
}

// A non-2xx status whose body is not an OAuth error (an HTML page, an empty
// 401 from a proxy): name the status and what it usually means.
inline Failure http_failure(const HttpResponse& response, const SentSecrets& secret) {
  std::string message = "token endpoint answered HTTP " + std::to_string(response.status);
  const std::string_view type = response.header("Content-Type");
  message += response.body.empty() ? std::string(" with an empty body")
                                   : " with a body that is not an OAuth error response (Content-Type: " +
                                         quote(type.empty() ? "none" : type, secret, 80) + ")";
  if (response.status == 401 || response.status == 403) {
    message += "; the credentials were refused before reaching the OAuth server: check client_id, client_secret "
               "and any proxy in front of the IdP";
  } else if (response.status == 404 || response.status == 405) {
    message += "; check that token_url is the IdP's token endpoint";
  } else if (response.status >= 500) {
    message += "; the IdP or a proxy in front of it is failing; retry later";
  } else {
    message += "; check token_url";
  }
  return {make_error_code(errc::http_error), std::move(message)};
}

// Parses expires_in as a number or a numeric string (Entra ID sends strings).
template <class Json>
Result<std::chrono::seconds> parse_expires_in(const Json& value, const SentSecrets& secret) {
  double seconds = 0;
  if (value.is_number_integer() || value.is_number_unsigned() || value.is_number_float()) {
    seconds = value.template get<double>();
  } else if (value.is_string()) {
    const std::string text = value.template get<std::string>();
    if (text.empty() || text.size() > 12 || text.find_first_not_of("0123456789") != std::string::npos) {
      return Failure{make_error_code(errc::invalid_expires_in),
                     "token response has expires_in \"" + quote(text, secret, 32) +
                         "\", which is not a whole number of seconds; the IdP's response is malformed"};
    }
    seconds = static_cast<double>(std::stoll(text));
  } else {
    return Failure{make_error_code(errc::invalid_expires_in),
                   std::string("token response has expires_in of JSON type ") + value.type_name() +
                       "; it must be a number of seconds"};
  }
  if (!std::isfinite(seconds) || seconds < 1 ||
      seconds > static_cast<double>(max_token_lifetime.count())) {
    return Failure{make_error_code(errc::invalid_expires_in),
                   "token response has expires_in " + value.dump() +
                       ", outside 1 second to 10 years; the IdP's response is unusable"};
  }
  return std::chrono::seconds(static_cast<std::int64_t>(std::floor(seconds)));
}

// Without expires_in: the JWT's exp claim, else the configured default.
template <class Json = nlohmann::json>
Result<SteadyTime> expiry_without_expires_in(const std::string& token, const Instant& sent_at,
                                             std::chrono::seconds default_lifetime) {
  const auto claims = jwt_claims<Json>(token);
  if (!claims || !claims->contains("exp") || !(*claims)["exp"].is_number()) {
    return sent_at.steady + default_lifetime;
  }
  const double exp = (*claims)["exp"].template get<double>();
  const double wall_now = std::chrono::duration<double>(sent_at.wall.time_since_epoch()).count();
  if (!std::isfinite(exp) || exp - wall_now > static_cast<double>(max_token_lifetime.count())) {
    return Failure{make_error_code(errc::invalid_expires_in),
                   "token has no expires_in and its JWT exp claim is more than 10 years away; the IdP's "
                   "response is unusable"};
  }
  if (exp <= wall_now) {
    return Failure{make_error_code(errc::token_expired),
                   "token has no expires_in and its JWT exp claim is already past; check this machine's clock "
                   "and the IdP's"};
  }
  return sent_at.steady + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                              std::chrono::duration<double>(exp - wall_now));
}

inline Failure malformed(std::string message) {
  return {make_error_code(errc::malformed_response), std::move(message)};
}

// RFC 6749 §5.1 success responses and §5.2 errors, with every rule spelled out.
// `sent_at` is when the request was sent: expiry counts from then, so the
// time the response spent in flight is never counted as token lifetime.
// `secret` is what the request carried (one secret or several), kept out of
// every message.
// `dpop` says whether the request carried a DPoP proof (RFC 9449): only then
// is a DPoP-bound token usable, as only then is there a key to prove with.
//
// A template, so that nlohmann::json's templates are instantiated only in the
// translation units that parse a response (see the README's compile cost).
template <class Json = nlohmann::json>
Result<Token> parse_token_response(const HttpResponse& response, const Instant& sent_at,
                                   std::chrono::seconds default_lifetime, const SentSecrets& secret = {},
                                   bool dpop = false) {
  if (json_nests_deeper_than(response.body, max_json_depth)) {
    return malformed("token endpoint answered HTTP " + std::to_string(response.status) +
                     " with JSON nested more than " + std::to_string(max_json_depth) +
                     " levels deep; check that token_url is the IdP's token endpoint");
  }
  Json body = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  std::string no_token;
  const auto parsed_token = body.is_object() ? body.find("access_token") : body.end();
  const WipeOnExit wipe_parsed{parsed_token != body.end() && parsed_token->is_string()
                                   ? parsed_token->template get_ref<std::string&>()
                                   : no_token};
  const bool is_object = body.is_object();
  if (is_object && body.contains("error")) return oauth_failure(body, response.status, secret);
  if (response.status < 200 || response.status > 299) return http_failure(response, secret);
  if (!is_object) {
    const std::string_view type = response.header("Content-Type");
    return malformed("token endpoint answered HTTP " + std::to_string(response.status) + " with " +
                     (body.is_discarded() ? "a body that is not JSON" : "JSON that is not an object") +
                     " (Content-Type: " + quote(type.empty() ? "none" : type, secret, 80) +
                     "); check that token_url is the IdP's token endpoint and not a login page or proxy");
  }

  Token token;
  const WipeOnExit wipe_unused{token.value};  // after a failure; a returned token has been moved out
  const auto access_token = body.find("access_token");
  if (access_token == body.end() || access_token->is_null()) {
    return Failure{make_error_code(errc::missing_access_token),
                   "token response has no access_token; check that token_url is the IdP's token endpoint"};
  }
  if (!access_token->is_string() || access_token->template get_ref<const std::string&>().empty()) {
    return Failure{make_error_code(errc::missing_access_token),
                   std::string("token response has an access_token that is ") +
                       (access_token->is_string() ? "empty" : std::string("of JSON type ") + access_token->type_name()) +
                       "; the IdP's response is unusable"};
  }
  token.value = access_token->template get<std::string>();
  if (!is_b64token(token.value)) {
    return Failure{make_error_code(errc::invalid_token_characters),
                   "token response has an access_token with characters not allowed in an Authorization header "
                   "(RFC 6750 b64token); refusing it to avoid header injection"};
  }

  const auto token_type = body.find("token_type");
  if (token_type == body.end() || !token_type->is_string()) {
    return Failure{make_error_code(errc::missing_token_type),
                   token_type == body.end()
                       ? std::string("token response has no token_type; RFC 6749 requires it")
                       : std::string("token response has a token_type of JSON type ") + token_type->type_name()};
  }
  const std::string& type = token_type->template get_ref<const std::string&>();
  if (iequals(type, "dpop") && !dpop) {
    return Failure{make_error_code(errc::unsupported_token_type),
                   "token response has token_type DPoP, a token bound to a key this client does not have; configure "
                   "a DPoP key (dpop.enabled, DpopTransport) or register the client without DPoP-bound tokens"};
  }
  if (!iequals(type, "bearer") && !iequals(type, "dpop")) {
    return Failure{make_error_code(errc::unsupported_token_type),
                   "token response has token_type \"" + quote(type, secret, 32) + "\"; only Bearer" +
                       (dpop ? " and DPoP" : "") + " tokens are supported"};
  }
  token.type = iequals(type, "dpop") ? "DPoP" : "Bearer";

  if (const auto scope = body.find("scope"); scope != body.end() && !scope->is_null()) {
    if (!scope->is_string()) {
      return malformed(std::string("token response has a scope of JSON type ") + scope->type_name() +
                       "; RFC 6749 requires a space-separated string");
    }
    token.scope = scope->template get<std::string>();
  }

  token.issued_at = sent_at.steady;
  const auto expires_in = body.find("expires_in");
  if (expires_in != body.end() && !expires_in->is_null()) {
    auto lifetime = parse_expires_in(*expires_in, secret);
    if (!lifetime) return std::move(lifetime).failure();
    token.expires_at = sent_at.steady + *lifetime;
  } else {
    auto expires_at = expiry_without_expires_in<Json>(token.value, sent_at, default_lifetime);
    if (!expires_at) return std::move(expires_at).failure();
    token.expires_at = *expires_at;
  }

  for (const auto& [key, value] : body.items()) {
    if (key != "access_token" && key != "token_type" && key != "scope" && key != "expires_in") {
      token.extra.emplace(key, value.dump());
    }
  }
  return token;
}

}  // namespace oauth2cc::detail

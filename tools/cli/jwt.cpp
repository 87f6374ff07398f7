#include "jwt.hpp"

#include <algorithm>
#include <optional>

#include <oauth2cc/jws_algorithm.hpp>

namespace oauth2cc::cli {

namespace {

// ASCII letters compared without case, as HTTP compares "Bearer" and header names.
bool same_letters(std::string_view a, std::string_view b) noexcept {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [&](char x, char y) { return lower(x) == lower(y); });
}

Failure not_a_jwt(const std::string& why) {
  return {make_error_code(errc::malformed_response), "not a JWT: " + why};
}

// One dot-separated part as a JSON object, or the reason it is not one.
Result<nlohmann::json> json_part(std::string_view part, const char* name) {
  const std::optional<std::string> bytes = base64url_decode(part);
  if (!bytes) return not_a_jwt(std::string("the ") + name + " is not base64url");
  nlohmann::json value = nlohmann::json::parse(*bytes, nullptr, /*allow_exceptions=*/false);
  if (!value.is_object()) return not_a_jwt(std::string("the ") + name + " is not a JSON object");
  return value;
}

bool is_blank(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// Removes `prefix` (matched case-insensitively) and the blanks after it.
std::string_view drop_prefix(std::string_view text, std::string_view prefix) noexcept {
  if (text.size() < prefix.size() || !same_letters(text.substr(0, prefix.size()), prefix)) return text;
  return trim(text.substr(prefix.size()));
}

}  // namespace

std::string_view bare_token(std::string_view text) noexcept {
  text = trim(text);
  text = drop_prefix(text, "Authorization:");
  return drop_prefix(text, "Bearer ");
}

Result<DecodedJwt> decode_jwt(std::string_view token) {
  if (token.empty()) return not_a_jwt("the input is empty");
  const auto dots = static_cast<std::size_t>(std::count(token.begin(), token.end(), '.'));
  if (dots == 4) return not_a_jwt("it has five parts, so it is an encrypted JWT (JWE); its claims need the key");
  if (dots != 2) {
    return not_a_jwt("a JWT has three base64url parts separated by dots (header.payload.signature); this has " +
                     std::to_string(dots + 1) + (dots == 0 ? " part" : " parts") + " (" +
                     std::to_string(token.size()) + " characters), so it is probably an opaque token that only "
                     "the IdP can read (introspection, RFC 7662)");
  }
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);

  Result<nlohmann::json> header = json_part(token.substr(0, first), "header (part 1)");
  if (!header) return std::move(header).failure();
  Result<nlohmann::json> claims = json_part(token.substr(first + 1, second - first - 1), "payload (part 2)");
  if (!claims) return std::move(claims).failure();
  return DecodedJwt{std::move(*header), std::move(*claims), token.size() - second - 1};
}

}  // namespace oauth2cc::cli

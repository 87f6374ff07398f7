// Fuzzes JWT claim decoding (detail::jwt_claims), which reads `exp` from
// tokens the client never verifies. Every input is tried twice: as a token
// as it is, and as the claims of a token made around it, which must then
// decode to exactly what the input parses to.

#include <cstddef>      // size_t
#include <cstdint>      // uint8_t
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view

#include <nlohmann/json.hpp>

#include <oauth2cc/detail/text/base64.hpp>
#include <oauth2cc/detail/token/jwt_claims.hpp>

#include "invariants.hpp"

namespace {

std::string base64url(std::string_view data) {
  std::string text = oauth2cc::detail::base64_encode(data);
  for (char& c : text) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

bool same_json(const nlohmann::json& a, const nlohmann::json& b) {
  if (oauth2cc_fuzz::json_depth(a) > oauth2cc_fuzz::max_compared_depth) return true;  // too deep to compare safely
  return a == b;
}

// The input as a token: claims only for header.payload.signature whose
// payload is base64(url) of a JSON object, and then exactly that object.
void check_as_token(std::string_view token) {
  const std::optional<nlohmann::json> claims = oauth2cc::detail::jwt_claims(token);
  if (!claims) return;
  OAUTH2CC_FUZZ_CHECK(claims->is_object());
  const std::size_t first = token.find('.');
  const std::size_t second = token.find('.', first + 1);
  OAUTH2CC_FUZZ_CHECK(first != std::string_view::npos && second != std::string_view::npos);
  OAUTH2CC_FUZZ_CHECK(token.find('.', second + 1) == std::string_view::npos);
  const auto payload = oauth2cc::detail::base64_decode(token.substr(first + 1, second - first - 1));
  OAUTH2CC_FUZZ_CHECK(payload.has_value());
  // Decoding is the inverse of encoding, in both alphabets.
  OAUTH2CC_FUZZ_CHECK(oauth2cc::detail::base64_decode(oauth2cc::detail::base64_encode(*payload)) == payload);
  OAUTH2CC_FUZZ_CHECK(oauth2cc::detail::base64_decode(base64url(*payload)) == payload);
  OAUTH2CC_FUZZ_CHECK(same_json(*claims, nlohmann::json::parse(*payload, nullptr, /*allow_exceptions=*/false)));
}

// The input as the claims of an unsigned token.
void check_as_claims(std::string_view claims_text) {
  const std::string token = base64url(R"({"alg":"none","typ":"JWT"})") + "." + base64url(claims_text) + ".c2ln";
  const std::optional<nlohmann::json> claims = oauth2cc::detail::jwt_claims(token);
  const nlohmann::json expected = nlohmann::json::parse(claims_text, nullptr, /*allow_exceptions=*/false);
  OAUTH2CC_FUZZ_CHECK(claims.has_value() == expected.is_object());
  if (claims) OAUTH2CC_FUZZ_CHECK(same_json(*claims, expected));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = oauth2cc_fuzz::as_text(data, size);
  check_as_token(text);
  check_as_claims(text);
  return 0;
}

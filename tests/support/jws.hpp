#pragma once

// Reading a compact JWS (RFC 7515 §7.1) that a signer or a DPoP proof wrote:
// its three parts, decoded, for tests to check. Verifying the signature is
// each test's own business (with OpenSSL, not with the library's code).

#include <doctest/doctest.h>

#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <nlohmann/json.hpp>

#include <oauth2cc/detail/text/base64.hpp>

namespace oauth2cc_test {

// Decodes base64url; fails the test unless `text` is unpadded base64url, as
// every JWS part must be (RFC 7515 §2). The library's decoder would also take
// padding and the standard alphabet.
inline std::string base64url_decode(std::string_view text) {
  REQUIRE(text.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") ==
          std::string_view::npos);
  auto decoded = oauth2cc::detail::base64_decode(text);
  REQUIRE(decoded);
  return std::move(*decoded);
}

struct Jws {
  nlohmann::json header, claims;
  std::string signing_input;  // "header.claims" as sent: what the signature covers
  std::string signature;      // raw bytes
};

// Splits `jws` into its three parts; fails the test unless there are exactly three.
inline Jws split_jws(std::string_view jws) {
  const auto first = jws.find('.');
  REQUIRE(first != std::string_view::npos);
  const auto second = jws.find('.', first + 1);
  REQUIRE(second != std::string_view::npos);
  REQUIRE(jws.find('.', second + 1) == std::string_view::npos);
  Jws parts;
  parts.header = nlohmann::json::parse(base64url_decode(jws.substr(0, first)));
  parts.claims = nlohmann::json::parse(base64url_decode(jws.substr(first + 1, second - first - 1)));
  parts.signing_input = std::string(jws.substr(0, second));
  parts.signature = base64url_decode(jws.substr(second + 1));
  return parts;
}

}  // namespace oauth2cc_test

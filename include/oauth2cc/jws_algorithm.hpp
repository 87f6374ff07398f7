#pragma once

// JwsAlgorithm: the algorithms oauth2cc signs with, and base64url, the
// encoding of every JWS part. A vocabulary header of its own, so
// configuration types can name the algorithm without the signers.

#include <cstdint>      // uint32_t
#include <optional>     // optional
#include <string>       // string
#include <string_view>  // string_view

#include <oauth2cc/detail/text/base64.hpp>

namespace oauth2cc {

// The JWS algorithms a client assertion can be signed with (RFC 7518 §3,
// RFC 8037): the asymmetric ones for private_key_jwt, HMAC for client_secret_jwt.
enum class JwsAlgorithm { rs256, ps256, es256, eddsa, hs256, hs512 };

inline std::string_view to_string(JwsAlgorithm algorithm) noexcept {
  switch (algorithm) {
    case JwsAlgorithm::rs256: return "RS256";
    case JwsAlgorithm::ps256: return "PS256";
    case JwsAlgorithm::es256: return "ES256";
    case JwsAlgorithm::eddsa: return "EdDSA";
    case JwsAlgorithm::hs256: return "HS256";
    case JwsAlgorithm::hs512: return "HS512";
  }
  return "RS256";
}

// The algorithm of a JWS `alg` name, spelt as RFC 7518 spells it.
inline std::optional<JwsAlgorithm> jws_algorithm_named(std::string_view name) noexcept {
  for (const JwsAlgorithm algorithm : {JwsAlgorithm::rs256, JwsAlgorithm::ps256, JwsAlgorithm::es256,
                                       JwsAlgorithm::eddsa, JwsAlgorithm::hs256, JwsAlgorithm::hs512}) {
    if (to_string(algorithm) == name) return algorithm;
  }
  return std::nullopt;
}

constexpr bool is_hmac(JwsAlgorithm algorithm) noexcept {
  return algorithm == JwsAlgorithm::hs256 || algorithm == JwsAlgorithm::hs512;
}

// Base64url without padding (RFC 7515 §2), as every JWS part is encoded.
inline std::string base64url_encode(std::string_view data) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  out.reserve((data.size() * 4 + 2) / 3);
  std::uint32_t bits = 0;
  int count = 0;
  for (const char c : data) {
    bits = (bits << 8) | static_cast<unsigned char>(c);
    count += 8;
    while (count >= 6) {
      count -= 6;
      out += alphabet[(bits >> count) & 63];
    }
  }
  if (count > 0) out += alphabet[(bits << (6 - count)) & 63];
  return out;
}

// Decodes base64url, padded or not (the standard alphabet too, as HTTP Basic
// uses it); nullopt on any other character.
inline std::optional<std::string> base64url_decode(std::string_view text) { return detail::base64_decode(text); }

}  // namespace oauth2cc

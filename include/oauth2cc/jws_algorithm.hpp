#pragma once

// JwsAlgorithm: the algorithms oauth2cc signs with. A vocabulary type of its
// own, so configuration types can name it without the signers.

#include <optional>     // optional
#include <string_view>  // string_view

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

}  // namespace oauth2cc

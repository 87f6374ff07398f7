#pragma once

// Signs and verifies compact JWTs with HMAC-SHA256 (RFC 7515, RFC 7518 §3.2)
// under a random key made for this process: the token endpoint signs with it,
// the receiver verifies with it, and nothing else can make a valid token.

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace oauth2cc_demo {

class Hs256Signer {
 public:
  Hs256Signer();  // a fresh random 256-bit key
  Hs256Signer(const Hs256Signer&) = delete;
  Hs256Signer& operator=(const Hs256Signer&) = delete;
  ~Hs256Signer();

  // header.payload.signature with {"alg":"HS256","typ":"JWT"}.
  std::string sign(const nlohmann::json& claims) const;

  // The claims when `token` is a JWT signed with this key; nullopt for
  // anything else (another key, another algorithm, malformed).
  std::optional<nlohmann::json> verify(std::string_view token) const;

 private:
  std::string mac(std::string_view signing_input) const;

  std::array<unsigned char, 32> key_{};
};

}  // namespace oauth2cc_demo

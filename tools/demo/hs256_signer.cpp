#include "hs256_signer.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <stdexcept>

#include <oauth2cc/jws_algorithm.hpp>

#include "random.hpp"

namespace oauth2cc_demo {

Hs256Signer::Hs256Signer() { random_bytes(key_.data(), key_.size()); }

Hs256Signer::~Hs256Signer() { OPENSSL_cleanse(key_.data(), key_.size()); }

std::string Hs256Signer::mac(std::string_view signing_input) const {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int size = 0;
  if (HMAC(EVP_sha256(), key_.data(), static_cast<int>(key_.size()),
           reinterpret_cast<const unsigned char*>(signing_input.data()), signing_input.size(), out.data(),
           &size) == nullptr) {
    throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(out.data()), size);
}

std::string Hs256Signer::sign(const nlohmann::json& claims) const {
  static const std::string header = oauth2cc::base64url_encode(R"({"alg":"HS256","typ":"JWT"})");
  std::string token = header;
  token += '.';
  token += oauth2cc::base64url_encode(claims.dump());
  const std::string signature = oauth2cc::base64url_encode(mac(token));
  token += '.';
  token += signature;
  return token;
}

std::optional<nlohmann::json> Hs256Signer::verify(std::string_view token) const {
  const std::size_t first = token.find('.');
  const std::size_t last = token.rfind('.');
  if (first == std::string_view::npos || first == last) return std::nullopt;
  const std::string_view signing_input = token.substr(0, last);
  const auto signature = oauth2cc::base64url_decode(token.substr(last + 1));
  if (!signature) return std::nullopt;
  const std::string expected = mac(signing_input);
  if (signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  // Only now is the content ours; still insist on the algorithm we signed with.
  const auto header = oauth2cc::base64url_decode(token.substr(0, first));
  const auto payload = oauth2cc::base64url_decode(token.substr(first + 1, last - first - 1));
  if (!header || !payload) return std::nullopt;
  const auto head = nlohmann::json::parse(*header, nullptr, false);
  auto claims = nlohmann::json::parse(*payload, nullptr, false);
  if (!head.is_object() || head.value("alg", "") != "HS256" || !claims.is_object()) return std::nullopt;
  return claims;
}

}  // namespace oauth2cc_demo

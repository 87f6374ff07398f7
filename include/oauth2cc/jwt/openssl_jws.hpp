#pragma once

// JWS signing with OpenSSL (libcrypto) for client assertions: what
// PrivateKeyJwt and ClientSecretJwt share. Only the headers under
// <oauth2cc/jwt/> include OpenSSL; the core never does.

#include <chrono>       // seconds
#include <cstddef>      // size_t
#include <memory>       // unique_ptr
#include <string>       // string
#include <string_view>  // string_view

#include <openssl/bn.h>    // BN_bn2binpad, BN_bin2bn
#include <openssl/ec.h>    // ECDSA_SIG
#include <openssl/err.h>   // ERR_get_error, ERR_error_string_n, ERR_clear_error
#include <openssl/evp.h>   // EVP_DigestSign*, EVP_PKEY
#include <openssl/hmac.h>  // HMAC
#include <openssl/pem.h>   // PEM_read_bio_PrivateKey
#include <openssl/rand.h>  // RAND_bytes
#include <openssl/rsa.h>   // RSA_PKCS1_PSS_PADDING

#include <oauth2cc/error.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>

namespace oauth2cc::detail {

struct EvpPkeyFree {
  void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
using EvpPkey = std::unique_ptr<EVP_PKEY, EvpPkeyFree>;

// The oldest error OpenSSL queued, then the queue emptied so it cannot be
// mistaken for a later one. OpenSSL's texts name reasons, never key bytes.
inline std::string openssl_reason() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "unknown OpenSSL error";
  char text[256] = {};
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

// An encrypted key must fail, not prompt on a terminal for a passphrase.
inline int refuse_passphrase(char*, int, int, void*) { return 0; }

// Parses a PEM private key (PKCS#8 or the traditional RSA/EC forms). The
// message names the reason only.
inline Result<EvpPkey> parse_private_key(std::string_view pem) {
  if (pem.size() > 1024 * 1024) return Failure{make_error_code(errc::invalid_configuration), "too large"};
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())),
                                                &BIO_free);
  if (!bio) return Failure{make_error_code(errc::invalid_configuration), openssl_reason()};
  EvpPkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, &refuse_passphrase, nullptr));
  if (!key) {
    return Failure{make_error_code(errc::invalid_configuration),
                   "not an unencrypted PEM private key (" + openssl_reason() + ")"};
  }
  return key;
}

// Empty when the key suits the algorithm, else what kind of key it needs.
inline std::string key_mismatch(EVP_PKEY* key, JwsAlgorithm algorithm) {
  const int type = EVP_PKEY_base_id(key);
  const int bits = EVP_PKEY_bits(key);
  switch (algorithm) {
    case JwsAlgorithm::rs256:
    case JwsAlgorithm::ps256:
      if ((type == EVP_PKEY_RSA || type == EVP_PKEY_RSA_PSS) && bits >= 2048) return {};
      return std::string(to_string(algorithm)) + " needs an RSA key of at least 2048 bits";
    case JwsAlgorithm::es256:
      if (type == EVP_PKEY_EC && bits == 256) return {};
      return "ES256 needs an EC key on the P-256 curve (openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256)";
    case JwsAlgorithm::eddsa:
      if (type == EVP_PKEY_ED25519) return {};
      return "EdDSA needs an Ed25519 key (openssl genpkey -algorithm ED25519)";
    case JwsAlgorithm::hs256:
    case JwsAlgorithm::hs512: break;
  }
  return std::string(to_string(algorithm)) + " is an HMAC algorithm: it signs with client_secret, not a private key";
}

// JWS wants ECDSA signatures as R || S, each padded to the curve size (RFC
// 7518 §3.4); OpenSSL produces DER. Empty on malformed input.
inline std::string ecdsa_der_to_raw(std::string_view der, std::size_t half) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(
      d2i_ECDSA_SIG(nullptr, &bytes, static_cast<long>(der.size())), &ECDSA_SIG_free);
  if (!sig) return {};
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  std::string raw(2 * half, '\0');
  auto* out = reinterpret_cast<unsigned char*>(raw.data());
  const int size = static_cast<int>(half);
  if (BN_bn2binpad(r, out, size) != size || BN_bn2binpad(s, out + half, size) != size) return {};
  return raw;
}

// The reverse, for verifying with OpenSSL (tests). Empty on malformed input.
inline std::string ecdsa_raw_to_der(std::string_view raw) {
  if (raw.empty() || raw.size() % 2 != 0) return {};
  const int half = static_cast<int>(raw.size() / 2);
  const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(ECDSA_SIG_new(), &ECDSA_SIG_free);
  BIGNUM* r = BN_bin2bn(bytes, half, nullptr);
  BIGNUM* s = BN_bin2bn(bytes + half, half, nullptr);
  if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
    BN_free(r);
    BN_free(s);
    return {};
  }
  const int size = i2d_ECDSA_SIG(sig.get(), nullptr);
  if (size <= 0) return {};
  std::string der(static_cast<std::size_t>(size), '\0');
  auto* out = reinterpret_cast<unsigned char*>(der.data());
  i2d_ECDSA_SIG(sig.get(), &out);
  return der;
}

inline Failure signing_failure(std::string_view what) {
  return Failure{make_error_code(errc::source_failed),
                 "cannot sign the client assertion: " + std::string(what) + " (" + openssl_reason() + ")"};
}

// The JWS signature of `input` with an asymmetric key, in JWS form.
inline Result<std::string> sign_with_key(EVP_PKEY* key, JwsAlgorithm algorithm, std::string_view input) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  EVP_PKEY_CTX* key_context = nullptr;
  // Ed25519 hashes internally and takes no digest.
  const EVP_MD* digest = algorithm == JwsAlgorithm::eddsa ? nullptr : EVP_sha256();
  if (!context || EVP_DigestSignInit(context.get(), &key_context, digest, nullptr, key) != 1) {
    return signing_failure("the key cannot sign");
  }
  // RFC 7518 §3.5: PSS with MGF1 over SHA-256 and a salt as long as the hash.
  if (algorithm == JwsAlgorithm::ps256 &&
      (EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) != 1 ||
       EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, RSA_PSS_SALTLEN_DIGEST) != 1)) {
    return signing_failure("RSA-PSS padding is not available");
  }
  const auto* data = reinterpret_cast<const unsigned char*>(input.data());
  std::size_t size = 0;
  if (EVP_DigestSign(context.get(), nullptr, &size, data, input.size()) != 1) return signing_failure("signing failed");
  std::string signature(size, '\0');
  if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size, data, input.size()) !=
      1) {
    return signing_failure("signing failed");
  }
  signature.resize(size);
  if (algorithm != JwsAlgorithm::es256) return signature;
  std::string raw = ecdsa_der_to_raw(signature, 32);
  if (raw.empty()) return signing_failure("the ECDSA signature could not be converted to R||S");
  return raw;
}

// HS256 / HS512 over `input` with the client secret as the key.
inline Result<std::string> sign_with_secret(std::string_view secret, JwsAlgorithm algorithm, std::string_view input) {
  const EVP_MD* digest = algorithm == JwsAlgorithm::hs512 ? EVP_sha512() : EVP_sha256();
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (HMAC(digest, secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(input.data()),
           input.size(), mac, &size) == nullptr) {
    return signing_failure("HMAC failed");
  }
  std::string signature(reinterpret_cast<const char*>(mac), size);
  OPENSSL_cleanse(mac, sizeof mac);
  return signature;
}

// A fresh `jti`: 128 random bits from OpenSSL's CSPRNG, base64url.
inline Result<std::string> random_jwt_id() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) return signing_failure("no random bytes for the jti");
  return base64url_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

// header.claims.signature for one request; `sign` maps the signing input to
// the raw signature.
template <typename Sign>
Result<Secret> build_assertion(const AssertionRequest& request, JwsAlgorithm algorithm, std::string_view key_id,
                               std::chrono::seconds lifetime, Sign&& sign) {
  Result<std::string> jwt_id = random_jwt_id();
  if (!jwt_id) return std::move(jwt_id).failure();
  std::string jws = signing_input(assertion_header(to_string(algorithm), key_id),
                                  assertion_claims(request, lifetime, *jwt_id));
  Result<std::string> signature = sign(std::string_view(jws));
  if (!signature) return std::move(signature).failure();
  jws += '.';
  jws += base64url_encode(*signature);
  secure_wipe(*signature);  // part of a bearer credential until the assertion expires
  return Secret(std::move(jws));
}

}  // namespace oauth2cc::detail

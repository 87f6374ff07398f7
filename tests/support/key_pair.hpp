// Test support: key pairs made with OpenSSL at test time (nothing secret in
// the repository), their PEM forms, and signature checks done independently
// of the library's signing path.
#pragma once

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include <oauth2cc/jwt/openssl_jws.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>

namespace oauth2cc_test {

class KeyPair {
 public:
  // RS256/PS256: RSA 2048; ES256: P-256; EdDSA: Ed25519.
  static KeyPair generate(oauth2cc::JwsAlgorithm algorithm) {
    using oauth2cc::JwsAlgorithm;
    const bool rsa = algorithm == JwsAlgorithm::rs256 || algorithm == JwsAlgorithm::ps256;
    const int type = rsa ? EVP_PKEY_RSA : algorithm == JwsAlgorithm::es256 ? EVP_PKEY_EC : EVP_PKEY_ED25519;
    std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(EVP_PKEY_CTX_new_id(type, nullptr),
                                                                         &EVP_PKEY_CTX_free);
    if (!context || EVP_PKEY_keygen_init(context.get()) != 1) throw std::runtime_error("keygen init failed");
    if (rsa && EVP_PKEY_CTX_set_rsa_keygen_bits(context.get(), 2048) != 1) throw std::runtime_error("rsa bits");
    if (type == EVP_PKEY_EC && EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context.get(), NID_X9_62_prime256v1) != 1) {
      throw std::runtime_error("ec curve");
    }
    EVP_PKEY* key = nullptr;
    if (EVP_PKEY_keygen(context.get(), &key) != 1) throw std::runtime_error("keygen failed");
    return KeyPair(oauth2cc::detail::EvpPkey(key));
  }

  // PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").
  oauth2cc::Secret private_pem() const {
    return write([&](BIO* bio) {
      return PEM_write_bio_PKCS8PrivateKey(bio, key_.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
  }
  // The same, encrypted with a passphrase.
  oauth2cc::Secret encrypted_pem(const std::string& passphrase) const {
    return write([&](BIO* bio) {
      return PEM_write_bio_PKCS8PrivateKey(bio, key_.get(), EVP_aes_256_cbc(), passphrase.c_str(),
                                           static_cast<int>(passphrase.size()), nullptr, nullptr);
    });
  }
  // SubjectPublicKeyInfo PEM, for the IdP's client registration.
  std::string public_pem() const {
    return std::string(write([&](BIO* bio) { return PEM_write_bio_PUBKEY(bio, key_.get()); }).reveal());
  }

  // Whether `signature` (in JWS form) signs `input` under this key.
  bool verifies(oauth2cc::JwsAlgorithm algorithm, std::string_view input, std::string_view signature) const {
    if (algorithm == oauth2cc::JwsAlgorithm::es256) {
      if (signature.size() != 64) return false;
      return verifies_der(input, oauth2cc::detail::ecdsa_raw_to_der(signature));
    }
    return verify(algorithm, input, signature);
  }
  // An ECDSA signature in OpenSSL's DER form.
  bool verifies_der(std::string_view input, std::string_view der) const {
    return verify(oauth2cc::JwsAlgorithm::es256, input, der);
  }

 private:
  explicit KeyPair(oauth2cc::detail::EvpPkey key) : key_(std::move(key)) {}

  template <typename Write>
  static oauth2cc::Secret write(Write&& write_to) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), &BIO_free);
    if (!bio || write_to(bio.get()) != 1) throw std::runtime_error("PEM write failed");
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return oauth2cc::Secret(std::string(data, static_cast<std::size_t>(size)));
  }

  bool verify(oauth2cc::JwsAlgorithm algorithm, std::string_view input, std::string_view signature) const {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_PKEY_CTX* key_context = nullptr;
    const EVP_MD* digest = algorithm == oauth2cc::JwsAlgorithm::eddsa ? nullptr : EVP_sha256();
    if (!context || EVP_DigestVerifyInit(context.get(), &key_context, digest, nullptr, key_.get()) != 1) return false;
    if (algorithm == oauth2cc::JwsAlgorithm::ps256 &&
        (EVP_PKEY_CTX_set_rsa_padding(key_context, RSA_PKCS1_PSS_PADDING) != 1 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(key_context, 32) != 1)) {
      return false;
    }
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(), reinterpret_cast<const unsigned char*>(input.data()),
                            input.size()) == 1;
  }

  oauth2cc::detail::EvpPkey key_;
};

// HMAC through EVP's MAC keys: not the library's HMAC() path.
inline std::string hmac(oauth2cc::JwsAlgorithm algorithm, std::string_view secret, std::string_view input) {
  oauth2cc::detail::EvpPkey key(EVP_PKEY_new_raw_private_key(
      EVP_PKEY_HMAC, nullptr, reinterpret_cast<const unsigned char*>(secret.data()), secret.size()));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  const EVP_MD* digest = algorithm == oauth2cc::JwsAlgorithm::hs512 ? EVP_sha512() : EVP_sha256();
  std::string mac(EVP_MAX_MD_SIZE, '\0');
  std::size_t size = mac.size();
  if (!key || !context || EVP_DigestSignInit(context.get(), nullptr, digest, nullptr, key.get()) != 1 ||
      EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(mac.data()), &size,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    throw std::runtime_error("HMAC failed");
  }
  mac.resize(size);
  return mac;
}

}  // namespace oauth2cc_test

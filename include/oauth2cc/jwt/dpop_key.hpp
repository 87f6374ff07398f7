#pragma once

// The key of DPoP (RFC 9449): the client proves with it that it holds the
// key a token was bound to. Signs with the same OpenSSL code as
// private_key_jwt; needs OpenSSL (libcrypto): link oauth2cc::httplib, or
// OpenSSL::Crypto yourself.
//
//   DpopKey key = DpopKey::generate();                       // ES256, in memory
//   DpopKey key = DpopKey::from_file("/keys/dpop.pem", JwsAlgorithm::eddsa);

#include <chrono>       // seconds, duration_cast
#include <cstddef>      // size_t
#include <cstdint>      // int64_t
#include <memory>       // shared_ptr
#include <string>       // string
#include <string_view>  // string_view
#include <utility>      // move

#include <openssl/core_names.h>  // OSSL_PKEY_PARAM_*
#include <openssl/evp.h>         // EVP_PKEY_*, EVP_Digest
#include <openssl/obj_mac.h>     // NID_X9_62_prime256v1
#include <openssl/rsa.h>         // EVP_PKEY_CTX_set_rsa_keygen_bits

#include <nlohmann/json.hpp>

#include <oauth2cc/clock.hpp>
#include <oauth2cc/detail/system/read_file.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/jwt/openssl_jws.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>

namespace oauth2cc {

// What one DPoP proof is for (RFC 9449 §4.2).
struct DpopProofRequest {
  std::string_view method;        // `htm`, e.g. "POST"
  std::string_view url;           // `htu`; query and fragment are dropped
  WallTime now;                   // `iat`
  std::string_view nonce;         // the server's latest DPoP-Nonce, or empty
  std::string_view access_token;  // for `ath` on resource requests; empty at the token endpoint
};

namespace detail {

inline std::string sha256(std::string_view data) {
  unsigned char digest[32];
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr) != 1 || size != sizeof digest) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(digest), size);
}

// `htu`: the URL without query and fragment (RFC 9449 §4.2).
constexpr std::string_view dpop_target_uri(std::string_view url) noexcept {
  return url.substr(0, url.find_first_of("?#"));
}

inline std::string big_number_param(EVP_PKEY* key, const char* name, int size = 0) {
  BIGNUM* number = nullptr;
  if (EVP_PKEY_get_bn_param(key, name, &number) != 1) return {};
  std::string bytes(static_cast<std::size_t>(size > 0 ? size : BN_num_bytes(number)), '\0');
  const int written = BN_bn2binpad(number, reinterpret_cast<unsigned char*>(bytes.data()), static_cast<int>(bytes.size()));
  BN_free(number);
  return written < 0 ? std::string() : bytes;
}

// The public JWK with only the members RFC 7638 §3.2 hashes, in its
// lexicographic member order: the same text serves as the `jwk` header and
// as the thumbprint input. Empty when the key cannot be exported.
inline std::string required_public_jwk(EVP_PKEY* key) {
  nlohmann::json jwk;  // nlohmann's object keeps keys sorted
  switch (EVP_PKEY_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS: {
      const std::string n = big_number_param(key, OSSL_PKEY_PARAM_RSA_N);
      const std::string e = big_number_param(key, OSSL_PKEY_PARAM_RSA_E);
      if (n.empty() || e.empty()) return {};
      jwk = {{"e", base64url_encode(e)}, {"kty", "RSA"}, {"n", base64url_encode(n)}};
      break;
    }
    case EVP_PKEY_EC: {
      const std::string x = big_number_param(key, OSSL_PKEY_PARAM_EC_PUB_X, 32);
      const std::string y = big_number_param(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32);
      if (x.empty() || y.empty()) return {};
      jwk = {{"crv", "P-256"}, {"kty", "EC"}, {"x", base64url_encode(x)}, {"y", base64url_encode(y)}};
      break;
    }
    case EVP_PKEY_ED25519: {
      std::string x(32, '\0');
      std::size_t size = x.size();
      if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char*>(x.data()), &size) != 1) return {};
      x.resize(size);
      jwk = {{"crv", "Ed25519"}, {"kty", "OKP"}, {"x", base64url_encode(x)}};
      break;
    }
    default: return {};
  }
  return jwk.dump();
}

inline Result<EvpPkey> generate_key(JwsAlgorithm algorithm) {
  const bool rsa = algorithm == JwsAlgorithm::rs256 || algorithm == JwsAlgorithm::ps256;
  const int type = rsa ? EVP_PKEY_RSA : algorithm == JwsAlgorithm::es256 ? EVP_PKEY_EC : EVP_PKEY_ED25519;
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> context(EVP_PKEY_CTX_new_id(type, nullptr),
                                                                       &EVP_PKEY_CTX_free);
  const bool ready = context && EVP_PKEY_keygen_init(context.get()) == 1 &&
                     (!rsa || EVP_PKEY_CTX_set_rsa_keygen_bits(context.get(), 2048) == 1) &&
                     (type != EVP_PKEY_EC ||
                      EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context.get(), NID_X9_62_prime256v1) == 1);
  EVP_PKEY* key = nullptr;
  if (!ready || EVP_PKEY_keygen(context.get(), &key) != 1) {
    return Failure{make_error_code(errc::invalid_configuration),
                   "cannot generate a DPoP key for " + std::string(to_string(algorithm)) + " (" + openssl_reason() +
                       ")"};
  }
  return EvpPkey(key);
}

}  // namespace detail

// A DPoP key pair and the proofs it signs. Copies share the key. Thread-safe.
class DpopKey {
 public:
  // A fresh key that lives in memory only: RSA 2048 for RS256/PS256, P-256
  // for ES256, Ed25519 for EdDSA. Tokens bound to it die with the process.
  static DpopKey generate(JwsAlgorithm algorithm = JwsAlgorithm::es256) {
    check_asymmetric(algorithm);
    Result<detail::EvpPkey> key = detail::generate_key(algorithm);
    if (!key) throw Error(std::move(key).failure());
    return DpopKey(std::move(*key), algorithm);
  }

  // A PEM private key (unencrypted PKCS#8 or traditional). Throws
  // oauth2cc::Error (invalid_configuration); the message never quotes the key.
  static DpopKey from_pem(const Secret& pem, JwsAlgorithm algorithm = JwsAlgorithm::es256) {
    check_asymmetric(algorithm);
    Result<detail::EvpPkey> key = detail::parse_private_key(pem.reveal());
    if (!key) throw Error(errc::invalid_configuration, "DPoP key: " + std::move(key).failure().message);
    if (std::string mismatch = detail::key_mismatch(key->get(), algorithm); !mismatch.empty()) {
      throw Error(errc::invalid_configuration, "DPoP key: " + mismatch);
    }
    return DpopKey(std::move(*key), algorithm);
  }

  static DpopKey from_file(const std::string& path, JwsAlgorithm algorithm = JwsAlgorithm::es256) {
    Result<std::string> pem = detail::read_file(path, 1024 * 1024);
    if (!pem) {
      throw Error(errc::invalid_configuration,
                  "DPoP key: cannot read " + path + " (" + std::move(pem).failure().message + ")");
    }
    Secret secret(std::move(*pem));
    return from_pem(secret, algorithm);
  }

  JwsAlgorithm algorithm() const noexcept { return state_->algorithm; }

  // The public key as a JWK (RFC 7517) with the members RFC 7638 requires.
  const std::string& public_jwk() const noexcept { return state_->jwk; }

  // RFC 7638 JWK SHA-256 thumbprint, base64url: what a DPoP-bound token's
  // `cnf.jkt` holds (RFC 9449 §6.1).
  const std::string& thumbprint() const noexcept { return state_->thumbprint; }

  // A signed proof (a compact JWS with typ dpop+jwt) for one request.
  Result<std::string> proof(const DpopProofRequest& request) const {
    Result<std::string> jwt_id = detail::random_jwt_id();
    if (!jwt_id) return std::move(jwt_id).failure();
    const std::int64_t issued_at =
        std::chrono::duration_cast<std::chrono::seconds>(request.now.time_since_epoch()).count();
    nlohmann::json claims = {{"htm", request.method},
                             {"htu", detail::dpop_target_uri(request.url)},
                             {"iat", issued_at},
                             {"jti", *jwt_id}};
    if (!request.nonce.empty()) claims["nonce"] = request.nonce;
    if (!request.access_token.empty()) claims["ath"] = access_token_hash(request.access_token);
    std::string jws = state_->encoded_header;
    jws += '.';
    jws += base64url_encode(claims.dump());
    Result<std::string> signature = detail::sign_with_key(state_->key.get(), state_->algorithm, jws);
    if (!signature) {
      return Failure{signature.failure().code, "cannot sign the DPoP proof: " + signature.failure().message};
    }
    jws += '.';
    jws += base64url_encode(*signature);
    return jws;
  }

  // `ath`: base64url(SHA-256(access token)) (RFC 9449 §4.2).
  static std::string access_token_hash(std::string_view access_token) {
    return base64url_encode(detail::sha256(access_token));
  }

 private:
  struct State {
    detail::EvpPkey key;
    JwsAlgorithm algorithm = JwsAlgorithm::es256;
    std::string jwk;
    std::string thumbprint;
    std::string encoded_header;  // the same for every proof, so encoded once
  };

  DpopKey(detail::EvpPkey key, JwsAlgorithm algorithm) {
    auto fresh = std::make_shared<State>();
    State& state = *fresh;
    state.jwk = detail::required_public_jwk(key.get());
    if (state.jwk.empty()) {
      throw Error(errc::invalid_configuration, "DPoP key: its public part cannot be exported as a JWK (" +
                                                   detail::openssl_reason() + ")");
    }
    state.thumbprint = base64url_encode(detail::sha256(state.jwk));
    const nlohmann::json header = {
        {"alg", to_string(algorithm)}, {"jwk", nlohmann::json::parse(state.jwk)}, {"typ", "dpop+jwt"}};
    state.encoded_header = base64url_encode(header.dump());
    state.key = std::move(key);
    state.algorithm = algorithm;
    state_ = std::move(fresh);
  }

  static void check_asymmetric(JwsAlgorithm algorithm) {
    if (is_hmac(algorithm)) {
      throw Error(errc::invalid_configuration,
                  "DPoP key: " + std::string(to_string(algorithm)) +
                      " is an HMAC algorithm; DPoP needs ES256, EdDSA, RS256 or PS256 (RFC 9449 §4.2)");
    }
  }

  std::shared_ptr<const State> state_;
};

}  // namespace oauth2cc

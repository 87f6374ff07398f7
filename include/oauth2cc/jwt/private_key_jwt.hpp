#pragma once

// private_key_jwt (RFC 7523 §2.2, OIDC Core §9): the client signs a short
// assertion with its private key; the IdP checks it with the public key
// registered for the client. Needs OpenSSL (libcrypto): link oauth2cc::httplib,
// or OpenSSL::Crypto yourself.
//
//   ClientCredentialsSettings settings;
//   settings.token_url = "https://idp/token";
//   settings.client_id = "my-service";
//   settings.auth_method = AuthMethod::private_key_jwt;
//   settings.assertion_signer = PrivateKeyJwt::from_file("/keys/client.pem", JwsAlgorithm::es256).key_id("k1");
//   ClientCredentials source(std::move(settings));

#include <chrono>        // seconds
#include <cstddef>       // size_t
#include <cstdint>       // uintmax_t
#include <filesystem>    // last_write_time, file_size
#include <memory>        // shared_ptr, make_shared
#include <mutex>         // mutex, lock_guard
#include <string>        // string
#include <system_error>  // error_code
#include <utility>       // move

#include <oauth2cc/credential_file.hpp>
#include <oauth2cc/error.hpp>
#include <oauth2cc/jwt/openssl_jws.hpp>
#include <oauth2cc/result.hpp>
#include <oauth2cc/secret.hpp>
#include <oauth2cc/source/client_assertion.hpp>

namespace oauth2cc {

// An AssertionSigner for private_key_jwt: RS256, PS256, ES256 (raw R||S) or
// EdDSA (Ed25519), with a `kid` header when key_id is set, a fresh random
// `jti` and a 60-second lifetime. Copies share the key, so the file is read
// once for all of them. Thread-safe.
class PrivateKeyJwt {
 public:
  // The key in a PEM file, read at the first token request and again whenever
  // the file's modification time or size changes, so a rotated key needs no
  // restart. An unreadable or unusable file fails that request.
  static PrivateKeyJwt from_file(std::string path, JwsAlgorithm algorithm = JwsAlgorithm::rs256) {
    if (path.empty()) throw Error(errc::invalid_configuration, "private_key_jwt: private_key_file is an empty path");
    PrivateKeyJwt signer(algorithm);
    signer.key_->path = std::move(path);
    return signer;
  }

  // A PEM key held in memory. Throws oauth2cc::Error (invalid_configuration)
  // when it is no usable key for the algorithm; the message never quotes it.
  static PrivateKeyJwt from_pem(const Secret& pem, JwsAlgorithm algorithm = JwsAlgorithm::rs256) {
    PrivateKeyJwt signer(algorithm);
    Result<detail::EvpPkey> key = usable_key(pem.reveal(), algorithm, "the in-memory private key");
    if (!key) throw Error(std::move(key).failure());
    signer.key_->key = std::move(*key);
    signer.key_->loads = 1;
    return signer;
  }

  // The `kid` header: which of the client's registered keys to check with.
  PrivateKeyJwt& key_id(std::string id) {
    key_id_ = std::move(id);
    return *this;
  }

  // How long an assertion is valid (`exp` - `iat`): short, as it is used once.
  PrivateKeyJwt& lifetime(std::chrono::seconds lifetime) {
    if (lifetime.count() <= 0) throw Error(errc::invalid_configuration, "private_key_jwt: lifetime must be positive");
    lifetime_ = lifetime;
    return *this;
  }

  JwsAlgorithm algorithm() const noexcept { return algorithm_; }

  // How often a key was read and parsed: once, plus once per change of the file.
  std::size_t key_loads() const {
    const std::lock_guard lock(key_->mutex);
    return key_->loads;
  }

  Result<Secret> operator()(const AssertionRequest& request) const {
    const std::lock_guard lock(key_->mutex);
    if (!key_->path.empty()) {
      if (auto refreshed = refresh_from_file(); !refreshed) return std::move(refreshed).failure();
    }
    EVP_PKEY* key = key_->key.get();
    return detail::build_assertion(request, algorithm_, key_id_, lifetime_, [&](std::string_view input) {
      return detail::sign_with_key(key, algorithm_, input);
    });
  }

 private:
  struct Key {
    std::mutex mutex;
    std::string path;  // empty for a key from memory
    detail::EvpPkey key;
    std::filesystem::file_time_type modified{};
    std::uintmax_t size = 0;
    std::size_t loads = 0;
  };

  explicit PrivateKeyJwt(JwsAlgorithm algorithm) : algorithm_(algorithm), key_(std::make_shared<Key>()) {
    if (is_hmac(algorithm)) {
      throw Error(errc::invalid_configuration, "private_key_jwt: " + std::string(to_string(algorithm)) +
                                                   " is an HMAC algorithm; use RS256, PS256, ES256 or EdDSA "
                                                   "(or auth_method client_secret_jwt)");
    }
  }

  static Result<detail::EvpPkey> usable_key(std::string_view pem, JwsAlgorithm algorithm, const std::string& origin) {
    Result<detail::EvpPkey> key = detail::parse_private_key(pem);
    if (!key) {
      return Failure{make_error_code(errc::invalid_configuration),
                     "private_key_jwt: " + origin + " is " + key.message() + "; write the key as PEM (-----BEGIN "
                     "PRIVATE KEY-----), unencrypted"};
    }
    if (const std::string mismatch = detail::key_mismatch(key->get(), algorithm); !mismatch.empty()) {
      return Failure{make_error_code(errc::invalid_configuration),
                     "private_key_jwt: " + origin + " does not suit signing_algorithm " +
                         std::string(to_string(algorithm)) + ": " + mismatch};
    }
    return key;
  }

  // Re-reads the file when it changed since the last read (called locked).
  Result<bool> refresh_from_file() const {
    std::error_code error;
    const auto modified = std::filesystem::last_write_time(key_->path, error);
    const auto size = error ? std::uintmax_t{0} : std::filesystem::file_size(key_->path, error);
    if (!error && key_->key && modified == key_->modified && size == key_->size) return false;
    Result<Secret> pem = read_credential_file(key_->path, "private_key_file");
    if (!pem) return std::move(pem).failure();
    Result<detail::EvpPkey> key = usable_key(pem->reveal(), algorithm_, "private_key_file " + key_->path);
    if (!key) return Failure{make_error_code(errc::credential_file_unusable), key.message()};
    key_->key = std::move(*key);
    key_->modified = modified;
    key_->size = size;
    ++key_->loads;
    return true;
  }

  JwsAlgorithm algorithm_;
  std::string key_id_;
  std::chrono::seconds lifetime_{60};
  std::shared_ptr<Key> key_;
};

}  // namespace oauth2cc

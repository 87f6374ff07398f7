// PrivateKeyJwt and ClientSecretJwt with real OpenSSL keys: every assertion
// is verified here with OpenSSL against the public key, the ES256 signature
// checked to be raw R||S, `jti`s checked to differ, and a key file checked
// to be re-read exactly when it changes.

#include <doctest/doctest.h>

#include <oauth2cc/jwt/client_secret_jwt.hpp>
#include <oauth2cc/jwt/private_key_jwt.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "../support/jws.hpp"
#include "../support/key_pair.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::Jws;
using oauth2cc_test::KeyPair;
using oauth2cc_test::split_jws;
using oauth2cc_test::TempDir;

namespace {

const WallTime wall_now(std::chrono::seconds(1'767'225'600));
const AssertionRequest request{"svc", "https://idp.example/token", wall_now, {}};

}  // namespace

TEST_SUITE("private_key_jwt signer") {
  TEST_CASE("RS256, PS256, ES256 and EdDSA assertions verify with the public key") {
    for (const JwsAlgorithm algorithm : {JwsAlgorithm::rs256, JwsAlgorithm::ps256, JwsAlgorithm::es256,
                                         JwsAlgorithm::eddsa}) {
      CAPTURE(to_string(algorithm));
      const KeyPair key = KeyPair::generate(algorithm);
      const PrivateKeyJwt signer = PrivateKeyJwt::from_pem(key.private_pem(), algorithm).key_id("k1");
      const auto assertion = signer(request);
      REQUIRE_MESSAGE(assertion, assertion.message());
      const Jws parts = split_jws(assertion->reveal());
      CHECK(parts.header == nlohmann::json{{"alg", to_string(algorithm)}, {"typ", "JWT"}, {"kid", "k1"}});
      CHECK(parts.claims["iss"] == "svc");
      CHECK(parts.claims["sub"] == "svc");
      CHECK(parts.claims["aud"] == "https://idp.example/token");
      CHECK(parts.claims["iat"] == 1'767'225'600);
      CHECK(parts.claims["exp"] == 1'767'225'660);
      CHECK(key.verifies(algorithm, parts.signing_input, parts.signature));
      // Changing one byte of what was signed breaks the signature: the check is real.
      CHECK_FALSE(key.verifies(algorithm, parts.signing_input + "x", parts.signature));
    }
  }

  TEST_CASE("ES256 signatures are the raw 64-byte R||S of RFC 7518 §3.4, not DER") {
    const KeyPair key = KeyPair::generate(JwsAlgorithm::es256);
    const PrivateKeyJwt signer = PrivateKeyJwt::from_pem(key.private_pem(), JwsAlgorithm::es256);
    for (int i = 0; i < 20; ++i) {  // R or S with a leading zero byte must still be 32 bytes
      const auto assertion = signer(request);
      REQUIRE(assertion);
      const Jws parts = split_jws(assertion->reveal());
      REQUIRE(parts.signature.size() == 64);
      const std::string der = detail::ecdsa_raw_to_der(parts.signature);
      CHECK(detail::ecdsa_der_to_raw(der, 32) == parts.signature);
      CHECK(key.verifies_der(parts.signing_input, der));
    }
  }

  TEST_CASE("every assertion has a fresh jti, even at the same instant") {
    const KeyPair key = KeyPair::generate(JwsAlgorithm::eddsa);
    const PrivateKeyJwt signer = PrivateKeyJwt::from_pem(key.private_pem(), JwsAlgorithm::eddsa);
    std::set<std::string> ids;
    for (int i = 0; i < 200; ++i) {
      const auto assertion = signer(request);
      REQUIRE(assertion);
      const std::string id = split_jws(assertion->reveal()).claims["jti"].get<std::string>();
      CHECK(id.size() == 22);  // 128 random bits
      ids.insert(id);
    }
    CHECK(ids.size() == 200);
  }

  TEST_CASE("the lifetime sets exp - iat") {
    const KeyPair key = KeyPair::generate(JwsAlgorithm::es256);
    const PrivateKeyJwt signer = PrivateKeyJwt::from_pem(key.private_pem(), JwsAlgorithm::es256).lifetime(30s);
    const Jws parts = split_jws(signer(request)->reveal());
    CHECK(parts.claims["exp"].get<long long>() - parts.claims["iat"].get<long long>() == 30);
    CHECK(parts.header.find("kid") == parts.header.end());
  }

  TEST_CASE("a key that does not suit the algorithm is refused, naming what is needed and not the key") {
    const KeyPair rsa = KeyPair::generate(JwsAlgorithm::rs256);
    const auto refuse = [&](JwsAlgorithm algorithm, const std::string& expected) {
      CAPTURE(to_string(algorithm));
      try {
        (void)PrivateKeyJwt::from_pem(rsa.private_pem(), algorithm);
        FAIL("accepted");
      } catch (const Error& error) {
        CHECK(error.code() == errc::invalid_configuration);
        CHECK(std::string(error.what()).find(expected) != std::string::npos);
        CHECK(std::string(error.what()).find("PRIVATE KEY-----\n") == std::string::npos);
      }
    };
    refuse(JwsAlgorithm::es256, "ES256 needs an EC key on the P-256 curve");
    refuse(JwsAlgorithm::eddsa, "EdDSA needs an Ed25519 key");
    CHECK_THROWS_WITH_AS(PrivateKeyJwt::from_pem(rsa.private_pem(), JwsAlgorithm::hs256),
                         doctest::Contains("HMAC algorithm"), Error);
    CHECK_THROWS_WITH_AS(PrivateKeyJwt::from_pem(Secret("-----BEGIN PRIVATE KEY-----\nnope\n"), JwsAlgorithm::rs256),
                         doctest::Contains("not an unencrypted PEM private key"), Error);
  }

  TEST_CASE("a key file is read once, and again only when it changes") {
    const KeyPair first = KeyPair::generate(JwsAlgorithm::es256);
    const KeyPair second = KeyPair::generate(JwsAlgorithm::es256);
    const TempDir dir;
    const std::string path = dir.write("key.pem", first.private_pem().reveal());
    const PrivateKeyJwt signer = PrivateKeyJwt::from_file(path, JwsAlgorithm::es256);
    CHECK(signer.key_loads() == 0);  // nothing read before the first request

    Jws parts = split_jws(signer(request)->reveal());
    CHECK(first.verifies(JwsAlgorithm::es256, parts.signing_input, parts.signature));
    (void)signer(request);
    CHECK(signer.key_loads() == 1);

    // A rotated key; the modification time is moved on explicitly, as two
    // writes within the file system's timestamp granularity look alike.
    const auto before = std::filesystem::last_write_time(path);
    dir.write("key.pem", second.private_pem().reveal());
    std::filesystem::last_write_time(path, before + 2s);
    parts = split_jws(signer(request)->reveal());
    CHECK(signer.key_loads() == 2);
    CHECK(second.verifies(JwsAlgorithm::es256, parts.signing_input, parts.signature));
    CHECK_FALSE(first.verifies(JwsAlgorithm::es256, parts.signing_input, parts.signature));
  }

  TEST_CASE("a missing or broken key file fails the request with credential_file_unusable") {
    const PrivateKeyJwt missing = PrivateKeyJwt::from_file("/nonexistent/oauth2cc.pem", JwsAlgorithm::rs256);
    const auto none = missing(request);
    CHECK(none.error() == errc::credential_file_unusable);
    CHECK(none.message().find("/nonexistent/oauth2cc.pem") != std::string::npos);

    const TempDir dir;
    const std::string path = dir.write("key.pem", "-----BEGIN PRIVATE KEY-----\nc2VjcmV0LWJ5dGVz\n-----END PRIVATE KEY-----\n");
    const auto broken = PrivateKeyJwt::from_file(path, JwsAlgorithm::rs256)(request);
    CHECK(broken.error() == errc::credential_file_unusable);
    CHECK(broken.message().find("not an unencrypted PEM private key") != std::string::npos);
    CHECK(broken.message().find("c2VjcmV0LWJ5dGVz") == std::string::npos);
  }

  TEST_CASE("an encrypted key is refused instead of prompting for a passphrase") {
    const KeyPair key = KeyPair::generate(JwsAlgorithm::es256);
    CHECK_THROWS_WITH_AS(PrivateKeyJwt::from_pem(key.encrypted_pem("pass"), JwsAlgorithm::es256),
                         doctest::Contains("not an unencrypted PEM private key"), Error);
  }
}

TEST_SUITE("client_secret_jwt signer") {
  TEST_CASE("HS256 and HS512 are the HMAC of the signing input under the client secret") {
    for (const JwsAlgorithm algorithm : {JwsAlgorithm::hs256, JwsAlgorithm::hs512}) {
      CAPTURE(to_string(algorithm));
      const AssertionRequest with_secret{"svc", "https://idp.example/token", wall_now, "a-long-enough-client-secret"};
      const auto assertion = ClientSecretJwt(algorithm)(with_secret);
      REQUIRE(assertion);
      const Jws parts = split_jws(assertion->reveal());
      CHECK(parts.header == nlohmann::json{{"alg", to_string(algorithm)}, {"typ", "JWT"}});
      CHECK(parts.signature == oauth2cc_test::hmac(algorithm, "a-long-enough-client-secret", parts.signing_input));
      CHECK(parts.signature.size() == (algorithm == JwsAlgorithm::hs256 ? 32U : 64U));
      CHECK(parts.signature != oauth2cc_test::hmac(algorithm, "another-secret", parts.signing_input));
    }
  }

  TEST_CASE("an asymmetric algorithm is refused") {
    CHECK_THROWS_WITH_AS(ClientSecretJwt{JwsAlgorithm::rs256}, doctest::Contains("use HS256 or HS512"), Error);
  }
}

TEST_SUITE("private_key_jwt through ClientCredentials") {
  TEST_CASE("the assertion in the request verifies, and aud is the token endpoint") {
    const KeyPair key = KeyPair::generate(JwsAlgorithm::ps256);
    ClientCredentialsSettings settings;
    settings.token_url = "https://idp.example/token";
    settings.client_id = "svc";
    settings.auth_method = AuthMethod::private_key_jwt;
    settings.assertion_signer = PrivateKeyJwt::from_pem(key.private_pem(), JwsAlgorithm::ps256);
    ClientCredentials source(std::move(settings));
    MockTransport mock;
    mock.respond_token("tok").respond_token("tok");
    const Instant at{SteadyTime(1h), wall_now};
    REQUIRE(source.fetch(mock, at));
    REQUIRE(source.fetch(mock, at));
    const auto requests = mock.requests();
    const Jws first = split_jws(requests[0].form_value("client_assertion").value());
    const Jws second = split_jws(requests[1].form_value("client_assertion").value());
    CHECK(first.claims["aud"] == "https://idp.example/token");
    CHECK(first.claims["iat"] == 1'767'225'600);
    CHECK(key.verifies(JwsAlgorithm::ps256, first.signing_input, first.signature));
    CHECK(first.claims["jti"] != second.claims["jti"]);
  }
}

// Interop of private_key_jwt and client_secret_jwt with a real oidc-provider
// (tests/idp): the keys are made for each run, their public halves
// registered through idp.mjs --clients, and every token is then presented to
// the protected resource. The failures are the IdP's own verdicts.

#include <doctest/doctest.h>

#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/idp_process.hpp"
#include "../support/key_pair.hpp"
#include "../support/protected_resource.hpp"
#include "../support/temp_dir.hpp"
#include "../support/test_clients.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::IdpProcess;
using oauth2cc_test::KeyPair;
using oauth2cc_test::TempDir;

namespace client_assertion_interop_test {

namespace {

using oauth2cc_test::api;

const std::string certs = OAUTH2CC_TEST_CERTS_DIR;
const std::string hmac_id = "oauth2cc-secret-jwt";
const std::string hmac_secret = "a-client-secret-of-at-least-64-bytes-for-hs512-0123456789abcdef!";

std::string client_id(JwsAlgorithm algorithm) { return "oauth2cc-pkjwt-" + std::string(to_string(algorithm)); }
std::string key_id(JwsAlgorithm algorithm) { return "kid-" + std::string(to_string(algorithm)); }

constexpr JwsAlgorithm asymmetric[] = {JwsAlgorithm::rs256, JwsAlgorithm::ps256, JwsAlgorithm::es256,
                                       JwsAlgorithm::eddsa};

// One key pair per algorithm, a client per key registered with exactly that
// algorithm, a client_secret_jwt client, and the IdP running with them.
struct AssertionIdp {
  std::vector<KeyPair> keys;
  TempDir files;  // the --clients file, kept while the IdP runs
  std::unique_ptr<IdpProcess> idp;

  AssertionIdp() {
    nlohmann::json list = nlohmann::json::array();
    for (const JwsAlgorithm algorithm : asymmetric) {
      keys.push_back(KeyPair::generate(algorithm));
      list.push_back({{"client_id", client_id(algorithm)},
                      {"token_endpoint_auth_method", "private_key_jwt"},
                      {"token_endpoint_auth_signing_alg", to_string(algorithm)},
                      {"public_keys", {{{"kid", key_id(algorithm)}, {"pem", keys.back().public_pem()}}}}});
    }
    list.push_back({{"client_id", hmac_id},
                    {"client_secret", hmac_secret},
                    {"token_endpoint_auth_method", "client_secret_jwt"}});
    oauth2cc_test::IdpOptions options;
    options.script = OAUTH2CC_IDP_SCRIPT;
    options.extra_args = {"--clients", files.write("clients.json", list.dump())};
    idp = std::make_unique<IdpProcess>(options);
  }

  const KeyPair& key(JwsAlgorithm algorithm) const {
    for (std::size_t i = 0; i < std::size(asymmetric); ++i) {
      if (asymmetric[i] == algorithm) return keys[i];
    }
    FAIL("no key for the algorithm");
    return keys.front();
  }

  // The source for a private_key_jwt client, signing with `signer`.
  ClientCredentials source(JwsAlgorithm algorithm, AssertionSigner signer) const {
    ClientCredentialsSettings settings;
    settings.token_url = idp->token_endpoint();
    settings.client_id = client_id(algorithm);
    settings.auth_method = AuthMethod::private_key_jwt;
    settings.assertion_signer = std::move(signer);
    settings.scopes = {"api:read"};
    settings.resource = api;
    return ClientCredentials(std::move(settings));
  }

  ClientCredentials source(JwsAlgorithm algorithm) const {
    return source(algorithm, PrivateKeyJwt::from_pem(key(algorithm).private_pem(), algorithm).key_id(key_id(algorithm)));
  }

  int protected_status(const std::string& header) const {
    return oauth2cc_test::protected_status(*idp, header, certs + "/ca.pem");
  }
};

// Wraps a signer and keeps the last assertion, to prove messages never hold it.
struct Remembering {
  AssertionSigner inner;
  std::shared_ptr<std::string> last = std::make_shared<std::string>();
  Result<Secret> operator()(const AssertionRequest& request) const {
    Result<Secret> assertion = inner(request);
    if (assertion) *last = std::string(assertion->reveal());
    return assertion;
  }
};

Instant real_now() { return Instant{std::chrono::steady_clock::now(), std::chrono::system_clock::now()}; }

// The IdP's refusal of a bad assertion: invalid_client, a message that says
// what to check, and neither the assertion nor any part of the key in it.
void check_refused(const Result<Token>& token, const std::string& assertion, const KeyPair& key) {
  CHECK(token.error() == errc::invalid_client);
  const std::string& message = token.message();
  CHECK(message.find("private_key_file") != std::string::npos);
  CHECK(message.find("key_id") != std::string::npos);
  REQUIRE(assertion.size() > 100);
  CHECK(message.find(assertion) == std::string::npos);
  CHECK(message.find(assertion.substr(assertion.rfind('.') + 1)) == std::string::npos);  // the signature
  CHECK(message.find("PRIVATE KEY") == std::string::npos);
  const std::string pem(key.private_pem().reveal());
  CHECK(message.find(pem.substr(40, 40)) == std::string::npos);
}

}  // namespace

TEST_SUITE("interop: client assertions with oidc-provider") {
  TEST_CASE("private_key_jwt with RS256, PS256, ES256 and EdDSA: tokens accepted by the resource") {
    const AssertionIdp idp;
    for (const JwsAlgorithm algorithm : asymmetric) {
      CAPTURE(to_string(algorithm));
      Authenticator auth(idp.source(algorithm), ExpiryBuffer{}, HttplibTransport{});
      const auto token = auth.try_token();
      REQUIRE_MESSAGE(token, token.message());
      CHECK(token->scope == "api:read");
      CHECK(idp.protected_status(auth.header()) == 200);
    }
  }

  TEST_CASE("every request has a fresh jti: back-to-back assertions are all accepted") {
    const AssertionIdp idp;
    ClientCredentials source = idp.source(JwsAlgorithm::es256);
    HttplibTransport transport;
    const Instant at = real_now();  // the same iat for all three
    for (int i = 0; i < 3; ++i) {
      const auto token = source.fetch(transport, at);
      CHECK_MESSAGE(token, token.message());
    }
  }

  TEST_CASE("client_secret_jwt with HS256 and HS512: tokens accepted by the resource") {
    const AssertionIdp idp;
    for (const JwsAlgorithm algorithm : {JwsAlgorithm::hs256, JwsAlgorithm::hs512}) {
      CAPTURE(to_string(algorithm));
      ClientCredentials source(idp.idp->token_endpoint(), hmac_id, hmac_secret);
      source.client_assertion(AuthMethod::client_secret_jwt, ClientSecretJwt(algorithm)).scopes({"api:read"}).resource(api);
      Authenticator auth(std::move(source), ExpiryBuffer{}, HttplibTransport{});
      const auto header = auth.try_header();
      REQUIRE_MESSAGE(header, header.message());
      CHECK(idp.protected_status(std::string(*header)) == 200);
    }
  }

  TEST_CASE("client_secret_jwt with a wrong secret is invalid_client and the message has no secret") {
    const AssertionIdp idp;
    ClientCredentials source(idp.idp->token_endpoint(), hmac_id, "not-the-secret-but-just-as-long-0123456789");
    source.client_assertion(AuthMethod::client_secret_jwt, ClientSecretJwt(JwsAlgorithm::hs256));
    HttplibTransport transport;
    const auto token = source.fetch(transport, real_now());
    CHECK(token.error() == errc::invalid_client);
    CHECK(token.message().find("client_secret") != std::string::npos);
    CHECK(token.message().find("not-the-secret") == std::string::npos);
  }

  TEST_CASE("a kid the client has not registered is invalid_client naming key_id") {
    const AssertionIdp idp;
    const Remembering signer{PrivateKeyJwt::from_pem(idp.key(JwsAlgorithm::rs256).private_pem(), JwsAlgorithm::rs256)
                                 .key_id("no-such-kid")};
    ClientCredentials source = idp.source(JwsAlgorithm::rs256, signer);
    HttplibTransport transport;
    check_refused(source.fetch(transport, real_now()), *signer.last, idp.key(JwsAlgorithm::rs256));
  }

  TEST_CASE("an assertion signed by another key is invalid_client") {
    const AssertionIdp idp;
    const KeyPair other = KeyPair::generate(JwsAlgorithm::es256);
    const Remembering signer{
        PrivateKeyJwt::from_pem(other.private_pem(), JwsAlgorithm::es256).key_id(key_id(JwsAlgorithm::es256))};
    ClientCredentials source = idp.source(JwsAlgorithm::es256, signer);
    HttplibTransport transport;
    check_refused(source.fetch(transport, real_now()), *signer.last, other);
  }

  TEST_CASE("an expired assertion is invalid_client") {
    const AssertionIdp idp;
    const Remembering signer{PrivateKeyJwt::from_pem(idp.key(JwsAlgorithm::eddsa).private_pem(), JwsAlgorithm::eddsa)
                                 .key_id(key_id(JwsAlgorithm::eddsa))};
    ClientCredentials source = idp.source(JwsAlgorithm::eddsa, signer);
    HttplibTransport transport;
    const Instant an_hour_ago{std::chrono::steady_clock::now(), std::chrono::system_clock::now() - 1h};
    check_refused(source.fetch(transport, an_hour_ago), *signer.last, idp.key(JwsAlgorithm::eddsa));
    // The same source at the right time works: only the time was wrong.
    const auto token = source.fetch(transport, real_now());
    CHECK_MESSAGE(token, token.message());
  }

  TEST_CASE("a wrong audience is invalid_client, and the issuer as audience is accepted") {
    const AssertionIdp idp;
    const Remembering signer{PrivateKeyJwt::from_pem(idp.key(JwsAlgorithm::ps256).private_pem(), JwsAlgorithm::ps256)
                                 .key_id(key_id(JwsAlgorithm::ps256))};
    ClientCredentials source = idp.source(JwsAlgorithm::ps256, signer);
    source.assertion_audience("https://somebody-else.example/token");
    HttplibTransport transport;
    check_refused(source.fetch(transport, real_now()), *signer.last, idp.key(JwsAlgorithm::ps256));
    source.assertion_audience(idp.idp->issuer());
    const auto token = source.fetch(transport, real_now());
    CHECK_MESSAGE(token, token.message());
  }

  TEST_CASE("private_key_jwt from a configuration: make_authenticator reads private_key_file") {
    const AssertionIdp idp;
    const TempDir dir;
    const nlohmann::json block = {{"client_id", client_id(JwsAlgorithm::es256)},
                                  {"token_url", idp.idp->token_endpoint()},
                                  {"auth_method", "private_key_jwt"},
                                  {"private_key_file", dir.write("key.pem", idp.key(JwsAlgorithm::es256).private_pem().reveal())},
                                  {"key_id", key_id(JwsAlgorithm::es256)},
                                  {"signing_algorithm", "ES256"},
                                  {"scopes", {"api:read"}},
                                  {"endpoint_params", {{"resource", api}}}};
    const auto config = config_from_json_text(block.dump());
    REQUIRE_MESSAGE(config, config.message());
    AnyAuthenticator auth = make_authenticator(*config);
    const auto header = auth.try_header();
    REQUIRE_MESSAGE(header, header.message());
    CHECK(idp.protected_status(std::string(*header)) == 200);
  }
}

}  // namespace client_assertion_interop_test

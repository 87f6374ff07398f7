// Client assertions in the core (no OpenSSL): the JWS parts, the claims, the
// form fields and the messages, with a signer that only records what it was
// asked. Signing itself is tested in tests/jwt/.

#include <doctest/doctest.h>

#include <oauth2cc/config.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace client_assertion_test {

namespace {

const std::string url = "https://idp.example/token";
const Instant now{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};
const std::string fake_assertion = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJtZSJ9.c2lnbmF0dXJl";

// Records every request and answers with fake_assertion.
struct RecordingSigner {
  struct Seen {
    std::string client_id, audience, client_secret;
    WallTime now;
  };
  std::shared_ptr<std::vector<Seen>> seen = std::make_shared<std::vector<Seen>>();

  Result<Secret> operator()(const AssertionRequest& request) const {
    seen->push_back({std::string(request.client_id), std::string(request.audience),
                     std::string(request.client_secret), request.now});
    return Secret(fake_assertion);
  }
};

ClientCredentials private_key_source(const AssertionSigner& signer) {
  ClientCredentialsSettings settings;
  settings.token_url = url;
  settings.client_id = "svc";
  settings.auth_method = AuthMethod::private_key_jwt;
  settings.assertion_signer = signer;
  return ClientCredentials(std::move(settings));
}

}  // namespace

TEST_SUITE("client assertion: JWS parts") {
  TEST_CASE("base64url has no padding and uses - and _ (RFC 7515 §2)") {
    CHECK(base64url_encode("") == "");
    CHECK(base64url_encode("f") == "Zg");
    CHECK(base64url_encode("fo") == "Zm8");
    CHECK(base64url_encode("foo") == "Zm9v");
    CHECK(base64url_encode("foob") == "Zm9vYg");
    CHECK(base64url_encode(std::string("\xfb\xff", 2)) == "-_8");
    CHECK(detail::base64_decode(base64url_encode("any bytes \x01\xfe")) == "any bytes \x01\xfe");
  }

  TEST_CASE("the claims are iss = sub = client_id, aud, iat from the given time, exp after lifetime, jti") {
    const AssertionRequest request{"svc", "https://idp.example/token", now.wall, {}};
    const auto claims = nlohmann::json::parse(detail::assertion_claims(request, 60s, "id-1"));
    CHECK(claims.size() == 6);
    CHECK(claims["iss"] == "svc");
    CHECK(claims["sub"] == "svc");
    CHECK(claims["aud"] == "https://idp.example/token");
    CHECK(claims["iat"] == 1'767'225'600);
    CHECK(claims["exp"] == 1'767'225'660);
    CHECK(claims["jti"] == "id-1");
  }

  TEST_CASE("the header names alg and typ, and kid only when there is one") {
    const auto with_kid = nlohmann::json::parse(detail::assertion_header("ES256", "k1"));
    CHECK(with_kid == nlohmann::json{{"alg", "ES256"}, {"typ", "JWT"}, {"kid", "k1"}});
    const auto without = nlohmann::json::parse(detail::assertion_header("RS256", ""));
    CHECK(without == nlohmann::json{{"alg", "RS256"}, {"typ", "JWT"}});
  }

  TEST_CASE("the signing input is base64url(header).base64url(claims)") {
    CHECK(detail::signing_input("{}", "{\"a\":1}") == "e30.eyJhIjoxfQ");
  }

  TEST_CASE("algorithm names round-trip, and only HS256/HS512 are HMAC") {
    for (const auto algorithm : {JwsAlgorithm::rs256, JwsAlgorithm::ps256, JwsAlgorithm::es256, JwsAlgorithm::eddsa,
                                 JwsAlgorithm::hs256, JwsAlgorithm::hs512}) {
      CHECK(jws_algorithm_named(to_string(algorithm)) == algorithm);
    }
    CHECK_FALSE(jws_algorithm_named("es256"));
    CHECK_FALSE(jws_algorithm_named("none"));
    CHECK(is_hmac(JwsAlgorithm::hs512));
    CHECK_FALSE(is_hmac(JwsAlgorithm::eddsa));
  }
}

TEST_SUITE("client assertion: the token request") {
  TEST_CASE("private_key_jwt sends client_id, the assertion type and the assertion, and no secret") {
    RecordingSigner signer;
    ClientCredentials source = private_key_source(signer);
    MockTransport mock;
    mock.respond_token("tok");
    REQUIRE(source.fetch(mock, now));
    const RecordedRequest sent = mock.requests().front();
    CHECK(sent.header("Authorization").empty());
    CHECK(sent.form_value("grant_type") == "client_credentials");
    CHECK(sent.form_value("client_id") == "svc");
    CHECK(sent.form_value("client_assertion_type") == "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    CHECK(sent.form_value("client_assertion") == fake_assertion);
    CHECK_FALSE(sent.form_value("client_secret"));
    REQUIRE(signer.seen->size() == 1);
    CHECK(signer.seen->front().client_id == "svc");
    CHECK(signer.seen->front().audience == url);
    CHECK(signer.seen->front().now == now.wall);
    CHECK(signer.seen->front().client_secret.empty());
  }

  TEST_CASE("the signer is asked once per token request") {
    RecordingSigner signer;
    ClientCredentials source = private_key_source(signer);
    MockTransport mock;
    mock.respond_token("a").respond_token("b");
    REQUIRE(source.fetch(mock, now));
    REQUIRE(source.fetch(mock, Instant{now.steady + 1h, now.wall + 1h}));
    REQUIRE(signer.seen->size() == 2);
    CHECK(signer.seen->back().now == now.wall + 1h);
  }

  TEST_CASE("assertion_audience replaces token_url as aud") {
    RecordingSigner signer;
    ClientCredentials source = private_key_source(signer);
    source.assertion_audience("https://idp.example");
    MockTransport mock;
    mock.respond_token("tok");
    REQUIRE(source.fetch(mock, now));
    CHECK(signer.seen->front().audience == "https://idp.example");
  }

  TEST_CASE("client_secret_jwt hands the client secret to the signer and does not send it") {
    RecordingSigner signer;
    ClientCredentials source(url, "svc", "hmac-secret");
    source.client_assertion(AuthMethod::client_secret_jwt, signer);
    MockTransport mock;
    mock.respond_token("tok");
    REQUIRE(source.fetch(mock, now));
    CHECK(signer.seen->front().client_secret == "hmac-secret");
    const RecordedRequest sent = mock.requests().front();
    CHECK(sent.request.body.find("hmac-secret") == std::string::npos);
    CHECK(sent.header("Authorization").empty());
  }

  TEST_CASE("an assertion method without a signer, or client_secret_jwt without a secret, is refused") {
    ClientCredentialsSettings settings;
    settings.token_url = url;
    settings.client_id = "svc";
    settings.auth_method = AuthMethod::private_key_jwt;
    CHECK_THROWS_WITH_AS(ClientCredentials{settings}, doctest::Contains("needs an assertion_signer"), Error);
    settings.auth_method = AuthMethod::client_secret_jwt;
    settings.assertion_signer = RecordingSigner{};
    CHECK_THROWS_WITH_AS(ClientCredentials{settings}, doctest::Contains("client_secret is empty"), Error);
    ClientCredentials source(url, "svc", "secret");
    CHECK_THROWS_AS(source.client_assertion(AuthMethod::client_secret_post, RecordingSigner{}), Error);
  }

  TEST_CASE("a signer's failure is the fetch's failure, and nothing is sent") {
    ClientCredentials source = private_key_source(
        [](const AssertionRequest&) -> Result<Secret> { return Result<Secret>(errc::source_failed, "no key"); });
    MockTransport mock;
    const auto token = source.fetch(mock, now);
    CHECK(token.error() == errc::source_failed);
    CHECK(mock.request_count() == 0);
  }

  TEST_CASE("invalid_client names what to check for the method, and an echoed assertion is redacted") {
    ClientCredentials source = private_key_source(RecordingSigner{});
    MockTransport mock;
    mock.respond(401, R"({"error":"invalid_client","error_description":"bad )" + fake_assertion + R"("})",
                 {{"Content-Type", "application/json"}});
    const auto token = source.fetch(mock, now);
    CHECK(token.error() == errc::invalid_client);
    CHECK(token.message().find("private_key_file") != std::string::npos);
    CHECK(token.message().find("key_id") != std::string::npos);
    CHECK(token.message().find("client_secret") == std::string::npos);
    CHECK(token.message().find(fake_assertion) == std::string::npos);
    CHECK(token.message().find("[redacted]") != std::string::npos);
  }
}

TEST_SUITE("config: client assertions") {
  TEST_CASE("private_key_jwt takes private_key_file, key_id, signing_algorithm and assertion_audience") {
    const auto config = config_from_json_text(R"({"client_id":"svc","token_url":"https://idp/token",
      "auth_method":"private_key_jwt","private_key_file":"/keys/svc.pem","key_id":"k1",
      "signing_algorithm":"ES256","assertion_audience":"https://idp"})");
    REQUIRE_MESSAGE(config, config.message());
    CHECK(config->auth_method == AuthMethod::private_key_jwt);
    CHECK(config->private_key_file == "/keys/svc.pem");
    CHECK(config->key_id == "k1");
    CHECK(config->signing_algorithm == JwsAlgorithm::es256);
    CHECK(config->assertion_audience == "https://idp");
    CHECK(config->client_secret.empty());
  }

  TEST_CASE("private_key_jwt without private_key_file, or with a client secret, names each problem") {
    const auto config = config_from_json_text(
        R"({"client_id":"svc","client_secret":"x","token_url":"https://idp/token","auth_method":"private_key_jwt"})");
    REQUIRE_FALSE(config);
    CHECK(config.error() == errc::invalid_configuration);
    CHECK(config.message().find("private_key_file: missing") != std::string::npos);
    CHECK(config.message().find("client_secret: auth_method private_key_jwt") != std::string::npos);
  }

  TEST_CASE("client_secret_jwt needs a secret and an HMAC algorithm") {
    const auto good = config_from_json_text(R"({"client_id":"svc","client_secret":"s","token_url":"https://idp/token",
      "auth_method":"client_secret_jwt","signing_algorithm":"HS512"})");
    REQUIRE_MESSAGE(good, good.message());
    CHECK(good->signing_algorithm == JwsAlgorithm::hs512);
    const auto bad = config_from_json_text(R"({"client_id":"svc","client_secret":"s","token_url":"https://idp/token",
      "auth_method":"client_secret_jwt","signing_algorithm":"RS256"})");
    REQUIRE_FALSE(bad);
    CHECK(bad.message().find("must be HS256 or HS512 for auth_method client_secret_jwt") != std::string::npos);
  }

  TEST_CASE("assertion keys with a secret method are refused, and a misspelt key gets a suggestion") {
    const auto config = config_from_json_text(R"({"client_id":"svc","client_secret":"s","token_url":"https://idp/token",
      "key_id":"k1","signing_algorithm":"RS256"})");
    REQUIRE_FALSE(config);
    CHECK(config.message().find("key_id: only used with auth_method private_key_jwt") != std::string::npos);
    CHECK(config.message().find("signing_algorithm: only used with") != std::string::npos);
    const auto typo = config_from_json_text(R"({"client_id":"svc","token_url":"https://idp/token",
      "auth_method":"private_key_jwt","private_key_fle":"/k.pem"})");
    REQUIRE_FALSE(typo);
    CHECK(typo.message().find("did you mean private_key_file?") != std::string::npos);
  }

  TEST_CASE("an unknown auth_method lists all six") {
    const auto config = config_from_json_text(
        R"({"client_id":"svc","client_secret":"s","token_url":"https://idp/token","auth_method":"mtls"})");
    REQUIRE_FALSE(config);
    CHECK(config.message().find("private_key_jwt, client_secret_jwt, tls_client_auth or self_signed_tls_client_auth") !=
          std::string::npos);
  }

  TEST_CASE("tls_client_auth needs tls.cert_file and no client secret") {
    const auto good = config_from_json_text(R"({"client_id":"svc","token_url":"https://idp/token",
      "auth_method":"tls_client_auth","tls":{"cert_file":"/c.pem","key_file":"/c.key"}})");
    REQUIRE_MESSAGE(good, good.message());
    CHECK(good->auth_method == AuthMethod::tls_client_auth);
    const auto bad = config_from_json_text(R"({"client_id":"svc","client_secret":"s","token_url":"https://idp/token",
      "auth_method":"self_signed_tls_client_auth"})");
    REQUIRE_FALSE(bad);
    CHECK(bad.message().find("tls.cert_file: missing; auth_method self_signed_tls_client_auth needs the client "
                             "certificate") != std::string::npos);
    CHECK(bad.message().find("client_secret: auth_method self_signed_tls_client_auth proves the client with "
                             "tls.cert_file") != std::string::npos);
  }

  TEST_CASE("client_credentials(config) without a signer refuses an assertion method") {
    const auto config = config_from_json_text(R"({"client_id":"svc","token_url":"https://idp/token",
      "auth_method":"private_key_jwt","private_key_file":"/keys/svc.pem"})");
    REQUIRE(config);
    CHECK_THROWS_WITH_AS(client_credentials(*config), doctest::Contains("needs an assertion_signer"), Error);
    CHECK_NOTHROW(client_credentials(*config, RecordingSigner{}));
  }
}

TEST_SUITE("tls_client_auth: the token request") {
  TEST_CASE("tls_client_auth and self_signed_tls_client_auth send client_id only (RFC 8705 §2)") {
    for (const AuthMethod method : {AuthMethod::tls_client_auth, AuthMethod::self_signed_tls_client_auth}) {
      CAPTURE(to_string(method));
      ClientCredentialsSettings settings;
      settings.token_url = url;
      settings.client_id = "svc";
      settings.auth_method = method;
      ClientCredentials source(std::move(settings));
      MockTransport mock;
      mock.respond_token("tok");
      REQUIRE(source.fetch(mock, now));
      const RecordedRequest sent = mock.requests().front();
      CHECK(sent.header("Authorization").empty());
      CHECK(sent.form() == detail::FormFields{{"grant_type", "client_credentials"}, {"client_id", "svc"}});
    }
  }

  TEST_CASE("a certificate method needs an https:// token_url") {
    ClientCredentialsSettings settings;
    settings.token_url = "http://idp.example/token";
    settings.client_id = "svc";
    settings.auth_method = AuthMethod::tls_client_auth;
    CHECK_THROWS_WITH_AS(ClientCredentials{settings}, doctest::Contains("needs an https:// token_url"), Error);
  }

  TEST_CASE("invalid_client with a certificate method names tls.cert_file") {
    ClientCredentialsSettings settings;
    settings.token_url = url;
    settings.client_id = "svc";
    settings.auth_method = AuthMethod::self_signed_tls_client_auth;
    ClientCredentials source(std::move(settings));
    MockTransport mock;
    mock.respond(401, R"({"error":"invalid_client","error_description":"client authentication failed"})",
                 {{"Content-Type", "application/json"}});
    const auto token = source.fetch(mock, now);
    CHECK(token.error() == errc::invalid_client);
    CHECK(token.message().find("tls.cert_file and tls.key_file") != std::string::npos);
    CHECK(token.message().find("client_secret") == std::string::npos);
  }
}

}  // namespace client_assertion_test

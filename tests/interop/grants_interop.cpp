// Token exchange (RFC 8693) and the JWT bearer grant (RFC 7523 §2.1)
// against a real oidc-provider (tests/idp), whose harness registers both as
// extension grants and whose /protected resource verifies every token and
// echoes the claims that show what was exchanged or asserted; then both
// grants from a configuration (grant_type), through make_authenticator.

#include <doctest/doctest.h>

#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/authenticator_from_config.hpp>
#include <oauth2cc/config.hpp>

#include <httplib.h>

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "../support/idp_process.hpp"
#include "../support/key_pair.hpp"
#include "../support/scoped_env.hpp"
#include "../support/temp_dir.hpp"
#include "../support/test_clients.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::IdpProcess;
using oauth2cc_test::KeyPair;
using oauth2cc_test::TempDir;

namespace grants_interop_test {

namespace {

using oauth2cc_test::api;
using oauth2cc_test::basic_id;
using oauth2cc_test::basic_secret;
using oauth2cc_test::exchange_id;
using oauth2cc_test::exchange_public_id;
using oauth2cc_test::exchange_secret;

const std::string bearer_client = "oauth2cc-jwt-bearer";
const std::string bearer_kid = "jwt-bearer-key";

Instant real_now() { return Instant{std::chrono::steady_clock::now(), std::chrono::system_clock::now()}; }

// The IdP with a public jwt-bearer client whose assertion key is made now.
struct GrantsIdp {
  KeyPair key = KeyPair::generate(JwsAlgorithm::rs256);
  TempDir files;  // the --clients file, kept while the IdP runs
  std::unique_ptr<IdpProcess> idp;

  GrantsIdp() {
    const nlohmann::json list = nlohmann::json::array(
        {{{"client_id", bearer_client},
          {"token_endpoint_auth_method", "none"},
          {"grant_types", {std::string(jwt_bearer_grant_type)}},
          {"jwt_bearer_keys", {{{"kid", bearer_kid}, {"pem", key.public_pem()}}}}}});
    oauth2cc_test::IdpOptions options;
    options.script = OAUTH2CC_IDP_SCRIPT;
    options.extra_args = {"--clients", files.write("clients.json", list.dump())};
    idp = std::make_unique<IdpProcess>(options);
  }

  // A client_credentials token of `exchange_id` for the API: the token to trade.
  std::string token_to_trade() const {
    ClientCredentials source(idp->token_endpoint(), exchange_id, Secret(exchange_secret));
    source.resource(api).scopes({"api:read"});
    HttplibTransport transport;
    Result<Token> token = source.fetch(transport, real_now());
    REQUIRE_MESSAGE(token, token.message());
    return token->value;
  }

  TokenExchangeSettings exchange(TokenSupplier subject) const {
    TokenExchangeSettings settings;
    settings.client.token_url = idp->token_endpoint();
    settings.client.client_id = exchange_id;
    settings.client.client_secret = Secret(exchange_secret);
    settings.client.resource = api;
    settings.client.scopes = {"api:write"};
    settings.subject_token = std::move(subject);
    return settings;
  }

  JwtBearerSettings bearer(AssertionSigner assertion) const {
    JwtBearerSettings settings;
    settings.client.token_url = idp->token_endpoint();
    settings.client.client_id = bearer_client;
    settings.client.resource = api;
    settings.client.scopes = {"api:read"};
    settings.assertion = std::move(assertion);
    return settings;
  }

  // What /protected says of a token: its verdict and the claims it echoes.
  std::pair<int, nlohmann::json> present(const std::string& token) const {
    const std::string& url = idp->protected_url();
    const std::size_t path = url.find('/', url.find("//") + 2);
    httplib::Client client(url.substr(0, path));
    const auto response = client.Get(url.substr(path).c_str(), {{"Authorization", "Bearer " + token}});
    REQUIRE(response);
    return {response->status, nlohmann::json::parse(response->body, nullptr, false)};
  }

  // The same for the token of an authenticator made from a configuration.
  std::pair<int, nlohmann::json> present_configured(const nlohmann::json& block) const {
    Result<Config> config = config_from_json(block);
    REQUIRE_MESSAGE(config, config.message());
    AnyAuthenticator auth = make_authenticator(*config);
    const Result<std::string_view> header = auth.try_header();
    REQUIRE_MESSAGE(header, header.message());
    return present(std::string(header->substr(7)));
  }
};

GrantsIdp& shared_idp() {
  static GrantsIdp idp;
  return idp;
}

template <class Source>
Result<Token> fetch(Source& source) {
  HttplibTransport transport;
  return source.fetch(transport, real_now());
}

}  // namespace

TEST_SUITE("interop: token exchange (RFC 8693)") {
  TEST_CASE("token exchange: a token of this IdP is traded for one the resource accepts, naming both parties") {
    GrantsIdp& idp = shared_idp();
    TokenExchange source(idp.exchange(given_token(Secret(idp.token_to_trade()))));
    const Result<Token> token = fetch(source);
    REQUIRE_MESSAGE(token, token.message());
    const auto [status, claims] = idp.present(token->value);
    CHECK(status == 200);
    CHECK(claims["exchanged_client_id"] == exchange_id);
    CHECK(claims["act"]["sub"] == exchange_id);
    CHECK(claims["scope"] == "api:write");
  }

  TEST_CASE("token exchange: the subject token file is re-read, and an Authenticator serves the result") {
    GrantsIdp& idp = shared_idp();
    const TempDir dir;
    const std::string path = dir.write("subject-token", idp.token_to_trade());
    Authenticator auth{TokenExchange(idp.exchange(SubjectTokenFile(path)))};
    const std::string header = auth.header();
    CHECK(idp.present(header.substr(7)).first == 200);
    dir.write("subject-token", "not-a-token-of-this-idp");
    auth.invalidate();
    const Result<std::string_view> refused = auth.try_header();
    REQUIRE_FALSE(refused);
    CHECK(refused.error() == errc::invalid_request);
    CHECK(refused.message().find("not a valid token of this issuer") != std::string::npos);
    CHECK(refused.message().find("check the subject token") != std::string::npos);
    CHECK(refused.message().find("not-a-token-of-this-idp") == std::string::npos);
    CHECK(refused.message().find(exchange_secret) == std::string::npos);
  }

  TEST_CASE("token exchange: a public client trades without a secret, and an actor token is named as the actor") {
    GrantsIdp& idp = shared_idp();
    TokenExchangeSettings settings = idp.exchange(given_token(Secret(idp.token_to_trade())));
    settings.client.client_id = exchange_public_id;
    settings.client.client_secret = Secret();
    settings.client.auth_method = AuthMethod::none;
    settings.actor_token = given_token(Secret(idp.token_to_trade()));
    TokenExchange source(std::move(settings));
    const Result<Token> token = fetch(source);
    REQUIRE_MESSAGE(token, token.message());
    const auto [status, claims] = idp.present(token->value);
    CHECK(status == 200);
    CHECK(claims["client_id"] == exchange_public_id);
    CHECK(claims["act"]["sub"] == exchange_id);  // whose token was the actor token
  }

  TEST_CASE("token exchange: a client not allowed the grant, a wrong secret and an unknown audience are clear errors") {
    GrantsIdp& idp = shared_idp();
    SUBCASE("a client registered for client_credentials only") {
      TokenExchangeSettings settings = idp.exchange(given_token(Secret(idp.token_to_trade())));
      settings.client.client_id = basic_id;
      settings.client.client_secret = Secret(basic_secret);
      TokenExchange source(std::move(settings));
      const Result<Token> token = fetch(source);
      REQUIRE_FALSE(token);
      // oidc-provider answers invalid_request here (RFC 6749 would say unauthorized_client); both advise the same.
      CHECK(token.error() == errc::invalid_request);
      CHECK(token.message().find("not allowed") != std::string::npos);
      CHECK(token.message().find("allow this client to use token exchange") != std::string::npos);
    }
    SUBCASE("a wrong client secret") {
      TokenExchangeSettings settings = idp.exchange(given_token(Secret(idp.token_to_trade())));
      settings.client.client_secret = Secret("wrong-secret");
      TokenExchange source(std::move(settings));
      const Result<Token> token = fetch(source);
      REQUIRE_FALSE(token);
      CHECK(token.error() == errc::invalid_client);
    }
    SUBCASE("an audience the IdP does not know") {
      TokenExchangeSettings settings = idp.exchange(given_token(Secret(idp.token_to_trade())));
      settings.client.resource.clear();
      settings.client.audience = "urn:unknown:api";
      TokenExchange source(std::move(settings));
      const Result<Token> token = fetch(source);
      REQUIRE_FALSE(token);
      CHECK(token.error() == errc::invalid_target);
      CHECK(token.message().find("check audience and resource") != std::string::npos);
    }
  }
}

TEST_SUITE("interop: JWT bearer grant (RFC 7523 §2.1)") {
  TEST_CASE("jwt-bearer: an assertion signed with PrivateKeyJwt gets a token the resource accepts") {
    GrantsIdp& idp = shared_idp();
    JwtBearerSettings settings =
        idp.bearer(PrivateKeyJwt::from_pem(idp.key.private_pem(), JwsAlgorithm::rs256).key_id(bearer_kid));
    settings.subject = "user-42";
    JwtBearer source(std::move(settings));
    const Result<Token> first = fetch(source);
    REQUIRE_MESSAGE(first, first.message());
    const auto [status, claims] = idp.present(first->value);
    CHECK(status == 200);
    CHECK(claims["client_id"] == bearer_client);
    CHECK(claims["assertion_sub"] == "user-42");
    CHECK(claims["assertion_scope"] == "api:read");
    SUBCASE("a second request signs a fresh assertion, so the IdP's replay check passes") {
      const Result<Token> second = fetch(source);
      REQUIRE_MESSAGE(second, second.message());
    }
  }

  TEST_CASE("jwt-bearer: another key, a wrong audience and a replayed assertion are refused as invalid_grant") {
    GrantsIdp& idp = shared_idp();
    SUBCASE("signed by a key the IdP does not know for this issuer") {
      const KeyPair other = KeyPair::generate(JwsAlgorithm::rs256);
      JwtBearer source(idp.bearer(PrivateKeyJwt::from_pem(other.private_pem(), JwsAlgorithm::rs256).key_id(bearer_kid)));
      const Result<Token> token = fetch(source);
      REQUIRE_FALSE(token);
      CHECK(token.error() == errc::invalid_grant);
      CHECK(token.message().find("trusts the key that signs it") != std::string::npos);
    }
    SUBCASE("an audience that is not the IdP") {
      JwtBearerSettings settings =
          idp.bearer(PrivateKeyJwt::from_pem(idp.key.private_pem(), JwsAlgorithm::rs256).key_id(bearer_kid));
      settings.assertion_audience = "https://somebody-else.example";
      JwtBearer source(std::move(settings));
      const Result<Token> token = fetch(source);
      REQUIRE_FALSE(token);
      CHECK(token.error() == errc::invalid_grant);
    }
    SUBCASE("the same assertion twice") {
      const AssertionSigner signer =
          PrivateKeyJwt::from_pem(idp.key.private_pem(), JwsAlgorithm::rs256).key_id(bearer_kid);
      const Result<Secret> once = signer(AssertionRequest{bearer_client, idp.idp->token_endpoint(),
                                                          std::chrono::system_clock::now(), {}});
      REQUIRE(once);
      const std::string assertion(once->reveal());
      JwtBearer source(idp.bearer([assertion](const AssertionRequest&) -> Result<Secret> { return Secret(assertion); }));
      REQUIRE(fetch(source));
      const Result<Token> replayed = fetch(source);
      REQUIRE_FALSE(replayed);
      CHECK(replayed.error() == errc::invalid_grant);
      // oidc-provider's description of a replay is a generic "grant request is invalid"; the code is what counts.
      CHECK(replayed.message().find(assertion) == std::string::npos);
    }
  }
}

TEST_SUITE("interop: grant_type in a configuration") {
  TEST_CASE("config jwt-bearer: the collector's keys, key file and kid, get a token the resource accepts") {
    GrantsIdp& idp = shared_idp();
    const TempDir dir;
    const auto [status, claims] = idp.present_configured({{"client_id", bearer_client},
                                                          {"token_url", idp.idp->token_endpoint()},
                                                          {"grant_type", std::string(jwt_bearer_grant_type)},
                                                          {"client_certificate_key_file", dir.write("key.pem", idp.key.private_pem().reveal())},
                                                          {"client_certificate_key_id", bearer_kid},
                                                          {"scopes", {"api:read"}},
                                                          {"claims", {{"sub", "user-42"}}},
                                                          {"endpoint_params", {{"resource", api}}}});
    CHECK(status == 200);
    CHECK(claims["client_id"] == bearer_client);
    CHECK(claims["assertion_sub"] == "user-42");

    SUBCASE("the key inline from the environment, with a kid the IdP does not know: invalid_grant with advice") {
      oauth2cc_test::ScopedEnv env;
      env.set("OAUTH2CC_T_BEARER_KEY", std::string(idp.key.private_pem().reveal()));
      nlohmann::json block = {{"client_id", bearer_client},
                              {"token_url", idp.idp->token_endpoint()},
                              {"grant_type", std::string(jwt_bearer_grant_type)},
                              {"client_certificate_key", "${env:OAUTH2CC_T_BEARER_KEY}"},
                              {"client_certificate_key_id", bearer_kid},
                              {"endpoint_params", {{"resource", api}}}};
      CHECK(idp.present_configured(block).first == 200);

      block["client_certificate_key_id"] = "no-such-key";
      AnyAuthenticator unknown_kid = make_authenticator(config_from_json(block).value());
      const Result<std::string_view> refused = unknown_kid.try_header();
      REQUIRE_FALSE(refused);
      CHECK(refused.error() == errc::invalid_grant);
      CHECK(refused.message().find("trusts the key that signs it") != std::string::npos);
      CHECK(refused.message().find("PRIVATE KEY") == std::string::npos);
    }
  }

  TEST_CASE("config token-exchange: the subject token from a file is traded for one the resource accepts") {
    GrantsIdp& idp = shared_idp();
    const std::string traded = idp.token_to_trade();
    const TempDir dir;
    const std::string subject = dir.write("subject-token", traded);
    const auto [status, claims] = idp.present_configured({{"client_id", exchange_id},
                                                          {"client_secret", exchange_secret},
                                                          {"token_url", idp.idp->token_endpoint()},
                                                          {"grant_type", std::string(token_exchange_grant_type)},
                                                          {"subject_token_file", subject},
                                                          {"scopes", {"api:write"}},
                                                          {"endpoint_params", {{"resource", api}}}});
    CHECK(status == 200);
    CHECK(claims["exchanged_client_id"] == exchange_id);
    CHECK(claims["scope"] == "api:write");

    SUBCASE("a wrong client secret is invalid_client, and neither secret nor subject token is in the message") {
      nlohmann::json block = {{"client_id", exchange_id},
                              {"client_secret", "wr0ng-secret"},
                              {"token_url", idp.idp->token_endpoint()},
                              {"grant_type", std::string(token_exchange_grant_type)},
                              {"subject_token_file", subject}};
      AnyAuthenticator wrong = make_authenticator(config_from_json(block).value());
      const Result<std::string_view> refused = wrong.try_header();
      REQUIRE_FALSE(refused);
      CHECK(refused.error() == errc::invalid_client);
      CHECK(refused.message().find("wr0ng-secret") == std::string::npos);
      CHECK(refused.message().find(traded) == std::string::npos);
    }
  }
}

}  // namespace grants_interop_test

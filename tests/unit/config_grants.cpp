// grant_type in a configuration: the collector's jwt-bearer keys and
// oauth2cc's token-exchange keys, what each is read into, the request the
// source built from them sends, and every combination that is refused.

#include <doctest/doctest.h>

#include <oauth2cc/config.hpp>
#include <oauth2cc/testing.hpp>

#include <string>

#include "../support/config_checks.hpp"
#include "../support/scoped_env.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using nlohmann::json;
using oauth2cc_test::has;
using oauth2cc_test::refused;
using oauth2cc_test::valid;
using oauth2cc_test::with;
using oauth2cc_test::without;
using oauth2cc_test::ScopedEnv;

namespace config_grants_test {

namespace {

const std::string token_url = "https://idp.example/token";
const std::string bearer_urn = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const std::string exchange_urn = "urn:ietf:params:oauth:grant-type:token-exchange";
const Instant now{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};

// The collector's jwt-bearer block, as its documentation has it.
json jwt_bearer_block() {
  return {{"client_id", "exporter@project"},
          {"token_url", token_url},
          {"grant_type", bearer_urn},
          {"client_certificate_key_file", "/keys/exporter.pem"},
          {"client_certificate_key_id", "key-1"},
          {"scopes", {"monitoring.write"}}};
}

json token_exchange_block() {
  return {{"client_id", "exporter"},
          {"client_secret", "exch4nge-secret"},
          {"token_url", token_url},
          {"grant_type", exchange_urn},
          {"subject_token_file", "/var/run/secrets/tokens/sts-token"}};
}

// Records what the jwt-bearer grant asked the signer for, and signs nothing.
struct RecordingSigner {
  std::string* issuer;
  std::string* subject;
  std::string* audience;
  json* claims;
  Result<Secret> operator()(const AssertionRequest& request) const {
    *issuer = std::string(request.issuer.empty() ? request.client_id : request.issuer);
    *subject = std::string(request.subject.empty() ? request.client_id : request.subject);
    *audience = std::string(request.audience);
    *claims = request.claims != nullptr ? *request.claims : json();
    return Secret("header.payload.signature");
  }
};

}  // namespace

TEST_SUITE("Config: grant_type jwt-bearer (the collector's keys)") {
  TEST_CASE("the collector's block is read: key file, kid, RS256 by default, and no client authentication") {
    const Config config = valid(jwt_bearer_block());
    CHECK(config.grant == GrantKind::jwt_bearer);
    CHECK(config.auth_method == AuthMethod::none);
    CHECK(config.jwt_bearer.key_file == "/keys/exporter.pem");
    CHECK(config.jwt_bearer.key.empty());
    CHECK(config.jwt_bearer.key_id == "key-1");
    CHECK(config.jwt_bearer.algorithm == JwsAlgorithm::rs256);
    CHECK(config.jwt_bearer.issuer.empty());
    CHECK(config.jwt_bearer.audience.empty());
  }

  TEST_CASE("the key inline from the environment, iss, audience, ES256, and claims with a sub") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_KEY", "-----BEGIN PRIVATE KEY-----\nnot-a-real-key\n-----END PRIVATE KEY-----");
    json block = without(jwt_bearer_block(), "client_certificate_key_file");
    block["client_certificate_key"] = "${env:OAUTH2CC_T_KEY}";
    block["signature_algorithm"] = "ES256";
    block["iss"] = "exporter@project.iam.example";
    block["audience"] = "https://oauth2.example/token";
    block["claims"] = {{"sub", "user-42"}, {"target_audience", "otlp"}, {"nested", {{"a", 1}}}};
    const Config config = valid(block);
    CHECK(config.jwt_bearer.key.reveal().starts_with("-----BEGIN PRIVATE KEY-----"));
    CHECK(config.jwt_bearer.algorithm == JwsAlgorithm::es256);
    CHECK(config.jwt_bearer.issuer == "exporter@project.iam.example");
    CHECK(config.jwt_bearer.subject == "user-42");
    CHECK(config.jwt_bearer.audience == "https://oauth2.example/token");
    CHECK(json::parse(config.jwt_bearer.claims) == json{{"target_audience", "otlp"}, {"nested", {{"a", 1}}}});
  }

  TEST_CASE("the request is the grant: grant_type, the signed assertion, scope, and the claims asked of the signer") {
    json block = jwt_bearer_block();
    block["iss"] = "issuer-x";
    block["audience"] = "aud-y";
    block["claims"] = {{"sub", "user-42"}, {"team", "obs"}};
    const Config config = valid(block);
    std::string issuer, subject, audience;
    json claims;
    JwtBearer source(jwt_bearer_settings(config, RecordingSigner{&issuer, &subject, &audience, &claims}));
    MockTransport mock;
    mock.respond_token("granted");
    const Result<Token> token = source.fetch(mock, now);
    REQUIRE_MESSAGE(token, token.message());
    CHECK(token->value == "granted");
    const RecordedRequest request = mock.requests().front();
    CHECK(request.request.url == token_url);
    CHECK(request.form_value("grant_type") == bearer_urn);
    CHECK(request.form_value("assertion") == "header.payload.signature");
    CHECK(request.form_value("scope") == "monitoring.write");
    CHECK(request.header("Authorization").empty());
    CHECK_FALSE(request.form_value("client_secret"));
    CHECK(issuer == "issuer-x");
    CHECK(subject == "user-42");
    CHECK(audience == "aud-y");
    CHECK(claims == json{{"team", "obs"}, {"scope", "monitoring.write"}});

    SUBCASE("without iss, sub and audience: client_id, client_id and token_url") {
      JwtBearer plain(jwt_bearer_settings(valid(jwt_bearer_block()), RecordingSigner{&issuer, &subject, &audience, &claims}));
      mock.respond_token("granted-again");
      REQUIRE(plain.fetch(mock, now));
      CHECK(issuer == "exporter@project");
      CHECK(subject == "exporter@project");
      CHECK(audience == token_url);
    }
  }

  TEST_CASE("with auth_method set, the client authenticates besides the assertion") {
    json block = jwt_bearer_block();
    block["auth_method"] = "client_secret_basic";
    block["client_secret"] = "b4sic-secret";
    const Config config = valid(block);
    CHECK(config.auth_method == AuthMethod::client_secret_basic);
    std::string issuer, subject, audience;
    json claims;
    JwtBearer source(jwt_bearer_settings(config, RecordingSigner{&issuer, &subject, &audience, &claims}));
    MockTransport mock;
    mock.respond_token("granted");
    REQUIRE(source.fetch(mock, now));
    const auto credentials = mock.requests().front().basic_credentials();
    REQUIRE(credentials);
    CHECK(credentials->second == "b4sic-secret");
  }

  TEST_CASE("refused: no key, both keys, RS384, a client secret without auth_method, registered claims, issuer") {
    CHECK(has(refused(without(jwt_bearer_block(), "client_certificate_key_file")),
              "client_certificate_key: missing; set client_certificate_key or client_certificate_key_file"));
    CHECK(has(refused(with(jwt_bearer_block(), "client_certificate_key", "-----BEGIN")),
              "client_certificate_key: set client_certificate_key or client_certificate_key_file, not both"));
    const std::string rs384 = refused(with(jwt_bearer_block(), "signature_algorithm", "RS384"));
    CHECK(has(rs384, "signature_algorithm: must be RS256, PS256, ES256 or EdDSA, not \"RS384\""));
    CHECK(has(rs384, "oauth2cc does not sign RS384 or RS512"));
    CHECK(has(refused(with(jwt_bearer_block(), "signature_algorithm", "HS256")), "not \"HS256\""));

    const std::string secret = refused(with(jwt_bearer_block(), "client_secret", "s3cret-value"));
    CHECK(has(secret, "client_secret: the jwt-bearer grant's assertion proves the caller"));
    CHECK(has(secret, "set auth_method (e.g. client_secret_basic)"));
    CHECK_FALSE(has(secret, "s3cret-value"));

    const std::string claims = refused(with(jwt_bearer_block(), "claims", {{"iss", "x"}, {"exp", 1}, {"sub", 3}}));
    CHECK(has(claims, "claims.iss: set it with the iss key, not in claims"));
    CHECK(has(claims, "claims.exp: remove it; oauth2cc sets iat, exp and jti afresh"));
    CHECK(has(claims, "claims.sub: must be a non-empty string"));
    CHECK(has(refused(with(jwt_bearer_block(), "claims", "sub=x")), "claims: must be a map"));

    json discovered = without(jwt_bearer_block(), "token_url");
    discovered["issuer"] = "https://idp.example";
    CHECK(has(refused(discovered), "issuer: discovery is for the client_credentials grant; set token_url instead"));
    CHECK(has(refused(with(jwt_bearer_block(), "iss", "")), "iss: is empty"));
  }

  TEST_CASE("the jwt-bearer keys without the grant are refused, naming the grant_type to set") {
    json block = {{"client_id", "exporter"}, {"client_secret", "s3cret-value"}, {"token_url", token_url}};
    block["client_certificate_key_file"] = "/keys/exporter.pem";
    block["signature_algorithm"] = "RS256";
    const std::string message = refused(block);
    CHECK(has(message, "(2 problems)"));
    CHECK(has(message, "client_certificate_key_file: only used with grant_type " + bearer_urn));
    CHECK(has(message, "signature_algorithm: only used with grant_type " + bearer_urn));
  }
}

TEST_SUITE("Config: grant_type token-exchange") {
  TEST_CASE("the subject token file, default types, and the client's own authentication") {
    const Config config = valid(token_exchange_block());
    CHECK(config.grant == GrantKind::token_exchange);
    CHECK(config.auth_method == AuthMethod::client_secret_basic);
    CHECK(config.token_exchange.subject_token_file == "/var/run/secrets/tokens/sts-token");
    CHECK(config.token_exchange.subject_token_type == token_type::access_token);
    CHECK(config.token_exchange.requested_token_type == token_type::access_token);
    CHECK(config.token_exchange.actor_token_file.empty());
  }

  TEST_CASE("the request: subject token inline, its type, an actor token, audience, and basic authentication") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_UPSTREAM", "upstream-token-51c");
    json block = without(token_exchange_block(), "subject_token_file");
    block["subject_token"] = "${env:OAUTH2CC_T_UPSTREAM}";
    block["subject_token_type"] = std::string(token_type::jwt);
    block["actor_token"] = "actor-token-77";
    block["actor_token_type"] = std::string(token_type::jwt);
    block["audience"] = "otlp-backend";
    TokenExchange source = token_exchange(valid(block));
    MockTransport mock;
    mock.respond_token("exchanged");
    const Result<Token> token = source.fetch(mock, now);
    REQUIRE_MESSAGE(token, token.message());
    const RecordedRequest request = mock.requests().front();
    CHECK(request.form_value("grant_type") == exchange_urn);
    CHECK(request.form_value("subject_token") == "upstream-token-51c");
    CHECK(request.form_value("subject_token_type") == std::string(token_type::jwt));
    CHECK(request.form_value("actor_token") == "actor-token-77");
    CHECK(request.form_value("actor_token_type") == std::string(token_type::jwt));
    CHECK(request.form_value("audience") == "otlp-backend");
    const auto credentials = request.basic_credentials();
    REQUIRE(credentials);
    CHECK(credentials->first == "exporter");
  }

  TEST_CASE("auth_method none is a public client: its client_id and no secret") {
    json block = without(token_exchange_block(), "client_secret");
    block["auth_method"] = "none";
    block["subject_token"] = "upstream";
    block.erase("subject_token_file");
    const Config config = valid(block);
    CHECK(config.auth_method == AuthMethod::none);
    TokenExchange source = token_exchange(config);
    MockTransport mock;
    mock.respond_token("exchanged");
    REQUIRE(source.fetch(mock, now));
    CHECK(mock.requests().front().header("Authorization").empty());
    CHECK(mock.requests().front().form_value("client_id") == "exporter");

    CHECK(has(refused(with(block, "client_secret", "x")),
              "client_secret: auth_method none (a public client) sends no client secret; remove it"));
    CHECK(has(refused(without(with(block, "grant_type", "client_credentials"), "subject_token")),
              "auth_method: none (a public client) is for grant_type"));
  }

  TEST_CASE("refused: no subject token, both forms, an actor type without an actor, empty types, with dpop or cache") {
    CHECK(has(refused(without(token_exchange_block(), "subject_token_file")),
              "subject_token: missing; set subject_token or subject_token_file"));
    CHECK(has(refused(with(token_exchange_block(), "subject_token", "x")), "set subject_token or subject_token_file, not both"));
    CHECK(has(refused(with(token_exchange_block(), "actor_token_type", std::string(token_type::jwt))),
              "actor_token_type: only used with actor_token or actor_token_file"));
    CHECK(has(refused(with(token_exchange_block(), "subject_token_type", "")), "subject_token_type: is empty"));
    CHECK(has(refused(with(token_exchange_block(), "dpop", {{"enabled", true}})),
              "dpop.enabled: DPoP is configured for the client_credentials grant only"));
    CHECK(has(refused(with(token_exchange_block(), "cache", {{"enabled", true}})),
              "cache.enabled: the token cache keeps client_credentials tokens only"));
  }

  TEST_CASE("the token-exchange keys without the grant, and grant_type with a given token, are refused") {
    json block = {{"client_id", "exporter"}, {"client_secret", "s3cret-value"}, {"token_url", token_url}};
    block["subject_token_file"] = "/t";
    CHECK(has(refused(block), "subject_token_file: only used with grant_type " + exchange_urn));
    CHECK(has(refused({{"token", "abc"}, {"grant_type", exchange_urn}}), "grant_type: not used with token"));
    CHECK(has(refused({{"token", "abc"}, {"subject_token_file", "/t"}}), "subject_token_file: not used with token"));
    CHECK(has(refused({{"token_file", "/t"}, {"claims", {{"a", 1}}}}), "claims: not used with token_file"));
  }
}

}  // namespace config_grants_test

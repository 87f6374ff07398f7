// The JWT bearer grant (RFC 7523 §2.1) against a MockTransport: what the
// signer is asked to sign, the request's fields, client authentication off
// by default, and messages that never repeat the assertion.

#include <doctest/doctest.h>

#include <oauth2cc/source/jwt_bearer.hpp>
#include <oauth2cc/testing.hpp>

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace jwt_bearer_test {

namespace {

const std::string url = "https://idp.example/token";
const Instant now{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};

// Signs nothing: returns "header.<claims as assertion_claims makes them>.sig"
// so a test can read what a real signer would have put in the JWT.
struct ClaimsSigner {
  std::shared_ptr<std::vector<nlohmann::json>> seen = std::make_shared<std::vector<nlohmann::json>>();

  Result<Secret> operator()(const AssertionRequest& request) const {
    const std::string claims = detail::assertion_claims(request, 60s, "jti-" + std::to_string(seen->size()));
    seen->push_back(nlohmann::json::parse(claims));
    return Secret("eyJhbGciOiJSUzI1NiJ9." + base64url_encode(claims) + ".c2ln");
  }
};

JwtBearerSettings service_account(const ClaimsSigner& signer) {
  JwtBearerSettings settings;
  settings.client.token_url = url;
  settings.client.client_id = "exporter@project";
  settings.assertion = signer;
  return settings;
}

}  // namespace

TEST_SUITE("JwtBearer") {
  TEST_CASE("the assertion is the grant: grant_type jwt-bearer, assertion, and no client authentication by default") {
    ClaimsSigner signer;
    JwtBearer source(service_account(signer));
    MockTransport mock;
    mock.respond_token("granted", 900);
    const Result<Token> token = source.fetch(mock, now);
    REQUIRE(token);
    CHECK(token->value == "granted");
    const RecordedRequest request = mock.requests().front();
    CHECK(request.form_value("grant_type") == std::string(jwt_bearer_grant_type));
    CHECK(request.form_value("assertion")->starts_with("eyJhbGciOiJSUzI1NiJ9."));
    CHECK(request.header("Authorization").empty());
    CHECK_FALSE(request.form_value("client_secret"));
    CHECK_FALSE(request.form_value("client_assertion"));
  }

  TEST_CASE("iss and sub are client_id, aud is token_url, unless set, and scopes go into the claims and the form") {
    ClaimsSigner signer;
    SUBCASE("defaults, as the collector's jwt-bearer grant") {
      JwtBearerSettings settings = service_account(signer);
      settings.client.scopes = {"traces:write", "metrics:write"};
      JwtBearer source(std::move(settings));
      MockTransport mock;
      mock.respond_token("granted");
      REQUIRE(source.fetch(mock, now));
      const nlohmann::json& claims = signer.seen->front();
      CHECK(claims["iss"] == "exporter@project");
      CHECK(claims["sub"] == "exporter@project");
      CHECK(claims["aud"] == url);
      CHECK(claims["iat"] == 1'767'225'600);
      CHECK(claims["scope"] == "traces:write metrics:write");
      CHECK(mock.requests().front().form_value("scope") == "traces:write metrics:write");
    }
    SUBCASE("issuer, subject, assertion_audience and further claims") {
      JwtBearerSettings settings = service_account(signer);
      settings.issuer = "https://workload.example";
      settings.subject = "user-42";
      settings.assertion_audience = "https://idp.example";
      settings.claims = {{"tenant", "acme"}};
      JwtBearer source(std::move(settings));
      MockTransport mock;
      mock.respond_token("granted");
      REQUIRE(source.fetch(mock, now));
      const nlohmann::json& claims = signer.seen->front();
      CHECK(claims["iss"] == "https://workload.example");
      CHECK(claims["sub"] == "user-42");
      CHECK(claims["aud"] == "https://idp.example");
      CHECK(claims["tenant"] == "acme");
    }
  }

  TEST_CASE("every request signs a fresh assertion") {
    ClaimsSigner signer;
    JwtBearer source(service_account(signer));
    MockTransport mock;
    mock.respond_token("a").respond_token("b");
    REQUIRE(source.fetch(mock, now));
    REQUIRE(source.fetch(mock, now));
    REQUIRE(signer.seen->size() == 2);
    CHECK((*signer.seen)[0]["jti"] != (*signer.seen)[1]["jti"]);
    CHECK(mock.requests()[0].form_value("assertion") != mock.requests()[1].form_value("assertion"));
  }

  TEST_CASE("with client authentication set, the client proves itself besides the assertion") {
    ClaimsSigner signer;
    JwtBearerSettings settings = service_account(signer);
    settings.client.auth_method = AuthMethod::client_secret_basic;
    settings.client.client_secret = Secret("client-secret");
    JwtBearer source(std::move(settings));
    MockTransport mock;
    mock.respond_token("granted");
    REQUIRE(source.fetch(mock, now));
    const auto credentials = mock.requests().front().basic_credentials();
    REQUIRE(credentials);
    CHECK(credentials->second == "client-secret");
  }

  TEST_CASE("a refused assertion gets jwt-bearer advice, and the assertion is not echoed") {
    ClaimsSigner signer;
    JwtBearer source(service_account(signer));
    MockTransport mock;
    std::string echoed;
    mock.on_request([&echoed](const HttpRequest& request) -> Result<HttpResponse> {
      const std::string assertion = *RecordedRequest{request}.form_value("assertion");
      echoed = assertion;
      return HttpResponse{400, {{"Content-Type", "application/json"}},
                          R"({"error":"invalid_grant","error_description":"rejected )" + assertion + R"("})"};
    });
    const Result<Token> token = source.fetch(mock, now);
    REQUIRE_FALSE(token);
    REQUIRE_FALSE(echoed.empty());
    CHECK(token.error() == errc::invalid_grant);
    CHECK(token.message().find(echoed) == std::string::npos);
    CHECK(token.message().find("[redacted]") != std::string::npos);
    CHECK(token.message().find("trusts the key that signs it") != std::string::npos);
  }

  TEST_CASE("a signer failure fails the fetch and sends nothing") {
    JwtBearerSettings settings;
    settings.client.token_url = url;
    settings.client.client_id = "exporter@project";
    settings.assertion = [](const AssertionRequest&) -> Result<Secret> {
      return Failure{make_error_code(errc::invalid_configuration), "no key"};
    };
    JwtBearer source(std::move(settings));
    MockTransport mock;
    const Result<Token> token = source.fetch(mock, now);
    REQUIRE_FALSE(token);
    CHECK(token.error() == errc::invalid_configuration);
    CHECK(mock.request_count() == 0);
  }

  TEST_CASE("settings without a signer, with registered claims in claims, or without iss and sub are refused") {
    ClaimsSigner signer;
    JwtBearerSettings no_signer = service_account(signer);
    no_signer.assertion = nullptr;
    CHECK_THROWS_WITH_AS(JwtBearer(std::move(no_signer)), doctest::Contains("assertion is not set"), Error);
    JwtBearerSettings registered = service_account(signer);
    registered.claims = {{"exp", 1}};
    CHECK_THROWS_WITH_AS(JwtBearer(std::move(registered)), doctest::Contains("claims must not set exp"), Error);
    JwtBearerSettings anonymous = service_account(signer);
    anonymous.client.client_id.clear();
    CHECK_THROWS_WITH_AS(JwtBearer(std::move(anonymous)), doctest::Contains("both issuer and subject"), Error);
  }
}

}  // namespace jwt_bearer_test

// Token exchange (RFC 8693) against a MockTransport: the request's fields,
// subject and actor tokens read per request, public clients, and messages
// that never repeat a token.

#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/source/token_exchange.hpp>
#include <oauth2cc/testing.hpp>

#include <fstream>
#include <string>

#include "../support/fake_jwt.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::epoch;
using oauth2cc_test::fake_jwt;
using oauth2cc_test::TempDir;

namespace token_exchange_test {

namespace {

const std::string url = "https://sts.example/token";
const Instant now{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};
const std::string subject = "subject-token-4b7e9f";

TokenExchangeSettings confidential(TokenSupplier subject_token = given_token(Secret(subject))) {
  TokenExchangeSettings settings;
  settings.client.token_url = url;
  settings.client.client_id = "exporter";
  settings.client.client_secret = Secret("exporter-secret");
  settings.subject_token = std::move(subject_token);
  return settings;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::trunc) << text; }

}  // namespace

TEST_SUITE("TokenExchange") {
  TEST_CASE("the request carries grant_type, subject_token, its type and requested_token_type (RFC 8693 §2.1)") {
    TokenExchangeSettings settings = confidential();
    settings.client.audience = "otlp-backend";
    settings.client.scopes = {"traces:write"};
    TokenExchange source(std::move(settings));
    MockTransport mock;
    mock.respond(200, R"({"access_token":"exchanged","issued_token_type":")" + std::string(token_type::access_token) +
                          R"(","token_type":"Bearer","expires_in":600})");
    const Result<Token> token = source.fetch(mock, now);
    REQUIRE(token);
    CHECK(token->value == "exchanged");
    CHECK(token->expires_at == now.steady + 600s);
    const RecordedRequest request = mock.requests().front();
    CHECK(request.form() == detail::FormFields{{"grant_type", std::string(token_exchange_grant_type)},
                                               {"subject_token", subject},
                                               {"subject_token_type", std::string(token_type::access_token)},
                                               {"requested_token_type", std::string(token_type::access_token)},
                                               {"scope", "traces:write"},
                                               {"audience", "otlp-backend"}});
    const auto credentials = request.basic_credentials();
    REQUIRE(credentials);
    CHECK(credentials->first == "exporter");
    CHECK(credentials->second == "exporter-secret");
  }

  TEST_CASE("an actor token is sent with its type only when one is set (delegation, RFC 8693 §1.1)") {
    TokenExchangeSettings settings = confidential();
    settings.actor_token = given_token(Secret("actor-token-77"));
    settings.actor_token_type = std::string(token_type::jwt);
    settings.requested_token_type.clear();
    TokenExchange source(std::move(settings));
    MockTransport mock;
    mock.respond_token("exchanged");
    REQUIRE(source.fetch(mock, now));
    const RecordedRequest request = mock.requests().front();
    CHECK(request.form_value("actor_token") == "actor-token-77");
    CHECK(request.form_value("actor_token_type") == std::string(token_type::jwt));
    CHECK_FALSE(request.form_value("requested_token_type"));
  }

  TEST_CASE("a public client sends its client_id and no authentication") {
    TokenExchangeSettings settings = confidential();
    settings.client.client_secret = Secret();
    settings.client.auth_method = AuthMethod::none;
    TokenExchange source(std::move(settings));
    MockTransport mock;
    mock.respond_token("exchanged");
    REQUIRE(source.fetch(mock, now));
    const RecordedRequest request = mock.requests().front();
    CHECK(request.header("Authorization").empty());
    CHECK(request.form_value("client_id") == "exporter");
    CHECK_FALSE(request.form_value("client_secret"));
  }

  TEST_CASE("the subject token file is read for every request, so a rotated token is used at once") {
    TempDir dir;
    const std::string path = dir.file("sts-token");
    write(path, "first-token\n");
    TokenExchange source(confidential(SubjectTokenFile(path)));
    MockTransport mock;
    mock.respond_token("a").respond_token("b");
    REQUIRE(source.fetch(mock, now));
    write(path, "second-token");
    REQUIRE(source.fetch(mock, now));
    REQUIRE(mock.request_count() == 2);
    CHECK(mock.requests()[0].form_value("subject_token") == "first-token");
    CHECK(mock.requests()[1].form_value("subject_token") == "second-token");
  }

  TEST_CASE("a missing, empty or expired subject token file fails the fetch with its own code and sends nothing") {
    TempDir dir;
    const std::string path = dir.file("sts-token");
    TokenExchange source(confidential(SubjectTokenFile(path)));
    MockTransport mock;
    SUBCASE("missing") {
      const Result<Token> token = source.fetch(mock, now);
      REQUIRE_FALSE(token);
      CHECK(token.error() == errc::credential_file_unusable);
      CHECK(token.message().find("subject_token_file " + path) != std::string::npos);
    }
    SUBCASE("empty") {
      write(path, "\n");
      const Result<Token> token = source.fetch(mock, now);
      REQUIRE_FALSE(token);
      CHECK(token.error() == errc::credential_file_unusable);
      CHECK(token.message().find("is empty") != std::string::npos);
    }
    SUBCASE("a JWT whose exp has passed") {
      const std::string expired = fake_jwt({{"sub", "workload"}, {"exp", epoch(now.wall) - 30}});
      write(path, expired);
      const Result<Token> token = source.fetch(mock, now);
      REQUIRE_FALSE(token);
      CHECK(token.error() == errc::subject_token_expired);
      CHECK(token.message().find("expired 30 s ago") != std::string::npos);
      CHECK(token.message().find(expired) == std::string::npos);
    }
    CHECK(mock.request_count() == 0);
  }

  TEST_CASE("an IdP that refuses the subject token gets token-exchange advice, and the token is not echoed") {
    TokenExchange source(confidential());
    MockTransport mock;
    mock.respond(400, R"({"error":"invalid_request","error_description":"bad subject_token )" + subject + R"("})");
    const Result<Token> token = source.fetch(mock, now);
    REQUIRE_FALSE(token);
    CHECK(token.error() == errc::invalid_request);
    CHECK(token.message().find(subject) == std::string::npos);
    CHECK(token.message().find("[redacted]") != std::string::npos);
    CHECK(token.message().find("check the subject token") != std::string::npos);
  }

  TEST_CASE("an actor token echoed by the IdP is redacted too") {
    TokenExchangeSettings settings = confidential();
    settings.actor_token = given_token(Secret("actor-token-77"));
    TokenExchange source(std::move(settings));
    MockTransport mock;
    mock.respond(400, R"({"error":"invalid_request","error_description":"actor actor-token-77 subject )" + subject +
                          R"("})");
    const Result<Token> token = source.fetch(mock, now);
    REQUIRE_FALSE(token);
    CHECK(token.message().find("actor-token-77") == std::string::npos);
    CHECK(token.message().find(subject) == std::string::npos);
  }

  TEST_CASE("unsupported_grant_type and unauthorized_client name token exchange, not client_credentials") {
    TokenExchange source(confidential());
    MockTransport mock;
    mock.respond(400, R"({"error":"unsupported_grant_type"})").respond(400, R"({"error":"unauthorized_client"})");
    const Result<Token> unsupported = source.fetch(mock, now);
    REQUIRE_FALSE(unsupported);
    CHECK(unsupported.message().find("does not do token exchange") != std::string::npos);
    const Result<Token> unauthorized = source.fetch(mock, now);
    REQUIRE_FALSE(unauthorized);
    CHECK(unauthorized.message().find("allow this client to use token exchange") != std::string::npos);
    CHECK(unauthorized.message().find("client_credentials") == std::string::npos);
  }

  TEST_CASE("settings without a subject token or with an empty type are refused up front") {
    TokenExchangeSettings no_subject = confidential();
    no_subject.subject_token = nullptr;
    CHECK_THROWS_WITH_AS(TokenExchange(std::move(no_subject)), doctest::Contains("subject_token is not set"), Error);
    TokenExchangeSettings no_type = confidential();
    no_type.subject_token_type.clear();
    CHECK_THROWS_WITH_AS(TokenExchange(std::move(no_type)), doctest::Contains("subject_token_type is empty"), Error);
    TokenExchangeSettings no_token_url = confidential();
    no_token_url.client.token_url.clear();
    CHECK_THROWS_WITH_AS(TokenExchange(std::move(no_token_url)), doctest::Contains("token exchange settings: token_url"),
                         Error);
  }

  TEST_CASE("an Authenticator over token exchange fetches once and serves the exchanged token") {
    MockTransport idp;
    ManualClock clock;
    idp.respond_token("exchanged", 600);
    Authenticator<TokenExchange, ExpiryBuffer, MockTransport, ManualClock> auth(TokenExchange(confidential()),
                                                                                ExpiryBuffer(30s), idp, clock);
    CHECK(auth.header() == "Bearer exchanged");
    clock.advance(60s);
    CHECK(auth.header() == "Bearer exchanged");
    CHECK(idp.request_count() == 1);
  }
}

}  // namespace token_exchange_test

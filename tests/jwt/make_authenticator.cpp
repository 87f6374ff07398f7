// make_authenticator(config, transport) over MockTransport: every branch a
// Config can take (a given token, a token file, client credentials, issuer,
// the two other grants, the file cache, retries, DPoP refused), each checked
// by what the transport was asked. In this program because the signers the
// Config may describe need OpenSSL.

#include <doctest/doctest.h>

#include <oauth2cc/config/make_authenticator.hpp>
#include <oauth2cc/testing.hpp>

#include <algorithm>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../support/key_pair.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::KeyPair;
using oauth2cc_test::TempDir;

namespace make_authenticator_test {

Config client_credentials_config() {
  Config config;
  config.client_id = "svc";
  config.client_secret = "s3cret";
  config.token_url = "https://idp.example/token";
  config.scopes = {"api:read"};
  return config;
}

// A transport that can only POST, as a user's minimal HttpTransport may.
struct PostOnlyTransport {
  MockTransport mock;
  Result<HttpResponse> post_form(const HttpRequest& request) { return mock.post_form(request); }
};

}  // namespace make_authenticator_test

using namespace make_authenticator_test;

TEST_SUITE("make_authenticator over any transport") {
  TEST_CASE("a given token is presented as it is, and nothing is requested") {
    Config config;
    config.token = "given-token";
    MockTransport mock;
    AnyAuthenticator auth = make_authenticator(config, mock);
    CHECK(auth.header() == "Bearer given-token");
    CHECK(mock.request_count() == 0);
  }

  TEST_CASE("a token file is read, and nothing is requested") {
    TempDir dir;
    Config config;
    config.token_file = dir.write("token", "from-file\n");
    MockTransport mock;
    AnyAuthenticator auth = make_authenticator(config, mock);
    CHECK(auth.header() == "Bearer from-file");
    CHECK(mock.request_count() == 0);
  }

  TEST_CASE("client credentials: one token request to token_url with the grant and the scope") {
    MockTransport mock;
    mock.respond_token("cc-token");
    AnyAuthenticator auth = make_authenticator(client_credentials_config(), mock);
    CHECK(auth.header() == "Bearer cc-token");
    CHECK(auth.header() == "Bearer cc-token");  // cached: no second request
    REQUIRE(mock.request_count() == 1);
    const RecordedRequest sent = mock.requests().front();
    CHECK(sent.request.url == "https://idp.example/token");
    CHECK(sent.form_value("grant_type") == "client_credentials");
    CHECK(sent.form_value("scope") == "api:read");
    CHECK(sent.request.timeout == default_request_timeout);
  }

  TEST_CASE("retries follow Config::retry") {
    Config config = client_credentials_config();
    config.retry.max_attempts = 2;
    config.retry.initial_interval = 1ms;
    config.retry.max_interval = 1ms;
    MockTransport mock;
    mock.respond(503, "");
    mock.respond_token("after-retry");
    AnyAuthenticator auth = make_authenticator(config, mock);
    CHECK(auth.header() == "Bearer after-retry");
    CHECK(mock.request_count() == 2);

    config.retry.max_attempts = 1;  // what retry.enabled: false reads as
    MockTransport once;
    once.respond(503, "");
    once.respond_token("never-asked-for");
    AnyAuthenticator no_retry = make_authenticator(config, once);
    CHECK_FALSE(no_retry.try_header());
    CHECK(once.request_count() == 1);
  }

  TEST_CASE("issuer: discovery first, then the token request to the endpoint it found") {
    Config config = client_credentials_config();
    config.token_url.clear();
    config.issuer = "https://idp.example";
    MockTransport mock;
    mock.respond(200, R"({"issuer":"https://idp.example","token_endpoint":"https://idp.example/oauth/token",)"
                      R"("token_endpoint_auth_methods_supported":["client_secret_basic"]})");
    mock.respond_token("discovered-token");
    AnyAuthenticator auth = make_authenticator(config, mock);
    CHECK(auth.header() == "Bearer discovered-token");
    const std::vector<RecordedRequest> sent = mock.requests();
    REQUIRE(sent.size() == 2);
    CHECK(sent[0].method == "GET");
    CHECK(sent[0].request.url == "https://idp.example/.well-known/openid-configuration");
    CHECK(sent[1].method == "POST");
    CHECK(sent[1].request.url == "https://idp.example/oauth/token");
  }

  TEST_CASE("issuer on a transport that cannot GET is refused with the fix") {
    Config config = client_credentials_config();
    config.token_url.clear();
    config.issuer = "https://idp.example";
    PostOnlyTransport transport;
    CHECK_THROWS_WITH_AS(make_authenticator(config, transport), doctest::Contains("set token_url instead of issuer"),
                         Error);
    CHECK(transport.mock.request_count() == 0);
  }

  TEST_CASE("grant_type jwt-bearer: the assertion signed with the configured key is the grant") {
    const KeyPair key = KeyPair::generate(JwsAlgorithm::rs256);
    Config config = client_credentials_config();
    config.client_secret = Secret();
    config.auth_method = AuthMethod::none;
    config.grant = GrantKind::jwt_bearer;
    config.jwt_bearer.key = key.private_pem();
    MockTransport mock;
    mock.respond_token("bearer-grant-token");
    AnyAuthenticator auth = make_authenticator(config, mock);
    CHECK(auth.header() == "Bearer bearer-grant-token");
    REQUIRE(mock.request_count() == 1);
    const RecordedRequest sent = mock.requests().front();
    CHECK(sent.form_value("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer");
    const std::optional<std::string> assertion = sent.form_value("assertion");
    REQUIRE(assertion.has_value());
    CHECK(std::count(assertion->begin(), assertion->end(), '.') == 2);  // a JWS in compact form
  }

  TEST_CASE("grant_type token-exchange: the subject token is traded") {
    Config config = client_credentials_config();
    config.grant = GrantKind::token_exchange;
    config.token_exchange.subject_token = "upstream-token";
    MockTransport mock;
    mock.respond(200, R"({"access_token":"exchanged","issued_token_type":)"
                      R"("urn:ietf:params:oauth:token-type:access_token","token_type":"Bearer","expires_in":600})");
    AnyAuthenticator auth = make_authenticator(config, mock);
    CHECK(auth.header() == "Bearer exchanged");
    REQUIRE(mock.request_count() == 1);
    const RecordedRequest sent = mock.requests().front();
    CHECK(sent.form_value("grant_type") == "urn:ietf:params:oauth:grant-type:token-exchange");
    CHECK(sent.form_value("subject_token") == "upstream-token");
  }

  TEST_CASE("with a cache, the next authenticator takes the token from the file without a request") {
    TempDir dir;
    Config config = client_credentials_config();
    config.cache = FileCacheSettings{};
    config.cache->directory = dir.file("cache");
    MockTransport first;
    first.respond_token("cached-token");
    CHECK(make_authenticator(config, first).header() == "Bearer cached-token");
    CHECK(first.request_count() == 1);

    MockTransport second;
    CHECK(make_authenticator(config, second).header() == "Bearer cached-token");
    CHECK(second.request_count() == 0);
  }

  TEST_CASE("dpop.enabled is refused: header() cannot carry a proof per request") {
    Config config = client_credentials_config();
    config.dpop.enabled = true;
    MockTransport mock;
    CHECK_THROWS_WITH_AS(make_authenticator(config, mock), doctest::Contains("make_dpop_authenticator"), Error);
    CHECK(mock.request_count() == 0);
  }

  TEST_CASE("the observer is told of the fetch") {
    struct Counting : Observer {
      int fetched = 0;
      void token_fetched(const TokenFetched&) noexcept override { ++fetched; }
    };
    auto observer = std::make_shared<Counting>();
    MockTransport mock;
    mock.respond_token("observed");
    AnyAuthenticator auth = make_authenticator(client_credentials_config(), mock, observer);
    CHECK(auth.header() == "Bearer observed");
    CHECK(observer->fetched == 1);
  }
}

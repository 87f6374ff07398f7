#include <doctest/doctest.h>

#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <string>

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace client_credentials_test {

namespace {

const std::string url = "https://idp.example/realms/master/protocol/openid-connect/token";
const std::string nasty_secret = "s3cr%t&+= :/é";
const Instant now{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};

RecordedRequest sent_by(ClientCredentials& source) {
  MockTransport mock;
  mock.respond_token("tok");
  REQUIRE(source.fetch(mock, now));
  REQUIRE(mock.request_count() == 1);
  return mock.requests().front();
}

}  // namespace

TEST_SUITE("ClientCredentials") {
  TEST_CASE("client_secret_basic is the default and encodes id and secret before base64 (RFC 6749 §2.3.1)") {
    ClientCredentials source(url, "my client:1", nasty_secret);
    const RecordedRequest request = sent_by(source);
    CHECK(request.request.url == url);
    CHECK(request.header("Content-Type") == "application/x-www-form-urlencoded");
    CHECK(request.header("Accept") == "application/json");
    const auto credentials = request.basic_credentials();
    REQUIRE(credentials);
    CHECK(credentials->first == "my client:1");
    CHECK(credentials->second == nasty_secret);
    SUBCASE("the exact header, so the encoding is not merely self-consistent") {
      // base64("my%20client%3A1:s3cr%25t%26%2B%3D%20%3A%2F%C3%A9")
      CHECK(request.header("Authorization") ==
            "Basic bXklMjBjbGllbnQlM0ExOnMzY3IlMjV0JTI2JTJCJTNEJTIwJTNBJTJGJUMzJUE5");
    }
    SUBCASE("the secret is not in the body") {
      CHECK_FALSE(request.form_value("client_secret"));
      CHECK_FALSE(request.form_value("client_id"));
      CHECK(request.form() == detail::FormFields{{"grant_type", "client_credentials"}});
    }
  }

  TEST_CASE("client_secret_post sends id and secret as form fields") {
    ClientCredentials source(url, "my client:1", nasty_secret);
    source.auth_method(AuthMethod::client_secret_post);
    const RecordedRequest request = sent_by(source);
    CHECK(request.header("Authorization").empty());
    CHECK(request.form_value("client_id") == "my client:1");
    CHECK(request.form_value("client_secret") == nasty_secret);
    CHECK(request.request.body.find("s3cr%25t%26%2B%3D%20%3A%2F%C3%A9") != std::string::npos);
  }

  TEST_CASE("scopes are space-joined, and audience, resource and endpoint_params are form fields") {
    ClientCredentials source(url, "id", "secret");
    source.scopes({"openid", "api:read"})
        .audience("https://api.example")
        .resource("urn:oauth2cc:api")
        .endpoint_param("tenant", "a&b")
        .endpoint_param("tenant", "c d");
    const RecordedRequest request = sent_by(source);
    CHECK(request.form() == detail::FormFields{{"grant_type", "client_credentials"},
                                               {"scope", "openid api:read"},
                                               {"audience", "https://api.example"},
                                               {"resource", "urn:oauth2cc:api"},
                                               {"tenant", "a&b"},
                                               {"tenant", "c d"}});
  }

  TEST_CASE("the timeout travels with the request") {
    ClientCredentials source(url, "id", "secret");
    source.timeout(1500ms);
    CHECK(sent_by(source).request.timeout == 1500ms);
  }

  // The token's lifetime counting from when the request was sent, and
  // transport failures passing through with their code: for every source, in
  // token_source_contract.cpp.

  TEST_CASE("the default lifetime applies to opaque tokens without expires_in") {
    ClientCredentials source(url, "id", "secret");
    source.default_lifetime(90s);
    MockTransport mock;
    mock.respond(200, R"({"access_token":"opaque","token_type":"Bearer"})");
    CHECK(source.fetch(mock, now)->expires_at == now.steady + 90s);
  }

  TEST_CASE("an IdP that echoes the secret back does not put it in the message") {
    ClientCredentials source(url, "id", nasty_secret);
    MockTransport mock;
    mock.respond(401, R"({"error":"invalid_client","error_description":"bad secret s3cr%t&+= :/é"})");
    mock.respond(400, R"({"error":"invalid_request","error_description":"body: client_secret=s3cr%25t%26%2B%3D%20%3A%2F%C3%A9"})");
    for (int i = 0; i < 2; ++i) {
      const auto token = source.fetch(mock, now);
      CHECK(is_oauth_error(token.error()));
      CHECK(token.message().find("[redacted]") != std::string::npos);
      CHECK(token.message().find("s3cr") == std::string::npos);
    }
  }

  TEST_CASE("an endpoint that echoes the Basic credential does not put it in the message") {
    ClientCredentials source(url, "id", nasty_secret);
    const std::string echoed(find_header(source.request().headers, "Authorization"));  // "Basic <base64>"
    REQUIRE(echoed.starts_with("Basic "));
    MockTransport mock;
    mock.respond(400, R"({"error":"invalid_request","error_description":"got Authorization: )" + echoed + "\"}");
    const auto token = source.fetch(mock, now);
    CHECK(token.error() == errc::invalid_request);
    CHECK(token.message().find(echoed.substr(6)) == std::string::npos);
    CHECK(token.message().find("Basic [redacted]") != std::string::npos);
  }

  TEST_CASE("settings are validated up front, every problem named at once") {
    try {
      ClientCredentials source("", "", "");
      FAIL("expected oauth2cc::Error");
    } catch (const Error& e) {
      CHECK(e.code() == errc::invalid_configuration);
      const std::string what = e.what();
      CHECK(what.find("token_url is empty") != std::string::npos);
      CHECK(what.find("client_id is empty") != std::string::npos);
      CHECK(what.find("client_secret is empty") != std::string::npos);
    }
    CHECK_THROWS_AS(ClientCredentials("keycloak:8080/token", "id", "s"), Error);
    CHECK_THROWS_AS(ClientCredentials("https://u:p@idp/token", "id", "s"), Error);
    ClientCredentials source(url, "id", "s");
    CHECK_THROWS_AS(source.timeout(0ms), Error);
    CHECK_THROWS_AS(source.default_lifetime(-1s), Error);
  }

  TEST_CASE("the settings struct gives the same source") {
    ClientCredentialsSettings settings;
    settings.token_url = url;
    settings.client_id = "id";
    settings.client_secret = "secret";
    settings.auth_method = AuthMethod::client_secret_post;
    ClientCredentials source(std::move(settings));
    CHECK(sent_by(source).form_value("client_secret") == "secret");
    CHECK(to_string(AuthMethod::client_secret_post) == "client_secret_post");
    CHECK(to_string(AuthMethod::client_secret_basic) == "client_secret_basic");
  }
}

TEST_SUITE("ClientCredentials") {
  TEST_CASE("auth_method none is refused: the client_credentials grant needs client authentication") {
    ClientCredentialsSettings settings;
    settings.token_url = url;
    settings.client_id = "exporter";
    settings.auth_method = AuthMethod::none;
    CHECK_THROWS_WITH_AS(ClientCredentials(std::move(settings)), doctest::Contains("auth_method none"), Error);
    ClientCredentials source(url, "exporter", "secret");
    CHECK_THROWS_AS(source.auth_method(AuthMethod::none), Error);
  }
}

}  // namespace client_credentials_test

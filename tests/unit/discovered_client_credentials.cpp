// DiscoveredClientCredentials against MockTransport and ManualClock: the
// discovery GET at the first fetch and never again once it succeeded, a
// failed discovery retried at the next fetch, the auth method chosen from
// what the credentials allow, the file cache keyed by the issuer, and
// messages that never hold the secret.

#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/file_cache/file_cached.hpp>
#include <oauth2cc/config.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/source/discovered_client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <memory>
#include <string>
#include <vector>

#include "../support/clock_sleeper.hpp"
#include "../support/temp_dir.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using nlohmann::json;
using oauth2cc_test::ClockSleeper;

namespace discovered_client_credentials_test {

namespace {

const std::string issuer = "https://idp.example/realms/acme";
const std::string discovery_url = issuer + "/.well-known/openid-configuration";
const std::string token_endpoint = issuer + "/protocol/openid-connect/token";
constexpr std::string_view secret = "d1scovery-s3cret";

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// The IdP's metadata document, listing `methods`.
std::string metadata(const std::vector<std::string>& methods = {"client_secret_basic", "client_secret_post"}) {
  return json{{"issuer", issuer},
              {"token_endpoint", token_endpoint},
              {"token_endpoint_auth_methods_supported", methods}}
      .dump();
}

DiscoveredClientCredentialsSettings secret_settings(std::vector<AuthMethod> methods = {
                                                        AuthMethod::client_secret_basic,
                                                        AuthMethod::client_secret_post}) {
  DiscoveredClientCredentialsSettings settings;
  settings.issuer = issuer;
  settings.client.client_id = "exporter";
  settings.client.client_secret = Secret(std::string(secret));
  settings.auth_methods = std::move(methods);
  return settings;
}

Instant at(const ManualClock& clock) { return {clock.now(), clock.wall_now()}; }

std::size_t count(const MockTransport& mock, std::string_view method) {
  std::size_t n = 0;
  for (const RecordedRequest& recorded : mock.requests()) if (recorded.method == method) ++n;
  return n;
}

Config valid(const json& block) {
  Result<Config> config = config_from_json(block);
  REQUIRE_MESSAGE(config, config.message());
  return std::move(config).value();
}

}  // namespace

TEST_SUITE("DiscoveredClientCredentials") {
  TEST_CASE("the first fetch GETs the issuer's metadata, then POSTs the token request to its token_endpoint") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(200, metadata()).respond_token("first");
    DiscoveredClientCredentials source(secret_settings());
    CHECK_FALSE(source.metadata());

    const Result<Token> token = source.fetch(mock, at(clock));
    REQUIRE_MESSAGE(token, token.message());
    CHECK(token->value == "first");
    const std::vector<RecordedRequest> requests = mock.requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].method == "GET");
    CHECK(requests[0].request.url == discovery_url);
    CHECK(requests[1].method == "POST");
    CHECK(requests[1].request.url == token_endpoint);
    REQUIRE(source.metadata());
    CHECK(source.metadata()->token_endpoint == token_endpoint);
  }

  TEST_CASE("constructing it sends nothing, and checks the settings as ClientCredentials does") {
    DiscoveredClientCredentialsSettings no_id = secret_settings();
    no_id.client.client_id.clear();
    CHECK_THROWS_WITH_AS(DiscoveredClientCredentials{no_id}, doctest::Contains("client_id is empty"), Error);

    DiscoveredClientCredentialsSettings not_a_url = secret_settings();
    not_a_url.issuer = "idp.example/realms/acme";
    CHECK_THROWS_WITH_AS(DiscoveredClientCredentials{not_a_url}, doctest::Contains("issuer is not an absolute"), Error);
  }

  TEST_CASE("after a successful discovery, later fetches ask only the token endpoint") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(200, metadata()).respond_token("first", 120).respond_token("second", 120).respond_token("third", 120);
    Authenticator<DiscoveredClientCredentials, ExpiryBuffer, MockTransport, ManualClock> auth(
        DiscoveredClientCredentials(secret_settings()), ExpiryBuffer(30s), mock, clock);

    CHECK(auth.header() == "Bearer first");
    clock.advance(100s);  // past refresh time
    CHECK(auth.header() == "Bearer second");
    auth.invalidate();
    clock.advance(10s);
    CHECK(auth.header() == "Bearer third");
    CHECK(count(mock, "GET") == 1);
    CHECK(count(mock, "POST") == 3);
  }

  TEST_CASE("a failed discovery fails that fetch with its error, and the next fetch tries it again") {
    MockTransport mock;
    ManualClock clock;
    mock.fail(errc::connection_failed, "connection refused by 127.0.0.1:8443")
        .respond(503, "")
        .respond(200, metadata())
        .respond_token("after-outage");
    DiscoveredClientCredentials source(secret_settings());

    const Result<Token> refused = source.fetch(mock, at(clock));
    CHECK(refused.error() == errc::connection_failed);
    CHECK_FALSE(source.metadata());
    const Result<Token> unavailable = source.fetch(mock, at(clock));
    CHECK(unavailable.error() == errc::http_error);
    CHECK(has(unavailable.message(), "OIDC discovery at " + discovery_url));
    CHECK(mock.request_count() == 2);  // no token request while the endpoint is unknown

    const Result<Token> token = source.fetch(mock, at(clock));
    REQUIRE_MESSAGE(token, token.message());
    CHECK(token->value == "after-outage");
    CHECK(count(mock, "GET") == 3);
    CHECK(count(mock, "POST") == 1);
  }

  TEST_CASE("an IdP down at start-up: the Authenticator reports the discovery error, then recovers") {
    MockTransport mock;
    ManualClock clock;
    mock.fail(errc::connection_failed).respond(200, metadata()).respond_token("late");
    Authenticator<DiscoveredClientCredentials, ExpiryBuffer, MockTransport, ManualClock> auth(
        DiscoveredClientCredentials(secret_settings()), ExpiryBuffer(30s), mock, clock);

    CHECK(auth.try_header().error() == errc::connection_failed);
    const auto header = auth.try_header();  // the first failures are retried at once
    REQUIRE_MESSAGE(header, header.message());
    CHECK(*header == "Bearer late");
    CHECK(count(mock, "GET") == 2);
  }

  TEST_CASE("the first allowed method the IdP lists is used: client_secret_post when it lacks basic") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(200, metadata({"private_key_jwt", "client_secret_post"})).respond_token("posted");
    DiscoveredClientCredentials source(secret_settings());
    REQUIRE(source.fetch(mock, at(clock)));
    REQUIRE(source.source());
    CHECK(source.source()->settings().auth_method == AuthMethod::client_secret_post);
    const RecordedRequest token_request = mock.requests().at(1);
    CHECK(token_request.form_value("client_secret") == std::string(secret));
    CHECK_FALSE(token_request.basic_credentials());
  }

  TEST_CASE("client_secret_basic is preferred when the IdP lists both") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(200, metadata({"client_secret_post", "client_secret_basic"})).respond_token("basic");
    DiscoveredClientCredentials source(secret_settings());
    REQUIRE(source.fetch(mock, at(clock)));
    const RecordedRequest token_request = mock.requests().at(1);
    REQUIRE(token_request.basic_credentials());
    CHECK(token_request.basic_credentials()->second == std::string(secret));
    CHECK_FALSE(token_request.form_value("client_secret"));
  }

  TEST_CASE("an auth_method the IdP does not list is invalid_configuration naming both lists, without asking again") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(200, metadata({"client_secret_basic", "private_key_jwt"}));
    DiscoveredClientCredentials source(secret_settings({AuthMethod::client_secret_post}));

    const Result<Token> token = source.fetch(mock, at(clock));
    CHECK(token.error() == errc::invalid_configuration);
    CHECK(has(token.message(), "[client_secret_basic, private_key_jwt]"));
    CHECK(has(token.message(), "[client_secret_post]"));
    CHECK(has(token.message(), "set auth_method to one it lists"));
    CHECK_FALSE(has(token.message(), secret));

    CHECK(source.fetch(mock, at(clock)).message() == token.message());
    CHECK(mock.request_count() == 1);  // the metadata is kept; only the choice fails
  }

  TEST_CASE("when none of the methods the credentials allow is listed, the message names them all") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(200, metadata({"private_key_jwt"}));
    DiscoveredClientCredentials source(secret_settings());
    const Result<Token> token = source.fetch(mock, at(clock));
    CHECK(token.error() == errc::invalid_configuration);
    CHECK(has(token.message(), "[client_secret_basic, client_secret_post]"));
    CHECK(has(token.message(), "[private_key_jwt]"));
  }

  TEST_CASE("no message holds the client secret, whatever fails") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(500, std::string(secret))
        .respond(200, R"({"issuer":"https://other.example","token_endpoint":"https://other.example/t"})")
        .respond(200, metadata({"tls_client_auth"}));
    DiscoveredClientCredentials source(secret_settings());
    for (int i = 0; i < 3; ++i) {
      const Result<Token> token = source.fetch(mock, at(clock));
      REQUIRE_FALSE(token);
      CAPTURE(token.message());
      CHECK_FALSE(has(token.message(), secret));
    }
  }

  TEST_CASE("RetryingTransport retries a discovery GET the IdP answered with 503") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(503, "").respond(200, metadata());
    RetryingTransport<MockTransport, ExponentialBackoff, ManualClock, ClockSleeper> transport(
        mock, ExponentialBackoff({}, 7), clock, ClockSleeper{clock});
    static_assert(HttpGetTransport<decltype(transport)>);
    const Result<ProviderMetadata> found = discover(transport, issuer);
    REQUIRE_MESSAGE(found, found.message());
    CHECK(count(mock, "GET") == 2);
  }

  TEST_CASE("FileCached keys a discovered source by its issuer: a second run needs neither discovery nor a token request") {
    const oauth2cc_test::TempDir temp;
    FileCacheSettings cache;
    cache.directory = temp.file("cache");
    const FileCacheKey key = file_cache_key(secret_settings());
    CHECK(key.token_url == issuer);
    CHECK(key.auth_method == "client_secret_basic|client_secret_post");

    MockTransport mock;
    ManualClock clock;
    mock.respond(200, metadata()).respond_token("cached");
    FileCached<DiscoveredClientCredentials> first(DiscoveredClientCredentials(secret_settings()), cache);
    CHECK(first.key() == key);
    REQUIRE(first.fetch(mock, at(clock)).value().value == "cached");
    CHECK(mock.request_count() == 2);

    FileCached<DiscoveredClientCredentials> second(DiscoveredClientCredentials(secret_settings()), cache);
    CHECK(second.fetch(mock, at(clock)).value().value == "cached");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("a Config with issuer makes a discovered source with its credentials and allowed methods") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(200, metadata({"client_secret_post"})).respond_token("from-config");
    const Config config = valid({{"client_id", "exporter"},
                                 {"client_secret", std::string(secret)},
                                 {"issuer", issuer},
                                 {"scopes", {"api:read"}}});
    DiscoveredClientCredentials source = discovered_client_credentials(config);
    CHECK(source.settings().issuer == issuer);
    CHECK(source.settings().client.token_url.empty());
    REQUIRE(source.fetch(mock, at(clock)));
    const RecordedRequest token_request = mock.requests().at(1);
    CHECK(token_request.request.url == token_endpoint);
    CHECK(token_request.form_value("scope") == "api:read");
    CHECK(token_request.form_value("client_id") == "exporter");
  }
}

}  // namespace discovered_client_credentials_test

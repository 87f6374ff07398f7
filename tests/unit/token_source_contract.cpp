// What every TokenSource must do, written once and run over every source in
// include/oauth2cc/source/ (and FileCached, which is one too), against a
// MockTransport. Two parts:
//  - every source (token_source_*): a good fetch serves the token as given,
//    a failed one says why without repeating a secret, and each fetch sends
//    exactly the requests it needs (none for a token handed to the process);
//  - sources that request tokens over HTTP (token_request_*): what the token
//    endpoint answers, and how it fails.
// What only one source does (its request's fields, its advice) stays in its
// own tests.
//
// Each source has a fixture, built in place, with
//   Source source; Instant at;   the source, and when the contract fetches
//   std::vector<std::string> secrets() const;   what no message may repeat
// and either, for a source that requests tokens,
//   std::size_t prepare(const MockTransport&);  scripts what a fetch sends
//       before its token request (OIDC discovery); returns how many requests
//   static const std::string token_url;
// or, for one that does not,
//   Good good();  makes the next fetch succeed; says what it must serve
//   Bad bad();    makes the next fetch fail; says how

#include <doctest/doctest.h>

#include <oauth2cc/concepts.hpp>
#include <oauth2cc/file_cache/file_cached.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/source/discovered_client_credentials.hpp>
#include <oauth2cc/source/jwt_bearer.hpp>
#include <oauth2cc/source/static_token.hpp>
#include <oauth2cc/source/token_exchange.hpp>
#include <oauth2cc/source/token_file.hpp>
#include <oauth2cc/testing.hpp>

#include <chrono>
#include <concepts>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../support/fake_jwt.hpp"
#include "../support/temp_dir.hpp"

namespace token_source_contract_test {

using namespace oauth2cc;
using namespace std::chrono_literals;

const Instant start{SteadyTime(1000h), WallTime(std::chrono::seconds(1'767'225'600))};

// What a good fetch must serve, and the requests it may send.
struct Good {
  std::string value;
  std::chrono::seconds lifetime;
  std::size_t requests = 0;
};
// How a failed fetch must fail, and the requests it may send.
struct Bad {
  errc code;
  std::size_t requests = 0;
};

template <class F>
concept RequestsTokens = requires(F& fixture, const MockTransport& mock) {
  { fixture.prepare(mock) } -> std::same_as<std::size_t>;
};

bool has(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// Sources that request tokens: a good fetch is a token response, a bad one
// an OAuth error; each after whatever the source sends first.
template <class F>
Good arrange_good(F& fixture, const MockTransport& mock) {
  if constexpr (RequestsTokens<F>) {
    const std::size_t before = fixture.prepare(mock);
    const std::string value = "issued-token-" + std::to_string(mock.request_count() + before + 1);
    mock.respond_token(value, 1800);
    return {value, 1800s, before + 1};
  } else {
    return fixture.good();
  }
}

template <class F>
Bad arrange_bad(F& fixture, const MockTransport& mock) {
  if constexpr (RequestsTokens<F>) {
    const std::size_t before = fixture.prepare(mock);
    mock.respond(400, R"({"error":"invalid_grant","error_description":"the grant was refused"})");
    return {errc::invalid_grant, before + 1};
  } else {
    return fixture.bad();
  }
}

// What a token request carried that an IdP could echo: the Authorization
// header's credential and the form fields that hold a secret or a token.
std::vector<std::string> credentials_in(const RecordedRequest& request) {
  std::vector<std::string> found;
  const std::string_view authorization = request.header("Authorization");
  if (const std::size_t space = authorization.find(' '); space != std::string_view::npos) {
    found.emplace_back(authorization.substr(space + 1));
  }
  for (const char* field : {"client_secret", "client_assertion", "assertion", "subject_token", "actor_token"}) {
    if (auto value = request.form_value(field)) found.push_back(std::move(*value));
  }
  return found;
}

}  // namespace token_source_contract_test

// The fixtures, outside the namespace so that doctest's "<Fixture>" suffix
// of each case's name is short.

struct ClientCredentialsFixture {
  static inline const std::string token_url = "https://idp.example/token";
  static constexpr const char* secret = "contract-secret-5e2b";
  oauth2cc::ClientCredentials source{token_url, "contract-client", secret};
  oauth2cc::Instant at = token_source_contract_test::start;

  std::size_t prepare(const oauth2cc::MockTransport&) { return 0; }
  std::vector<std::string> secrets() const { return {secret}; }
};

// The token endpoint comes from discovery, a GET before the first token request.
struct DiscoveredClientCredentialsFixture {
  // Literals: an inline static member initialized from a namespace-scope
  // string may be initialized before it (clang does).
  static inline const std::string issuer = "https://idp.example/realms/contract";
  static inline const std::string token_url = "https://idp.example/realms/contract/protocol/openid-connect/token";
  static constexpr const char* secret = "discovered-secret-81c4";
  oauth2cc::DiscoveredClientCredentials source{make_settings()};
  oauth2cc::Instant at = token_source_contract_test::start;

  std::size_t prepare(const oauth2cc::MockTransport& mock) {
    if (source.source()) return 0;
    mock.respond(200, nlohmann::json{{"issuer", issuer},
                                     {"token_endpoint", token_url},
                                     {"token_endpoint_auth_methods_supported", {"client_secret_basic"}}}
                          .dump());
    return 1;
  }
  std::vector<std::string> secrets() const { return {secret}; }

  static oauth2cc::DiscoveredClientCredentialsSettings make_settings() {
    oauth2cc::DiscoveredClientCredentialsSettings settings;
    settings.issuer = issuer;
    settings.client.client_id = "contract-client";
    settings.client.client_secret = oauth2cc::Secret(secret);
    return settings;
  }
};

// The assertion is the credential; the signer keeps what it signed.
struct JwtBearerFixture {
  static inline const std::string token_url = "https://idp.example/token";
  std::shared_ptr<std::vector<std::string>> signed_ = std::make_shared<std::vector<std::string>>();
  oauth2cc::JwtBearer source{make_settings(signed_)};
  oauth2cc::Instant at = token_source_contract_test::start;

  std::size_t prepare(const oauth2cc::MockTransport&) { return 0; }
  std::vector<std::string> secrets() const { return *signed_; }

  static oauth2cc::JwtBearerSettings make_settings(std::shared_ptr<std::vector<std::string>> log) {
    oauth2cc::JwtBearerSettings settings;
    settings.client.token_url = token_url;
    settings.client.client_id = "exporter@project";
    settings.assertion = [log](const oauth2cc::AssertionRequest&) -> oauth2cc::Result<oauth2cc::Secret> {
      log->push_back("eyJhbGciOiJSUzI1NiJ9.Y29udHJhY3Q" + std::to_string(log->size()) + ".c2ln");
      return oauth2cc::Secret(log->back());
    };
    return settings;
  }
};

struct TokenExchangeFixture {
  static inline const std::string token_url = "https://sts.example/token";
  static constexpr const char* secret = "exchange-secret-3d90";
  static constexpr const char* subject = "subject-token-7a1f";
  oauth2cc::TokenExchange source{make_settings()};
  oauth2cc::Instant at = token_source_contract_test::start;

  std::size_t prepare(const oauth2cc::MockTransport&) { return 0; }
  std::vector<std::string> secrets() const { return {secret, subject}; }

  static oauth2cc::TokenExchangeSettings make_settings() {
    oauth2cc::TokenExchangeSettings settings;
    settings.client.token_url = token_url;
    settings.client.client_id = "exporter";
    settings.client.client_secret = oauth2cc::Secret(secret);
    settings.subject_token = oauth2cc::given_token(oauth2cc::Secret(subject));
    return settings;
  }
};

// In a fresh directory, every fetch asks the IdP: the file is empty at
// first, and then holds a token this instance already handed out.
struct FileCachedFixture {
  static inline const std::string token_url = "https://idp.example/token";
  static constexpr const char* secret = "cached-secret-b61e";
  oauth2cc_test::TempDir dir;
  oauth2cc::FileCached<oauth2cc::ClientCredentials> source{
      oauth2cc::ClientCredentials(token_url, "contract-client", secret),
      oauth2cc::FileCacheSettings{dir.path().string(), std::chrono::seconds(30), std::nullopt}};
  oauth2cc::Instant at = token_source_contract_test::start;

  std::size_t prepare(const oauth2cc::MockTransport&) { return 0; }
  std::vector<std::string> secrets() const { return {secret}; }
};

// A JWT, so it can fail: once its exp has passed.
struct StaticTokenFixture {
  const std::string jwt = oauth2cc_test::fake_jwt(
      {{"sub", "exporter"}, {"exp", oauth2cc_test::epoch(token_source_contract_test::start.wall) + 1800}});
  oauth2cc::StaticToken source{oauth2cc::Secret(jwt)};
  oauth2cc::Instant at = token_source_contract_test::start;

  token_source_contract_test::Good good() const { return {jwt, std::chrono::seconds(1800), 0}; }
  token_source_contract_test::Bad bad() {
    at = {at.steady + std::chrono::seconds(1801), at.wall + std::chrono::seconds(1801)};
    return {oauth2cc::errc::token_expired, 0};
  }
  std::vector<std::string> secrets() const { return {jwt}; }
};

// Each good() writes a token of a new length, so the change is seen even
// within the file system's timestamp granularity.
struct TokenFileFixture {
  oauth2cc_test::TempDir dir;
  oauth2cc::TokenFile source{dir.file("token")};
  oauth2cc::Instant at = token_source_contract_test::start;
  std::vector<std::string> written;

  token_source_contract_test::Good good() {
    written.push_back("sidecar-token-" + std::string(written.size() + 1, '7'));
    dir.write("token", written.back() + "\n");
    return {written.back(), std::chrono::seconds(60), 0};  // the recheck interval
  }
  token_source_contract_test::Bad bad() {
    std::filesystem::remove(dir.file("token"));
    return {oauth2cc::errc::credential_file_unusable, 0};
  }
  std::vector<std::string> secrets() const { return written; }
};

TYPE_TO_STRING(ClientCredentialsFixture);
TYPE_TO_STRING(DiscoveredClientCredentialsFixture);
TYPE_TO_STRING(JwtBearerFixture);
TYPE_TO_STRING(TokenExchangeFixture);
TYPE_TO_STRING(FileCachedFixture);
TYPE_TO_STRING(StaticTokenFixture);
TYPE_TO_STRING(TokenFileFixture);

// Every TokenSource.
#define OAUTH2CC_TOKEN_SOURCE_CONTRACT(F)                   \
  TEST_CASE_TEMPLATE_INVOKE(token_source_good_fetch, F);   \
  TEST_CASE_TEMPLATE_INVOKE(token_source_fetch_again, F);  \
  TEST_CASE_TEMPLATE_INVOKE(token_source_failed_fetch, F)

// TokenSources that request tokens over HTTP, besides the above.
#define OAUTH2CC_TOKEN_REQUEST_CONTRACT(F)                          \
  OAUTH2CC_TOKEN_SOURCE_CONTRACT(F);                                \
  TEST_CASE_TEMPLATE_INVOKE(token_request_post, F);                 \
  TEST_CASE_TEMPLATE_INVOKE(token_request_default_lifetime, F);     \
  TEST_CASE_TEMPLATE_INVOKE(token_request_error_response, F);       \
  TEST_CASE_TEMPLATE_INVOKE(token_request_transport_failure, F);    \
  TEST_CASE_TEMPLATE_INVOKE(token_request_recovers, F);             \
  TEST_CASE_TEMPLATE_INVOKE(token_request_echo, F);                 \
  TEST_CASE_TEMPLATE_INVOKE(token_request_unusable, F)

// The cases and their runs in one block: a case belongs to the suite it is
// defined in.
TEST_SUITE("TokenSource contract") {
  // --- Every TokenSource ---

  TEST_CASE_TEMPLATE_DEFINE("a good fetch serves the token as given, issued when the fetch started", F,
                            token_source_good_fetch) {
    using namespace token_source_contract_test;
    static_assert(TokenSource<decltype(F::source), MockTransport>);
    F fixture;
    MockTransport mock;
    const Good good = arrange_good(fixture, mock);
    const Result<Token> token = fixture.source.fetch(mock, fixture.at);
    REQUIRE_MESSAGE(token, token.message());
    CHECK(token->value == good.value);
    CHECK(token->type == "Bearer");
    CHECK(token->issued_at == fixture.at.steady);
    CHECK(token->expires_at == fixture.at.steady + good.lifetime);
    CHECK(mock.request_count() == good.requests);
  }

  TEST_CASE_TEMPLATE_DEFINE("every fetch serves a token again, sending only the requests that fetch needs", F,
                            token_source_fetch_again) {
    using namespace token_source_contract_test;
    F fixture;
    MockTransport mock;
    std::size_t expected_requests = 0;
    for (int i = 0; i < 3; ++i) {
      CAPTURE(i);
      const Good good = arrange_good(fixture, mock);
      expected_requests += good.requests;
      const Result<Token> token = fixture.source.fetch(mock, fixture.at);
      REQUIRE_MESSAGE(token, token.message());
      CHECK(token->value == good.value);
      CHECK(mock.request_count() == expected_requests);
    }
  }

  TEST_CASE_TEMPLATE_DEFINE("a failed fetch says why with its own code, repeating no secret and no token served", F,
                            token_source_failed_fetch) {
    using namespace token_source_contract_test;
    F fixture;
    MockTransport mock;
    const Good good = arrange_good(fixture, mock);
    REQUIRE(fixture.source.fetch(mock, fixture.at));
    const Bad bad = arrange_bad(fixture, mock);
    const Result<Token> failed = fixture.source.fetch(mock, fixture.at);
    REQUIRE_FALSE(failed);
    CHECK(failed.error() == bad.code);
    CHECK_FALSE(failed.message().empty());
    std::vector<std::string> forbidden = fixture.secrets();
    forbidden.push_back(good.value);
    for (const std::string& secret : forbidden) {
      CAPTURE(secret);
      CHECK_FALSE(has(failed.message(), secret));
    }
    CHECK(mock.request_count() == good.requests + bad.requests);
  }

  // --- TokenSources that request tokens over HTTP ---

  TEST_CASE_TEMPLATE_DEFINE("a token request is one form POST to the token endpoint", F, token_request_post) {
    using namespace token_source_contract_test;
    F fixture;
    MockTransport mock;
    const std::size_t before = fixture.prepare(mock);
    mock.respond_token("posted");
    REQUIRE(fixture.source.fetch(mock, fixture.at));
    const std::vector<RecordedRequest> requests = mock.requests();
    REQUIRE(requests.size() == before + 1);
    const RecordedRequest& request = requests.back();
    CHECK(request.method == "POST");
    CHECK(request.request.url == F::token_url);
    CHECK(request.header("Content-Type") == "application/x-www-form-urlencoded");
    CHECK(request.form_value("grant_type").value_or("").size() > 0);
  }

  // Short, so an unknown lifetime is never "forever".
  TEST_CASE_TEMPLATE_DEFINE("a response without expires_in gives an opaque token the default 5 minutes", F,
                            token_request_default_lifetime) {
    using namespace token_source_contract_test;
    F fixture;
    MockTransport mock;
    fixture.prepare(mock);
    mock.respond(200, R"({"access_token":"opaque-token","token_type":"Bearer"})");
    const Result<Token> token = fixture.source.fetch(mock, fixture.at);
    REQUIRE_MESSAGE(token, token.message());
    CHECK(token->expires_at == fixture.at.steady + 5min);
  }

  TEST_CASE_TEMPLATE_DEFINE("an error response fails the fetch with the code it names, after one token request", F,
                            token_request_error_response) {
    using namespace token_source_contract_test;
    struct Answer {
      int status;
      std::string body;
      Headers headers;  // none: JSON
      errc code;
      std::string_view says;  // in the message
    };
    const Answer answers[] = {
        {400, R"({"error":"invalid_grant","error_description":"grant refused 0c1d"})", {}, errc::invalid_grant,
         "grant refused 0c1d"},
        {401, R"({"error":"invalid_client","error_description":"unknown client 5a2e"})", {}, errc::invalid_client,
         "unknown client 5a2e"},
        {500, R"({"error":"server_error","error_description":"database down 9b3f"})", {}, errc::server_error,
         "database down 9b3f"},
        {503, "<html>Service Unavailable</html>", {{"Content-Type", "text/html"}}, errc::http_error, "HTTP 503"},
    };
    for (const Answer& answer : answers) {
      CAPTURE(answer.body);
      F fixture;
      MockTransport mock;
      const std::size_t before = fixture.prepare(mock);
      mock.respond(answer.status, answer.body, answer.headers);
      const Result<Token> token = fixture.source.fetch(mock, fixture.at);
      REQUIRE_FALSE(token);
      CHECK(token.error() == answer.code);
      CHECK(has(token.message(), answer.says));
      CHECK(mock.request_count() == before + 1);  // the source does not retry; RetryingTransport does
    }
  }

  TEST_CASE_TEMPLATE_DEFINE("transport failures pass through with their code", F, token_request_transport_failure) {
    using namespace token_source_contract_test;
    F fixture;
    MockTransport mock;
    const std::size_t before = fixture.prepare(mock);
    mock.fail(errc::timeout, "no answer");
    const Result<Token> token = fixture.source.fetch(mock, fixture.at);
    CHECK(token.error() == errc::timeout);
    CHECK(token.message() == "no answer");
    CHECK(mock.request_count() == before + 1);
  }

  TEST_CASE_TEMPLATE_DEFINE("after a failed fetch the next one asks again and serves the new token", F,
                            token_request_recovers) {
    using namespace token_source_contract_test;
    F fixture;
    MockTransport mock;
    const std::size_t before = fixture.prepare(mock);
    mock.respond(500, R"({"error":"server_error"})");
    REQUIRE_FALSE(fixture.source.fetch(mock, fixture.at));
    const Good good = arrange_good(fixture, mock);
    const Result<Token> token = fixture.source.fetch(mock, fixture.at);
    REQUIRE_MESSAGE(token, token.message());
    CHECK(token->value == good.value);
    CHECK(mock.request_count() == before + 1 + good.requests);
  }

  // Some IdPs and proxies echo the request in their error. One fetch per
  // credential, each echoing one, so none is cut off by the message's bound.
  TEST_CASE_TEMPLATE_DEFINE("an IdP that echoes the request's credentials gets none of them into the message", F,
                            token_request_echo) {
    using namespace token_source_contract_test;
    F fixture;
    MockTransport mock;
    auto echoed = std::make_shared<std::vector<std::string>>();
    auto turn = std::make_shared<std::size_t>(0);
    const std::vector<std::string> configured = fixture.secrets();
    mock.on_request([echoed, turn, configured](const HttpRequest& request) -> Result<HttpResponse> {
      std::vector<std::string> candidates = credentials_in(RecordedRequest{request});
      candidates.insert(candidates.end(), configured.begin(), configured.end());
      if (*turn >= candidates.size()) return HttpResponse{400, {}, R"({"error":"invalid_request"})"};
      echoed->push_back(candidates[(*turn)++]);
      return HttpResponse{400,
                          {{"Content-Type", "application/json"}},
                          nlohmann::json{{"error", "invalid_request"}, {"error_description", "got " + echoed->back()}}
                              .dump()};
    });
    fixture.prepare(mock);  // the discovery response is scripted; the handler answers the rest
    for (int i = 0; i < 8; ++i) {
      const std::size_t before = echoed->size();
      const Result<Token> token = fixture.source.fetch(mock, fixture.at);
      REQUIRE_FALSE(token);
      if (echoed->size() == before) break;  // every credential has been echoed once
      CAPTURE(echoed->back());
      CHECK(token.error() == errc::invalid_request);
      CHECK_FALSE(has(token.message(), echoed->back()));
    }
    CHECK_FALSE(echoed->empty());  // every source's request carries a credential
  }

  TEST_CASE_TEMPLATE_DEFINE("an unusable token response never repeats its access token", F, token_request_unusable) {
    using namespace token_source_contract_test;
    const std::string bodies[] = {
        R"({"access_token":"leaky-token-81f2","token_type":"Bearer","expires_in":"soon"})",
        R"({"access_token":"leaky-token-81f2","token_type":"mac","expires_in":600})",
    };
    for (const std::string& body : bodies) {
      CAPTURE(body);
      F fixture;
      MockTransport mock;
      fixture.prepare(mock);
      mock.respond(200, body);
      const Result<Token> token = fixture.source.fetch(mock, fixture.at);
      REQUIRE_FALSE(token);
      CHECK_FALSE(token.message().empty());
      CHECK_FALSE(has(token.message(), "leaky-token-81f2"));
    }
  }

  OAUTH2CC_TOKEN_REQUEST_CONTRACT(ClientCredentialsFixture);
  OAUTH2CC_TOKEN_REQUEST_CONTRACT(DiscoveredClientCredentialsFixture);
  OAUTH2CC_TOKEN_REQUEST_CONTRACT(JwtBearerFixture);
  OAUTH2CC_TOKEN_REQUEST_CONTRACT(TokenExchangeFixture);
  OAUTH2CC_TOKEN_REQUEST_CONTRACT(FileCachedFixture);
  OAUTH2CC_TOKEN_SOURCE_CONTRACT(StaticTokenFixture);
  OAUTH2CC_TOKEN_SOURCE_CONTRACT(TokenFileFixture);
}

// Retries: the ExponentialBackoff policy's decisions (what is retried, full
// jitter, Retry-After), RetryingTransport on MockTransport + ManualClock with
// a sleeper that moves the clock (no real sleeps), and Config::retry.

#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/config.hpp>
#include <oauth2cc/observer.hpp>
#include <oauth2cc/retry/exponential_backoff.hpp>
#include <oauth2cc/retry/no_retry.hpp>
#include <oauth2cc/transport/retrying.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "../support/scoped_env.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using nlohmann::json;
using oauth2cc_test::ScopedEnv;
using std::chrono::milliseconds;

namespace retry_test {

namespace {

const WallTime in_2026 = WallTime(std::chrono::seconds(1'767'225'600));  // 2026-01-01T00:00:00Z
constexpr std::string_view secret = "s3cr3t-Ret:ry%";

bool has(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

Result<HttpResponse> response(int status, std::string body = {}, Headers headers = {}) {
  return HttpResponse{status, std::move(headers), std::move(body)};
}

Result<HttpResponse> failed(errc code) { return Failure{make_error_code(code), "scripted"}; }

RetryDecision decide(ExponentialBackoff& policy, int number, const Result<HttpResponse>& outcome) {
  return policy.decide(Attempt{number, outcome, in_2026});
}

bool retried(const Result<HttpResponse>& outcome) {
  ExponentialBackoff policy({}, 1);
  return decide(policy, 1, outcome).retry;
}

ExponentialBackoff seeded(std::uint64_t seed = 7, ExponentialBackoffSettings settings = {}) {
  return ExponentialBackoff(settings, seed);
}

// Instead of sleeping, moves the clock on and remembers what it was asked.
// Copies share the record, so a test keeps one to inspect.
struct AdvancingSleeper {
  ManualClock clock;
  std::shared_ptr<std::vector<milliseconds>> asked = std::make_shared<std::vector<milliseconds>>();

  void sleep_for(milliseconds delay) const {
    asked->push_back(delay);
    clock.advance(delay);
  }
};

template <class Policy = ExponentialBackoff>
using TestTransport = RetryingTransport<MockTransport, Policy, ManualClock, AdvancingSleeper>;

// A mock, a clock, a sleeper on that clock, and a retrying transport on all three.
template <class Policy = ExponentialBackoff>
struct Rig {
  MockTransport mock;
  ManualClock clock;
  AdvancingSleeper sleeper{clock};
  TestTransport<Policy> transport;

  explicit Rig(Policy policy = seeded()) : transport(mock, std::move(policy), clock, sleeper) {}

  std::vector<milliseconds> timeouts() const {
    std::vector<milliseconds> out;
    for (const auto& recorded : mock.requests()) out.push_back(recorded.request.timeout);
    return out;
  }
};

HttpRequest request(milliseconds timeout = 10s) {
  HttpRequest out;
  out.url = "https://idp.example/token";
  out.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  out.body = "grant_type=client_credentials&client_secret=" + std::string(secret);
  out.timeout = timeout;
  return out;
}

ClientCredentials source(AuthMethod method = AuthMethod::client_secret_basic) {
  ClientCredentials credentials("https://idp.example/token", "exporter", Secret(std::string(secret)));
  credentials.auth_method(method);
  return credentials;
}

// Every event as text, so a test can look for the secret in all of them.
struct RecordingObserver : Observer {
  std::vector<RetryScheduled> retries;
  std::vector<std::string> texts;

  void retry_scheduled(const RetryScheduled& event) noexcept override {
    retries.push_back(event);
    texts.push_back("retry " + std::to_string(event.attempt) + " " + std::to_string(event.delay.count()) + " " +
                    event.cause.message() + " " + std::to_string(event.status));
  }
  void token_fetched(const TokenFetched&) noexcept override { texts.emplace_back("fetched"); }
  void refresh_failed(const RefreshFailed& event) noexcept override {
    texts.push_back(event.code.message() + " " + std::string(event.message));
  }
  void invalidated(const Invalidated&) noexcept override { texts.emplace_back("invalidated"); }
  void insecure_transport(const InsecureTransport& event) noexcept override {
    texts.push_back(std::string(event.reason) + " " + std::string(event.origin));
  }
};

json minimal_block() {
  return {{"client_id", "exporter"}, {"client_secret", "s3cret"}, {"token_url", "https://idp.example/token"}};
}

// The message of a configuration that must be refused.
std::string refused(const json& block) {
  const Result<Config> config = config_from_json(block);
  REQUIRE_FALSE(config);
  CHECK(config.error() == errc::invalid_configuration);
  return config.message();
}

}  // namespace

TEST_SUITE("retry policy") {
  TEST_CASE("network failures that may heal are retried") {
    for (const errc code : {errc::connection_failed, errc::timeout, errc::transport_failed, errc::tls_handshake_failed}) {
      CHECK_MESSAGE(retried(failed(code)), to_string(code));
    }
  }

  TEST_CASE("certificate, URL, configuration and size errors are not retried: they will not heal") {
    for (const errc code : {errc::tls_certificate_untrusted, errc::tls_hostname_mismatch, errc::tls_certificate_invalid,
                            errc::tls_configuration, errc::invalid_url, errc::response_too_large,
                            errc::source_failed, errc::invalid_configuration}) {
      CHECK_FALSE_MESSAGE(retried(failed(code)), to_string(code));
    }
    CHECK_FALSE(retried(Failure{std::make_error_code(std::errc::connection_refused), "not an oauth2cc code"}));
  }

  TEST_CASE("5xx, 429 and 408 are retried, except 501 and 505") {
    for (const int status : {500, 502, 503, 504, 599, 429, 408}) CHECK_MESSAGE(retried(response(status)), status);
    for (const int status : {501, 505}) CHECK_FALSE_MESSAGE(retried(response(status)), status);
  }

  TEST_CASE("OAuth errors and other 4xx answers are never retried") {
    CHECK_FALSE(retried(response(400, R"({"error":"invalid_client"})")));
    CHECK_FALSE(retried(response(401, R"({"error":"invalid_client","error_description":"bad secret"})")));
    CHECK_FALSE(retried(response(400, R"({"error":"invalid_scope"})")));
    CHECK_FALSE(retried(response(400, R"({"error":"invalid_grant"})")));
    CHECK_FALSE(retried(response(400, R"({"error":"unsupported_grant_type"})")));
    CHECK_FALSE(retried(response(400, "<html>bad request</html>")));
    for (const int status : {400, 401, 403, 404, 405, 302, 100}) CHECK_FALSE_MESSAGE(retried(response(status)), status);
  }

  TEST_CASE("temporarily_unavailable and server_error say the IdP is failing, whatever the 4xx status") {
    CHECK(retried(response(400, R"({"error":"temporarily_unavailable"})")));
    CHECK(retried(response(400, R"({"error":"server_error","error_description":"db down"})")));
  }

  TEST_CASE("the defaults: 4 attempts, delays from 100 ms doubling up to 5 s, Retry-After up to 60 s") {
    const ExponentialBackoff policy;
    CHECK(policy.settings().max_attempts == 4);
    CHECK(policy.settings().initial_interval == 100ms);
    CHECK(policy.settings().max_interval == 5s);
    CHECK(policy.settings().max_retry_after == 60s);
    CHECK(policy.ceiling(1) == 100ms);
    CHECK(policy.ceiling(2) == 200ms);
    CHECK(policy.ceiling(3) == 400ms);
    CHECK(policy.ceiling(6) == 3200ms);
    CHECK(policy.ceiling(7) == 5s);  // 6.4 s capped
    CHECK(policy.ceiling(1000) == 5s);
  }

  TEST_CASE("max_attempts counts the first request: attempt 4 of 4 is not retried") {
    ExponentialBackoff policy = seeded();
    const auto outage = response(503);
    CHECK(decide(policy, 1, outage).retry);
    CHECK(decide(policy, 3, outage).retry);
    CHECK_FALSE(decide(policy, 4, outage).retry);
    ExponentialBackoff once = seeded(7, {.max_attempts = 1});
    CHECK_FALSE(decide(once, 1, outage).retry);
  }

  TEST_CASE("full jitter: each delay is drawn from 0 up to the attempt's ceiling, and uses all of it") {
    ExponentialBackoff policy = seeded(12345, {.max_attempts = 100});
    const auto outage = failed(errc::connection_failed);
    for (int number = 1; number <= 8; ++number) {
      const milliseconds ceiling = policy.ceiling(number);
      milliseconds lowest = ceiling;
      milliseconds highest = 0ms;
      for (int draw = 0; draw < 2000; ++draw) {
        const RetryDecision decision = decide(policy, number, outage);
        REQUIRE(decision.retry);
        CHECK_FALSE(decision.from_retry_after);
        lowest = std::min(lowest, decision.delay);
        highest = std::max(highest, decision.delay);
      }
      CHECK(lowest >= 0ms);
      CHECK(highest <= ceiling);
      // Spread over the whole range, not bunched at the ceiling as plain backoff would be.
      CHECK(lowest <= ceiling / 20);
      CHECK(highest >= ceiling - ceiling / 20);
    }
  }

  TEST_CASE("the same seed replays the same delays, another seed draws others") {
    ExponentialBackoff a = seeded(42);
    ExponentialBackoff b = seeded(42);
    ExponentialBackoff c = seeded(43);
    const auto outage = response(503);
    int differences = 0;
    for (int i = 0; i < 30; ++i) {
      const int number = 1 + i % 3;
      const milliseconds delay = decide(a, number, outage).delay;
      CHECK(decide(b, number, outage).delay == delay);
      differences += decide(c, number, outage).delay != delay ? 1 : 0;
    }
    CHECK(differences > 0);
  }

  TEST_CASE("Retry-After in seconds replaces the drawn delay") {
    ExponentialBackoff policy = seeded();
    const RetryDecision two = decide(policy, 1, response(429, "", {{"Retry-After", "2"}}));
    CHECK(two.retry);
    CHECK(two.delay == 2s);
    CHECK(two.from_retry_after);
    CHECK(decide(policy, 1, response(503, "", {{"retry-after", " 7 "}})).delay == 7s);
    CHECK(decide(policy, 1, response(503, "", {{"Retry-After", "0"}})).delay == 0ms);
  }

  TEST_CASE("Retry-After as an HTTP-date counts from the wall clock passed in") {
    ExponentialBackoff policy = seeded();
    const RetryDecision later = decide(policy, 1, response(503, "", {{"Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"}}));
    CHECK(later.retry);
    CHECK(later.delay == 30s);
    CHECK(later.from_retry_after);
    const RetryDecision past = decide(policy, 1, response(503, "", {{"Retry-After", "Wed, 31 Dec 2025 23:00:00 GMT"}}));
    CHECK(past.delay == 0ms);
    CHECK(policy.decide(Attempt{1, response(429, "", {{"Retry-After", "Thu, 01 Jan 2026 00:00:30 GMT"}}),
                                in_2026 + 20s})
              .delay == 10s);
    CHECK(decide(policy, 1, response(429, "", {{"Retry-After", "Thursday, 01-Jan-26 00:00:05 GMT"}})).delay == 5s);
    CHECK(decide(policy, 1, response(429, "", {{"Retry-After", "Thu Jan  1 00:00:05 2026"}})).delay == 5s);
  }

  TEST_CASE("a garbled Retry-After is ignored and the drawn delay used") {
    for (const std::string_view value : {"soon", "1.5", "-1", "+3", "", "3 s", "0x10", "Thu, 32 Jan 2026 00:00:00 GMT"}) {
      ExponentialBackoff policy = seeded();
      const RetryDecision decision = decide(policy, 1, response(503, "", {{"Retry-After", std::string(value)}}));
      CHECK_MESSAGE(decision.retry, value);
      CHECK_FALSE_MESSAGE(decision.from_retry_after, value);
      CHECK_MESSAGE(decision.delay <= 100ms, value);
    }
  }

  TEST_CASE("a Retry-After beyond max_retry_after ends the retries rather than coming back early") {
    ExponentialBackoff policy = seeded();
    CHECK_FALSE(decide(policy, 1, response(429, "", {{"Retry-After", "61"}})).retry);
    CHECK(decide(policy, 1, response(429, "", {{"Retry-After", "60"}})).retry);
    CHECK_FALSE(decide(policy, 1, response(429, "", {{"Retry-After", "99999999999999999999999"}})).retry);
    ExponentialBackoff patient = seeded(7, {.max_retry_after = 2h});
    CHECK(decide(patient, 1, response(429, "", {{"Retry-After", "3600"}})).delay == 1h);
  }

  TEST_CASE("Retry-After on an answer that is not retried changes nothing") {
    ExponentialBackoff policy = seeded();
    CHECK_FALSE(decide(policy, 1, response(400, R"({"error":"invalid_client"})", {{"Retry-After", "1"}})).retry);
  }

  TEST_CASE("parse_retry_after reads delay-seconds and the three date formats, and nothing else") {
    CHECK(parse_retry_after("120", in_2026) == milliseconds(120'000));
    CHECK(parse_retry_after("007", in_2026) == 7s);
    CHECK(parse_retry_after("\t3\t", in_2026) == 3s);
    CHECK(parse_retry_after("99999999999999999999", in_2026) == std::chrono::seconds(9'999'999'999));  // saturated
    CHECK(parse_retry_after("Thu, 01 Jan 2026 00:01:00 GMT", in_2026) == 1min);
    CHECK_FALSE(parse_retry_after("", in_2026));
    CHECK_FALSE(parse_retry_after("12abc", in_2026));
    CHECK_FALSE(parse_retry_after("Thu, 01 Jan 2026 00:01:00", in_2026));
  }

  TEST_CASE("impossible settings are refused, each named") {
    const auto message = [](ExponentialBackoffSettings settings) -> std::string {
      try {
        ExponentialBackoff policy(settings, 1);
      } catch (const Error& error) {
        CHECK(error.code() == errc::invalid_configuration);
        return error.what();
      }
      return "not refused";
    };
    const std::string both = message({.max_attempts = 0, .initial_interval = 2s, .max_interval = 1s});
    CHECK(has(both, "max_attempts must be at least 1"));
    CHECK(has(both, "max_interval must not be below initial_interval"));
    CHECK(has(message({.initial_interval = -1ms}), "initial_interval must not be negative"));
    CHECK(has(message({.max_retry_after = -1ms}), "max_retry_after must not be negative"));
  }

  TEST_CASE("NoRetry never retries") {
    const Result<HttpResponse> outage = response(503);
    CHECK_FALSE(NoRetry{}.decide(Attempt{1, outage, in_2026}).retry);
  }

  TEST_CASE("cause_of names the Failure's code, the OAuth error of a body, else http_error") {
    CHECK(cause_of(failed(errc::timeout)) == errc::timeout);
    CHECK(cause_of(response(400, R"({"error":"temporarily_unavailable"})")) == errc::temporarily_unavailable);
    CHECK(cause_of(response(400, R"({"error":"something_new"})")) == errc::oauth_error);
    CHECK(cause_of(response(503, "<html>down</html>")) == errc::http_error);
  }
}

TEST_SUITE("RetryingTransport") {
  TEST_CASE("503 then 200: one call succeeds after two requests") {
    Rig rig;
    rig.mock.respond(503, "<html>unavailable</html>", {{"Content-Type", "text/html"}}).respond_token("tok");
    const Result<HttpResponse> outcome = rig.transport.post_form(request());
    REQUIRE(outcome);
    CHECK(outcome->status == 200);
    CHECK(rig.mock.request_count() == 2);
    REQUIRE(rig.sleeper.asked->size() == 1);
    CHECK(rig.sleeper.asked->front() <= 100ms);
  }

  TEST_CASE("429 with Retry-After: 2 pauses exactly 2 s, and the retry gets the time left") {
    Rig rig;
    rig.mock.respond(429, "", {{"Retry-After", "2"}}).respond_token("tok");
    const Result<HttpResponse> outcome = rig.transport.post_form(request(10s));
    REQUIRE(outcome);
    CHECK(rig.mock.request_count() == 2);
    CHECK(*rig.sleeper.asked == std::vector<milliseconds>{2s});
    CHECK(rig.timeouts() == std::vector<milliseconds>{10s, 8s});
  }

  TEST_CASE("400 invalid_client is answered after one request, unchanged") {
    Rig rig;
    rig.mock.respond(400, R"({"error":"invalid_client"})");
    const Result<HttpResponse> outcome = rig.transport.post_form(request());
    REQUIRE(outcome);
    CHECK(outcome->status == 400);
    CHECK(outcome->body == R"({"error":"invalid_client"})");
    CHECK(rig.mock.request_count() == 1);
    CHECK(rig.sleeper.asked->empty());
  }

  TEST_CASE("a 2xx is never put to the policy") {
    struct CountingPolicy {
      std::shared_ptr<int> asked = std::make_shared<int>(0);
      RetryDecision decide(const Attempt&) {
        ++*asked;
        return RetryDecision::after(0ms);
      }
    };
    CountingPolicy policy;
    Rig<CountingPolicy> rig(policy);
    rig.mock.respond(204, "");
    CHECK(rig.transport.post_form(request())->status == 204);
    CHECK(*policy.asked == 0);
  }

  TEST_CASE("a failure retried until max_attempts says how many attempts were made") {
    Rig rig;
    for (int i = 0; i < 5; ++i) rig.mock.fail(errc::connection_failed, "could not connect to https://idp.example:443");
    const Result<HttpResponse> outcome = rig.transport.post_form(request());
    REQUIRE_FALSE(outcome);
    CHECK(outcome.error() == errc::connection_failed);
    CHECK(outcome.message() == "could not connect to https://idp.example:443 (after 4 attempts)");
    CHECK(rig.mock.request_count() == 4);
    CHECK(rig.sleeper.asked->size() == 3);
  }

  TEST_CASE("a failure that is not retried keeps its message as it was") {
    Rig rig;
    rig.mock.fail(errc::tls_certificate_untrusted, "the certificate of https://idp.example:443 is not trusted");
    const Result<HttpResponse> outcome = rig.transport.post_form(request());
    CHECK(outcome.error() == errc::tls_certificate_untrusted);
    CHECK(outcome.message() == "the certificate of https://idp.example:443 is not trusted");
    CHECK(rig.mock.request_count() == 1);
  }

  TEST_CASE("retries stop when the timeout is spent: no pause that ends after the deadline") {
    Rig rig(seeded(7, {.max_attempts = 10}));
    rig.mock.on_request([](const HttpRequest&) -> Result<HttpResponse> {
      return HttpResponse{429, {{"Retry-After", "1"}}, ""};
    });
    const Result<HttpResponse> outcome = rig.transport.post_form(request(2500ms));
    REQUIRE(outcome);
    CHECK(outcome->status == 429);  // the last answer, for the source to name
    CHECK(rig.mock.request_count() == 3);  // at 0 s, 1 s and 2 s; a pause to 3 s would pass the deadline
    CHECK(*rig.sleeper.asked == std::vector<milliseconds>{1s, 1s});
    CHECK(rig.timeouts() == std::vector<milliseconds>{2500ms, 1500ms, 500ms});
  }

  TEST_CASE("time spent in the attempts counts too, and the message says the timeout ended the retries") {
    Rig rig(seeded(7, {.max_attempts = 10, .initial_interval = 0ms, .max_interval = 0ms}));
    const ManualClock clock = rig.clock;
    rig.mock.on_request([clock](const HttpRequest&) -> Result<HttpResponse> {
      clock.advance(400ms);  // a connect that takes 400 ms to fail
      return Failure{make_error_code(errc::connection_failed), "could not connect"};
    });
    const Result<HttpResponse> outcome = rig.transport.post_form(request(1s));
    REQUIRE_FALSE(outcome);
    CHECK(rig.mock.request_count() == 3);
    CHECK(rig.timeouts() == std::vector<milliseconds>{1000ms, 600ms, 200ms});
    CHECK(outcome.message() == "could not connect (after 3 attempts; the timeout left no time for another)");
  }

  TEST_CASE("an attempt that used the whole timeout is not retried") {
    Rig rig;
    const ManualClock clock = rig.clock;
    rig.mock.on_request([clock](const HttpRequest& sent) -> Result<HttpResponse> {
      clock.advance(sent.timeout);
      return Failure{make_error_code(errc::timeout), "no complete response within the timeout"};
    });
    const Result<HttpResponse> outcome = rig.transport.post_form(request(3s));
    CHECK(outcome.error() == errc::timeout);
    CHECK(outcome.message() == "no complete response within the timeout");
    CHECK(rig.mock.request_count() == 1);
  }

  TEST_CASE("a retry sends the same request, only with the time left as its timeout") {
    Rig rig;
    rig.mock.fail(errc::connection_failed).respond_token("tok");
    REQUIRE(rig.transport.post_form(request()));
    const auto sent = rig.mock.requests();
    REQUIRE(sent.size() == 2);
    CHECK(sent[1].request.url == sent[0].request.url);
    CHECK(sent[1].request.headers == sent[0].request.headers);
    CHECK(sent[1].request.body == sent[0].request.body);
    CHECK(sent[1].request.timeout == 10s - rig.sleeper.asked->front());
  }

  TEST_CASE("NoRetry passes every outcome through") {
    Rig<NoRetry> rig(NoRetry{});
    rig.mock.respond(503, "");
    CHECK(rig.transport.post_form(request())->status == 503);
    CHECK(rig.mock.request_count() == 1);
  }

  TEST_CASE("the token source still names the OAuth or HTTP error after the retries") {
    Rig rig;
    for (int i = 0; i < 4; ++i) rig.mock.respond(503, "", {{"Content-Type", "text/html"}});
    ClientCredentials credentials = source();
    const Result<Token> outage = credentials.fetch(rig.transport, Instant{rig.clock.now(), rig.clock.wall_now()});
    CHECK(outage.error() == errc::http_error);
    CHECK(has(outage.message(), "HTTP 503"));
    CHECK(rig.mock.request_count() == 4);

    Rig refused;
    refused.mock.respond(401, R"({"error":"invalid_client","error_description":"bad secret"})");
    const Result<Token> denied = credentials.fetch(refused.transport, Instant{refused.clock.now(), refused.clock.wall_now()});
    CHECK(denied.error() == errc::invalid_client);
    CHECK(refused.mock.request_count() == 1);
  }

  TEST_CASE("the observer gets one retry_scheduled per retry, and nothing it sees carries the secret") {
    Rig rig;
    rig.mock.fail(errc::connection_failed, "could not connect")
        .respond(503, R"({"error":"temporarily_unavailable"})", {{"Retry-After", "1"}})
        .respond_token("tok");
    RecordingObserver observer;
    rig.transport.set_observer(&observer);
    ClientCredentials credentials = source(AuthMethod::client_secret_post);
    const Result<Token> token = credentials.fetch(rig.transport, Instant{rig.clock.now(), rig.clock.wall_now()});
    REQUIRE(token);
    CHECK(rig.mock.request_count() == 3);
    REQUIRE(observer.retries.size() == 2);
    CHECK(observer.retries[0].attempt == 1);
    CHECK(observer.retries[0].cause == errc::connection_failed);
    CHECK(observer.retries[0].status == 0);
    CHECK_FALSE(observer.retries[0].from_retry_after);
    CHECK(observer.retries[0].delay == rig.sleeper.asked->at(0));
    CHECK(observer.retries[1].attempt == 2);
    CHECK(observer.retries[1].cause == errc::temporarily_unavailable);
    CHECK(observer.retries[1].status == 503);
    CHECK(observer.retries[1].delay == 1s);
    CHECK(observer.retries[1].from_retry_after);
    CHECK(has(rig.mock.requests()[1].request.body, "client_secret="));  // the secret was in every request
    for (const std::string& text : observer.texts) CHECK_FALSE_MESSAGE(has(text, secret), text);
    CHECK_FALSE(has(token.message(), secret));

    rig.transport.set_observer(nullptr);
    rig.mock.fail(errc::timeout).respond_token("tok2");
    REQUIRE(rig.transport.post_form(request()));
    CHECK(observer.retries.size() == 2);
  }

  TEST_CASE("set_observer reaches an inner transport that takes one") {
    struct ObservableInner {
      Observer* observer = nullptr;
      Result<HttpResponse> post_form(const HttpRequest&) { return HttpResponse{200, {}, ""}; }
      void set_observer(Observer* to) noexcept { observer = to; }
    };
    static_assert(Observable<ObservableInner>);
    RetryingTransport<ObservableInner, ExponentialBackoff, ManualClock, AdvancingSleeper> transport(ObservableInner{});
    Observer observer;
    transport.set_observer(&observer);
    CHECK(transport.inner().observer == &observer);
    transport.set_observer(nullptr);
    CHECK(transport.inner().observer == nullptr);
  }

  TEST_CASE("inside an Authenticator, a 503 costs one retry and the observer hears of it") {
    MockTransport mock;
    ManualClock clock;
    mock.respond(503, "").respond_token("tok");
    Authenticator<ClientCredentials, RefreshAhead, TestTransport<>, ManualClock> auth(
        source(), RefreshAhead(), TestTransport<>(mock, seeded(), clock, AdvancingSleeper{clock}), clock);
    const auto observer = std::make_shared<RecordingObserver>();
    auth.set_observer(observer);
    CHECK(auth.header() == "Bearer tok");
    CHECK(mock.request_count() == 2);
    CHECK(observer->retries.size() == 1);
    for (const std::string& text : observer->texts) CHECK_FALSE_MESSAGE(has(text, secret), text);
  }
}

TEST_SUITE("config: retry") {
  TEST_CASE("retry keys are read, and the defaults are ExponentialBackoff's") {
    // One set of defaults: Config holds the policy's own settings type.
    static_assert(std::is_same_v<decltype(Config::retry), ExponentialBackoffSettings>);
    const Result<Config> defaults = config_from_json(minimal_block());
    REQUIRE(defaults);
    const ExponentialBackoffSettings shipped;
    CHECK(defaults->retry.max_attempts == shipped.max_attempts);
    CHECK(defaults->retry.initial_interval == shipped.initial_interval);
    CHECK(defaults->retry.max_interval == shipped.max_interval);
    CHECK(defaults->retry.max_retry_after == shipped.max_retry_after);
    // The values the configuration table of docs/configuration.md states.
    CHECK(shipped.max_attempts == 4);
    CHECK(shipped.initial_interval == 100ms);
    CHECK(shipped.max_interval == 5s);

    json block = minimal_block();
    block["retry"] = {{"enabled", true}, {"max_attempts", 6}, {"initial_interval", "250ms"}, {"max_interval", "2s"}};
    const Result<Config> config = config_from_json(block);
    REQUIRE_MESSAGE(config, config.message());
    CHECK(config->retry.max_attempts == 6);
    CHECK(config->retry.initial_interval == 250ms);
    CHECK(config->retry.max_interval == 2s);
    const ExponentialBackoff policy = retry_policy(*config);
    CHECK(policy.settings().max_attempts == 6);
    CHECK(policy.settings().initial_interval == 250ms);
    CHECK(policy.settings().max_interval == 2s);
  }

  TEST_CASE("enabled: false makes a policy that never retries") {
    json block = minimal_block();
    block["retry"] = {{"enabled", false}};
    const Result<Config> config = config_from_json(block);
    REQUIRE(config);
    CHECK(config->retry.max_attempts == 1);
    ExponentialBackoff policy = retry_policy(*config);
    CHECK(policy.settings().max_attempts == 1);
    CHECK_FALSE(decide(policy, 1, response(503)).retry);

    block["retry"] = {{"enabled", false}, {"max_attempts", 6}};  // off wins over a count
    const Result<Config> counted = config_from_json(block);
    REQUIRE(counted);
    CHECK(counted->retry.max_attempts == 1);
  }

  TEST_CASE("max_attempts may come from the environment as text, and a bad value there is not quoted") {
    ScopedEnv env;
    env.set("OAUTH2CC_T_ATTEMPTS", "3").set("OAUTH2CC_T_WORD", "hunter2");
    json block = minimal_block();
    block["retry"] = {{"max_attempts", "${env:OAUTH2CC_T_ATTEMPTS}"}};
    const Result<Config> config = config_from_json(block);
    REQUIRE_MESSAGE(config, config.message());
    CHECK(config->retry.max_attempts == 3);
    block["retry"] = {{"max_attempts", "${env:OAUTH2CC_T_WORD}"}};
    const std::string message = refused(block);
    CHECK(has(message, "retry.max_attempts: must be a whole number, not the value of ${env:OAUTH2CC_T_WORD}"));
    CHECK_FALSE(has(message, "hunter2"));
    block["retry"] = {{"max_attempts", "3"}};  // JSON has numbers of its own
    CHECK(has(refused(block), "retry.max_attempts: must be a whole number, not a string"));
  }

  TEST_CASE("bad retry settings are refused with their key paths") {
    json block = minimal_block();
    block["retry"] = {{"max_attempts", 0}, {"initial_interval", "-1s"}, {"max_interval", "10"}};
    std::string message = refused(block);
    CHECK(has(message, "retry.max_attempts: must be at least 1 (1 means no retries)"));
    CHECK(has(message, "retry.initial_interval: must not be negative"));
    CHECK(has(message, "retry.max_interval: \"10\" is not a duration (missing unit)"));

    block["retry"] = {{"initial_interval", "2s"}, {"max_interval", "1s"}, {"max_attempts", 2.5}};
    message = refused(block);
    CHECK(has(message, "retry.max_interval: must not be below initial_interval"));
    CHECK(has(message, "retry.max_attempts: must be a whole number, not 2.5"));

    block["retry"] = {{"max_attempts", 5'000'000'000LL}, {"enabled", "yes"}};
    message = refused(block);
    CHECK(has(message, "retry.max_attempts: is out of range"));
    CHECK(has(message, "retry.enabled: must be true or false"));

    block["retry"] = "on";
    CHECK(has(refused(block), "retry: must be a map of settings, not a string"));
  }

  TEST_CASE("unknown retry keys get the closest one, and the collector's exporter retry keys are explained") {
    json block = minimal_block();
    block["retry"] = {{"max_atempts", 3}, {"max_elapsed_time", "1m"}, {"multiplier", "2"}};
    const std::string message = refused(block);
    CHECK(has(message, "retry.max_atempts: unknown key (did you mean max_attempts?)"));
    CHECK(has(message, "retry.max_elapsed_time: a collector setting oauth2cc does not support; remove it; all "
                       "attempts together stay within timeout"));
    CHECK(has(message, "retry.multiplier: a collector setting oauth2cc does not support"));
    block = minimal_block();
    block["retri"] = json::object();
    CHECK(has(refused(block), "retri: unknown key (did you mean retry?)"));
  }
}

}  // namespace retry_test

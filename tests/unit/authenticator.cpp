#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/expiry_buffer.hpp>
#include <oauth2cc/cache/no_cache.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "../support/eventually.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;

namespace authenticator_test {

namespace {

using oauth2cc_test::eventually;

template <class Cache = ExpiryBuffer>
using TestAuthenticator = Authenticator<ClientCredentials, Cache, MockTransport, ManualClock>;

ClientCredentials source() { return ClientCredentials("https://idp.example/token", "id", "secret"); }

}  // namespace

TEST_SUITE("Authenticator") {
  TEST_CASE("the first call fetches, later calls are served from the cache") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer(60s), mock, clock);
    mock.respond_token("first", 3600);
    CHECK(auth.header() == "Bearer first");
    CHECK(auth.header() == "Bearer first");
    CHECK(auth.token().value == "first");
    CHECK(mock.request_count() == 1);
    CHECK(auth.stats().fetches == 1);
  }

  TEST_CASE("a token is refreshed once less than the expiry buffer remains") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer(60s), mock, clock);
    mock.respond_token("first", 3600).respond_token("second", 3600);
    CHECK(auth.header() == "Bearer first");
    clock.advance(3600s - 60s - 1ms);
    CHECK(auth.header() == "Bearer first");
    clock.advance(1ms);
    CHECK(auth.header() == "Bearer second");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("a token shorter-lived than the buffer is not refetched on every call") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer(5min), mock, clock);  // the collector's default
    mock.on_request([n = 0](const HttpRequest&) mutable -> Result<HttpResponse> {
      return HttpResponse{200, {}, R"({"access_token":"t)" + std::to_string(++n) + R"(","token_type":"Bearer","expires_in":120})"};
    });
    for (int call = 0; call < 100; ++call) {
      CHECK(auth.header() == "Bearer t1");  // 100 calls inside the first minute
      clock.advance(500ms);
    }
    CHECK(mock.request_count() == 1);
    clock.advance(10s);  // 60 s in: half of the 120 s lifetime is left
    CHECK(auth.header() == "Bearer t2");
  }

  TEST_CASE("NoCache fetches on every call") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<NoCache> auth(source(), NoCache{}, mock, clock);
    mock.respond_token("a").respond_token("b");
    CHECK(auth.header() == "Bearer a");
    CHECK(auth.header() == "Bearer b");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("invalidate() makes the next call fetch") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer{}, mock, clock);
    mock.respond_token("revoked").respond_token("fresh");
    CHECK(auth.header() == "Bearer revoked");
    auth.invalidate();
    CHECK(auth.header() == "Bearer fresh");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("invalidate(rejected) drops the token only if it is still the current one") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer{}, mock, clock);
    mock.respond_token("old").respond_token("new");
    const std::string rejected = auth.token().value;
    auth.invalidate(rejected);
    CHECK(auth.header() == "Bearer new");
    auth.invalidate(rejected);  // a late 401 for the old token
    auth.invalidate(rejected);
    CHECK(auth.header() == "Bearer new");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("errors reach the caller with their code, and the next call tries again") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer{}, mock, clock);
    mock.respond(401, R"({"error":"invalid_client"})").respond_token("ok");
    const auto header = auth.try_header();
    CHECK(header.error() == errc::invalid_client);
    CHECK(header.message().find("client_secret") != std::string::npos);
    CHECK(auth.try_header().value() == "Bearer ok");
    CHECK(auth.stats().failures == 1);
  }

  TEST_CASE("header() and token() throw oauth2cc::Error, the try_ variants do not") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer{}, mock, clock);
    mock.fail(errc::connection_failed, "refused").fail(errc::connection_failed, "refused");
    try {
      (void)auth.header();
      FAIL("expected oauth2cc::Error");
    } catch (const Error& e) {
      CHECK(e.code() == errc::connection_failed);
      CHECK(std::string(e.what()).find("refused") != std::string::npos);
    }
    CHECK_THROWS_AS((void)auth.token(), Error);
    CHECK(auth.try_token().error() == errc::transport_failed);  // the script is empty now
  }

  TEST_CASE("a failed refresh keeps serving the token while it is still valid") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer(60s), mock, clock);
    mock.respond_token("valid", 600).fail(errc::timeout).fail(errc::timeout);
    CHECK(auth.header() == "Bearer valid");
    clock.advance(550s);  // inside the buffer: a refresh is due
    CHECK(auth.header() == "Bearer valid");
    clock.advance(50s);  // now expired
    CHECK(auth.try_header().error() == errc::timeout);
    CHECK(auth.stats().failures == 2);
  }

  TEST_CASE("a failed refresh is retried after an interval, not on every call") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer(60s), mock, clock);
    mock.respond_token("valid", 600).fail(errc::connection_failed).fail(errc::connection_failed).respond_token("new", 600);
    CHECK(auth.header() == "Bearer valid");
    clock.advance(545s);  // refresh due; 55 s of life left
    for (int i = 0; i < 100; ++i) CHECK(auth.header() == "Bearer valid");
    CHECK(mock.request_count() == 2);
    clock.advance(refresh_retry_interval);
    CHECK(auth.header() == "Bearer valid");  // the second attempt fails too
    CHECK(mock.request_count() == 3);
    clock.advance(2 * refresh_retry_interval - 1ms);  // the interval doubles after each failure
    CHECK(auth.header() == "Bearer valid");
    CHECK(mock.request_count() == 3);
    clock.advance(1ms);
    CHECK(auth.header() == "Bearer new");
    CHECK(mock.request_count() == 4);
    SUBCASE("invalidate() still fetches at once") {
      auth.invalidate();
      mock.respond_token("after-401", 600);
      CHECK(auth.header() == "Bearer after-401");
    }
  }

  TEST_CASE("close to expiry the retry interval shrinks to half the time left") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer(60s), mock, clock);
    mock.respond_token("valid", 600).fail(errc::timeout).respond_token("new", 600);
    CHECK(auth.header() == "Bearer valid");
    clock.advance(596s);  // 4 s left: the next attempt comes after 2 s, not 5
    CHECK(auth.header() == "Bearer valid");
    clock.advance(2s);
    CHECK(auth.header() == "Bearer new");
    CHECK(mock.request_count() == 3);
  }

  TEST_CASE("64 threads needing a token at once cause exactly one request") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer{}, mock, clock);
    SUBCASE("on an empty cache") {}
    SUBCASE("on an expired cache") {
      mock.respond_token("stale", 60);
      REQUIRE(auth.header() == "Bearer stale");
      clock.advance(60s);
    }
    const std::size_t before = mock.request_count();
    mock.respond_token("shared");
    mock.hold();
    std::vector<std::thread> threads;
    std::atomic<int> good{0};
    for (int i = 0; i < 64; ++i) {
      threads.emplace_back([&] { good += auth.try_header().value() == "Bearer shared" ? 1 : 0; });
    }
    // One caller is inside the transport; the other 63 wait for its result.
    REQUIRE(eventually([&] { return mock.blocked() == 1 && auth.stats().waiting == 63; }));
    mock.release();
    for (auto& t : threads) t.join();
    CHECK(good == 64);
    CHECK(mock.request_count() == before + 1);
    CHECK(auth.stats().shared_results == 63);
  }

  TEST_CASE("callers waiting on a failed request all get its error, and only one request is sent") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer{}, mock, clock);
    mock.respond(503, "<html>down</html>", {{"Content-Type", "text/html"}});
    mock.hold();
    std::vector<std::thread> threads;
    std::atomic<int> failed{0};
    for (int i = 0; i < 16; ++i) {
      threads.emplace_back([&] { failed += auth.try_header().error() == errc::http_error ? 1 : 0; });
    }
    REQUIRE(eventually([&] { return mock.blocked() == 1 && auth.stats().waiting == 15; }));
    mock.release();
    for (auto& t : threads) t.join();
    CHECK(failed == 16);
    CHECK(mock.request_count() == 1);
  }

  TEST_CASE("while a refresh is under way, other callers get the still-valid token without waiting") {
    MockTransport mock;
    ManualClock clock;
    TestAuthenticator<> auth(source(), ExpiryBuffer(60s), mock, clock);
    mock.respond_token("old", 600).respond_token("new", 600);
    CHECK(auth.header() == "Bearer old");
    clock.advance(541s);
    mock.hold();
    std::thread refresher([&] { CHECK(auth.header() == "Bearer new"); });
    REQUIRE(eventually([&] { return mock.blocked() == 1; }));
    for (int i = 0; i < 100; ++i) CHECK(auth.header() == "Bearer old");
    CHECK(auth.stats().waiting == 0);
    mock.release();
    refresher.join();
    CHECK(auth.header() == "Bearer new");
    CHECK(mock.request_count() == 2);
  }

  TEST_CASE("a source that throws is reported, and the authenticator stays usable") {
    struct ThrowingSource {
      int calls = 0;
      Result<Token> fetch(MockTransport&, const Instant& at) {
        if (++calls == 1) throw std::runtime_error("secret-bearing message");
        Token token;
        token.value = "ok";
        token.type = "Bearer";
        token.issued_at = at.steady;
        token.expires_at = at.steady + 1h;
        return token;
      }
    };
    MockTransport mock;
    ManualClock clock;
    Authenticator<ThrowingSource, ExpiryBuffer, MockTransport, ManualClock> auth(ThrowingSource{}, ExpiryBuffer{},
                                                                               mock, clock);
    const auto first = auth.try_header();
    CHECK(first.error() == errc::source_failed);
    CHECK(first.message().find("secret-bearing") == std::string::npos);
    CHECK(auth.header() == "Bearer ok");
  }
}

}  // namespace authenticator_test

// How much the Authenticator allocates: nothing on the cached path, the same
// small amount for every refresh, and no memory kept from one refresh to the
// next. Counted by the replaced global operator new (counting_allocator.cpp).
#include <doctest/doctest.h>

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/testing.hpp>

#include <string>
#include <thread>
#include <vector>

#include "counting_allocator.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::AllocationSnapshot;

namespace {

// The same token response every time, and no record of requests (a
// MockTransport's record would grow and hide what the Authenticator does).
struct FixedResponseTransport {
  std::string body = R"({"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvdGVsIn0.c2ln","token_type":"Bearer",)"
                     R"("expires_in":300,"scope":"telemetry.write"})";
  Result<HttpResponse> post_form(const HttpRequest&) const {
    return HttpResponse{200, {{"Content-Type", "application/json"}}, body};
  }
};

ClientCredentials source() {
  ClientCredentials credentials("https://idp.example/realms/otel/protocol/openid-connect/token", "otel-exporter",
                                "allocation-test-secret");
  credentials.scopes({"telemetry.write"});
  return credentials;
}

constexpr long cached_calls = 1'000'000;
constexpr int refreshes = 10'000;

}  // namespace

TEST_SUITE("allocations") {
  TEST_CASE("1,000,000 cached header() calls allocate nothing and keep no memory") {
    Authenticator<ClientCredentials, RefreshAhead, FixedResponseTransport> auth(source());
    REQUIRE(auth.header().starts_with("Bearer "));  // the fetch, and this thread's first call
    const AllocationSnapshot before = AllocationSnapshot::now();
    std::size_t length = 0;
    for (long i = 0; i < cached_calls; ++i) length += auth.header().size();
    const AllocationSnapshot after = AllocationSnapshot::now();
    CHECK(length == static_cast<std::size_t>(cached_calls) * auth.header().size());
    CHECK(after.allocations - before.allocations == 0);
    CHECK(after.live_bytes == before.live_bytes);
  }

  TEST_CASE("try_header() and AnyAuthenticator::header() allocate nothing while a token is cached") {
    using Auth = Authenticator<ClientCredentials, RefreshAhead, FixedResponseTransport>;
    AnyAuthenticator any = AnyAuthenticator::make<Auth>(source());
    auto direct = std::make_shared<Auth>(source());
    REQUIRE(any.header().starts_with("Bearer "));
    REQUIRE(direct->try_header());
    const AllocationSnapshot before = AllocationSnapshot::now();
    std::size_t length = 0;
    for (long i = 0; i < cached_calls; ++i) {
      length += any.header().size();
      length += direct->try_header().value().size();
      length += any.try_header().value().size();
    }
    CHECK(length > 0);
    CHECK(AllocationSnapshot::now().allocations - before.allocations == 0);
  }

  TEST_CASE("10,000 refreshes allocate the same per refresh and keep no memory from one to the next") {
    ManualClock clock;
    Authenticator<ClientCredentials, RefreshAhead, FixedResponseTransport, ManualClock> auth(
        source(), RefreshAhead(0.8, 0.0), FixedResponseTransport{}, clock);
    std::size_t length = 0;  // no doctest assertion inside the counted parts: it may allocate
    const auto refresh = [&] {
      clock.advance(300s);
      length += auth.header().size();
    };
    for (int i = 0; i < 100; ++i) refresh();  // warm up: the first token, this thread's view
    const AllocationSnapshot warm = AllocationSnapshot::now();
    refresh();
    const long long per_refresh = AllocationSnapshot::now().allocations - warm.allocations;
    const long long bytes_per_refresh = AllocationSnapshot::now().allocated_bytes - warm.allocated_bytes;
    const AllocationSnapshot before = AllocationSnapshot::now();
    for (int i = 0; i < refreshes; ++i) refresh();
    const AllocationSnapshot after = AllocationSnapshot::now();
    CHECK(length == (100 + 1 + refreshes) * auth.header().size());
    CHECK(auth.stats().fetches == 100 + 1 + refreshes);
    CHECK(per_refresh > 0);
    CHECK(after.allocations - before.allocations == per_refresh * refreshes);
    CHECK(after.live_bytes == before.live_bytes);
    CHECK(after.allocated_bytes - before.allocated_bytes == bytes_per_refresh * refreshes);
    MESSAGE("per refresh (ClientCredentials, in-memory transport): " << per_refresh << " allocations, "
                                                                     << bytes_per_refresh << " bytes");
  }

  TEST_CASE("threads that come and go reuse their slots: no growth across 1,000 short-lived callers") {
    Authenticator<ClientCredentials, RefreshAhead, FixedResponseTransport> auth(source());
    int served = 0;
    const auto one_caller = [&] { std::thread([&] { served += auth.header().starts_with("Bearer ") ? 1 : 0; }).join(); };
    for (int i = 0; i < 10; ++i) one_caller();
    const AllocationSnapshot before = AllocationSnapshot::now();
    for (int i = 0; i < 1000; ++i) one_caller();
    CHECK(AllocationSnapshot::now().live_bytes == before.live_bytes);
    CHECK(served == 1010);
  }
}

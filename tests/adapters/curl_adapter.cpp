// <oauth2cc/adapters/curl.hpp> against real servers on 127.0.0.1: libcurl
// easy handles talking to a resource that turns revoked tokens away.
#include <doctest/doctest.h>

#include <curl/curl.h>

#include <oauth2cc/adapters/curl.hpp>
#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <cstddef>
#include <memory>
#include <string>

#include "adapter_support.hpp"

using namespace oauth2cc;
using oauth2cc_test::accepted_when_sent_together;
using oauth2cc_test::Backend;
using oauth2cc_test::CountingIdp;
using oauth2cc_test::ProtectedResource;

namespace {

using Auth = Authenticator<ClientCredentials>;

struct CurlGlobal {
  CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
  ~CurlGlobal() { curl_global_cleanup(); }
};
const CurlGlobal curl_global;

std::size_t collect(char* data, std::size_t size, std::size_t count, void* body) {
  static_cast<std::string*>(body)->append(data, size * count);
  return size * count;
}

// One easy handle POSTing to the resource, its body collected in `body`.
struct Transfer {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> handle{curl_easy_init(), &curl_easy_cleanup};
  std::string url;
  std::string body;

  explicit Transfer(const ProtectedResource& resource) : url(resource.url()) {
    CURL* curl = handle.get();
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "{}");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &collect);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  }
};

}  // namespace

TEST_SUITE("curl adapter") {
  TEST_CASE("the Authorization header arrives at the server, with the other lines") {
    CountingIdp idp;
    Backend backend;
    ProtectedResource resource(backend);
    Auth auth(ClientCredentials(idp.url(), "id", "secret"));
    Transfer transfer(resource);
    adapters::CurlHeaders headers(transfer.handle.get(), {"Content-Type: application/json"});

    const Result<adapters::CurlOutcome> outcome = adapters::perform(auth, headers);
    REQUIRE(outcome);
    CHECK(outcome->result == CURLE_OK);
    CHECK(outcome->status == 200);
    CHECK(outcome->attempts == 1);
    CHECK(transfer.body == "ok");
    CHECK(backend.last_authorization() == "Bearer token-1");
    CHECK(idp.requests() == 1);
  }

  TEST_CASE("a revoked token is replaced after one 401 and the transfer run once more") {
    CountingIdp idp;
    Backend backend;
    backend.revoke("token-1");
    ProtectedResource resource(backend);
    auto auth = AnyAuthenticator::make<Auth>(ClientCredentials(idp.url(), "id", "secret"));
    Transfer transfer(resource);
    adapters::CurlHeaders headers(transfer.handle.get());

    int prepared = 0;
    const Result<adapters::CurlOutcome> outcome = adapters::perform(auth, headers, [&](int attempt) {
      prepared = attempt;
      transfer.body.clear();  // the 401's body is not the answer
    });
    REQUIRE(outcome);
    CHECK(outcome->status == 200);
    CHECK(outcome->attempts == 2);
    CHECK(prepared == 2);
    CHECK(transfer.body == "ok");
    CHECK(backend.rejected() == 1);
    CHECK(backend.last_authorization() == "Bearer token-2");
    CHECK(idp.requests() == 2);
  }

  TEST_CASE("a second 401 is returned, not retried again") {
    CountingIdp idp;
    Backend backend;
    backend.revoke("token-1");
    backend.revoke("token-2");
    ProtectedResource resource(backend);
    Auth auth(ClientCredentials(idp.url(), "id", "secret"));
    Transfer transfer(resource);
    adapters::CurlHeaders headers(transfer.handle.get());

    const Result<adapters::CurlOutcome> outcome = adapters::perform(auth, headers);
    REQUIRE(outcome);
    CHECK(outcome->status == 401);
    CHECK(outcome->attempts == 2);
    CHECK(backend.requests() == 2);
    CHECK(idp.requests() == 2);
  }

  TEST_CASE("no token: nothing is sent and the failure says why") {
    Backend backend;
    ProtectedResource resource(backend);
    // The token endpoint answers 404: no token.
    Auth auth(ClientCredentials("http://127.0.0.1:" + std::to_string(resource.port()) + "/no-such-token-endpoint",
                                "id", "secret"));
    Transfer transfer(resource);
    adapters::CurlHeaders headers(transfer.handle.get());
    const Result<adapters::CurlOutcome> outcome = adapters::perform(auth, headers);
    CHECK_FALSE(outcome);
    CHECK_FALSE(outcome.message().empty());
    CHECK(backend.requests() == 0);
  }

  TEST_CASE("the handle keeps working after the header list is gone") {
    CountingIdp idp;
    Backend backend;
    ProtectedResource resource(backend);
    Auth auth(ClientCredentials(idp.url(), "id", "secret"));
    Transfer transfer(resource);
    {
      adapters::CurlHeaders headers(transfer.handle.get());
      REQUIRE(adapters::perform(auth, headers));
    }
    // CurlHeaders unset CURLOPT_HTTPHEADER: this transfer sends no Authorization
    // (and reads no freed list, which ASan would report).
    CHECK(curl_easy_perform(transfer.handle.get()) == CURLE_OK);
    CHECK(backend.last_authorization().empty());
    CHECK(backend.requests() == 2);
  }

  TEST_CASE("16 threads rejected with one token cause exactly one refetch") {
    constexpr int threads = 16;
    CountingIdp idp;
    Backend backend;
    backend.revoke("token-1");
    ProtectedResource resource(backend);
    Auth auth(ClientCredentials(idp.url(), "id", "secret"));
    REQUIRE(auth.header() == "Bearer token-1");  // cached before anyone sends

    const int accepted = accepted_when_sent_together(threads, [&](const auto& hold) {
      Transfer transfer(resource);
      adapters::CurlHeaders headers(transfer.handle.get());
      const Result<adapters::CurlOutcome> outcome = adapters::perform(auth, headers, [&](int attempt) {
        if (attempt == 1) hold();
      });
      return outcome && outcome->status == 200;
    });

    CHECK(accepted == threads);
    CHECK(backend.rejected() == threads);
    CHECK(backend.requests() == 2 * threads);
    CHECK(idp.requests() == 2);
    CHECK(auth.stats().fetches == 2);
  }
}

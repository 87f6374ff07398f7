// <oauth2cc/adapters/curl_easy.hpp> against real servers on 127.0.0.1: libcurl
// easy handles talking to a resource that turns revoked tokens away.
#include <doctest/doctest.h>

#include <curl/curl.h>

#include <oauth2cc/adapters/curl_easy.hpp>
#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "adapter_contract.hpp"

using namespace oauth2cc;
using oauth2cc_test::Answer;
using oauth2cc_test::Backend;
using oauth2cc_test::CountingIdp;
using oauth2cc_test::ProtectedResource;
using oauth2cc_test::Sent;

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

// adapters::perform on a fresh handle POSTing with a header line of its own.
struct CurlDriver {
  static constexpr std::string_view accepted_body = "ok";
  ProtectedResource resource;

  explicit CurlDriver(Backend& backend) : resource(backend) {}

  template <class A>
  Sent send(A& auth, const std::function<void()>& before_first = {}) {
    Transfer transfer(resource);
    adapters::CurlHeaders headers(transfer.handle.get(), {"Content-Type: application/json"});
    Sent sent;
    const Result<adapters::CurlOutcome> outcome = adapters::perform(auth, headers, [&](int attempt) {
      sent.attempts = attempt;  // prepare runs before each attempt, numbered from 1
      transfer.body.clear();    // the 401's body is not the answer
      if (attempt == 1 && before_first) before_first();
    });
    if (!outcome) {
      sent.answer = Answer::no_token;
      sent.failure = outcome.message();
      return sent;
    }
    CHECK(outcome->attempts == sent.attempts);
    if (outcome->result != CURLE_OK) {
      sent.failure = curl_easy_strerror(outcome->result);
      return sent;
    }
    oauth2cc_test::record_http_answer(sent, outcome->status, transfer.body);
    return sent;
  }
};

}  // namespace

TYPE_TO_STRING(CurlDriver);

TEST_SUITE("curl adapter") {
  OAUTH2CC_ADAPTER_CONTRACT(CurlDriver);

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
}

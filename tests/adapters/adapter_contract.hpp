#pragma once

// What every adapter must do, written once. Each adapter's test program
// (one per adapter, for their dependencies) defines a driver and runs these
// cases with it:
//
//   TYPE_TO_STRING(HttplibDriver);
//   OAUTH2CC_ADAPTER_CONTRACT(HttplibDriver);
//
// doctest appends "<HttplibDriver>" to each case's name. A driver:
//   explicit Driver(Backend& backend);  serves the resource `backend` guards
//   template <class Auth>
//   Sent send(Auth& auth, const std::function<void()>& before_first = {});
//       sends one request to it through the adapter, calling before_first
//       just before the first attempt leaves; safe from many threads at once
//   static constexpr std::string_view accepted_body;  what an accepted request gets back

#include <doctest/doctest.h>

#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <functional>  // function
#include <string>      // string, to_string
#include <utility>     // move
#include <vector>      // vector

#include "adapter_support.hpp"

namespace oauth2cc_test {

using ContractAuth = oauth2cc::Authenticator<oauth2cc::ClientCredentials>;

// How the final attempt of a request ended, in terms every adapter shares.
enum class Answer {
  accepted,  // HTTP 200, gRPC OK
  rejected,  // HTTP 401, gRPC UNAUTHENTICATED
  no_token,  // nothing sent: the adapter had no token; `failure` says why
  other,     // anything else; `failure` says what
};

inline std::string to_string(Answer answer) {
  constexpr const char* names[] = {"accepted", "rejected", "no_token", "other"};
  return names[static_cast<int>(answer)];
}

struct Sent {
  Answer answer = Answer::other;
  int attempts = 0;  // how often the request left the client
  std::string body;  // of the final answer
  std::string failure;
};

// Fills in the final answer of an HTTP adapter: 200 accepted, 401 rejected.
inline void record_http_answer(Sent& sent, long status, std::string body) {
  sent.answer = status == 200 ? Answer::accepted : status == 401 ? Answer::rejected : Answer::other;
  if (sent.answer == Answer::other) sent.failure = "HTTP status " + std::to_string(status);
  sent.body = std::move(body);
}

// A token endpoint that answers 404, so no token can be had.
inline std::string missing_token_endpoint(const ProtectedResource& server) {
  return "http://127.0.0.1:" + std::to_string(server.port()) + "/no-such-token-endpoint";
}

}  // namespace oauth2cc_test

TEST_CASE_TEMPLATE_DEFINE("the Authorization header arrives at the server", Driver, adapter_header_arrives) {
  using namespace oauth2cc_test;
  CountingIdp idp;
  Backend backend;
  Driver driver(backend);
  ContractAuth auth(oauth2cc::ClientCredentials(idp.url(), "id", "secret"));

  const Sent sent = driver.send(auth);
  CHECK(sent.answer == Answer::accepted);
  CHECK(sent.attempts == 1);
  CHECK(sent.body == Driver::accepted_body);
  CHECK(backend.last_authorization() == "Bearer token-1");
  CHECK(backend.requests() == 1);
  CHECK(idp.requests() == 1);
}

// Through AnyAuthenticator, as the adapters take any authenticator.
TEST_CASE_TEMPLATE_DEFINE("a revoked token is replaced after one 401 and the request sent once more", Driver,
                          adapter_revoked_replaced) {
  using namespace oauth2cc_test;
  CountingIdp idp;
  Backend backend;
  backend.revoke("token-1");
  Driver driver(backend);
  auto auth = oauth2cc::AnyAuthenticator::make<ContractAuth>(oauth2cc::ClientCredentials(idp.url(), "id", "secret"));

  const Sent sent = driver.send(auth);
  CHECK(sent.answer == Answer::accepted);
  CHECK(sent.attempts == 2);
  CHECK(sent.body == Driver::accepted_body);  // the 401's body is not the answer
  CHECK(backend.requests() == 2);
  CHECK(backend.rejected() == 1);
  CHECK(backend.last_authorization() == "Bearer token-2");
  CHECK(idp.requests() == 2);
}

TEST_CASE_TEMPLATE_DEFINE("a second 401 is returned, not retried again", Driver, adapter_second_rejection) {
  using namespace oauth2cc_test;
  CountingIdp idp;
  Backend backend;
  backend.revoke("token-1");
  backend.revoke("token-2");
  Driver driver(backend);
  ContractAuth auth(oauth2cc::ClientCredentials(idp.url(), "id", "secret"));

  const Sent sent = driver.send(auth);
  CHECK(sent.answer == Answer::rejected);
  CHECK(sent.attempts == 2);
  CHECK(backend.requests() == 2);
  CHECK(idp.requests() == 2);
}

TEST_CASE_TEMPLATE_DEFINE("no token: nothing is sent and the failure says why", Driver, adapter_no_token) {
  using namespace oauth2cc_test;
  Backend backend;
  Driver driver(backend);
  Backend unused;
  ProtectedResource not_an_idp(unused);
  ContractAuth auth(oauth2cc::ClientCredentials(missing_token_endpoint(not_an_idp), "id", "secret"));

  const Sent sent = driver.send(auth);
  CHECK(sent.answer == Answer::no_token);
  CHECK(sent.attempts == 0);
  CHECK_FALSE(sent.failure.empty());
  CHECK(backend.requests() == 0);
}

TEST_CASE_TEMPLATE_DEFINE("16 threads rejected with one token cause exactly one refetch", Driver,
                          adapter_one_refetch) {
  using namespace oauth2cc_test;
  constexpr int threads = 16;
  CountingIdp idp;
  Backend backend;
  backend.revoke("token-1");
  Driver driver(backend);
  ContractAuth auth(oauth2cc::ClientCredentials(idp.url(), "id", "secret"));
  REQUIRE(auth.header() == "Bearer token-1");  // cached before anyone sends

  const std::vector<Sent> sent = sent_together(threads, [&](const auto& hold) { return driver.send(auth, hold); });

  int accepted = 0;
  for (const Sent& one : sent) {
    if (one.answer == Answer::accepted) {
      ++accepted;
    } else {
      INFO("a request ended ", to_string(one.answer), " after ", one.attempts, " attempts: ", one.failure);
      CHECK(one.answer == Answer::accepted);
    }
  }
  CHECK(accepted == threads);
  CHECK(backend.rejected() == threads);
  CHECK(backend.requests() == 2 * threads);
  CHECK(idp.requests() == 2);
  CHECK(auth.stats().fetches == 2);
}

// Runs every case above with `Driver`.
#define OAUTH2CC_ADAPTER_CONTRACT(Driver)                       \
  TEST_CASE_TEMPLATE_INVOKE(adapter_header_arrives, Driver);   \
  TEST_CASE_TEMPLATE_INVOKE(adapter_revoked_replaced, Driver); \
  TEST_CASE_TEMPLATE_INVOKE(adapter_second_rejection, Driver); \
  TEST_CASE_TEMPLATE_INVOKE(adapter_no_token, Driver);         \
  TEST_CASE_TEMPLATE_INVOKE(adapter_one_refetch, Driver)

// <oauth2cc/adapters/httplib_client.hpp> against real servers on 127.0.0.1: a token
// endpoint counting its requests and a resource that turns revoked tokens away.
#include <doctest/doctest.h>

#include <oauth2cc/adapters/httplib_client.hpp>
#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <functional>
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

httplib::Client client_for(const ProtectedResource& resource) {
  return httplib::Client("127.0.0.1", resource.port());
}

// adapters::send with a callable, POSTing a body (sent again on a retry).
struct HttplibDriver {
  static constexpr std::string_view accepted_body = "ok";
  ProtectedResource resource;

  explicit HttplibDriver(Backend& backend) : resource(backend) {}

  template <class A>
  Sent send(A& auth, const std::function<void()>& before_first = {}) {
    httplib::Client client = client_for(resource);
    Sent sent;
    auto response = adapters::send(auth, [&](const httplib::Headers& headers) {
      if (++sent.attempts == 1 && before_first) before_first();
      return client.Post("/resource", headers, "{}", "application/json");
    });
    if (!response) {
      sent.answer = Answer::no_token;
      sent.failure = response.message();
    } else if (!*response) {
      sent.failure = "no answer: " + httplib::to_string(response->error());
    } else {
      oauth2cc_test::record_http_answer(sent, (*response)->status, (*response)->body);
    }
    return sent;
  }
};

}  // namespace

TYPE_TO_STRING(HttplibDriver);

TEST_SUITE("httplib adapter") {
  OAUTH2CC_ADAPTER_CONTRACT(HttplibDriver);

  // The other ways in; the contract's cases send with a callable.
  TEST_CASE("the Authorization header arrives at the server") {
    CountingIdp idp;
    Backend backend;
    ProtectedResource resource(backend);
    Auth auth(ClientCredentials(idp.url(), "id", "secret"));
    httplib::Client client = client_for(resource);

    SUBCASE("send with a prepared request, other headers kept") {
      httplib::Request request;
      request.method = "POST";
      request.path = "/resource";
      request.body = "{}";
      request.headers = {{"Content-Type", "application/json"}, {"authorization", "Bearer stale"}};
      auto response = adapters::send(auth, client, request);
      REQUIRE(response);
      REQUIRE(*response);
      CHECK((*response)->status == 200);
    }
    SUBCASE("set on Headers") {
      httplib::Headers headers{{"Authorization", "Bearer stale"}};
      const Result<std::string> sent = adapters::set_authorization(auth, headers);
      REQUIRE(sent);
      CHECK(headers.count("Authorization") == 1);
      CHECK(client.Get("/resource", headers)->status == 200);
    }
    SUBCASE("set on a Client") {
      REQUIRE(adapters::set_authorization(auth, client));
      CHECK(client.Get("/resource")->status == 200);
    }
    CHECK(backend.last_authorization() == "Bearer token-1");
    CHECK(backend.requests() == 1);
    CHECK(idp.requests() == 1);
  }
}

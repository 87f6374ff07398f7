// <oauth2cc/adapters/httplib.hpp> against real servers on 127.0.0.1: a token
// endpoint counting its requests and a resource that turns revoked tokens away.
#include <doctest/doctest.h>

#include <oauth2cc/adapters/httplib.hpp>
#include <oauth2cc/any_authenticator.hpp>
#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <string>

#include "adapter_support.hpp"

using namespace oauth2cc;
using oauth2cc_test::accepted_when_sent_together;
using oauth2cc_test::Backend;
using oauth2cc_test::CountingIdp;
using oauth2cc_test::ProtectedResource;

namespace {

using Auth = Authenticator<ClientCredentials>;

httplib::Client client_for(const ProtectedResource& resource) {
  return httplib::Client("127.0.0.1", resource.port());
}

}  // namespace

TEST_SUITE("httplib adapter") {
  TEST_CASE("the Authorization header arrives at the server") {
    CountingIdp idp;
    Backend backend;
    ProtectedResource resource(backend);
    Auth auth(ClientCredentials(idp.url(), "id", "secret"));
    httplib::Client client = client_for(resource);

    SUBCASE("send with a callable") {
      auto response = adapters::send(auth, [&](const httplib::Headers& headers) { return client.Get("/resource", headers); });
      REQUIRE(response);
      REQUIRE(*response);
      CHECK((*response)->status == 200);
    }
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

  TEST_CASE("a revoked token is replaced after one 401 and the request sent once more") {
    CountingIdp idp;
    Backend backend;
    backend.revoke("token-1");
    ProtectedResource resource(backend);
    auto auth = AnyAuthenticator::make<Auth>(ClientCredentials(idp.url(), "id", "secret"));
    httplib::Client client = client_for(resource);

    auto response = adapters::send(auth, [&](const httplib::Headers& headers) {
      return client.Post("/resource", headers, "{}", "application/json");
    });
    REQUIRE(response);
    REQUIRE(*response);
    CHECK((*response)->status == 200);
    CHECK(backend.requests() == 2);
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
    httplib::Client client = client_for(resource);

    auto response = adapters::send(auth, [&](const httplib::Headers& headers) { return client.Get("/resource", headers); });
    REQUIRE(response);
    REQUIRE(*response);
    CHECK((*response)->status == 401);
    CHECK(backend.requests() == 2);
    CHECK(idp.requests() == 2);
  }

  TEST_CASE("no token: nothing is sent and the failure says why") {
    Backend backend;
    ProtectedResource resource(backend);
    // The token endpoint answers 404: no token.
    Auth auth(ClientCredentials("http://127.0.0.1:" + std::to_string(resource.port()) + "/no-such-token-endpoint",
                                "id", "secret"));
    httplib::Client client = client_for(resource);
    auto response = adapters::send(auth, [&](const httplib::Headers& headers) { return client.Get("/resource", headers); });
    CHECK_FALSE(response);
    CHECK_FALSE(response.message().empty());
    CHECK(backend.requests() == 0);
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
      httplib::Client client = client_for(resource);
      bool first = true;
      auto response = adapters::send(auth, [&](const httplib::Headers& headers) {
        if (first) hold();
        first = false;
        return client.Get("/resource", headers);
      });
      return response && *response && (*response)->status == 200;
    });

    CHECK(accepted == threads);
    CHECK(backend.rejected() == threads);
    CHECK(backend.requests() == 2 * threads);
    CHECK(idp.requests() == 2);
    CHECK(auth.stats().fetches == 2);
  }
}

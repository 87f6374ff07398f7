// The whole stack over one kept-alive connection: an Authenticator fetching
// 1,000 tokens in a row from an httplib server on 127.0.0.1.
#include <doctest/doctest.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/no_cache.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <mutex>
#include <set>
#include <string>

#include "../support/test_server.hpp"

using namespace oauth2cc;
using oauth2cc_test::TestServer;

namespace keep_alive_test {

TEST_SUITE("keep-alive") {
  TEST_CASE("1,000 consecutive token fetches use one TCP connection") {
    constexpr int fetches = 1000;
    TestServer server;
    std::mutex mutex;
    std::set<int> client_ports;  // one per TCP connection
    int requests = 0;
    server->Post("/token", [&](const httplib::Request& req, httplib::Response& res) {
      {
        const std::lock_guard lock(mutex);
        client_ports.insert(req.remote_port);
        ++requests;
      }
      res.set_content(R"({"access_token":"t)" + std::to_string(requests) + R"(","token_type":"Bearer","expires_in":60})",
                      "application/json");
    });
    server->set_keep_alive_max_count(fetches + 1);  // httplib's server closes after 5 by default
    server->set_tcp_nodelay(true);  // else each answer waits for the client's delayed ACK
    server.start();

    // NoCache: every header() is a fetch.
    Authenticator<ClientCredentials, NoCache> auth(ClientCredentials(server.url("http"), "id", "secret"));
    int served = 0;
    for (int i = 0; i < fetches; ++i) served += auth.header().starts_with("Bearer t") ? 1 : 0;

    CHECK(served == fetches);
    CHECK(auth.stats().fetches == fetches);
    const std::lock_guard lock(mutex);
    CHECK(requests == fetches);
    CHECK(client_ports.size() == 1);
  }
}

}  // namespace keep_alive_test

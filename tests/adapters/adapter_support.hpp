#pragma once

// What every adapter test needs: a token endpoint on 127.0.0.1 that counts
// its requests and issues "token-1", "token-2", …, and a list of revoked
// tokens a protected resource turns away, as a backend would.

#include <httplib.h>

#include <atomic>   // atomic
#include <cstddef>  // size_t
#include <latch>    // latch
#include <mutex>    // mutex, lock_guard
#include <set>      // set
#include <string>   // string, to_string
#include <thread>   // thread, this_thread::yield
#include <vector>   // vector

#include "../support/test_server.hpp"

namespace oauth2cc_test {

// TestServer::start() returns once the port is bound, but httplib's stop()
// does nothing until the listening thread is running: a server stopped
// before that (a test that never calls it) would hang in its destructor.
inline void start_running(TestServer& server) {
  server.start();
  while (!server->is_running()) std::this_thread::yield();
}

class CountingIdp {
 public:
  CountingIdp() {
    server_->Post("/token", [this](const httplib::Request&, httplib::Response& response) {
      const int number = ++requests_;
      response.set_content(R"({"access_token":"token-)" + std::to_string(number) +
                               R"(","token_type":"Bearer","expires_in":3600})",
                           "application/json");
    });
    start_running(server_);
  }

  std::string url() const { return server_.url("http", "/token"); }
  int requests() const { return requests_.load(); }

 private:
  std::atomic<int> requests_{0};
  TestServer server_;  // last: stops calling the handler before the rest goes
};

// The backend's view of tokens: which are revoked, and what it was sent.
class Backend {
 public:
  void revoke(const std::string& token) {
    const std::lock_guard lock(mutex_);
    revoked_.insert(token);
  }

  // Records the Authorization value and says whether it is accepted.
  bool accepts(const std::string& authorization) {
    const std::lock_guard lock(mutex_);
    ++requests_;
    last_authorization_ = authorization;
    const bool bearer = authorization.starts_with("Bearer ");
    const bool accepted = bearer && revoked_.count(authorization.substr(7)) == 0;
    if (!accepted) ++rejected_;
    return accepted;
  }

  int requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
  }
  int rejected() const {
    const std::lock_guard lock(mutex_);
    return rejected_;
  }
  std::string last_authorization() const {
    const std::lock_guard lock(mutex_);
    return last_authorization_;
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> revoked_;
  std::string last_authorization_;
  int requests_ = 0;
  int rejected_ = 0;
};

// An httplib server with GET and POST /resource guarded by `backend`: 200, or
// 401 with a Bearer invalid_token challenge.
class ProtectedResource {
 public:
  explicit ProtectedResource(Backend& backend) {
    const auto handle = [&backend](const httplib::Request& request, httplib::Response& response) {
      if (backend.accepts(request.get_header_value("Authorization"))) {
        response.set_content("ok", "text/plain");
      } else {
        response.status = 401;
        response.set_header("WWW-Authenticate", R"(Bearer error="invalid_token")");
        response.set_content("rejected", "text/plain");
      }
    };
    server_->Get("/resource", handle);
    server_->Post("/resource", handle);
    start_running(server_);
  }

  int port() const { return server_.port(); }
  std::string url() const { return server_.url("http", "/resource"); }

 private:
  TestServer server_;
};

// Sends one request through an adapter from each of `threads` threads, all
// with the same cached token: `send(hold)` must call hold() just before its
// first attempt leaves, so every thread has taken the token before any is
// rejected. Returns what each thread's send() returned, in thread order.
template <class Send>
auto sent_together(int threads, Send send) {
  std::latch all_hold_the_token(threads);
  std::vector<decltype(send([] {}))> results(static_cast<std::size_t>(threads));
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      results[static_cast<std::size_t>(i)] = send([&] { all_hold_the_token.arrive_and_wait(); });
    });
  }
  for (std::thread& worker : workers) worker.join();
  return results;
}

}  // namespace oauth2cc_test

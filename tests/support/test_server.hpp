#pragma once

// An httplib server on 127.0.0.1 for tests: a free port, its own thread, and
// a clean stop when the test ends.

#include <httplib.h>
#include <sys/socket.h>  // listen, SOMAXCONN

#include <memory>
#include <string>
#include <thread>
#include <utility>

namespace oauth2cc_test {

class TestServer {
 public:
  // Takes a configured server (plain or TLS); call start() after adding handlers.
  explicit TestServer(std::unique_ptr<httplib::Server> server = std::make_unique<httplib::Server>())
      : server_(std::move(server)) {
    server_->set_socket_options([this](socket_t listening) {
      httplib::default_socket_options(listening);
      listening_ = listening;
    });
  }
  TestServer(const TestServer&) = delete;
  TestServer& operator=(const TestServer&) = delete;
  ~TestServer() { stop(); }

  httplib::Server& operator*() { return *server_; }
  httplib::Server* operator->() { return server_.get(); }

  // Binds first, so the port accepts connections before start() returns.
  int start() {
    port_ = server_->bind_to_any_port("127.0.0.1");
    // cpp-httplib up to 0.31 (Debian ships 0.11.4) listens with a backlog of 5.
    // Sixteen threads connecting at once overflow it, and the kernel then
    // fails a connection now and then (the client reads an error). A second
    // listen() only changes the backlog.
    if (port_ > 0) ::listen(listening_, SOMAXCONN);
    thread_ = std::thread([this] { server_->listen_after_bind(); });
    return port_;
  }

  void stop() {
    if (thread_.joinable()) {
      server_->stop();
      thread_.join();
    }
  }

  int port() const { return port_; }
  std::string url(const std::string& scheme, const std::string& path = "/token") const {
    return scheme + "://127.0.0.1:" + std::to_string(port_) + path;
  }

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  socket_t listening_ = INVALID_SOCKET;
  int port_ = -1;
};

}  // namespace oauth2cc_test

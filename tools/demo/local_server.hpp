#pragma once

// An httplib server on 127.0.0.1 with a port the OS chooses, running in its
// own thread until the object is destroyed.

#include <httplib.h>

#include <string>
#include <thread>

namespace oauth2cc_demo {

class LocalServer {
 public:
  LocalServer() = default;
  LocalServer(const LocalServer&) = delete;
  LocalServer& operator=(const LocalServer&) = delete;
  ~LocalServer() { stop(); }

  // Add handlers here before start().
  httplib::Server& http() noexcept { return server_; }

  // Binds, then serves in a thread; returns once the port accepts requests.
  void start();
  void stop() noexcept;

  // "http://127.0.0.1:PORT" followed by `path`.
  std::string url(const std::string& path) const;

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = -1;
};

}  // namespace oauth2cc_demo

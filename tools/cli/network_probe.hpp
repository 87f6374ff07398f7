#pragma once

// The first two troubleshooting steps, done with the OS directly so each
// can fail on its own: resolving the token URL's host, and a TCP connect.

#include <sys/socket.h>

#include <chrono>
#include <string>
#include <vector>

#include <oauth2cc/result.hpp>

namespace oauth2cc::cli {

// An open socket, closed when destroyed.
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) noexcept : fd_(fd) {}
  Socket(Socket&& other) noexcept : fd_(other.release()) {}
  Socket& operator=(Socket&& other) noexcept;
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  ~Socket();

  int fd() const noexcept { return fd_; }
  int release() noexcept;

 private:
  int fd_ = -1;
};

struct Endpoint {
  sockaddr_storage address{};
  socklen_t length = 0;
  std::string text;  // "127.0.0.1" or "::1"
};

// Every address the host resolves to, for TCP on `port`. A failure is
// errc::connection_failed naming the host and the resolver's reason.
Result<std::vector<Endpoint>> resolve(const std::string& host, int port);

struct Connection {
  Socket socket;
  const Endpoint* endpoint = nullptr;  // the address that accepted
  std::chrono::microseconds took{};    // how long that connect took
};

// Connects to the endpoints in turn until one accepts, each within `timeout`.
// errc::connection_failed with every address's reason, or errc::timeout when
// none answered in time.
Result<Connection> connect_first(const std::vector<Endpoint>& endpoints, std::chrono::milliseconds timeout);

}  // namespace oauth2cc::cli

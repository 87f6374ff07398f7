#include "network_probe.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

namespace oauth2cc::cli {

Socket& Socket::operator=(Socket&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Socket::~Socket() {
  if (fd_ >= 0) ::close(fd_);
}

int Socket::release() noexcept {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

namespace {

std::string address_text(const sockaddr* address) {
  char text[INET6_ADDRSTRLEN] = {};
  const void* bytes = address->sa_family == AF_INET6
                          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr)
                          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(address)->sin_addr);
  return inet_ntop(address->sa_family, bytes, text, sizeof text) != nullptr ? text : "?";
}

std::string os_reason(int error) { return std::generic_category().message(error); }

struct Attempt {
  Socket socket;
  int error = 0;  // 0: connected; ETIMEDOUT: no answer in time
};

// A non-blocking connect bounded by poll, so an address that drops packets
// costs `timeout` and not the kernel's minutes. The socket is left blocking.
Attempt connect_within(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
  Socket socket(::socket(endpoint.address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (socket.fd() < 0) return {Socket(), errno};
  const int flags = ::fcntl(socket.fd(), F_GETFL);
  ::fcntl(socket.fd(), F_SETFL, flags | O_NONBLOCK);
  if (::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&endpoint.address), endpoint.length) != 0) {
    if (errno != EINPROGRESS) return {Socket(), errno};
    pollfd waiting{socket.fd(), POLLOUT, 0};
    int ready = 0;
    do {
      ready = ::poll(&waiting, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    if (ready == 0) return {Socket(), ETIMEDOUT};
    int error = 0;
    socklen_t length = sizeof error;
    if (ready < 0 || ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
    if (error != 0) return {Socket(), error};
  }
  ::fcntl(socket.fd(), F_SETFL, flags);
  return {std::move(socket), 0};
}

}  // namespace

Result<std::vector<Endpoint>> resolve(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const int status = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found);
  if (status != 0) {
    const std::string reason = status == EAI_SYSTEM ? os_reason(errno) : ::gai_strerror(status);
    return Failure{make_error_code(errc::connection_failed), "cannot resolve " + host + ": " + reason};
  }
  std::vector<Endpoint> endpoints;
  for (const addrinfo* entry = found; entry != nullptr; entry = entry->ai_next) {
    Endpoint endpoint;
    std::memcpy(&endpoint.address, entry->ai_addr, entry->ai_addrlen);
    endpoint.length = entry->ai_addrlen;
    endpoint.text = address_text(entry->ai_addr);
    endpoints.push_back(std::move(endpoint));
  }
  ::freeaddrinfo(found);
  return endpoints;
}

Result<Connection> connect_first(const std::vector<Endpoint>& endpoints, std::chrono::milliseconds timeout) {
  std::string reasons;
  bool all_timed_out = !endpoints.empty();
  for (const Endpoint& endpoint : endpoints) {
    const auto started = std::chrono::steady_clock::now();
    Attempt attempt = connect_within(endpoint, timeout);
    if (attempt.error == 0) {
      return Connection{std::move(attempt.socket), &endpoint,
                        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started)};
    }
    all_timed_out = all_timed_out && attempt.error == ETIMEDOUT;
    reasons += (reasons.empty() ? "" : "; ") + endpoint.text + ": " +
               (attempt.error == ETIMEDOUT ? "no answer within " + std::to_string(timeout.count()) + " ms"
                                           : os_reason(attempt.error));
  }
  return Failure{make_error_code(all_timed_out ? errc::timeout : errc::connection_failed), reasons};
}

}  // namespace oauth2cc::cli

#include "local_server.hpp"

#include <chrono>
#include <stdexcept>

namespace oauth2cc_demo {

void LocalServer::start() {
  // Without it, a response written in two parts on a kept-alive connection
  // waits for the client's delayed ACK: about 40 ms on Linux.
  server_.set_tcp_nodelay(true);
  port_ = server_.bind_to_any_port("127.0.0.1");
  if (port_ < 0) throw std::runtime_error("cannot bind a port on 127.0.0.1");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // stop() only reaches a server that is running: wait for it, so a stop that
  // follows at once cannot be lost and leave the thread serving forever.
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void LocalServer::stop() noexcept {
  if (thread_.joinable()) {
    server_.stop();
    thread_.join();
  }
}

std::string LocalServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace oauth2cc_demo

#pragma once

// A plain-HTTP token endpoint on 127.0.0.1 that misbehaves on purpose. Raw
// sockets, not httplib::Server: httplib cannot read a request and then never
// answer, reset a connection, or promise a longer body than it sends.

#include <arpa/inet.h>   // htonl, ntohs
#include <netinet/in.h>  // sockaddr_in, INADDR_LOOPBACK
#include <poll.h>        // poll
#include <sys/socket.h>  // socket, bind, listen, accept, recv, send, setsockopt
#include <unistd.h>      // close

#include <chrono>              // milliseconds
#include <condition_variable>  // condition_variable
#include <cstddef>             // size_t
#include <deque>               // deque
#include <mutex>               // mutex, lock_guard, unique_lock
#include <stdexcept>           // runtime_error
#include <string>              // string, to_string
#include <string_view>         // string_view
#include <thread>              // thread
#include <utility>             // move, pair
#include <vector>              // vector

namespace oauth2cc_test {

// What the server does with one request.
struct Behaviour {
  enum class Kind {
    answer,    // a complete HTTP response
    hang,      // read the request, then say nothing until the server stops
    reset,     // read the request, then close with RST (SO_LINGER 0)
    truncate,  // announce Content-Length larger than the body, send the body, close
  };
  Kind kind = Kind::answer;
  int status = 200;
  std::string reason = "OK";
  std::vector<std::pair<std::string, std::string>> headers;  // besides Content-Length and Connection
  std::string body;
  std::chrono::milliseconds delay{0};  // before anything is sent
  bool announce_length = true;         // false: no Content-Length, the body ends when the connection closes

  // "{{authorization}}" and "{{form}}" in the body are replaced by the
  // request's Authorization header and form body: an IdP that echoes them.
  static constexpr std::string_view echo_authorization = "{{authorization}}";
  static constexpr std::string_view echo_form = "{{form}}";
};

// A complete HTTP response with this status line, Content-Type and body.
inline Behaviour answer(int status, std::string reason, std::string content_type, std::string body) {
  Behaviour behaviour;
  behaviour.status = status;
  behaviour.reason = std::move(reason);
  behaviour.headers = {{"Content-Type", std::move(content_type)}};
  behaviour.body = std::move(body);
  return behaviour;
}

// One request as the server read it.
struct ReceivedRequest {
  std::string head;  // request line and headers
  std::string body;
  std::string header(std::string_view name) const {
    std::string lower_head = lower(head);
    const std::string key = "\r\n" + lower(std::string(name)) + ":";
    const std::size_t at = lower_head.find(key);
    if (at == std::string::npos) return {};
    std::size_t from = at + key.size();
    while (from < head.size() && head[from] == ' ') ++from;
    return head.substr(from, head.find("\r\n", from) - from);
  }
  static std::string lower(std::string text) {
    for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    return text;
  }
};

class FaultServer {
 public:
  FaultServer() {
    listener_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (listener_ < 0 || ::bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(listener_, 16) != 0 || ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      if (listener_ >= 0) ::close(listener_);
      throw std::runtime_error("FaultServer: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
  }
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;
  ~FaultServer() { stop(); }

  // What every request gets from now on, once the queued ones (next()) are used up.
  void always(Behaviour behaviour) {
    const std::lock_guard lock(mutex_);
    standing_ = std::move(behaviour);
  }

  // What the next request gets (one request each, in order), before the
  // standing behaviour applies again.
  void next(Behaviour behaviour) {
    const std::lock_guard lock(mutex_);
    queued_.push_back(std::move(behaviour));
  }

  // Requests read completely, of any behaviour.
  int requests() const {
    const std::lock_guard lock(mutex_);
    return static_cast<int>(received_.size());
  }
  std::vector<ReceivedRequest> received() const {
    const std::lock_guard lock(mutex_);
    return received_;
  }

  int port() const noexcept { return port_; }
  std::string url(const std::string& path = "/token") const {
    return "http://127.0.0.1:" + std::to_string(port_) + path;
  }

  // Wakes hanging and sleeping connections, closes everything, joins.
  void stop() {
    {
      const std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    wake_.notify_all();
    acceptor_.join();
    std::vector<std::thread> connections;
    {
      const std::lock_guard lock(mutex_);
      connections.swap(connections_);
    }
    for (std::thread& connection : connections) connection.join();
    ::close(listener_);
  }

 private:
  static constexpr std::chrono::milliseconds tick{20};  // how often blocked loops look at stopping_

  bool stopping() const {
    const std::lock_guard lock(mutex_);
    return stopping_;
  }

  void accept_loop() {
    while (!stopping()) {
      pollfd ready{listener_, POLLIN, 0};
      if (::poll(&ready, 1, static_cast<int>(tick.count())) <= 0) continue;
      const int connection = ::accept(listener_, nullptr, nullptr);
      if (connection < 0) continue;
      const std::lock_guard lock(mutex_);
      connections_.emplace_back([this, connection] { serve(connection); });
    }
  }

  // One request per connection: every answer says "Connection: close".
  void serve(int connection) {
    timeval send_limit{5, 0};  // a client that stops reading cannot block stop()
    ::setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &send_limit, sizeof send_limit);
    ReceivedRequest request;
    if (!read_request(connection, request)) {
      ::close(connection);
      return;
    }
    Behaviour behaviour;
    {
      const std::lock_guard lock(mutex_);
      received_.push_back(request);
      if (!queued_.empty()) {
        behaviour = std::move(queued_.front());
        queued_.pop_front();
      } else {
        behaviour = standing_;
      }
    }
    if (!sleep_for(behaviour.delay)) {
      ::close(connection);
      return;
    }
    switch (behaviour.kind) {
      case Behaviour::Kind::hang: (void)sleep_for(std::chrono::hours(1)); break;
      case Behaviour::Kind::reset: {
        linger abort{1, 0};
        ::setsockopt(connection, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
        break;
      }
      case Behaviour::Kind::answer:
      case Behaviour::Kind::truncate: send_all(connection, response(behaviour, request)); break;
    }
    ::close(connection);
  }

  // Waits `how_long` or until stop(); false when stopped.
  bool sleep_for(std::chrono::milliseconds how_long) {
    std::unique_lock lock(mutex_);
    return !wake_.wait_for(lock, how_long, [this] { return stopping_; });
  }

  static std::string response(const Behaviour& behaviour, const ReceivedRequest& request) {
    std::string body = behaviour.body;
    replace(body, Behaviour::echo_authorization, request.header("Authorization"));
    replace(body, Behaviour::echo_form, request.body);
    std::string out = "HTTP/1.1 " + std::to_string(behaviour.status) + " " + behaviour.reason + "\r\n";
    for (const auto& [name, value] : behaviour.headers) out += name + ": " + value + "\r\n";
    if (behaviour.kind == Behaviour::Kind::truncate) {
      out += "Content-Length: " + std::to_string(body.size() * 2 + 100) + "\r\n";
    } else if (behaviour.announce_length) {
      out += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    out += "Connection: close\r\n\r\n";
    return out + body;
  }

  static void replace(std::string& text, std::string_view from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }

  // The head up to the blank line, then Content-Length bytes of body.
  bool read_request(int connection, ReceivedRequest& request) {
    std::string data;
    std::size_t head_end = std::string::npos;
    std::size_t wanted = 0;
    char buffer[16 * 1024];
    while (true) {
      if (head_end == std::string::npos) {
        head_end = data.find("\r\n\r\n");
        if (head_end != std::string::npos) {
          request.head = data.substr(0, head_end);
          const std::string length = request.header("Content-Length");
          wanted = length.empty() ? 0 : std::stoul(length);
        }
      }
      if (head_end != std::string::npos && data.size() >= head_end + 4 + wanted) {
        request.body = data.substr(head_end + 4, wanted);
        return true;
      }
      pollfd ready{connection, POLLIN, 0};
      const int polled = ::poll(&ready, 1, static_cast<int>(tick.count()));
      if (stopping()) return false;
      if (polled <= 0) continue;
      const ssize_t got = ::recv(connection, buffer, sizeof buffer, 0);
      if (got <= 0) return false;  // the client gave up or closed an idle keep-alive connection
      data.append(buffer, static_cast<std::size_t>(got));
    }
  }

  // Best effort: a client that refuses a huge body closes early; that is expected.
  static void send_all(int connection, const std::string& data) {
    std::size_t sent = 0;
    while (sent < data.size()) {
      const ssize_t wrote = ::send(connection, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (wrote <= 0) return;
      sent += static_cast<std::size_t>(wrote);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  Behaviour standing_;
  std::deque<Behaviour> queued_;
  std::vector<ReceivedRequest> received_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;  // last: started once everything it uses exists
};

}  // namespace oauth2cc_test

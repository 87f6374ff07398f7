#pragma once

// An https token endpoint on 127.0.0.1 with one of the generated test
// certificates (tests/tls/gen-certs.sh), which can be restarted on the same
// port with another certificate: the same client then meets the fixed server.

#include <httplib.h>

#include <atomic>     // atomic
#include <memory>     // unique_ptr, make_unique
#include <stdexcept>  // runtime_error
#include <string>     // string, to_string
#include <thread>     // thread
#include <utility>    // move

namespace oauth2cc_test {

class TlsEndpoint {
 public:
  // Answers POST /token with `body`, presenting certs/<certificate>.pem; with
  // `client_ca`, demands a client certificate signed by that CA.
  TlsEndpoint(std::string certificate, std::string body, std::string client_ca = {}) : body_(std::move(body)) {
    start(certificate, client_ca, 0);
  }
  TlsEndpoint(const TlsEndpoint&) = delete;
  TlsEndpoint& operator=(const TlsEndpoint&) = delete;
  ~TlsEndpoint() { stop(); }

  // The same port, another certificate (or client CA).
  void restart(const std::string& certificate, const std::string& client_ca = {}) {
    stop();
    start(certificate, client_ca, port_);
  }

  static std::string path_of(const std::string& name) { return std::string(OAUTH2CC_TEST_CERTS_DIR) + "/" + name; }

  int requests() const noexcept { return requests_.load(); }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(port_) + "/token"; }

 private:
  void start(const std::string& certificate, const std::string& client_ca, int port) {
    const std::string pem = path_of(certificate + ".pem");
    const std::string key = path_of(certificate + ".key");
    server_ = std::make_unique<httplib::SSLServer>(pem.c_str(), key.c_str(),
                                                   client_ca.empty() ? nullptr : client_ca.c_str());
    if (!server_->is_valid()) throw std::runtime_error("TlsEndpoint: cannot load " + pem);
    server_->Post("/token", [this](const httplib::Request&, httplib::Response& res) {
      ++requests_;
      res.set_content(body_, "application/json");
    });
    if (port == 0) {
      port_ = server_->bind_to_any_port("127.0.0.1");
    } else if (!server_->bind_to_port("127.0.0.1", port)) {
      throw std::runtime_error("TlsEndpoint: cannot bind port " + std::to_string(port) + " again");
    }
    thread_ = std::thread([this] { server_->listen_after_bind(); });
  }

  void stop() {
    if (!thread_.joinable()) return;
    server_->stop();
    thread_.join();
  }

  std::string body_;
  std::unique_ptr<httplib::SSLServer> server_;
  std::thread thread_;
  std::atomic<int> requests_{0};
  int port_ = 0;
};

}  // namespace oauth2cc_test

#include <doctest/doctest.h>

#include <oauth2cc/observer.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "../support/idp_process.hpp"
#include "../support/test_server.hpp"
#include "../support/token_request.hpp"

using namespace oauth2cc;
using namespace std::chrono_literals;
using oauth2cc_test::IdpOptions;
using oauth2cc_test::IdpProcess;
using oauth2cc_test::token_request;
using oauth2cc_test::TestServer;

namespace httplib_transport_test {

namespace {

const std::string certs = OAUTH2CC_TEST_CERTS_DIR;

void answer_token(const httplib::Request&, httplib::Response& res) {
  res.set_content(R"({"access_token":"t","token_type":"Bearer","expires_in":60})", "application/json");
}

// A TLS token endpoint serving certificate `name` (tests/tls/gen-certs.sh),
// in a process of its own with OpenSSL (tests/support/tls_token_server.cpp),
// so the client here may use any of cpp-httplib's TLS backends. `options`:
// --client-ca FILE (require a client certificate it issued), --max-tls1.2.
//
// SIGPIPE is ignored, as every httplib::Server's constructor does: cpp-httplib
// sends without MSG_NOSIGNAL, so a client writing to a connection the server
// has closed would otherwise be killed (the in-process servers these tests
// used before did this for them; docs/building.md: "SIGPIPE").
IdpProcess tls_server(const std::string& name, const std::vector<std::string>& options = {}) {
  std::signal(SIGPIPE, SIG_IGN);
  IdpOptions server;
  server.command = {OAUTH2CC_TLS_TOKEN_SERVER, certs + "/" + name + ".pem", certs + "/" + name + ".key"};
  server.command.insert(server.command.end(), options.begin(), options.end());
  return IdpProcess(std::move(server));
}

HttplibTransport trusting_test_ca() {
  HttplibTransportSettings settings;
  settings.tls.ca_file = certs + "/ca.pem";
  return HttplibTransport(settings);
}

// A socket that completes TCP handshakes (the kernel does) but never answers.
struct SilentListener {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int port = 0;
  SilentListener() {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    REQUIRE(::listen(fd, 8) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port = ntohs(address.sin_port);
  }
  ~SilentListener() { ::close(fd); }
};

// A plain-HTTP server that answers whatever arrives with 400 and closes, as
// HTTP servers do with bytes they cannot parse. Not httplib::Server: from
// cpp-httplib 0.20 on it waits for a CRLF-ended request line, which a TLS
// ClientHello rarely contains, so the client would time out instead of
// failing the handshake, and how httplib's own server treats garbage is not
// what these tests are about.
struct BadRequestAnswerer {
  SilentListener listener;
  std::thread thread{[this] { serve(); }};
  ~BadRequestAnswerer() {
    ::shutdown(listener.fd, SHUT_RDWR);  // wakes the blocked accept()
    thread.join();
  }
  std::string url() const { return "https://127.0.0.1:" + std::to_string(listener.port) + "/token"; }
  void serve() const {
    static constexpr char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    for (int client; (client = ::accept(listener.fd, nullptr, nullptr)) >= 0; ::close(client)) {
      char request[4096];
      if (::recv(client, request, sizeof request, 0) > 0) (void)::send(client, answer, sizeof answer - 1, MSG_NOSIGNAL);
    }
  }
};

// Keeps every insecure_transport report.
struct InsecureReports : Observer {
  std::vector<std::pair<std::string, std::string>> reports;  // reason, origin
  void insecure_transport(const InsecureTransport& event) noexcept override {
    reports.emplace_back(std::string(event.reason), std::string(event.origin));
  }
};

// A port nothing listens on: bound, then released.
int closed_port() {
  const SilentListener listener;
  return listener.port;
}

}  // namespace

TEST_SUITE("HttplibTransport over HTTP") {
  TEST_CASE("posts the form with its headers and returns status, headers and body") {
    TestServer server;
    std::string body, content_type, authorization;
    server->Post("/token", [&](const httplib::Request& req, httplib::Response& res) {
      body = req.body;
      content_type = req.get_header_value("Content-Type");
      authorization = req.get_header_value("Authorization");
      res.set_header("X-Test", "yes");
      res.set_content(R"({"error":"invalid_client"})", "application/json");
      res.status = 401;
    });
    server.start();
    HttplibTransport transport;
    const auto response = transport.post_form(token_request(server.url("http")));
    REQUIRE(response);
    CHECK(response->status == 401);  // an HTTP error is a response, not a transport failure
    CHECK(response->body == R"({"error":"invalid_client"})");
    CHECK(response->header("x-test") == "yes");
    CHECK(body == "grant_type=client_credentials");
    CHECK(content_type == "application/x-www-form-urlencoded");
    CHECK(authorization == "Basic aWQ6cw==");
  }

  TEST_CASE("reuses one keep-alive connection for consecutive requests") {
    TestServer server;
    std::mutex mutex;
    std::set<int> client_ports;  // one per TCP connection
    server->Post("/token", [&](const httplib::Request& req, httplib::Response& res) {
      const std::lock_guard lock(mutex);
      client_ports.insert(req.remote_port);
      answer_token(req, res);
    });
    server->set_keep_alive_max_count(100);  // httplib's own default closes after 5
    server.start();
    HttplibTransport transport;
    for (int i = 0; i < 20; ++i) REQUIRE(transport.post_form(token_request(server.url("http")))->status == 200);
    CHECK(client_ports.size() == 1);
  }

  TEST_CASE("a response larger than the cap is refused while it is read") {
    TestServer server;
    server->Post("/token", [](const httplib::Request&, httplib::Response& res) {
      res.set_content(std::string(2u << 20, 'x'), "application/json");
    });
    server->Post("/chunked", [](const httplib::Request&, httplib::Response& res) {
      // No Content-Length: the cap must hold while the chunks arrive.
      res.set_chunked_content_provider("application/json", [](std::size_t, httplib::DataSink& sink) {
        const std::string chunk(64 * 1024, 'x');
        for (int i = 0; i < 64 && sink.is_writable(); ++i) sink.write(chunk.data(), chunk.size());
        sink.done();
        return true;
      });
    });
    server.start();
    HttplibTransport transport;
    for (const char* path : {"/token", "/chunked"}) {
      CAPTURE(path);
      const auto response = transport.post_form(token_request(server.url("http", path)));
      CHECK(response.error() == errc::response_too_large);
      CHECK(response.message().find("1048576 bytes") != std::string::npos);
    }
    SUBCASE("the cap is configurable") {
      HttplibTransportSettings settings;
      settings.max_response_bytes = 4u << 20;
      HttplibTransport roomy(settings);
      CHECK(roomy.post_form(token_request(server.url("http")))->body.size() == 2u << 20);
    }
  }

  TEST_CASE("a server that accepts and never answers times out" * doctest::timeout(30)) {
    const SilentListener silent;
    HttplibTransport transport;
    const auto response = transport.post_form(token_request("http://127.0.0.1:" + std::to_string(silent.port) + "/token", 300ms));
    CHECK(response.error() == errc::timeout);
    CHECK(response.message().find("300 ms") != std::string::npos);
  }

  TEST_CASE("a refused connection names the endpoint and the fix") {
    HttplibTransport transport;
    const auto response = transport.post_form(token_request("http://127.0.0.1:" + std::to_string(closed_port()) + "/token"));
    CHECK(response.error() == errc::connection_failed);
    CHECK(response.message().find("127.0.0.1") != std::string::npos);
    CHECK(response.message().find("token_url") != std::string::npos);
  }

  TEST_CASE("a URL that is not http(s) is refused before any I/O") {
    HttplibTransport transport;
    CHECK(transport.post_form(token_request("ftp://127.0.0.1/token")).error() == errc::invalid_url);
    CHECK(transport.post_form(token_request("https://user:pw@127.0.0.1/token")).error() == errc::invalid_url);
  }

  TEST_CASE("the transport recovers after a failure") {
    TestServer server;
    server->Post("/token", answer_token);
    const int port = server.start();
    HttplibTransport transport;
    REQUIRE(transport.post_form(token_request(server.url("http")))->status == 200);
    server.stop();
    CHECK(transport.post_form(token_request(server.url("http"))).error() == errc::connection_failed);
    TestServer again;
    again->Post("/token", answer_token);
    REQUIRE(again->bind_to_port("127.0.0.1", port));
    std::thread runner([&] { again->listen_after_bind(); });
    CHECK(transport.post_form(token_request(server.url("http")))->status == 200);
    again->stop();
    runner.join();
  }
}

TEST_SUITE("HttplibTransport reports insecure transport") {
  TEST_CASE("plain http works and is reported once, not once per request") {
    TestServer server;
    server->Post("/token", answer_token);
    server.start();
    InsecureReports observer;
    HttplibTransport transport;
    transport.set_observer(&observer);
    REQUIRE(transport.post_form(token_request(server.url("http")))->status == 200);
    REQUIRE(transport.post_form(token_request(server.url("http")))->status == 200);
    REQUIRE(observer.reports.size() == 1);
    CHECK(observer.reports[0].first == "plain http");
    CHECK(observer.reports[0].second == "http://127.0.0.1:" + std::to_string(server.port()));
  }

  TEST_CASE("a failed plain http request is reported too, and a new connection is not a new report") {
    InsecureReports observer;
    HttplibTransport transport;
    transport.set_observer(&observer);
    const std::string url = "http://127.0.0.1:" + std::to_string(closed_port()) + "/token";
    CHECK(transport.post_form(token_request(url)).error() == errc::connection_failed);
    CHECK(transport.post_form(token_request(url)).error() == errc::connection_failed);
    CHECK(observer.reports.size() == 1);
  }

  TEST_CASE("an observer set after the first requests still hears of it, once") {
    TestServer server;
    server->Post("/token", answer_token);
    server.start();
    HttplibTransport transport;
    REQUIRE(transport.post_form(token_request(server.url("http")))->status == 200);
    InsecureReports observer;
    transport.set_observer(&observer);
    REQUIRE(transport.post_form(token_request(server.url("http")))->status == 200);
    REQUIRE(transport.post_form(token_request(server.url("http")))->status == 200);
    CHECK(observer.reports.size() == 1);
    transport.set_observer(nullptr);  // detached: no call into a destroyed observer
  }

  TEST_CASE("insecure_skip_verify is reported once, verified https not at all") {
    const IdpProcess server = tls_server("self-signed");
    InsecureReports observer;
    SUBCASE("skipping verification") {
      HttplibTransportSettings settings;
      settings.tls.insecure_skip_verify = true;
      HttplibTransport transport(settings);
      transport.set_observer(&observer);
      REQUIRE(transport.post_form(token_request(server.token_endpoint()))->status == 200);
      REQUIRE(transport.post_form(token_request(server.token_endpoint()))->status == 200);
      REQUIRE(observer.reports.size() == 1);
      CHECK(observer.reports[0].first == "insecure_skip_verify");
      CHECK(observer.reports[0].second == server.issuer());
    }
    SUBCASE("verifying (and failing to, as the certificate is self-signed)") {
      HttplibTransport transport = trusting_test_ca();
      transport.set_observer(&observer);
      CHECK(transport.post_form(token_request(server.token_endpoint())).error() == errc::tls_certificate_untrusted);
      CHECK(observer.reports.empty());
    }
  }

  TEST_CASE("each insecure origin is reported once") {
    TestServer first, second;
    first->Post("/token", answer_token);
    second->Post("/token", answer_token);
    first.start();
    second.start();
    InsecureReports observer;
    HttplibTransport transport;
    transport.set_observer(&observer);
    for (int i = 0; i < 3; ++i) {
      REQUIRE(transport.post_form(token_request(first.url("http")))->status == 200);
      REQUIRE(transport.post_form(token_request(second.url("http")))->status == 200);
    }
    CHECK(observer.reports.size() == 2);
  }
}

TEST_SUITE("HttplibTransport over HTTPS") {
  TEST_CASE("verifies the server against tls.ca_file") {
    const IdpProcess server = tls_server("server");
    HttplibTransport transport = trusting_test_ca();
    const auto response = transport.post_form(token_request(server.token_endpoint()));
    REQUIRE(response);
    CHECK(response->status == 200);
    SUBCASE("and keeps the TLS connection alive") {
      for (int i = 0; i < 5; ++i) REQUIRE(transport.post_form(token_request(server.token_endpoint()))->status == 200);
    }
  }

  TEST_CASE("a certificate from a CA that is not trusted is refused with the fix") {
    for (const char* name : {"server", "self-signed", "untrusted"}) {
      CAPTURE(name);
      const IdpProcess server = tls_server(name);
      // "server" is signed by the test CA, which the system does not trust.
      HttplibTransport transport = std::string(name) == "server" ? HttplibTransport() : trusting_test_ca();
      const auto response = transport.post_form(token_request(server.token_endpoint()));
      CHECK(response.error() == errc::tls_certificate_untrusted);
      CHECK(response.message().find("tls.ca_file") != std::string::npos);
    }
  }

  TEST_CASE("a certificate for another host name is refused, unless server_name_override names it") {
    const IdpProcess server = tls_server("wrong-host");
    HttplibTransport transport = trusting_test_ca();
    const auto response = transport.post_form(token_request(server.token_endpoint()));
    CHECK(response.error() == errc::tls_hostname_mismatch);
    CHECK(response.message().find("server_name_override") != std::string::npos);

    HttplibTransportSettings settings;
    settings.tls.ca_file = certs + "/ca.pem";
    settings.tls.server_name_override = "wrong.example";
    HttplibTransport overriding(settings);
    const auto overridden = overriding.post_form(token_request(server.token_endpoint()));
    REQUIRE(overridden);
    CHECK(overridden->status == 200);
  }

  TEST_CASE("an expired certificate is refused") {
    const IdpProcess server = tls_server("expired");
    HttplibTransport transport = trusting_test_ca();
    const auto response = transport.post_form(token_request(server.token_endpoint()));
    CHECK(response.error() == errc::tls_certificate_invalid);
    CHECK(response.message().find("expired") != std::string::npos);
  }

  TEST_CASE("insecure_skip_verify accepts any certificate") {
    const IdpProcess server = tls_server("self-signed");
    HttplibTransportSettings settings;
    settings.tls.insecure_skip_verify = true;
    HttplibTransport transport(settings);
    CHECK(transport.post_form(token_request(server.token_endpoint()))->status == 200);
  }

  TEST_CASE("a client certificate is presented when configured") {
    const std::string client_ca = certs + "/ca.pem";
    const IdpProcess server = tls_server("server", {"--client-ca", client_ca});
    SUBCASE("without one the handshake fails") {
      HttplibTransport transport = trusting_test_ca();
      const auto response = transport.post_form(token_request(server.token_endpoint()));
      // TLS 1.3 refuses the client with an alert after the handshake; if the
      // server's close overtakes the request, the write fails before the
      // alert is read. Either way the message names the fix.
      CHECK((response.error() == errc::tls_handshake_failed || response.error() == errc::connection_failed));
      CHECK(response.message().find("tls.cert_file") != std::string::npos);
    }
    SUBCASE("with one it succeeds") {
      HttplibTransportSettings settings;
      settings.tls.ca_file = certs + "/ca.pem";
      settings.tls.cert_file = certs + "/client.pem";
      settings.tls.key_file = certs + "/client.key";
      HttplibTransport transport(settings);
      CHECK(transport.post_form(token_request(server.token_endpoint()))->status == 200);
    }
  }

  TEST_CASE("min_version refuses a server that only offers older TLS") {
    const IdpProcess server = tls_server("server", {"--max-tls1.2"});
    HttplibTransportSettings settings;
    settings.tls.ca_file = certs + "/ca.pem";
    SUBCASE("the default minimum, TLS 1.2, connects") {
      HttplibTransport transport(settings);
      CHECK(transport.post_form(token_request(server.token_endpoint()))->status == 200);
    }
    SUBCASE("a minimum of TLS 1.3 does not") {
      settings.tls.min_version = TlsVersion::tls1_3;
      HttplibTransport transport(settings);
      const auto response = transport.post_form(token_request(server.token_endpoint()));
#if (defined(CPPHTTPLIB_MBEDTLS_SUPPORT) && !defined(MBEDTLS_SSL_PROTO_TLS1_3)) || defined(CPPHTTPLIB_WOLFSSL_SUPPORT)
      // Neither an mbedTLS without TLS 1.3 (Debian 12's 2.28) nor httplib's
      // wolfSSL backend (TLS 1.2 alone) can enforce it: the transport refuses
      // before connecting (docs/building.md: "mbedTLS and wolfSSL").
      CHECK(response.error() == errc::invalid_configuration);
      CHECK(response.message().find("tls.min_version 1.3") != std::string::npos);
      CHECK(response.message().find(oauth2cc::detail::httplib_tls_backend) != std::string::npos);
#else
      CHECK(response.error() == errc::tls_handshake_failed);
#endif
    }
    SUBCASE("a minimum below TLS 1.2") {
      for (const TlsVersion old : {TlsVersion::tls1_0, TlsVersion::tls1_1}) {
        settings.tls.min_version = old;
        HttplibTransport transport(settings);
        const auto response = transport.post_form(token_request(server.token_endpoint()));
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
        // OpenSSL takes it as it is; the server's TLS 1.2 is above it.
        CHECK(response->status == 200);
#else
        // httplib's mbedTLS and wolfSSL backends offer TLS 1.2 and 1.3 only:
        // refused before connecting, naming the setting and the backend.
        CHECK(response.error() == errc::invalid_configuration);
        CHECK(response.message().find("tls.min_version 1.") != std::string::npos);
        CHECK(response.message().find(oauth2cc::detail::httplib_tls_backend) != std::string::npos);
#endif
      }
    }
  }

  TEST_CASE("an https:// URL pointing at a plain HTTP server fails the handshake") {
    const BadRequestAnswerer server;
    HttplibTransport transport = trusting_test_ca();
    const auto response = transport.post_form(token_request(server.url(), 2000ms));
    CHECK(response.error() == errc::tls_handshake_failed);
  }

  TEST_CASE("unreadable or inconsistent TLS files are configuration errors naming the path") {
    HttplibTransportSettings settings;
    SUBCASE("a missing CA file") {
      settings.tls.ca_file = "/nonexistent/ca.pem";
      HttplibTransport transport(settings);
      const auto response = transport.post_form(token_request("https://127.0.0.1:1/token"));
      CHECK(response.error() == errc::tls_configuration);
      CHECK(response.message().find("/nonexistent/ca.pem") != std::string::npos);
    }
    SUBCASE("a certificate without its key") {
      settings.tls.cert_file = certs + "/client.pem";
      HttplibTransport transport(settings);
      CHECK(transport.post_form(token_request("https://127.0.0.1:1/token")).error() == errc::tls_configuration);
    }
    SUBCASE("a key that does not belong to the certificate") {
      settings.tls.cert_file = certs + "/client.pem";
      settings.tls.key_file = certs + "/server.key";
      HttplibTransport transport(settings);
      const auto response = transport.post_form(token_request("https://127.0.0.1:1/token"));
      CHECK(response.error() == errc::tls_configuration);
      CHECK(response.message().find("belong together") != std::string::npos);
    }
  }
}

// Run by tools/httplib_matrix.sh alone (doctest's --no-skip), for the
// cpp-httplib releases before 0.47.0 built with the mbedTLS or wolfSSL
// backend, which skip the certificate chain check for hosts given as an IP
// address: no certificate may get through, trusted or not, and the message
// names the release that fixed it. Skipped elsewhere, where it would fail.
TEST_SUITE("HttplibTransport refusing https") {
  TEST_CASE("https:// is refused before any certificate is looked at, naming the fix" * doctest::skip()) {
    for (const char* name : {"server", "self-signed", "untrusted"}) {
      CAPTURE(name);
      const IdpProcess server = tls_server(name);
      HttplibTransport transport = trusting_test_ca();
      const auto response = transport.post_form(token_request(server.token_endpoint()));
      CHECK(response.error() == errc::invalid_configuration);
      CHECK(response.message().find("cpp-httplib 0.47.0 or newer") != std::string::npos);
      CHECK(response.message().find(oauth2cc::detail::httplib_tls_backend) != std::string::npos);
    }
    HttplibTransportSettings settings;
    settings.tls.insecure_skip_verify = true;
    HttplibTransport skipping(settings);
    CHECK(skipping.post_form(token_request("https://127.0.0.1:1/token")).error() == errc::invalid_configuration);
  }
}

}  // namespace httplib_transport_test

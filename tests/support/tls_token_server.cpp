// A TLS token endpoint in a process of its own, for the HTTPS tests of
// HttplibTransport (tests/transport/httplib_transport.cpp): cpp-httplib's
// SSLServer on OpenSSL, whichever TLS backend the client under test was built
// with (a program cannot hold two cpp-httplib builds, and wolfSSL's
// OpenSSL-compatible names clash with OpenSSL's own).
//
//   tls_token_server CERT KEY [--client-ca FILE] [--max-tls1.2]
//
// Answers POST /token with a token. Speaks the IdP harness's protocol
// (tests/support/idp_process.hpp): once listening on 127.0.0.1 it prints
// {"issuer": ..., "token_endpoint": ...} on one line, and it exits when its
// standard input closes.

#include <oauth2cc/transport/httplib.hpp>

#include <iostream>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: tls_token_server CERT KEY [--client-ca FILE] [--max-tls1.2]\n";
    return 2;
  }
  std::string client_ca;
  bool tls12_only = false;
  for (int i = 3; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--client-ca" && i + 1 < argc) {
      client_ca = argv[++i];
    } else if (arg == "--max-tls1.2") {
      tls12_only = true;
    } else {
      std::cerr << "tls_token_server: unknown argument " << arg << "\n";
      return 2;
    }
  }
  httplib::SSLServer server(argv[1], argv[2], client_ca.empty() ? nullptr : client_ca.c_str());
  if (!server.is_valid()) {
    std::cerr << "tls_token_server: cannot load " << argv[1] << " and " << argv[2] << "\n";
    return 1;
  }
  // ssl_context() or tls_context(), whichever this cpp-httplib has.
  if (tls12_only && SSL_CTX_set_max_proto_version(oauth2cc::detail::openssl_context(server), TLS1_2_VERSION) != 1) {
    std::cerr << "tls_token_server: cannot limit the server to TLS 1.2\n";
    return 1;
  }
  server.Post("/token", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"access_token":"t","token_type":"Bearer","expires_in":60})", "application/json");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  if (port < 0) {
    std::cerr << "tls_token_server: cannot listen on 127.0.0.1\n";
    return 1;
  }
  std::thread listener([&server] { server.listen_after_bind(); });
  const std::string origin = "https://127.0.0.1:" + std::to_string(port);
  std::cout << R"({"issuer":")" << origin << R"(","token_endpoint":")" << origin << R"(/token"})" << std::endl;
  for (char ignored; std::cin.get(ignored);) {
  }
  server.stop();
  listener.join();
  return 0;
}

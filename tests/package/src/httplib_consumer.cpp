// A user of the umbrella header with the default HttplibTransport: proves
// that the httplib target / pkg-config file bring cpp-httplib and OpenSSL.
#include <oauth2cc/oauth2cc.hpp>
#include <oauth2cc/testing.hpp>

#include <chrono>
#include <iostream>
#include <string>
#include <type_traits>

int main() {
  // The test kit still works through the umbrella header.
  oauth2cc::MockTransport mock;
  oauth2cc::ManualClock clock;
  mock.respond_token("package-token", 3600);
  oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::ExpiryBuffer, oauth2cc::MockTransport,
                          oauth2cc::ManualClock>
      mocked(oauth2cc::ClientCredentials("https://idp.example/token", "client", "secret"), oauth2cc::ExpiryBuffer{},
             mock, clock);
  if (mocked.header() != "Bearer package-token") {
    std::cerr << "httplib consumer: unexpected header from the mock\n";
    return 1;
  }

  // The defaults select HttplibTransport.
  using Default = oauth2cc::Authenticator<oauth2cc::ClientCredentials>;
  static_assert(std::is_same_v<std::remove_reference_t<decltype(std::declval<Default&>().transport())>,
                               oauth2cc::HttplibTransport>);

  // A real request through cpp-httplib's library code, to a port nobody
  // listens on: links and runs it without needing a server.
  oauth2cc::HttplibTransport transport;
  oauth2cc::HttpRequest request;
  request.url = "http://127.0.0.1:1/token";
  request.body = "grant_type=client_credentials";
  request.timeout = std::chrono::milliseconds(2000);
  if (transport.post_form(request)) {
    std::cerr << "httplib consumer: a request to 127.0.0.1:1 unexpectedly succeeded\n";
    return 1;
  }
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
  std::cerr << "httplib consumer: CPPHTTPLIB_OPENSSL_SUPPORT is not defined: the build files lost cpp-httplib's TLS flags\n";
  return 1;
#endif
  std::cout << "httplib consumer: ok\n";
  return 0;
}

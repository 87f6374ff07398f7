// A user of the core alone: own transport (here the test kit's), no httplib.
#include <oauth2cc/core.hpp>
#include <oauth2cc/testing.hpp>

#include <iostream>
#include <string>

int main() {
  oauth2cc::MockTransport transport;
  oauth2cc::ManualClock clock;
  transport.respond_token("package-token", 3600);

  oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::ExpiryBuffer, oauth2cc::MockTransport,
                          oauth2cc::ManualClock>
      auth(oauth2cc::ClientCredentials("https://idp.example/token", "client", "secret"), oauth2cc::ExpiryBuffer{},
           transport, clock);

  const std::string header = auth.header();
  if (header != "Bearer package-token" || transport.request_count() != 1) {
    std::cerr << "core consumer: unexpected header or request count\n";
    return 1;
  }
  std::cout << "core consumer: ok (oauth2cc " << OAUTH2CC_VERSION_STRING << ")\n";
  return 0;
}

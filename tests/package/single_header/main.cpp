// Only the generated single header, as someone who vendors that one file uses it.
#include <oauth2cc/oauth2cc.hpp>

#include <iostream>
#include <string>

// include/ must not be reachable, or a stale single header could borrow from it.
#if __has_include(<oauth2cc/core.hpp>)
#error "this test must see only single_include/, not include/"
#endif

std::string header_from_second_translation_unit();

int main() {
  oauth2cc::MockTransport transport;
  oauth2cc::ManualClock clock;
  transport.respond_token("single-header-token", 3600);
  oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::ExpiryBuffer, oauth2cc::MockTransport,
                          oauth2cc::ManualClock>
      auth(oauth2cc::ClientCredentials("https://idp.example/token", "client", "secret"), oauth2cc::ExpiryBuffer{},
           transport, clock);
  if (auth.header() != "Bearer single-header-token") {
    std::cerr << "single header: unexpected header in the first translation unit\n";
    return 1;
  }
  if (header_from_second_translation_unit() != "Bearer second-token") {
    std::cerr << "single header: unexpected header in the second translation unit\n";
    return 1;
  }
  std::cout << "single header: ok\n";
  return 0;
}

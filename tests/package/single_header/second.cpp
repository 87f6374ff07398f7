// A second translation unit with the same header: a function defined in a
// header without `inline` would now be defined twice and fail to link.
#include <oauth2cc/oauth2cc.hpp>

#include <string>

std::string header_from_second_translation_unit() {
  oauth2cc::MockTransport transport;
  oauth2cc::ManualClock clock;
  transport.respond_token("second-token", 3600);
  oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::ExpiryBuffer, oauth2cc::MockTransport,
                          oauth2cc::ManualClock>
      auth(oauth2cc::ClientCredentials("https://idp.example/token", "client", "secret"), oauth2cc::ExpiryBuffer{},
           transport, clock);
  oauth2cc::HttplibTransport unused;  // instantiates the transport here too
  (void)unused;
  return auth.header();
}

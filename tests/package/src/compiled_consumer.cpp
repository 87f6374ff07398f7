// A user of the compiled library: the light umbrella, a Config read from
// JSON and made into an authenticator by functions oauth2cc::compiled holds.
#include <oauth2cc/oauth2cc.hpp>

#include <iostream>
#include <string>

int main() {
  const oauth2cc::Result<oauth2cc::Config> config = oauth2cc::config_from_json_text(R"({"token": "package-token"})");
  if (!config) {
    std::cerr << "compiled consumer: " << config.message() << "\n";
    return 1;
  }
  oauth2cc::AnyAuthenticator auth = oauth2cc::make_authenticator(*config);
  if (auth.header() != "Bearer package-token") {
    std::cerr << "compiled consumer: unexpected header\n";
    return 1;
  }
  std::cout << "compiled consumer: ok (oauth2cc " << OAUTH2CC_VERSION_STRING << ")\n";
  return 0;
}

// Fetches a token with client credentials and prints the Authorization
// header, redacted: the smallest real use of oauth2cc.
//
// Settings come from the environment, as a collector's do:
//   OAUTH2CC_TOKEN_URL, OAUTH2CC_CLIENT_ID, OAUTH2CC_CLIENT_SECRET (required)
//   OAUTH2CC_SCOPES (space-separated), OAUTH2CC_RESOURCE, OAUTH2CC_CA_FILE (optional)
//   OAUTH2CC_PROTECTED_URL (optional): a resource to call with the token, to
//   show the token is accepted there.

#include <oauth2cc/oauth2cc.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

std::string env(const char* name, bool required) {
  const char* value = std::getenv(name);
  if (value == nullptr && required) {
    std::cerr << "fetch_token: set " << name << '\n';
    std::exit(2);
  }
  return value != nullptr ? value : "";
}

// Enough to recognise the token, not enough to use it.
std::string redacted(const std::string& header) {
  const std::size_t space = header.find(' ');
  const std::string token = header.substr(space + 1);
  return header.substr(0, space + 1) + token.substr(0, 6) + "...[" + std::to_string(token.size()) + " chars]";
}

}  // namespace

int main() {
  oauth2cc::ClientCredentials source(env("OAUTH2CC_TOKEN_URL", true), env("OAUTH2CC_CLIENT_ID", true),
                                     env("OAUTH2CC_CLIENT_SECRET", true));
  std::vector<std::string> scopes;
  std::istringstream words(env("OAUTH2CC_SCOPES", false));
  for (std::string scope; words >> scope;) scopes.push_back(scope);
  source.scopes(scopes).resource(env("OAUTH2CC_RESOURCE", false));

  oauth2cc::HttplibTransportSettings transport;
  transport.tls.ca_file = env("OAUTH2CC_CA_FILE", false);

  oauth2cc::Authenticator auth(std::move(source), oauth2cc::ExpiryBuffer(std::chrono::seconds(30)),
                               oauth2cc::HttplibTransport(transport));
  const auto token = auth.try_token();
  if (!token) {
    std::cerr << "fetch_token: " << token.error().message() << ": " << token.message() << '\n';
    return 1;
  }
  const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(token->lifetime()).count();
  std::cout << "Authorization: " << redacted(auth.header()) << '\n'
            << "expires in " << lifetime << " s, scope \"" << token->scope << "\"\n";

  const std::string protected_url = env("OAUTH2CC_PROTECTED_URL", false);
  if (protected_url.empty()) return 0;
  const std::size_t path = protected_url.find('/', protected_url.find("//") + 2);
  httplib::Client resource(protected_url.substr(0, path));
  if (!transport.tls.ca_file.empty()) resource.set_ca_cert_path(transport.tls.ca_file);
  const auto answer = resource.Get(protected_url.substr(path), {{"Authorization", auth.header()}});
  if (!answer) {
    std::cerr << "fetch_token: calling " << protected_url << " failed: " << httplib::to_string(answer.error()) << '\n';
    return 1;
  }
  std::cout << "GET " << protected_url << " -> HTTP " << answer->status << '\n';
  return answer->status == 200 ? 0 : 1;
}

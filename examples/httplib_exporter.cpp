// An OTLP/HTTP trace exporter on cpp-httplib that authenticates with oauth2cc:
// oauth2cc::adapters::send() puts a current "Authorization: Bearer …" on every
// POST and, when the backend answers 401, reports it (the rejected token is
// dropped) and retries once with a new one.
//
// Settings come from the environment, as a collector's do:
//   OAUTH2CC_TOKEN_URL, OAUTH2CC_CLIENT_ID, OAUTH2CC_CLIENT_SECRET,
//   OAUTH2CC_TRACES_URL (e.g. http://mlflow:5000/v1/traces)     (required)
//   OAUTH2CC_SCOPES (space-separated), OAUTH2CC_CA_FILE           (optional)
// The tests run it against `oauth2cc-demo --serve-only`, whose receiver
// revokes the first token it sees (tools/demo/check_exporter_example.sh).

#include <oauth2cc/adapters/httplib_client.hpp>
#include <oauth2cc/oauth2cc.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "otlp_example_batch.hpp"

namespace {

std::string env(const char* name, bool required) {
  const char* value = std::getenv(name);
  if (value == nullptr && required) {
    std::cerr << "httplib_exporter: set " << name << '\n';
    std::exit(2);
  }
  return value != nullptr ? value : "";
}

class TraceExporter {
 public:
  TraceExporter(oauth2cc::AnyAuthenticator auth, const std::string& traces_url, const std::string& ca_file)
      : auth_(std::move(auth)) {
    // "http://host:port/v1/traces" -> client for "http://host:port", path "/v1/traces".
    const std::size_t path = traces_url.find('/', traces_url.find("//") + 2);
    path_ = path == std::string::npos ? "/" : traces_url.substr(path);
    client_ = std::make_unique<httplib::Client>(traces_url.substr(0, path));
    if (!ca_file.empty()) client_->set_ca_cert_path(ca_file);
    client_->set_keep_alive(true);
    client_->set_tcp_nodelay(true);
  }

  // True when the backend accepted the batch.
  bool export_traces(const std::string& otlp_json) {
    int attempt = 0;
    const auto response = oauth2cc::adapters::send(auth_, [&](const httplib::Headers& headers) {
      if (++attempt == 2) std::cout << "POST " << path_ << " -> HTTP 401; the token was dropped, retrying once\n";
      return client_->Post(path_, headers, otlp_json, "application/json");
    });
    if (!response) {
      std::cerr << "no token: " << response.error().message() << ": " << response.message() << '\n';
      return false;
    }
    if (!*response) {
      std::cerr << "POST " << path_ << " failed: " << httplib::to_string(response->error()) << '\n';
      return false;
    }
    const int status = (*response)->status;
    std::cout << "POST " << path_ << " -> HTTP " << status << '\n';
    return status >= 200 && status < 300;
  }

 private:
  oauth2cc::AnyAuthenticator auth_;
  std::unique_ptr<httplib::Client> client_;
  std::string path_;
};

}  // namespace

int main() {
  oauth2cc::ClientCredentials source(env("OAUTH2CC_TOKEN_URL", true), env("OAUTH2CC_CLIENT_ID", true),
                                     env("OAUTH2CC_CLIENT_SECRET", true));
  std::vector<std::string> scopes;
  std::istringstream words(env("OAUTH2CC_SCOPES", false));
  for (std::string scope; words >> scope;) scopes.push_back(scope);
  source.scopes(scopes);

  oauth2cc::HttplibTransportSettings transport;
  transport.tls.ca_file = env("OAUTH2CC_CA_FILE", false);

  // One authenticator per backend, for the life of the process.
  using Auth = oauth2cc::Authenticator<oauth2cc::ClientCredentials>;
  TraceExporter exporter(oauth2cc::AnyAuthenticator::make<Auth>(std::move(source), oauth2cc::RefreshAhead{},
                                                                oauth2cc::HttplibTransport(transport)),
                         env("OAUTH2CC_TRACES_URL", true), transport.tls.ca_file);
  return exporter.export_traces(otlp_example_batch("httplib_exporter")) ? 0 : 1;
}

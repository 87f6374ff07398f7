// An OTLP/HTTP trace exporter on libcurl that authenticates with oauth2cc:
// oauth2cc::adapters::perform() puts a current "Authorization: Bearer …" on
// every POST (oauth2cc::adapters::CurlHeaders owns the header list) and, when
// the backend answers 401, reports it (the rejected token is dropped) and
// retries once with a new one.
// (oauth2cc fetches the tokens with its HttplibTransport; a transport on
// libcurl would be a type modelling oauth2cc::HttpTransport.)
//
// Settings come from the environment, as a collector's do:
//   OAUTH2CC_TOKEN_URL, OAUTH2CC_CLIENT_ID, OAUTH2CC_CLIENT_SECRET,
//   OAUTH2CC_TRACES_URL (e.g. http://mlflow:5000/v1/traces)     (required)
//   OAUTH2CC_SCOPES (space-separated), OAUTH2CC_CA_FILE           (optional)
// The tests run it against `oauth2cc-demo --serve-only`, whose receiver
// revokes the first token it sees (tools/demo/check_exporter_example.sh).

#include <curl/curl.h>

#include <oauth2cc/adapters/curl_easy.hpp>
#include <oauth2cc/oauth2cc.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "otlp_example_batch.hpp"

namespace {

std::string env(const char* name, bool required) {
  const char* value = std::getenv(name);
  if (value == nullptr && required) {
    std::cerr << "curl_exporter: set " << name << '\n';
    std::exit(2);
  }
  return value != nullptr ? value : "";
}

using CurlHandle = std::unique_ptr<CURL, decltype(&curl_easy_cleanup)>;

std::size_t discard_body(char*, std::size_t size, std::size_t count, void*) { return size * count; }

class TraceExporter {
 public:
  TraceExporter(oauth2cc::AnyAuthenticator auth, std::string traces_url, std::string ca_file)
      : auth_(std::move(auth)), url_(std::move(traces_url)), ca_file_(std::move(ca_file)) {
    if (!curl_) throw std::runtime_error("curl_easy_init failed");
  }

  // True when the backend accepted the batch. The handle is reused, so the
  // connection to the backend is too.
  bool export_traces(const std::string& otlp_json) {
    CURL* curl = curl_.get();
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, otlp_json.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(otlp_json.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &discard_body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10'000L);
    if (!ca_file_.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file_.c_str());

    const auto outcome = oauth2cc::adapters::perform(auth_, headers_, [&](int attempt) {
      if (attempt == 2) std::cout << "POST " << url_ << " -> HTTP 401; the token was dropped, retrying once\n";
    });
    if (!outcome) {
      std::cerr << "no token: " << outcome.error().message() << ": " << outcome.message() << '\n';
      return false;
    }
    if (outcome->result != CURLE_OK) {
      std::cerr << "POST " << url_ << " failed: " << curl_easy_strerror(outcome->result) << '\n';
      return false;
    }
    std::cout << "POST " << url_ << " -> HTTP " << outcome->status << '\n';
    return outcome->status >= 200 && outcome->status < 300;
  }

 private:
  oauth2cc::AnyAuthenticator auth_;
  std::string url_;
  std::string ca_file_;
  CurlHandle curl_{curl_easy_init(), &curl_easy_cleanup};
  // After the handle, so it is destroyed first and unsets CURLOPT_HTTPHEADER.
  oauth2cc::adapters::CurlHeaders headers_{curl_.get(), {"Content-Type: application/json"}};
};

}  // namespace

int main() {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) return 1;
  int status = 1;
  {
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
    status = exporter.export_traces(otlp_example_batch("curl_exporter")) ? 0 : 1;
  }  // every curl handle is gone before the global cleanup
  curl_global_cleanup();
  return status;
}

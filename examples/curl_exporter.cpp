// An OTLP/HTTP trace exporter on libcurl that authenticates with oauth2cc:
// a current "Authorization: Bearer …" on every POST and, when the backend
// answers 401, invalidate(the rejected token) and one retry with a new one.
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
using CurlHeaders = std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)>;

// Appends a header line; false (the list unchanged) when curl is out of memory.
bool append(CurlHeaders& headers, const std::string& line) {
  curl_slist* longer = curl_slist_append(headers.get(), line.c_str());
  if (longer == nullptr) return false;
  (void)headers.release();  // `longer` starts with the same nodes
  headers.reset(longer);
  return true;
}

std::size_t discard_body(char*, std::size_t size, std::size_t count, void*) { return size * count; }

class TraceExporter {
 public:
  TraceExporter(oauth2cc::AnyAuthenticator auth, std::string traces_url, std::string ca_file)
      : auth_(std::move(auth)), url_(std::move(traces_url)), ca_file_(std::move(ca_file)) {
    if (!curl_) throw std::runtime_error("curl_easy_init failed");
  }

  // True when the backend accepted the batch.
  bool export_traces(const std::string& otlp_json) {
    std::string token;
    long status = post(otlp_json, token);
    if (status == 401) {
      // The backend refused the token (expired early, revoked, rotated key):
      // drop it, unless another thread already did, and retry once.
      std::cout << "POST " << url_ << " -> HTTP 401; invalidating the token and retrying once\n";
      auth_.invalidate(token);
      status = post(otlp_json, token);
    }
    std::cout << "POST " << url_ << " -> " << (status == 0 ? "not sent" : "HTTP " + std::to_string(status)) << '\n';
    return status >= 200 && status < 300;
  }

 private:
  // One attempt: the HTTP status, or 0 when nothing was sent. `token` gets the
  // token that was sent, for invalidate(). The handle is reused, so the
  // connection to the backend is too.
  long post(const std::string& body, std::string& token) {
    const oauth2cc::Result<std::string_view> header = auth_.try_header();
    if (!header) {
      std::cerr << "no token: " << header.error().message() << ": " << header.message() << '\n';
      return 0;
    }
    token = std::string(header->substr(header->find(' ') + 1));

    // curl keeps a pointer to the list, not a copy: it must live until
    // curl_easy_perform returns, and the handle must stop pointing at it
    // before it is freed at the end of this call.
    CurlHeaders headers(nullptr, &curl_slist_free_all);
    if (!append(headers, "Content-Type: application/json") || !append(headers, "Authorization: " + std::string(*header))) {
      std::cerr << "out of memory building the request headers\n";
      return 0;
    }
    CURL* curl = curl_.get();
    curl_easy_setopt(curl, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &discard_body);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 10'000L);
    if (!ca_file_.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file_.c_str());

    const CURLcode result = curl_easy_perform(curl);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
    if (result != CURLE_OK) {
      std::cerr << "POST " << url_ << " failed: " << curl_easy_strerror(result) << '\n';
      return 0;
    }
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    return status;
  }

  oauth2cc::AnyAuthenticator auth_;
  std::string url_;
  std::string ca_file_;
  CurlHandle curl_{curl_easy_init(), &curl_easy_cleanup};
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

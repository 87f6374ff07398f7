// opentelemetry-cpp's OTLP/HTTP trace exporter with a current oauth2cc token
// on every request. Needs opentelemetry-cpp 1.28 or newer, whose
// OtlpHttpExporterFactory::Create(options, http_client) takes a user-supplied
// ext::http::client::HttpClient: this one wraps the stock curl client and
//  - sets Authorization from oauth2cc just before each request is sent, and
//  - reports the response to oauth2cc, so a 401 drops the rejected token
//    (once, however many exports were rejected with it) and the next export
//    carries a new one. The rejected batch itself is not sent again here:
//    opentelemetry-cpp's retry policy does not retry a 401.
// Static headers (OtlpHttpExporterOptions::http_headers) are copied once and
// never refreshed, so they stop working when the first token expires.
//
// Built only when find_package(opentelemetry-cpp) finds 1.28 or newer
// (examples/CMakeLists.txt). Debian does not package opentelemetry-cpp, so
// oauth2cc's own builds have NOT compiled this file; it was written against
// opentelemetry-cpp v1.28.0's headers.
//
// Settings come from the environment, as in the other exporter examples:
//   OAUTH2CC_TOKEN_URL, OAUTH2CC_CLIENT_ID, OAUTH2CC_CLIENT_SECRET,
//   OAUTH2CC_TRACES_URL (e.g. http://collector:4318/v1/traces)   (required)

#include <opentelemetry/exporters/otlp/otlp_http_exporter_factory.h>
#include <opentelemetry/exporters/otlp/otlp_http_exporter_options.h>
#include <opentelemetry/ext/http/client/curl/http_client_factory_curl.h>
#include <opentelemetry/ext/http/client/http_client.h>
#include <opentelemetry/sdk/trace/simple_processor_factory.h>
#include <opentelemetry/sdk/trace/tracer_provider.h>
#include <opentelemetry/sdk/trace/tracer_provider_factory.h>

#include <oauth2cc/oauth2cc.hpp>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace {

namespace http_client = opentelemetry::ext::http::client;
namespace nostd = opentelemetry::nostd;

std::string env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) {
    std::cerr << "otel_cpp_http_client: set " << name << '\n';
    std::exit(2);
  }
  return value;
}

// Hands the response on, after telling oauth2cc what the backend said about
// the token the request carried.
class ReportingHandler final : public http_client::EventHandler {
 public:
  ReportingHandler(std::shared_ptr<http_client::EventHandler> inner, oauth2cc::AnyAuthenticator auth, std::string sent)
      : inner_(std::move(inner)), auth_(std::move(auth)), sent_(std::move(sent)) {}

  void OnResponse(http_client::Response& response) noexcept override {
    if (!sent_.empty()) {
      std::string_view challenge;
      response.ForEachHeader("WWW-Authenticate", [&](nostd::string_view, nostd::string_view value) {
        challenge = std::string_view(value.data(), value.size());
        return false;  // the first one is enough
      });
      (void)auth_.report_response(sent_, response.GetStatusCode(), challenge);
    }
    if (inner_) inner_->OnResponse(response);
  }

  void OnEvent(http_client::SessionState state, nostd::string_view reason) noexcept override {
    if (inner_) inner_->OnEvent(state, reason);
  }

 private:
  std::shared_ptr<http_client::EventHandler> inner_;
  oauth2cc::AnyAuthenticator auth_;
  std::string sent_;
};

// One request of the exporter: the inner session's, with Authorization set
// at the last moment, so a batch that waited in a queue gets a fresh token.
class AuthenticatedSession final : public http_client::Session {
 public:
  AuthenticatedSession(std::shared_ptr<http_client::Session> inner, oauth2cc::AnyAuthenticator auth)
      : inner_(std::move(inner)), auth_(std::move(auth)) {}

  std::shared_ptr<http_client::Request> CreateRequest() noexcept override {
    request_ = inner_->CreateRequest();
    return request_;
  }

  void SendRequest(std::shared_ptr<http_client::EventHandler> handler) noexcept override {
    std::string sent;
    try {
      const oauth2cc::Result<std::string_view> header = auth_.try_header();
      if (header && request_) {
        sent.assign(*header);
        request_->ReplaceHeader("Authorization", sent);
      } else if (!header) {
        // Sent without a token: the backend's 401 fails the export, this says why.
        std::cerr << "oauth2cc: no token: " << header.message() << '\n';
      }
      handler = std::make_shared<ReportingHandler>(std::move(handler), auth_, std::move(sent));
    } catch (...) {  // out of memory: send as the exporter built it
    }
    inner_->SendRequest(std::move(handler));
  }

  bool IsSessionActive() noexcept override { return inner_->IsSessionActive(); }
  bool CancelSession() noexcept override { return inner_->CancelSession(); }
  bool FinishSession() noexcept override { return inner_->FinishSession(); }

 private:
  std::shared_ptr<http_client::Session> inner_;
  std::shared_ptr<http_client::Request> request_;
  oauth2cc::AnyAuthenticator auth_;
};

// The HttpClient handed to the exporter: the stock one, with oauth2cc on top.
class AuthenticatingHttpClient final : public http_client::HttpClient {
 public:
  AuthenticatingHttpClient(std::shared_ptr<http_client::HttpClient> inner, oauth2cc::AnyAuthenticator auth)
      : inner_(std::move(inner)), auth_(std::move(auth)) {}

  std::shared_ptr<http_client::Session> CreateSession(nostd::string_view url) noexcept override {
    std::shared_ptr<http_client::Session> session = inner_->CreateSession(url);
    if (!session) return session;
    try {
      return std::make_shared<AuthenticatedSession>(std::move(session), auth_);
    } catch (...) {
      return nullptr;
    }
  }
  bool CancelAllSessions() noexcept override { return inner_->CancelAllSessions(); }
  bool FinishAllSessions() noexcept override { return inner_->FinishAllSessions(); }
  void SetMaxSessionsPerConnection(std::size_t max_requests) noexcept override {
    inner_->SetMaxSessionsPerConnection(max_requests);
  }

 private:
  std::shared_ptr<http_client::HttpClient> inner_;
  oauth2cc::AnyAuthenticator auth_;
};

}  // namespace

int main() {
  using Auth = oauth2cc::Authenticator<oauth2cc::ClientCredentials>;
  auto auth = oauth2cc::AnyAuthenticator::make<Auth>(
      oauth2cc::ClientCredentials(env("OAUTH2CC_TOKEN_URL"), env("OAUTH2CC_CLIENT_ID"), env("OAUTH2CC_CLIENT_SECRET")));
  auth.start_background_refresh();  // exports never wait for a refresh

  opentelemetry::exporter::otlp::OtlpHttpExporterOptions options;
  options.url = env("OAUTH2CC_TRACES_URL");
  auto client = std::make_shared<AuthenticatingHttpClient>(http_client::curl::HttpCurlClientFactory().Create(), auth);
  auto exporter = opentelemetry::exporter::otlp::OtlpHttpExporterFactory::Create(options, client);

  auto provider = opentelemetry::sdk::trace::TracerProviderFactory::Create(
      opentelemetry::sdk::trace::SimpleSpanProcessorFactory::Create(std::move(exporter)));
  auto tracer = provider->GetTracer("oauth2cc-example");
  tracer->StartSpan("exported with an oauth2cc token")->End();
  return provider->ForceFlush() ? 0 : 1;
}

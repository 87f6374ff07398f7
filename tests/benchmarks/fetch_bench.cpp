// A token fetch through the whole stack (ClientCredentials + HttplibTransport)
// against a raw cpp-httplib POST of the same form, both over one kept-alive
// connection to a server on 127.0.0.1 in this process.
#include <benchmark/benchmark.h>

#include <httplib.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/no_cache.hpp>
#include <oauth2cc/source/client_credentials.hpp>
#include <oauth2cc/transport/httplib.hpp>

#include <memory>
#include <string>
#include <thread>

#include "bench_support.hpp"

namespace {

class LoopbackIdp {
 public:
  LoopbackIdp() {
    server_.Post("/token", [this](const httplib::Request&, httplib::Response& res) {
      res.set_content(body_, "application/json");
    });
    server_.set_keep_alive_max_count(1'000'000'000);
    server_.set_tcp_nodelay(true);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });  // bound and listening: connects queue
  }
  LoopbackIdp(const LoopbackIdp&) = delete;
  LoopbackIdp& operator=(const LoopbackIdp&) = delete;
  ~LoopbackIdp() {
    server_.stop();
    thread_.join();
  }

  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/token"; }

 private:
  std::string body_ = oauth2cc_bench::token_response(oauth2cc_bench::jwt_sized_token(), 300);
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
};

LoopbackIdp& idp() {
  static LoopbackIdp server;
  return server;
}

// What ClientCredentials sends for these credentials (client_secret_basic).
const char* const form_body = "grant_type=client_credentials&scope=telemetry.write";
const char* const basic_authorization = "Basic b3RlbC1leHBvcnRlcjpiZW5jaG1hcmstc2VjcmV0";  // otel-exporter:benchmark-secret

void raw_httplib_post(benchmark::State& state) {
  httplib::Client client("127.0.0.1", idp().port());
  client.set_keep_alive(true);
  client.set_tcp_nodelay(true);
  const httplib::Headers headers{{"Authorization", basic_authorization}, {"Accept", "application/json"}};
  for (auto _ : state) {
    const httplib::Result result = client.Post("/token", headers, form_body, "application/x-www-form-urlencoded");
    if (!result || result->status != 200) state.SkipWithError("the loopback IdP did not answer 200");
    benchmark::DoNotOptimize(result->body.data());
  }
}
BENCHMARK(raw_httplib_post)->Unit(benchmark::kMicrosecond);

// The transport alone, with the request ClientCredentials builds: splits the
// fetch's cost between sending and the rest (form, parsing, installing).
void httplib_transport_post(benchmark::State& state) {
  oauth2cc::HttplibTransport transport;
  const oauth2cc::HttpRequest request = oauth2cc_bench::credentials(idp().url()).request();
  for (auto _ : state) {
    const oauth2cc::Result<oauth2cc::HttpResponse> response = transport.post_form(request);
    if (!response || response->status != 200) state.SkipWithError("the loopback IdP did not answer 200");
    benchmark::DoNotOptimize(response->body.data());
  }
}
BENCHMARK(httplib_transport_post)->Unit(benchmark::kMicrosecond);

void authenticator_fetch(benchmark::State& state) {
  // NoCache: every header() is a fetch, parsed and installed.
  oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::NoCache> auth(oauth2cc_bench::credentials(idp().url()));
  for (auto _ : state) {
    const oauth2cc::Result<std::string_view> header = auth.try_header();
    if (!header) state.SkipWithError("the fetch failed");
    benchmark::DoNotOptimize(header->data());
  }
  state.counters["fetches"] = static_cast<double>(auth.stats().fetches);
}
BENCHMARK(authenticator_fetch)->Unit(benchmark::kMicrosecond);

// The default stack's footprint: ClientCredentials, RefreshAhead, HttplibTransport.
void authenticator_size(benchmark::State& state) {
  using DefaultAuthenticator = oauth2cc::Authenticator<oauth2cc::ClientCredentials>;
  for (auto _ : state) benchmark::DoNotOptimize(sizeof(DefaultAuthenticator));
  state.counters["bytes"] = static_cast<double>(sizeof(oauth2cc::Authenticator<oauth2cc::ClientCredentials>));
}
BENCHMARK(authenticator_size)->Iterations(1);

}  // namespace

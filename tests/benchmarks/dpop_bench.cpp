// The price of DPoP: each resource request signs a fresh proof. Measured per
// algorithm for the whole per-request call (cached token, ath, proof) and for
// the signature alone; header_cached in header_bench.cpp is the bearer path,
// which DPoP leaves untouched.
#include <benchmark/benchmark.h>

#include <oauth2cc/authenticator.hpp>
#include <oauth2cc/cache/refresh_ahead.hpp>
#include <oauth2cc/transport/dpop.hpp>
#include <oauth2cc/jwt/dpop_key.hpp>
#include <oauth2cc/source/client_credentials.hpp>

#include <memory>
#include <string>

#include "bench_support.hpp"

namespace {

using oauth2cc::JwsAlgorithm;

// Answers every token request with a DPoP-bound token of realistic size.
struct DpopTokenTransport {
  std::string body = R"({"access_token":")" + oauth2cc_bench::jwt_sized_token() +
                     R"(","token_type":"DPoP","expires_in":300})";
  oauth2cc::Result<oauth2cc::HttpResponse> post_form(const oauth2cc::HttpRequest&) const {
    return oauth2cc::HttpResponse{200, {{"Content-Type", "application/json"}}, body};
  }
};

using DpopAuth =
    oauth2cc::Authenticator<oauth2cc::ClientCredentials, oauth2cc::RefreshAhead, oauth2cc::DpopTransport<DpopTokenTransport>>;

constexpr const char* resource_url = "https://collector.example:4318/v1/metrics";

void dpop_headers(benchmark::State& state) {
  const auto algorithm = static_cast<JwsAlgorithm>(state.range(0));
  auto dpop = std::make_shared<oauth2cc::Dpop>(oauth2cc::DpopKey::generate(algorithm));
  DpopAuth auth(oauth2cc_bench::credentials("https://idp.example/token"), oauth2cc::RefreshAhead{},
                oauth2cc::DpopTransport<DpopTokenTransport>(dpop));
  oauth2cc::DpopAuthenticator<DpopAuth> resource(auth, dpop);
  (void)resource.headers("POST", resource_url);  // the fetch
  for (auto _ : state) {
    oauth2cc::DpopHeaders headers = resource.headers("POST", resource_url);
    benchmark::DoNotOptimize(headers.dpop.data());
  }
  state.SetLabel(std::string(oauth2cc::to_string(algorithm)));
  state.counters["fetches"] = static_cast<double>(auth.stats().fetches);
}

void dpop_proof_only(benchmark::State& state) {
  const auto algorithm = static_cast<JwsAlgorithm>(state.range(0));
  const oauth2cc::DpopKey key = oauth2cc::DpopKey::generate(algorithm);
  const auto now = std::chrono::system_clock::now();
  for (auto _ : state) {
    auto proof = key.proof({"POST", resource_url, now, {}, {}});
    benchmark::DoNotOptimize(proof->data());
  }
  state.SetLabel(std::string(oauth2cc::to_string(algorithm)));
}

void algorithms(benchmark::internal::Benchmark* bench) {
  for (const JwsAlgorithm algorithm : {JwsAlgorithm::es256, JwsAlgorithm::eddsa, JwsAlgorithm::rs256,
                                       JwsAlgorithm::ps256}) {
    bench->Arg(static_cast<int>(algorithm));
  }
}

}  // namespace

BENCHMARK(dpop_headers)->Apply(algorithms);
BENCHMARK(dpop_proof_only)->Apply(algorithms);
